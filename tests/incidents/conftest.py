from __future__ import annotations

import datetime as dt

import pytest

from giapranh.incidents.choices import InvolvementRole
from giapranh.incidents.models import Incident, TrafficAccident
from giapranh.incidents.services import involvement_add
from giapranh.people.models import Person
from giapranh.territory.choices import Edition, UnitLevel, UnitType
from giapranh.territory.models import AdminUnit, UnitSuccession
from tests.conftest import World
from tests.factories import AdminUnitFactory
from tests.incidents.factories import make_accident, make_incident, make_person


@pytest.fixture
def person_an(world: World) -> Person:
    return make_person(agency=world.police_a, full_name="Nguyễn Văn An", birth_year=1990)


@pytest.fixture
def incident_a(officer_a, person_an: Person) -> Incident:
    """An unshared theft in commune A with one suspect."""
    incident = make_incident(actor=officer_a)
    involvement_add(incident=incident, actor=officer_a, person=person_an, role=InvolvementRole.SUSPECT)
    return incident


@pytest.fixture
def accident_a(officer_a) -> TrafficAccident:
    return make_accident(actor=officer_a)


@pytest.fixture
def successor_a(world: World) -> AdminUnit:
    """Commune A as listed after the reform of 1 July 2025 (no district any more)."""
    province = AdminUnitFactory(
        edition=Edition.REFORM_2025, level=UnitLevel.PROVINCE, unit_type=UnitType.PROVINCE,
        name="Tỉnh Phú Thọ", short_name="Phú Thọ", code="25", valid_from=dt.date(2025, 7, 1), valid_to=None,
    )
    unit = AdminUnitFactory(
        edition=Edition.REFORM_2025, name="Xã Quang Yên", short_name="Quang Yên", code="08776",
        parent=province, valid_from=dt.date(2025, 7, 1), valid_to=None,
    )
    UnitSuccession.objects.create(predecessor=world.commune_a, successor=unit)
    return unit
