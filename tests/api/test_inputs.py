"""Bad input answers 4xx naming the field, never 500, and nothing half-written stays (each case a probe's finding)."""

from __future__ import annotations

import json
import unicodedata
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from giapranh.accounts.services import api_token_create
from giapranh.core.kit import record_types
from giapranh.core.services import record_create
from giapranh.people.models import Person
from tests.core.test_conformance import SAMPLES

pytestmark = pytest.mark.usefixtures("reference_data")


def _call(user: Any, method: str, path: str, body: Any = None, content_type: str = "application/json") -> Any:
    headers = {"Authorization": f"Bearer {api_token_create(user=user)}"}
    client = Client()
    if method == "get":
        return client.get(f"/api/v1/{path}", headers=headers)
    data = json.dumps(body) if content_type == "application/json" else body
    return getattr(client, method)(f"/api/v1/{path}", data, content_type=content_type, headers=headers)


def _named(response: Any, field: str) -> bool:
    return field in json.dumps(response.json())


@pytest.mark.parametrize("record_type", record_types(), ids=lambda t: t.label)
def test_null_on_an_optional_text_field_empties_it(record_type, world, officer_a) -> None:
    # given a record of the type, written by whoever writes it (cluster records: the coordinator)
    if not record_type.policy.can_create(officer_a):
        from giapranh.accounts.choices import Role
        from tests.factories import UserFactory

        officer_a = UserFactory(username="coordinator", agency=world.police_a, role=Role.COORDINATOR)
    record = record_create(record_type=record_type, actor=officer_a, data=SAMPLES[record_type.label][0](world))
    optional_text = [
        name for name in record_type.fields
        if record_type.model_field(name).get_internal_type() in ("CharField", "TextField") and record_type.model_field(name).blank
    ]
    for name in optional_text:
        # when a client sends null for it
        response = _call(officer_a, "patch", f"{record_type.api_path}/{record.public_id}", {name: None})
        # then it is emptied, not a 500
        assert response.status_code == 200, (name, response.content)
        record.refresh_from_db()
        assert getattr(record, name) == ""


def test_a_required_field_sent_as_null_is_refused_by_name(world, officer_a) -> None:
    from giapranh.incidents.records import INCIDENTS

    record = record_create(record_type=INCIDENTS, actor=officer_a, data=SAMPLES[INCIDENTS.label][0](world))
    response = _call(officer_a, "patch", f"incidents/{record.public_id}", {"occurred_at": None})
    field = "occurred_at"
    assert response.status_code == 422
    assert _named(response, field)


def test_year_one_is_refused_not_overflowed(officer_a) -> None:
    body = {"occurred_at": "0001-01-01T00:00:00", "reported_at": "0001-01-01T00:00:00", "category": "ttxh-trom-cap-tai-san", "summary": "x"}
    response = _call(officer_a, "post", "incidents", body)
    assert response.status_code == 422
    assert _named(response, "occurred_at")
    accident = _call(officer_a, "post", "traffic-accidents", {"occurred_at": "0001-01-01T00:00:00", "place": "x"})
    assert accident.status_code == 422


@pytest.mark.parametrize("params", ["date_from=0001-01-01", "date_to=9999-12-31", "date_from=2024-05-01&date_to=2024-04-01"])
def test_list_filters_out_of_range_are_refused(officer_a, params) -> None:
    response = _call(officer_a, "get", f"incidents?{params}")
    assert response.status_code == 422
    assert _named(response, params.split("=")[0] if "&" not in params else "date_to")


def test_the_page_filter_refuses_year_one_with_a_message(client, officer_a) -> None:
    client.force_login(officer_a)
    response = client.post(reverse("incidents:incident_list"), {"date_from": "01/01/0001"})
    assert response.status_code == 200
    assert "1900" in response.content.decode()


def test_an_absurd_page_number_is_refused(officer_a) -> None:
    response = _call(officer_a, "get", "incidents?page=99999999999999999999")
    assert response.status_code == 422
    assert _named(response, "page")


def test_text_is_stored_in_one_form_without_invisible_characters(world, officer_a) -> None:
    # given a name typed in NFD (VNI-style) with a zero-width space and a bidi override
    typed = unicodedata.normalize("NFD", "Nguyễn\u200b Văn\u202e Đức")
    response = _call(officer_a, "post", "persons", {"full_name": typed, "id_number": "００１０８００１２３４５"})
    # then it is stored as one clean NFC string, and the full-width CCCD as ASCII digits
    assert response.status_code == 201, response.content
    person = Person.objects.get(public_id=response.json()["public_id"])
    assert person.full_name == "Nguyễn Văn Đức"
    assert unicodedata.is_normalized("NFC", person.full_name)
    assert person.id_number == "001080012345"


def test_control_characters_and_blank_text_are_refused_by_name(officer_a) -> None:
    response = _call(officer_a, "post", "persons", {"full_name": "Lò Văn\x00 Bính"})
    assert response.status_code == 422 and _named(response, "full_name")
    response = _call(officer_a, "post", "persons", {"full_name": "\u200b \u200b"})
    assert response.status_code == 422 and _named(response, "full_name")
    body = {"occurred_at": "2024-03-01T08:00:00", "reported_at": "2024-03-01T09:00:00", "category": "ttxh-trom-cap-tai-san", "summary": "\u200b"}
    response = _call(officer_a, "post", "incidents", body)
    assert response.status_code == 422 and _named(response, "summary")


def test_the_page_form_cleans_text_the_same_way(client, world, officer_a) -> None:
    client.force_login(officer_a)
    response = client.post(reverse("people:person_create"), {"full_name": "\x07Lò Văn Bính", "gender": "unknown", "nationality": "VN"})
    assert response.status_code == 200
    assert "full_name" in response.context["form"].errors
    assert not Person.objects.exists()


def test_a_body_that_is_not_sent_as_json_is_refused(officer_a) -> None:
    response = _call(officer_a, "post", "persons", "full_name=X", content_type="text/plain")
    assert response.status_code == 415


def test_a_thing_that_has_happened_cannot_be_dated_tomorrow(world, officer_a) -> None:
    import datetime as dt

    from django.utils import timezone

    from tests.people.factories import PersonFactory

    person = PersonFactory(owner_agency=world.police_a)
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    body = {"person": str(person.public_id), "kind": "community_education", "decision_number": "1/QĐ", "decision_date": tomorrow, "starts_on": tomorrow}
    response = _call(officer_a, "post", "measures", body)
    assert response.status_code == 422 and _named(response, "decision_date")
