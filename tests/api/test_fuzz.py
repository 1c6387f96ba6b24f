"""Property-based fuzzing of the whole OpenAPI document: no input makes the API answer 5xx.

Schemathesis generates requests from the schema (valid and invalid) for every
operation, as an officer, a chief and a superior. `make test` runs a few cases
per operation; `make fuzz` (FUZZ_EXAMPLES=25) runs over a thousand per role.
Every 4xx that is a validation error names its field.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from giapranh.accounts.choices import Role
from giapranh.accounts.services import api_token_create
from giapranh.api import api
from tests.factories import UserFactory

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "3"))
schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = get_wsgi_application()

ROLES = {"officer": Role.COMMUNE_OFFICER, "chief": Role.COMMUNE_CHIEF, "superior": Role.SUPERIOR}
# The short run in `make test` fuzzes as an officer; `make fuzz` as all three roles.
FUZZ_ROLES = os.environ.get("FUZZ_ROLES", "officer").split(",")


# With FUZZ_LOG set, one line per generated request (role, method, path, status): the long run's figures.
FUZZ_LOG = os.environ.get("FUZZ_LOG", "")


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Any:
    """The WSGI handler closes "old" connections around each request, as Django's test client does not:
    on PostgreSQL that would close the test's transaction under it. Do what the test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(params=[role for role in ROLES if role in FUZZ_ROLES])
def token(request: Any, world: Any) -> tuple[str, str]:
    agency = world.district_police_1 if request.param == "superior" else world.police_a
    user = UserFactory(username=f"fuzz_{request.param}", agency=agency, role=ROLES[request.param])
    return request.param, api_token_create(user=user)


@pytest.mark.django_db(transaction=False)
@pytest.mark.usefixtures("reference_data")
@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_input_answers_5xx(case: Any, token: tuple[str, str]) -> None:
    role, raw = token
    response = case.call(headers={"Authorization": f"Bearer {raw}"})
    if FUZZ_LOG:
        with open(FUZZ_LOG, "a") as log:
            log.write(f"{role}\t{case.method}\t{case.path}\t{response.status_code}\n")
    assert response.status_code < 500, (case.method, case.path, response.status_code, response.text[:500])
    if response.status_code == 422:
        body = response.json()
        if "errors" in body:  # a spreadsheet import: every problem by row and column
            assert all("row" in item and "column" in item for item in body["errors"]), body
        else:
            assert all(item.get("loc") for item in body["detail"]), body
