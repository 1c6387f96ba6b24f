from __future__ import annotations

from typing import Any

import pytest

from giapranh.accounts.choices import Role
from giapranh.accounts.models import User
from giapranh.core.services import record_create
from giapranh.exchange.records import NOTICES, REQUESTS
from giapranh.incidents.models import Incident
from tests.conftest import World
from tests.factories import UserFactory
from tests.incidents.factories import make_incident

pytestmark = pytest.mark.usefixtures("reference_data")


@pytest.fixture
def chief_b(world: World) -> User:
    return UserFactory(username="chief_b", agency=world.police_b, role=Role.COMMUNE_CHIEF)


@pytest.fixture
def incident_a(reference_data: None, officer_a: User) -> Incident:
    return make_incident(actor=officer_a, summary="Mất trộm xe máy Honda Wave")


def send_notice(*, actor: Any, **data: Any) -> Any:
    values = {"subject": "Mất trộm xe máy", "urgency": "flash", "handling_code": "H2", **data}
    return record_create(record_type=NOTICES, actor=actor, data=values)


def send_request(*, actor: Any, **data: Any) -> Any:
    values = {"subject": "Đề nghị xác minh nơi cư trú", "request_type": "identity", "urgency": "urgent", **data}
    return record_create(record_type=REQUESTS, actor=actor, data=values)
