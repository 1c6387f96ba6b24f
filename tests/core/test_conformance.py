"""One conformance suite for every record type the kit knows, pages and API alike.

Parametrised over `record_types()`: a type is covered the moment it is declared
(and fails here until it has a sample below). Personas (tests/conftest.py): the
owner commune's officer and chief, the district superior, the partner commune
across the provincial line, an outsider commune, the steering viewer, the
administrator. Who plays which part follows the type's policy (`Cast`): commune
records are written by A's officer; records the cluster reads by default
(`cluster_reads`) are read by B's officer without sharing; cluster records are
written by the coordinator (Tam Đa's police) and read by the whole cluster.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from giapranh.accounts.choices import Role
from giapranh.accounts.services import api_token_create
from giapranh.core.kit import RecordType, record_types
from giapranh.core.models import AccessLogEntry
from giapranh.core.policies import ClusterRecordPolicy
from giapranh.core.services import record_create
from tests.factories import UserFactory
from tests.incidents.factories import at, category
from tests.people.factories import PersonFactory, SupervisionBasisFactory

pytestmark = pytest.mark.usefixtures("reference_data")


def _person(world: Any, **fields: Any) -> Any:
    return PersonFactory(owner_agency=world.police_a, **fields)


def _team(world: Any) -> Any:
    from giapranh.community.models import MediationTeam

    return MediationTeam.objects.create(owner_agency=world.police_a, commune=world.commune_a, village="Thôn Đồng", name="Tổ hòa giải thôn Đồng", founded_on=dt.date(2019, 5, 1))


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
    "community.outreachactivity": (
        lambda w: {"kind": "public_session", "held_on": dt.date(2024, 3, 5), "village": "Thôn Đồng", "topic": "drugs", "quantity": 1, "audience": 80},
        "quantity", -1,
    ),
    "community.selfmanagementgroup": (
        lambda w: {"village": "Thôn Đồng", "name": "Tổ liên gia số 1", "leader": "Lê Văn Tâm", "households": 12, "founded_on": dt.date(2020, 1, 1)},
        "founded_on", "không phải ngày",
    ),
    "community.selfmanagementmodel": (
        lambda w: {"name": "Camera an ninh giáp ranh", "communes": [w.commune_a, w.commune_b], "founded_on": dt.date(2023, 1, 1)},
        "name", "   ",
    ),
    "community.mediationteam": (
        lambda w: {"village": "Thôn Đồng", "name": "Tổ hòa giải thôn Đồng", "members": 5, "founded_on": dt.date(2019, 5, 1)},
        "members", -3,
    ),
    "community.mediationcase": (
        lambda w: {"held_on": dt.date(2024, 4, 2), "team": _team(w), "subject": "Tranh chấp ranh giới đất", "parties": 2, "result": "reconciled"},
        "result", "maybe",
    ),
    "community.reputableperson": (
        lambda w: {"full_name": "Hoàng Văn Sinh", "village": "Thôn Đồng", "standing": "clan_head", "recognized_on": dt.date(2022, 1, 1)},
        "full_name", "",
    ),
    "community.officer": (
        lambda w: {"full_name": "Nguyễn Văn Bình", "rank": "Trung úy", "position": "Phó Trưởng Công an xã", "service_type": "regular", "serving_from": dt.date(2023, 3, 1)},
        "service_type", "contract",
    ),
    "community.meeting": (
        lambda w: {"kind": "preliminary_review", "held_on": dt.date(2024, 6, 28), "title": "Sơ kết 6 tháng", "attending_agencies": [w.police_a, w.police_b]},
        "held_on", None,
    ),
    "community.task": (
        lambda w: {"title": "Tuần tra chung tuyến giáp ranh", "responsible_agency": w.police_a, "due_on": dt.date(2024, 7, 31)},
        "responsible_agency", "KHONGCO",
    ),
    "community.emulationpact": (
        lambda w: {"title": "Giao ước thi đua 2024", "signed_on": dt.date(2024, 1, 15), "period_from": dt.date(2024, 1, 1), "signatories": [w.police_a, w.police_b]},
        "period_from", "31/02/2024",
    ),
    "community.commendation": (
        # the recipient is a link to a record the coordinator may see (a mediation team of the cluster)
        lambda w: {"awarded_on": dt.date(2024, 12, 20), "issuing_body": "UBND huyện Sông Lô", "form": "certificate_of_merit", "recipient_kind": "team", "recipient_team": _team(w), "reason": "Thành tích xuất sắc"},
        "recipient_team", "00000000-0000-0000-0000-000000000000",
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


@dataclass
class Cast:
    """Who writes the sample record, who may change it, who only reads it, who must not know it exists."""

    author: Any
    owners: tuple[Any, ...]
    readers: tuple[Any, ...]
    strangers: tuple[Any, ...]


@pytest.fixture
def cast(record_type: RecordType, world: Any, officer_a, chief_a, officer_b, superior_1, outsider, steering, administrator) -> Cast:
    policy = record_type.policy
    if isinstance(policy, ClusterRecordPolicy):
        coordinator = UserFactory(username="coordinator", agency=world.police_b, role=Role.COORDINATOR)
        return Cast(coordinator, (coordinator,), (officer_a, chief_a, superior_1, officer_b), (outsider, steering, administrator))
    if getattr(policy, "cluster_reads", False):
        return Cast(officer_a, (officer_a, chief_a), (superior_1, officer_b), (outsider, steering, administrator))
    return Cast(officer_a, (officer_a, chief_a), (superior_1,), (officer_b, outsider, steering, administrator))


@pytest.fixture
def record(record_type: RecordType, world: Any, cast: Cast) -> Any:
    make, _field, _bad = SAMPLES[record_type.label]
    return record_create(record_type=record_type, actor=cast.author, data=make(world))


def _page(user: Any, record_type: RecordType, verb: str, record: Any, method: str = "get", data: Any = None) -> int:
    client = Client()
    client.force_login(user)
    url = reverse(record_type.url(verb), kwargs={"public_id": record.public_id})
    return (client.post(url, data or {}) if method == "post" else client.get(url)).status_code


def test_the_owner_sees_edits_and_the_superior_reads(record_type, record, cast) -> None:
    for user in cast.owners + cast.readers:
        assert _page(user, record_type, "detail", record) == 200, user.username
        assert _send(user, "get", f"{record_type.api_path}/{record.public_id}").status_code == 200, user.username
    for user in cast.owners:
        assert _page(user, record_type, "edit", record) == 200
        assert _page(user, record_type, "delete", record) == 200
    # the superior (and whoever else only reads) reads but does not change
    for user in cast.readers:
        assert _page(user, record_type, "edit", record) == 404, user.username
        assert _send(user, "patch", f"{record_type.api_path}/{record.public_id}", {}).status_code == 403, user.username


def test_the_invisible_answer_404_everywhere(record_type, record, cast) -> None:
    for user in cast.strangers:
        for verb in ("detail", "edit", "delete"):
            assert _page(user, record_type, verb, record) == 404, (user.username, verb)
        assert _page(user, record_type, "delete", record, method="post") == 404
        assert _send(user, "get", f"{record_type.api_path}/{record.public_id}").status_code == 404
        assert _send(user, "patch", f"{record_type.api_path}/{record.public_id}", {}).status_code == 404
        assert _send(user, "delete", f"{record_type.api_path}/{record.public_id}").status_code == 404
        if record_type.policy.shareable:
            assert _page(user, record_type, "share", record, method="post", data={"shared": "1"}) == 404
    # and the lists do not name it
    for user in cast.strangers:
        if user.sees_records:
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


def test_bad_input_names_the_field_and_writes_nothing(record_type, record, cast) -> None:
    _make, field, bad = SAMPLES[record_type.label]
    before = record_type.model.history.count()
    response = _send(cast.author, "patch", f"{record_type.api_path}/{record.public_id}", {field: bad})
    assert response.status_code == 422, response.content
    assert field in json.dumps(response.json()["detail"])
    assert record_type.model.history.count() == before


def test_every_change_writes_a_history_row_and_every_read_one_log_row(record_type, record, cast) -> None:
    officer_a = cast.author
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


def test_the_list_page_shows_the_record_to_those_who_see_it_only(record_type, record, cast) -> None:
    client = Client()
    seen = [(user, True) for user in cast.owners + cast.readers]
    unseen = [(user, False) for user in cast.strangers if user.sees_records]
    for user, listed in seen + unseen:
        client.force_login(user)
        response = client.get(reverse(record_type.url("list")))
        assert response.status_code == 200
        assert (str(record.public_id) in response.content.decode()) is listed, user.username


def test_a_form_post_with_bad_input_shows_the_error_and_writes_nothing(record_type, record, cast) -> None:
    # given the edit form posted with every field emptied
    client = Client()
    client.force_login(cast.author)
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
