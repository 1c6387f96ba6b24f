"""One conformance suite for every record type the kit knows, pages and API alike.

Parametrised over `record_types()`: a type is covered the moment it is declared
(and fails here until it has a sample below). Personas (tests/conftest.py): the
owner commune's officer and chief, the district superior, the partner commune
across the provincial line, an outsider commune, the steering viewer, the
administrator.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from giapranh.accounts.services import api_token_create
from giapranh.core.kit import RecordType, record_types
from giapranh.core.models import AccessLogEntry
from giapranh.core.services import record_create
from tests.incidents.factories import at, category
from tests.people.factories import PersonFactory, SupervisionBasisFactory

pytestmark = pytest.mark.usefixtures("reference_data")


def _person(world: Any, **fields: Any) -> Any:
    return PersonFactory(owner_agency=world.police_a, **fields)


# label → (service data for a valid record, a field name and a bad value the API must refuse naming that field)
Sample = Callable[[Any], dict[str, Any]]
SAMPLES: dict[str, tuple[Sample, str, Any]] = {
    # the test-only type made entirely by the kit (generic selectors, forms and templates)
    "testapp.memo": (lambda w: {"title": "Ghi nhớ giao ban", "happened_on": dt.date(2024, 2, 1)}, "title", "   "),
    "incidents.incident": (
        lambda w: {"occurred_at": at(2024, 3, 1), "reported_at": at(2024, 3, 1, 9), "category": category("ttxh-trom-cap-tai-san"), "summary": "Mất trộm xe máy"},
        "reported_at", "không phải ngày",
    ),
    "incidents.trafficaccident": (
        lambda w: {"occurred_at": at(2024, 3, 2), "place": "ĐT307 km 12", "deaths": 0, "injuries": 1},
        "deaths", -1,
    ),
    "people.supervision": (
        lambda w: {"person": _person(w), "basis": SupervisionBasisFactory(), "starts_on": dt.date(2024, 1, 5)},
        "starts_on", "31/02/2024",
    ),
    "people.measure": (
        lambda w: {"person": _person(w), "kind": "community_education", "decision_number": "12/QĐ-UBND", "decision_date": dt.date(2024, 2, 1), "starts_on": dt.date(2024, 2, 2)},
        "decision_number", "",
    ),
    "people.foreignvisit": (
        lambda w: {"visitor": _person(w, nationality="CN", passport_number="E12345678"), "purpose": "family_visit", "host_household": "Nguyễn Văn A, thôn Đồng", "arrival_on": dt.date(2024, 4, 1)},
        "arrival_on", "1/1/0001",
    ),
    # a notice and a request to no one: only the sender agency and those above it see them (the
    # partner sees a message only as its recipient, never through "sharing": tests/exchange)
    "exchange.notice": (lambda w: {"subject": "Trao đổi tình hình tháng 3", "urgency": "urgent", "handling_code": "H1"}, "urgency", "soon"),
    "exchange.coordinationrequest": (
        # to the district police above the sender, which sees the sender's records anyway
        lambda w: {"to_agency": w.district_police_1, "subject": "Đề nghị xác minh", "request_type": "identity"},
        "request_type", "anything",
    ),
    "people.illegalexit": (
        lambda w: {"person": _person(w, gender="female"), "left_on": dt.date(2024, 5, 1)},
        "left_on", None,
    ),
}

TYPES = record_types()


def _api(user: Any) -> tuple[Client, dict[str, str]]:
    return Client(), {"Authorization": f"Bearer {api_token_create(user=user)}"}


def _send(user: Any, method: str, path: str, body: Any = None) -> Any:
    client, headers = _api(user)
    if method == "get":
        return client.get(f"/api/v1/{path}", headers=headers)
    return getattr(client, method)(f"/api/v1/{path}", json.dumps(body) if body is not None else "", content_type="application/json", headers=headers)


@pytest.fixture(params=TYPES, ids=[t.label for t in TYPES])
def record_type(request: Any) -> RecordType:
    assert request.param.label in SAMPLES, f"declare a conformance sample for {request.param.label}"
    return request.param


@pytest.fixture
def record(record_type: RecordType, world: Any, officer_a: Any) -> Any:
    make, _field, _bad = SAMPLES[record_type.label]
    return record_create(record_type=record_type, actor=officer_a, data=make(world))


def _page(user: Any, record_type: RecordType, verb: str, record: Any, method: str = "get", data: Any = None) -> int:
    client = Client()
    client.force_login(user)
    url = reverse(record_type.url(verb), kwargs={"public_id": record.public_id})
    return (client.post(url, data or {}) if method == "post" else client.get(url)).status_code


def test_the_owner_sees_edits_and_the_superior_reads(record_type, record, officer_a, chief_a, superior_1) -> None:
    for user in (officer_a, chief_a, superior_1):
        assert _page(user, record_type, "detail", record) == 200
        assert _send(user, "get", f"{record_type.api_path}/{record.public_id}").status_code == 200
    for user in (officer_a, chief_a):
        assert _page(user, record_type, "edit", record) == 200
        assert _page(user, record_type, "delete", record) == 200
    # the superior reads but does not change
    assert _page(superior_1, record_type, "edit", record) == 404
    assert _send(superior_1, "patch", f"{record_type.api_path}/{record.public_id}", {}).status_code == 403


def test_the_invisible_answer_404_everywhere(record_type, record, officer_b, outsider, steering, administrator) -> None:
    for user in (officer_b, outsider, steering, administrator):
        for verb in ("detail", "edit", "delete"):
            assert _page(user, record_type, verb, record) == 404, (user.username, verb)
        assert _page(user, record_type, "delete", record, method="post") == 404
        assert _send(user, "get", f"{record_type.api_path}/{record.public_id}").status_code == 404
        assert _send(user, "patch", f"{record_type.api_path}/{record.public_id}", {}).status_code == 404
        assert _send(user, "delete", f"{record_type.api_path}/{record.public_id}").status_code == 404
        if record_type.policy.shareable:
            assert _page(user, record_type, "share", record, method="post", data={"shared": "1"}) == 404
    # and the lists do not name it
    for user in (officer_b, outsider):
        listed = _send(user, "get", record_type.api_path).json()
        assert str(record.public_id) not in json.dumps(listed)


def test_only_the_owner_chief_shares_and_the_partner_then_reads_but_cannot_change(record_type, record, officer_a, chief_a, officer_b, outsider) -> None:
    if not record_type.policy.shareable:
        pytest.skip("not a shareable type")
    # the officer may not share
    assert _page(officer_a, record_type, "share", record, method="post", data={"shared": "1"}) == 404
    assert _send(officer_a, "post", f"{record_type.api_path}/{record.public_id}/share", {"shared": True}).status_code == 403
    # the chief shares
    assert _send(chief_a, "post", f"{record_type.api_path}/{record.public_id}/share", {"shared": True}).json() == {"shared_with_cluster": True}
    # the partner across the line reads, in the list and the detail
    assert _page(officer_b, record_type, "detail", record) == 200
    assert str(record.public_id) in json.dumps(_send(officer_b, "get", record_type.api_path).json())
    # but cannot change, delete or share it
    assert _page(officer_b, record_type, "edit", record) == 404
    assert _send(officer_b, "patch", f"{record_type.api_path}/{record.public_id}", {}).status_code == 403
    assert _send(officer_b, "delete", f"{record_type.api_path}/{record.public_id}").status_code == 403
    assert _send(officer_b, "post", f"{record_type.api_path}/{record.public_id}/share", {"shared": False}).status_code == 403
    # the outsider still sees nothing
    assert _page(outsider, record_type, "detail", record) == 404


def test_bad_input_names_the_field_and_writes_nothing(record_type, record, officer_a) -> None:
    _make, field, bad = SAMPLES[record_type.label]
    before = record_type.model.history.count()
    response = _send(officer_a, "patch", f"{record_type.api_path}/{record.public_id}", {field: bad})
    assert response.status_code == 422, response.content
    assert field in json.dumps(response.json()["detail"])
    assert record_type.model.history.count() == before


def test_every_change_writes_a_history_row_and_every_read_one_log_row(record_type, record, officer_a) -> None:
    history = record.history.count()
    response = _send(officer_a, "patch", f"{record_type.api_path}/{record.public_id}", {})
    assert response.status_code == 200
    assert record.history.count() == history + 1
    reads = AccessLogEntry.objects.filter(action="view", target_ref=str(record.public_id)).count()
    _send(officer_a, "get", f"{record_type.api_path}/{record.public_id}")
    client = Client()
    client.force_login(officer_a)
    client.get(reverse(record_type.url("detail"), kwargs={"public_id": record.public_id}))
    expected = 2 if record_type.personal_data else 0
    assert AccessLogEntry.objects.filter(action="view", target_ref=str(record.public_id)).count() == reads + expected


def test_the_list_page_shows_the_record_to_those_who_see_it_only(record_type, record, officer_a, superior_1, officer_b, outsider) -> None:
    client = Client()
    for user, listed in ((officer_a, True), (superior_1, True), (officer_b, False), (outsider, False)):
        client.force_login(user)
        response = client.get(reverse(record_type.url("list")))
        assert response.status_code == 200
        assert (str(record.public_id) in response.content.decode()) is listed, user.username


def test_a_form_post_with_bad_input_shows_the_error_and_writes_nothing(record_type, record, officer_a) -> None:
    # given the edit form posted with every field emptied
    client = Client()
    client.force_login(officer_a)
    before = record_type.model.history.count()
    response = client.post(reverse(record_type.url("edit"), kwargs={"public_id": record.public_id}), {})
    # then the page answers with errors named on their fields, and nothing changed
    assert response.status_code == 200
    assert response.context["form"].errors
    assert record_type.model.history.count() == before


def test_a_refused_read_of_a_record_that_exists_is_logged_as_an_attempt(record_type, record, outsider) -> None:
    # when the outsider asks for the record, over the page and the API
    _page(outsider, record_type, "detail", record)
    _send(outsider, "get", f"{record_type.api_path}/{record.public_id}")
    # then the answer was 404 and the attempt is in the access log (the record's public id, nothing else)
    rows = AccessLogEntry.objects.filter(action="refused", actor_username=outsider.username, target_ref=str(record.public_id))
    assert rows.count() == 2
    # a guessed id that names no record is not an attempt on anything
    _send(outsider, "get", f"{record_type.api_path}/00000000-0000-4000-8000-000000000000")
    assert AccessLogEntry.objects.filter(action="refused", target_ref="00000000-0000-4000-8000-000000000000").count() == 0
