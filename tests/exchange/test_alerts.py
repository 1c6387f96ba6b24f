"""Hit / no-hit alerts: both chiefs learn that a probable match exists, where and why; never the other record."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from giapranh.accounts.services import api_token_create
from giapranh.exchange import alerts
from giapranh.exchange.models import PersonAlert
from giapranh.incidents.choices import InvolvementRole
from giapranh.incidents.services import involvement_add
from giapranh.people.models import Person
from tests.incidents.factories import make_incident
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.usefixtures("reference_data")

PARTICULARS = {"full_name": "Hoàng Văn Thắng", "birth_date": dt.date(1991, 4, 17), "birth_year": 1991, "gender": "male", "id_number": "008091004321"}


def _api(user: Any, method: str, path: str) -> Any:
    client = Client()
    headers = {"Authorization": f"Bearer {api_token_create(user=user)}"}
    return client.get(f"/api/v1/{path}", headers=headers) if method == "get" else client.post(f"/api/v1/{path}", "", content_type="application/json", headers=headers)


@pytest.fixture
def suspect_a(world, officer_a, django_capture_on_commit_callbacks) -> Person:
    """Quang Yên's suspect in a motorbike theft, with particulars only Quang Yên knows."""
    person = PersonFactory(owner_agency=world.police_a, address="Thôn Bình Ca, nhà số 7", phone="0912000111", **PARTICULARS)
    with django_capture_on_commit_callbacks(execute=True):
        involvement_add(incident=make_incident(actor=officer_a), actor=officer_a, person=person, role=InvolvementRole.SUSPECT)
    return person


@pytest.fixture
def suspect_b(world, officer_b, suspect_a, django_capture_on_commit_callbacks) -> Person:
    """Tam Đa's officer records the same man as a suspect of his own."""
    person = PersonFactory(owner_agency=world.police_b, **PARTICULARS)
    with django_capture_on_commit_callbacks(execute=True):
        involvement_add(incident=make_incident(actor=officer_b), actor=officer_b, person=person, role=InvolvementRole.SUSPECT)
    return person


def test_both_chiefs_get_an_alert_that_reveals_nothing_of_the_other_record(world, chief_a, chief_b, officer_b, suspect_a, suspect_b) -> None:
    # then one alert per side
    alert_b = PersonAlert.objects.get(agency=world.police_b)
    alert_a = PersonAlert.objects.get(agency=world.police_a)
    assert alert_b.own_person == suspect_b and alert_a.own_person == suspect_a
    assert alert_b.score >= 0.95 and alert_b.agreements["id_number"] == "agree"
    # the page and the API say where and why, nothing of Quang Yên's record
    client = Client()
    client.force_login(chief_b)
    page = client.get(f"/exchange/alerts/{alert_b.public_id}/").content.decode()
    api = json.dumps(_api(chief_b, "get", f"alerts/{alert_b.public_id}").json()) + json.dumps(_api(chief_b, "get", "alerts").json())
    for shown in (page, api):
        for secret in (str(suspect_a.public_id), "Bình Ca", "0912000111"):
            assert secret not in shown
    assert "Công an xã Quang Yên" in page and '"code": "QY"' in api
    assert str(suspect_b.public_id) in api
    # and Quang Yên's person stays invisible to Tam Đa
    assert _api(chief_b, "get", f"persons/{suspect_a.public_id}").status_code == 404
    # nobody but the alerted chief reads the alert
    for user in (officer_b, chief_a):
        assert _api(user, "get", f"alerts/{alert_b.public_id}").status_code == 404


def test_details_flow_only_through_the_request_the_other_side_answers(world, officer_a, chief_a, chief_b, suspect_a, suspect_b) -> None:
    from giapranh.exchange.services import request_accept, request_complete

    alert_b = PersonAlert.objects.get(agency=world.police_b)
    response = _api(chief_b, "post", f"alerts/{alert_b.public_id}/request-details")
    assert response.status_code == 201, response.content
    request = response.json()
    assert request["to_agency"]["code"] == "QY" and request["status"] == "sent"
    # Quang Yên sees Tam Đa's person through the request, and decides what to share
    assert Person.objects.visible_to(chief_a).filter(pk=suspect_b.pk).exists()
    from giapranh.exchange.models import CoordinationRequest

    found = CoordinationRequest.objects.get(public_id=request["public_id"])
    request_accept(request=found, actor=chief_a)
    assert not Person.objects.visible_to(chief_b).filter(pk=suspect_a.pk).exists()
    request_complete(request=found, actor=chief_a, result="Cùng một người; xem hồ sơ kèm theo.", targets=[suspect_a])
    assert Person.objects.visible_to(chief_b).filter(pk=suspect_a.pk).exists()


def test_a_rejected_pair_never_alerts_again(world, officer_b, chief_b, suspect_a, suspect_b, django_capture_on_commit_callbacks) -> None:
    alert_b = PersonAlert.objects.get(agency=world.police_b)
    assert _api(chief_b, "post", f"alerts/{alert_b.public_id}/reject").json()["status"] == "rejected"
    assert set(PersonAlert.objects.values_list("status", flat=True)) == {"rejected"}
    # when the same person is linked again, and when the whole cluster is matched again
    with django_capture_on_commit_callbacks(execute=True):
        involvement_add(incident=make_incident(actor=officer_b), actor=officer_b, person=suspect_b, role=InvolvementRole.WITNESS)
    assert alerts.alerts_raise_for(person=suspect_b) == []
    call_command("match", cluster=world.cluster.slug, no_progress=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    # then nothing new
    assert PersonAlert.objects.count() == 2 and set(PersonAlert.objects.values_list("status", flat=True)) == {"rejected"}


def test_a_confirmed_pair_is_the_same_person_on_both_sides(world, chief_a, suspect_a, suspect_b) -> None:
    from giapranh.people.models import PersonMatch

    alert_a = PersonAlert.objects.get(agency=world.police_a)
    alerts.alert_decide(alert=alert_a, actor=chief_a, same=True)
    assert PersonMatch.objects.get().status == "confirmed"
    assert set(PersonAlert.objects.values_list("status", flat=True)) == {"confirmed"}
    # each side still sees only its own record
    assert not Person.objects.visible_to(chief_a).filter(pk=suspect_b.pk).exists()


def test_match_over_a_cluster_raises_the_alerts_for_existing_records(world, chief_a) -> None:
    PersonFactory(owner_agency=world.police_a, **PARTICULARS)
    PersonFactory(owner_agency=world.police_b, **PARTICULARS)
    PersonFactory(owner_agency=world.police_c, **PARTICULARS)  # outside the cluster
    call_command("match", cluster=world.cluster.slug, no_progress=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert sorted(PersonAlert.objects.values_list("agency__code", "other_agency__code")) == [("QY", "TD"), ("TD", "QY")]
