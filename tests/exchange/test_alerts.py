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
from tests.factories import UserFactory
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


def _pairs(world, n: int) -> list[tuple[Person, Person]]:
    """n persons each recorded by Quang Yên and again by Tam Đa (the same CCCD and birth date)."""
    names = ["Hoàng Văn Thắng", "Lò Thị Mai", "Nông Văn Dũng", "Triệu Thị Hoa", "Đặng Văn Quý", "Bế Thị Lan", "Ma Văn Sơn", "Hà Thị Nga"]
    pairs = []
    for i in range(n):
        particulars = {**PARTICULARS, "full_name": names[i % len(names)], "id_number": f"0080910{i:05d}", "birth_date": dt.date(1980 + i, 4, 17), "birth_year": 1980 + i}
        pairs.append((PersonFactory(owner_agency=world.police_a, **particulars), PersonFactory(owner_agency=world.police_b, **particulars)))
    return pairs


def _match(world) -> None:
    call_command("match", cluster=world.cluster.slug, no_progress=True, stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_a_cluster_run_with_many_new_alerts_sends_each_chief_one_notification_that_counts_them(world, chief_a, chief_b, officer_a) -> None:
    from giapranh.exchange.models import Notification

    chief_c = UserFactory(agency=world.police_c, role="commune_chief")
    pairs = _pairs(world, alerts.NOTIFY_EACH_UP_TO + 3)
    _match(world)
    # every pair alerts both sides, written in bulk
    assert PersonAlert.objects.filter(agency=world.police_a).count() == len(pairs)
    assert set(PersonAlert.objects.filter(agency=world.police_b).values_list("own_person_id", flat=True)) == {b.pk for _, b in pairs}
    # each chief gets one notification counting them, naming no one; nobody else gets any
    for chief in (chief_a, chief_b):
        (notification,) = Notification.objects.filter(user=chief)
        assert notification.text.startswith(f"{len(pairs)} ") and notification.url == "/exchange/alerts/"
        assert not any(a.full_name in notification.text for a, _ in pairs)
    assert not Notification.objects.filter(user__in=[officer_a, chief_c]).exists()
    # a rerun raises nothing again and notifies no one
    _match(world)
    assert PersonAlert.objects.count() == 2 * len(pairs) and Notification.objects.count() == 2


def test_a_few_new_alerts_are_notified_one_by_one_and_an_existing_alert_is_kept(world, chief_a, chief_b, officer_b, suspect_a, suspect_b) -> None:
    from giapranh.exchange.models import Notification
    from giapranh.people.models import PersonMatch

    # the on-link check already alerted both chiefs of the suspects' pair
    assert Notification.objects.filter(user=chief_a).count() == 1
    first = PersonAlert.objects.get(agency=world.police_a)
    PersonMatch.objects.update(score=0.5)  # as an older run remembered it
    PersonAlert.objects.update(score=0.5)
    (a, b), = _pairs(world, 1)
    _match(world)
    # the existing alert is the same row, its score the matcher's again; the new pair has its own alert
    first.refresh_from_db()
    assert PersonAlert.objects.filter(own_person=suspect_a).get().pk == first.pk and first.score >= 0.95
    assert PersonAlert.objects.filter(own_person=a, other_person=b).exists()
    texts = list(Notification.objects.filter(user=chief_a).values_list("url", flat=True))
    new = PersonAlert.objects.get(own_person=a)
    assert len(texts) == 2 and f"/exchange/alerts/{new.public_id}/" in texts


def test_the_alert_list_is_paginated_filtered_and_only_the_chiefs_own(world, chief_a, chief_b, officer_a) -> None:
    from giapranh.core.models import AccessLogEntry
    from giapranh.core.views import PAGE_SIZE

    pairs = _pairs(world, PAGE_SIZE + 2)
    _match(world)
    client = Client()
    client.force_login(chief_a)
    # pages of PAGE_SIZE, our persons only
    first = client.get("/exchange/alerts/").content.decode()
    second = client.get("/exchange/alerts/?page=2").content.decode()
    assert first.count("data-alert=") == PAGE_SIZE and second.count("data-alert=") == 2
    assert all(str(b.public_id) not in first + second for _, b in pairs)
    # a name typed without diacritics (in the POST body, never the URL), then a status
    logged = AccessLogEntry.objects.filter(actor=chief_a).count()
    assert client.post("/exchange/alerts/", {"q": "lo thi mai"}).status_code == 302
    page = client.get("/exchange/alerts/").content.decode()
    mai = [a for a, _ in pairs if a.full_name == "Lò Thị Mai"]
    assert page.count("data-alert=") == len(mai) and "Lò Thị Mai" in page and "Hoàng Văn Thắng" not in page
    assert AccessLogEntry.objects.filter(actor=chief_a).count() > logged
    alerts.alert_decide(alert=PersonAlert.objects.get(own_person=mai[0]), actor=chief_a, same=False)
    client.post("/exchange/alerts/", {"q": "", "status": "rejected"})
    page = client.get("/exchange/alerts/").content.decode()
    assert page.count("data-alert=") == 1
    # the other side's chief lists Tam Đa's persons, an officer lists none
    other = Client()
    other.force_login(chief_b)
    page_b = other.get("/exchange/alerts/").content.decode()
    assert page_b.count("data-alert=") == PAGE_SIZE and not any(str(a.public_id) in page_b for a, _ in pairs)
    officer = Client()
    officer.force_login(officer_a)
    assert "data-alert=" not in officer.get("/exchange/alerts/").content.decode()


def test_the_alert_api_is_paginated_and_filtered_by_status_and_agency(world, chief_a, officer_a) -> None:
    pairs = _pairs(world, 3)
    _match(world)
    alerts.alert_decide(alert=PersonAlert.objects.get(own_person=pairs[0][0]), actor=chief_a, same=True)
    body = _api(chief_a, "get", "alerts?page_size=2").json()
    assert body["count"] == 3 and len(body["items"]) == 2
    assert _api(chief_a, "get", "alerts?status=open").json()["count"] == 2
    assert _api(chief_a, "get", "alerts?where=TD").json()["count"] == 3
    assert _api(chief_a, "get", "alerts?where=NOPE").json()["count"] == 0
    assert _api(chief_a, "get", "alerts?status=bogus").status_code == 422
    # the period is in local calendar days of when the alert was raised
    from django.utils import timezone

    today = timezone.localdate()
    assert _api(chief_a, "get", f"alerts?date_from={today:%Y-%m-%d}&date_to={today:%Y-%m-%d}").json()["count"] == 3
    assert _api(chief_a, "get", f"alerts?date_from={today + dt.timedelta(days=1):%Y-%m-%d}").json()["count"] == 0
    assert _api(officer_a, "get", "alerts").json()["count"] == 0
