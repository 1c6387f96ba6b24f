"""Whatever names another record goes through the access rule too (history, links, numbers).

Each test here is a leak a probe found before the record kit; each failed then.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from giapranh.accounts.services import api_token_create
from giapranh.core.services import record_share
from giapranh.people.services import measure_update
from tests.factories import AgencyFactory
from tests.incidents.factories import at
from tests.people.factories import MeasureFactory, PersonFactory, SupervisionFactory

pytestmark = pytest.mark.usefixtures("reference_data")


def _api(user: Any, method: str, path: str, body: Any = None) -> Any:
    headers = {"Authorization": f"Bearer {api_token_create(user=user)}"}
    client = Client()
    if method == "get":
        return client.get(f"/api/v1/{path}", headers=headers)
    return getattr(client, method)(f"/api/v1/{path}", json.dumps(body), content_type="application/json", headers=headers)


def _page(user: Any, url: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_history_does_not_name_a_person_the_reader_may_not_see(world, officer_a, chief_a, officer_b) -> None:
    # given a measure shared with the cluster, whose person is then replaced
    first = PersonFactory(owner_agency=world.police_a, full_name="Lò Văn Bính", birth_year=1971)
    second = PersonFactory(owner_agency=world.police_a, full_name="Đặng Văn Quý", birth_year=1980)
    measure = MeasureFactory(owner_agency=world.police_a, commune=world.commune_a, person=first)
    record_share(record=measure, actor=chief_a, shared=True)
    measure_update(record=measure, actor=officer_a, person=second)
    # when the partner across the line reads it (the first person is now linked to nothing they see)
    page = _page(officer_b, measure.get_absolute_url())
    # then the history says a record changed, without naming the previous person
    assert "Đặng Văn Quý" in page
    assert "Lò Văn Bính" not in page and "1971" not in page
    # while the owner still reads both names
    owner_page = _page(officer_a, measure.get_absolute_url())
    assert "Lò Văn Bính" in owner_page


def test_a_shared_measure_does_not_show_the_number_of_a_supervision_the_reader_may_not_see(world, officer_a, chief_a, officer_b) -> None:
    # given a supervision kept to the commune and a measure of it shared with the cluster
    person = PersonFactory(owner_agency=world.police_a)
    supervision = SupervisionFactory(owner_agency=world.police_a, commune=world.commune_a, person=person)
    supervision.number = "QY-QL-2019-007"
    supervision.save(update_fields=["number"])
    measure = MeasureFactory(owner_agency=world.police_a, commune=world.commune_a, person=person, supervision=supervision)
    record_share(record=measure, actor=chief_a, shared=True)
    # when the partner reads the measure, on the page and over the API
    page = _page(officer_b, measure.get_absolute_url())
    body = _api(officer_b, "get", f"measures/{measure.public_id}").json()
    # then both say a supervision exists, and neither names it
    assert "QY-QL-2019-007" not in page and str(supervision.public_id) not in page
    assert body["supervision"] == {"public_id": None, "number": None}
    # and the owner sees it named
    assert _api(officer_a, "get", f"measures/{measure.public_id}").json()["supervision"]["number"] == "QY-QL-2019-007"


def test_the_incident_api_refuses_a_partner_agency_outside_the_cluster(world, officer_a) -> None:
    # given an agency of another province, neither in the cluster nor above it
    AgencyFactory(name="Công an xã Xa Lạ", code="XL")
    body = {
        "occurred_at": at(2024, 3, 1).isoformat(), "reported_at": at(2024, 3, 1, 9).isoformat(),
        "category": "ttxh-trom-cap-tai-san", "summary": "Trộm cắp", "partner_agencies": ["XL"],
    }
    # when the API is asked to record it as a partner
    response = _api(officer_a, "post", "incidents", body)
    # then the service refuses it, naming the field
    assert response.status_code == 422
    assert "partner_agencies" in json.dumps(response.json())
    # while a cluster partner is accepted
    body["partner_agencies"] = ["TD"]
    assert _api(officer_a, "post", "incidents", body).status_code == 201


def test_the_incident_form_shows_form_and_service_errors_in_one_round(world, officer_a) -> None:
    # given an incident "cleared jointly" without a partner (a service rule) and an impossible report date (a form error)
    client = Client()
    client.force_login(officer_a)
    response = client.post(reverse("incidents:incident_create"), {
        "occurred_at": "01/03/2024 08:00", "reported_at": "31/02/2024 10:00",
        "category": str(category_pk("ttxh-trom-cap-tai-san")), "summary": "Trộm cắp", "status": "received",
        "outcome": "pending", "cleared_jointly": "on",
    })
    # then both are reported at once, and nothing is written
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "reported_at" in errors
    assert "partner_agencies" in errors


def test_a_wrong_date_is_the_only_error_not_a_commune_the_officer_never_had_to_choose(world, officer_a) -> None:
    # given an incident whose date of occurrence cannot exist (the commune follows from that date)
    from giapranh.incidents.models import Incident

    client = Client()
    client.force_login(officer_a)
    response = client.post(reverse("incidents:incident_create"), {
        "occurred_at": "31/02/2024 08:00", "reported_at": "01/03/2024 10:00",
        "category": str(category_pk("ttxh-trom-cap-tai-san")), "summary": "Trộm cắp", "status": "received", "outcome": "pending",
    })
    # then the date is named, the commune is not, and nothing is written
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "occurred_at" in errors and "commune" not in errors
    assert not Incident.objects.exists()


def category_pk(code: str) -> int:
    from tests.incidents.factories import category

    return category(code).pk


def test_partner_agency_changes_appear_in_the_history(world, officer_a) -> None:
    # given an incident worked with Tam Đa's police, then with the district police instead
    from giapranh.incidents.services import incident_create, incident_update
    from tests.incidents.factories import category

    incident = incident_create(
        actor=officer_a, occurred_at=at(2024, 3, 1), reported_at=at(2024, 3, 1, 9),
        category=category("ttxh-trom-cap-tai-san"), summary="Trộm cắp", partner_agencies=[world.police_b],
    )
    incident_update(incident=incident, actor=officer_a, partner_agencies=[world.district_police_1])
    # when the owner reads its history
    page = _page(officer_a, incident.get_absolute_url())
    # then the change names both sides
    history = page[page.index('id="history"'):]
    assert "Công an xã Tam Đa" in history and "Công an huyện Sông Lô" in history
