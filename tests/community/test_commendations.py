"""A commendation's recipient is a link to the record it names (a group, a team, an officer), or an agency, or a citizen's name;
named on every page, list, export, history and API answer only to readers who may see that record."""

from __future__ import annotations

import datetime as dt
import importlib
import io
import json
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from giapranh.accounts.choices import Role
from giapranh.accounts.services import api_token_create
from giapranh.community.models import Commendation, MediationTeam, Officer, SelfManagementGroup
from giapranh.community.records import COMMENDATIONS
from giapranh.core.services import record_create, record_update
from tests.factories import UserFactory

D = dt.date


@pytest.fixture
def coordinator(world):
    """The cluster's coordinator: Tam Đa's police holds the chair."""
    return UserFactory(username="coordinator", agency=world.police_b, role=Role.COORDINATOR)


@pytest.fixture
def links(world):
    """Tam Đa's roster (the coordinator's own agency), and a group and a team of Quang Yên (the cluster reads them)."""
    return {
        "officer_b": Officer.objects.create(owner_agency=world.police_b, commune=world.commune_b, full_name="Hà Văn Khánh", service_type="regular", serving_from=D(2020, 1, 1)),
        "officer_b2": Officer.objects.create(owner_agency=world.police_b, commune=world.commune_b, full_name="Triệu Văn Phúc", service_type="regular", serving_from=D(2020, 1, 1)),
        "officer_a": Officer.objects.create(owner_agency=world.police_a, commune=world.commune_a, full_name="Lục Văn Bằng", service_type="regular", serving_from=D(2020, 1, 1)),
        "group_a": SelfManagementGroup.objects.create(owner_agency=world.police_a, commune=world.commune_a, village="Thôn Đồng", name="Tổ liên gia số 7", founded_on=D(2019, 1, 1)),
        "team_a": MediationTeam.objects.create(owner_agency=world.police_a, commune=world.commune_a, village="Thôn Đồng", name="Tổ hòa giải thôn Đồng", founded_on=D(2019, 1, 1)),
        "team_c": MediationTeam.objects.create(owner_agency=world.police_c, commune=world.commune_c, village="Thôn Gò", name="Tổ hòa giải thôn Gò", founded_on=D(2019, 1, 1)),
    }


BASE = {"awarded_on": D(2024, 12, 20), "issuing_body": "UBND huyện Sông Lô", "form": "certificate_of_merit", "reason": "Thành tích xuất sắc"}


def _create(coordinator: Any, **data: Any) -> Commendation:
    return record_create(record_type=COMMENDATIONS, actor=coordinator, data={**BASE, **data})


def _errors(coordinator: Any, **data: Any) -> dict[str, Any]:
    with pytest.raises(ValidationError) as error:
        _create(coordinator, **data)
    return error.value.message_dict


def test_the_recipient_is_exactly_one_and_of_its_kind(world, coordinator, links) -> None:
    # a mediation team named by its record; a citizen by name
    team = _create(coordinator, recipient_kind="team", recipient_team=links["team_a"])
    assert team.recipient_team == links["team_a"] and team.is_collective
    citizen = _create(coordinator, recipient_kind="citizen", recipient_name="Nguyễn Thị Lan")
    assert citizen.recipient_name == "Nguyễn Thị Lan" and not citizen.is_collective
    # none, or one of another kind, or two: refused on the field concerned
    assert set(_errors(coordinator, recipient_kind="team")) == {"recipient_team"}
    assert set(_errors(coordinator, recipient_kind="group", recipient_team=links["team_a"])) == {"recipient_group", "recipient_team"}
    assert set(_errors(coordinator, recipient_kind="agency", recipient_agency=world.police_a, recipient_name="Ông Tâm")) == {"recipient_name"}
    assert set(_errors(coordinator, recipient_kind="officer", recipient_officer=links["officer_b"], recipient_group=links["group_a"])) == {"recipient_group"}
    assert "citizen" not in json.dumps(_errors(coordinator, recipient_kind="citizen"))  # the message names the kind in Vietnamese
    assert Commendation.objects.count() == 2


def test_the_author_links_only_records_they_may_see(world, coordinator, links) -> None:
    # the coordinator's own roster and the cluster's groups and teams may be linked
    assert _create(coordinator, recipient_kind="officer", recipient_officer=links["officer_b"]).recipient_officer == links["officer_b"]
    assert _create(coordinator, recipient_kind="group", recipient_group=links["group_a"]).recipient_group == links["group_a"]
    # another commune's roster, and a team outside the cluster, may not
    assert set(_errors(coordinator, recipient_kind="officer", recipient_officer=links["officer_a"])) == {"recipient_officer"}
    assert set(_errors(coordinator, recipient_kind="team", recipient_team=links["team_c"])) == {"recipient_team"}
    # nor through the API, which answers as for a record that does not exist
    headers = {"Authorization": f"Bearer {api_token_create(user=coordinator)}"}
    body = {**{k: str(v) for k, v in BASE.items()}, "recipient_kind": "officer", "recipient_officer": str(links["officer_a"].public_id)}
    response = Client().post("/api/v1/commendations", json.dumps(body), content_type="application/json", headers=headers)
    assert response.status_code == 422 and "recipient_officer" in response.content.decode()
    assert "Lục Văn Bằng" not in response.content.decode()
    body["recipient_officer"] = str(links["officer_b"].public_id)
    response = Client().post("/api/v1/commendations", json.dumps(body), content_type="application/json", headers=headers)
    assert response.status_code == 201
    assert response.json()["recipient_officer"]["name"] == "Hà Văn Khánh" and response.json()["recipient"] == "Hà Văn Khánh"
    # and the form offers only what the coordinator may see
    client = Client()
    client.force_login(coordinator)
    form = client.get(reverse("community:commendation_create")).content.decode()
    assert "Hà Văn Khánh" in form and "Tổ hòa giải thôn Đồng" in form
    assert "Lục Văn Bằng" not in form and "Tổ hòa giải thôn Gò" not in form


def test_the_recipient_is_named_only_to_readers_who_may_see_its_record(world, coordinator, links, officer_a, officer_b, superior_1) -> None:
    # given a commendation of Tam Đa's officer (the roster is Tam Đa's and its superiors')
    commendation = _create(coordinator, recipient_kind="officer", recipient_officer=links["officer_b"])
    # then Tam Đa reads the name, with a link to the roster entry, on the page, the list, the API and the export
    client = Client()
    client.force_login(officer_b)
    page = client.get(commendation.get_absolute_url()).content.decode()
    assert "Hà Văn Khánh" in page and links["officer_b"].get_absolute_url() in page
    assert "Hà Văn Khánh" in client.get(reverse("community:commendation_list")).content.decode()
    # while Quang Yên and its district, who read the cluster's commendations, learn only that an officer was commended
    for reader in (officer_a, superior_1):
        client = Client()
        client.force_login(reader)
        page = client.get(commendation.get_absolute_url()).content.decode()
        assert "Hà Văn Khánh" not in page and "một cán bộ Công an xã" in page
        assert str(links["officer_b"].public_id) not in page and links["officer_b"].get_absolute_url() not in page
        listing = client.get(reverse("community:commendation_list")).content.decode()
        assert str(commendation.public_id) in listing and "Hà Văn Khánh" not in listing and "một cán bộ Công an xã" in listing
        rows = list(load_workbook(io.BytesIO(client.get(reverse("community:commendation_export")).content)).worksheets[0].iter_rows(values_only=True))
        assert rows[0][3] == "Người, đơn vị được khen" and rows[1][3] == "một cán bộ Công an xã"
        headers = {"Authorization": f"Bearer {api_token_create(user=reader)}"}
        out = Client().get(f"/api/v1/commendations/{commendation.public_id}", headers=headers).json()
        assert out["recipient_officer"] == {"public_id": None, "number": None, "name": None}
        assert out["recipient"] == "một cán bộ Công an xã" and out["recipient_kind"] == "officer"
        assert "Hà Văn Khánh" not in json.dumps(Client().get("/api/v1/commendations", headers=headers).json())
    # the owner's export names it
    client = Client()
    client.force_login(officer_b)
    rows = list(load_workbook(io.BytesIO(client.get(reverse("community:commendation_export")).content)).worksheets[0].iter_rows(values_only=True))
    assert rows[1][3] == "Hà Văn Khánh"


def test_the_history_names_a_linked_recipient_only_to_readers_who_may_see_it(world, coordinator, links, officer_a, officer_b) -> None:
    # given two changes of recipient by the coordinator, who may see both officers
    commendation = _create(coordinator, recipient_kind="officer", recipient_officer=links["officer_b"])
    record_update(record_type=COMMENDATIONS, record=commendation, actor=coordinator, changes={"recipient_officer": links["officer_b2"]})
    record_update(record_type=COMMENDATIONS, record=commendation, actor=coordinator, changes={"recipient_officer": links["officer_b"]})
    # then Quang Yên's officer reads in every entry of the history that an officer was changed, never who
    client = Client()
    client.force_login(officer_a)
    history = client.get(commendation.get_absolute_url()).content.decode().split('id="history"', 1)[1]
    assert history.count("một cán bộ Công an xã") == 4
    assert "Hà Văn Khánh" not in history and "Triệu Văn Phúc" not in history
    # and Tam Đa's officer reads both names
    client.force_login(officer_b)
    history = client.get(commendation.get_absolute_url()).content.decode().split('id="history"', 1)[1]
    assert "Hà Văn Khánh" in history and "Triệu Văn Phúc" in history


def test_the_next_coordinator_keeps_a_recipient_they_may_not_see(world, coordinator, links) -> None:
    # given a commendation of Tam Đa's officer, and the chair passed on to Quang Yên
    commendation = _create(coordinator, recipient_kind="officer", recipient_officer=links["officer_b"])
    coordinator.role = Role.COMMUNE_CHIEF
    coordinator.save()
    successor = UserFactory(username="coordinator_a", agency=world.police_a, role=Role.COORDINATOR)
    client = Client()
    client.force_login(successor)
    url = reverse("community:commendation_edit", kwargs={"public_id": commendation.public_id})
    form = client.get(url).content.decode()
    assert "Hà Văn Khánh" not in form
    # when they correct the reason, leaving the recipient empty
    data = {"awarded_on": "20/12/2024", "issuing_body": "UBND huyện Sông Lô", "form": "certificate_of_merit", "recipient_kind": "officer", "reason": "Thành tích đột xuất"}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    # then the recipient is kept
    commendation.refresh_from_db()
    assert commendation.reason == "Thành tích đột xuất" and commendation.recipient_officer == links["officer_b"]
    # a new kind of recipient replaces it
    response = client.post(url, {**data, "recipient_kind": "citizen", "recipient_name": "Nguyễn Thị Lan"})
    assert response.status_code == 302
    commendation.refresh_from_db()
    assert commendation.recipient_officer is None and commendation.recipient_name == "Nguyễn Thị Lan"


def test_names_recorded_before_recipients_were_linked_are_linked_when_they_name_one_record(world, links) -> None:
    # given commendations recorded by name (as before), by the coordinator's agency (Tam Đa)
    old = {"cluster": world.cluster, "owner_agency": world.police_b, **BASE}
    team = Commendation.objects.create(recipient_kind="team", recipient_name="tổ hoà giải thôn đồng", **old)
    officer = Commendation.objects.create(recipient_kind="officer", recipient_name="Hà Văn Khánh", **old)
    other_roster = Commendation.objects.create(recipient_kind="officer", recipient_name="Lục Văn Bằng", **old)
    unknown = Commendation.objects.create(recipient_kind="group", recipient_name="Tổ Thôn Mới", **old)
    citizen = Commendation.objects.create(recipient_kind="citizen", recipient_name="Nguyễn Thị Lan", **old)
    # when the data migration runs
    importlib.import_module("giapranh.community.migrations.0003_commendation_recipients_from_names").link_recipients(apps, None)
    for commendation in (team, officer, other_roster, unknown, citizen):
        commendation.refresh_from_db()
    # then a name of one record the recorder may see becomes the link; the others keep their names
    assert team.recipient_team == links["team_a"] and team.recipient_name == ""
    assert officer.recipient_officer == links["officer_b"] and officer.recipient_name == ""
    assert other_roster.recipient_officer is None and other_roster.recipient_name == "Lục Văn Bằng"
    assert unknown.recipient_group is None and unknown.recipient_name == "Tổ Thôn Mới"
    assert citizen.recipient_name == "Nguyễn Thị Lan"


def test_the_review_report_counts_commendations_without_naming_their_recipients(world, coordinator, links, officer_a) -> None:
    from giapranh.reports.scope import scope_for_cluster
    from giapranh.reports.services import report_generate

    commendation = _create(coordinator, recipient_kind="officer", recipient_officer=links["officer_b"])
    report = report_generate(actor=coordinator, scope=scope_for_cluster(cluster=world.cluster, start=D(2024, 1, 1), end=D(2024, 12, 31)), start=D(2024, 1, 1), end=D(2024, 12, 31))
    assert report.figures["figures"]["commendations.individual"]["value"] == 1
    client = Client()
    client.force_login(officer_a)
    figure = client.get(reverse("reports:report_figure", kwargs={"public_id": report.public_id, "key": "commendations.individual"}))
    assert figure.status_code == 200 and str(commendation.public_id) in figure.content.decode()
    assert "Hà Văn Khánh" not in figure.content.decode()
    book = load_workbook(io.BytesIO(client.get(reverse("reports:report_download", kwargs={"public_id": report.public_id, "fmt": "xlsx"})).content))
    assert all("Hà Văn Khánh" not in str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row)
