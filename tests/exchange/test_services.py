"""Notices and requests: who reads what through them, and for how long."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import Client
from django.utils import timezone

from giapranh.core.models import AccessGrant, AccessLogEntry
from giapranh.exchange import selectors, services
from giapranh.exchange.choices import RequestStatus
from giapranh.exchange.models import Delivery, Notification, RequestTransition
from giapranh.incidents.selectors import incident_get_for
from tests.exchange.conftest import send_notice, send_request
from tests.incidents.factories import make_incident, make_person

pytestmark = pytest.mark.usefixtures("reference_data")


def _sees(user, record) -> bool:
    return type(record).objects.visible_to(user).filter(pk=record.pk).exists()


def test_a_notice_to_the_cluster_reaches_its_communes_and_opens_the_linked_incident_to_them_only(world, officer_a, officer_b, outsider, incident_a) -> None:
    # given a flash notice to the cluster with the incident linked
    notice = send_notice(actor=officer_a, to_cluster=world.cluster)
    services.message_link(message=notice, actor=officer_a, target=incident_a)
    # then B received it, the outsider did not
    assert set(Delivery.objects.filter(notice=notice).values_list("agency__code", flat=True)) == {"TD"}
    assert _sees(officer_b, notice) and not _sees(outsider, notice)
    # and B reads the incident, the outsider gets 404
    assert incident_get_for(user=officer_b, public_id=incident_a.public_id) == incident_a
    with pytest.raises(Http404):
        incident_get_for(user=outsider, public_id=incident_a.public_id)
    assert notice.number.startswith("QY-TB-")


def test_the_recipients_read_of_the_linked_record_is_logged_and_shows_the_handling_code(world, officer_a, officer_b, incident_a) -> None:
    notice = send_notice(actor=officer_a, to_cluster=world.cluster)
    services.message_link(message=notice, actor=officer_a, target=incident_a)
    client = Client()
    client.force_login(officer_b)
    before = AccessLogEntry.objects.filter(action="view", target_ref=str(incident_a.public_id), actor=officer_b).count()
    response = client.get(incident_a.get_absolute_url())
    assert response.status_code == 200
    assert notice.number in response.content.decode() and "H2" in response.content.decode()
    assert AccessLogEntry.objects.filter(action="view", target_ref=str(incident_a.public_id), actor=officer_b).count() == before + 1


def test_unlinking_or_withdrawing_takes_the_access_back(world, officer_a, officer_b, incident_a) -> None:
    # given the incident carried by two notices
    first = send_notice(actor=officer_a, to_cluster=world.cluster)
    second = send_notice(actor=officer_a, recipient_agencies=[world.police_b], subject="Bổ sung")
    link = services.message_link(message=first, actor=officer_a, target=incident_a)
    services.message_link(message=second, actor=officer_a, target=incident_a)
    # when one link is taken off, the other still carries it
    services.message_unlink(message=first, actor=officer_a, link=link)
    assert _sees(officer_b, incident_a)
    # when the second notice is withdrawn, B no longer reads the incident (but still sees the notice, withdrawn)
    services.message_withdraw(message=second, actor=officer_a)
    assert not _sees(officer_b, incident_a)
    assert not AccessGrant.objects.filter(object_id=incident_a.pk, agency=world.police_b).exists()
    second.refresh_from_db()
    assert second.withdrawn_at is not None and _sees(officer_b, second)
    with pytest.raises(PermissionDenied):
        services.message_link(message=second, actor=officer_a, target=incident_a)


def test_a_person_is_seen_through_the_notice_only_while_linked(world, officer_a, officer_b, outsider) -> None:
    person = make_person(agency=world.police_a, full_name="Trần Văn Bình", birth_year=1985)
    notice = send_notice(actor=officer_a, recipient_agencies=[world.police_b])
    assert not _sees(officer_b, person)
    services.message_link(message=notice, actor=officer_a, target=person)
    assert _sees(officer_b, person) and not _sees(outsider, person)
    services.message_withdraw(message=notice, actor=officer_a)
    assert not _sees(officer_b, person)


def test_only_ones_own_records_are_passed_on(world, officer_a, officer_b, chief_a, incident_a) -> None:
    # B received the incident, but passing it on is A's decision
    notice = send_notice(actor=officer_a, to_cluster=world.cluster)
    services.message_link(message=notice, actor=officer_a, target=incident_a)
    own = send_notice(actor=officer_b, recipient_agencies=[world.police_c])
    with pytest.raises(ValidationError):
        services.message_link(message=own, actor=officer_b, target=incident_a)
    # and a recipient does not link into the sender's notice
    with pytest.raises(PermissionDenied):
        services.message_link(message=notice, actor=officer_b, target=make_incident(actor=officer_b))


def test_the_first_reader_of_a_recipient_agency_records_its_receipt(world, officer_a, officer_b, chief_b) -> None:
    notice = send_notice(actor=officer_a, to_cluster=world.cluster)
    assert selectors.counts_for(user=officer_b).unread == 1
    assert Notification.objects.filter(user=chief_b).count() == 1
    client = Client()
    client.force_login(officer_b)
    assert client.get(notice.get_absolute_url()).status_code == 200
    delivery = Delivery.objects.get(notice=notice, agency=world.police_b)
    assert delivery.read_by == officer_b and delivery.read_at is not None
    # a second reader does not move the receipt; the sender's reading records none
    client.force_login(chief_b)
    client.get(notice.get_absolute_url())
    client.force_login(officer_a)
    client.get(notice.get_absolute_url())
    delivery.refresh_from_db()
    assert delivery.read_by == officer_b
    assert selectors.counts_for(user=chief_b).unread == 0


def test_replies_of_one_recipient_are_not_shown_to_another(world, officer_a, officer_b, outsider) -> None:
    notice = send_notice(actor=officer_a, recipient_agencies=[world.police_b, world.police_c])
    services.reply_add(message=notice, actor=officer_b, body="Đã nhận, sẽ phối hợp.")
    services.reply_add(message=notice, actor=officer_a, body="Cảm ơn.")
    assert [r.body for r in selectors.replies_for(message=notice, user=officer_a)] == ["Đã nhận, sẽ phối hợp.", "Cảm ơn."]
    assert [r.body for r in selectors.replies_for(message=notice, user=outsider)] == ["Cảm ơn."]
    with pytest.raises(ValidationError):
        services.reply_add(message=notice, actor=officer_b, body="  ")


def test_a_request_deadline_defaults_from_its_urgency_and_it_is_overdue_past_it(world, officer_a, chief_a, chief_b) -> None:
    flash = send_request(actor=officer_a, to_agency=world.police_b, urgency="flash")
    assert flash.deadline == flash.sent_at + dt.timedelta(hours=8)
    routine = send_request(actor=officer_a, to_agency=world.police_b, urgency="routine")
    assert routine.deadline == routine.sent_at + dt.timedelta(days=7)
    assert not flash.overdue
    # when the deadline passes
    type(flash).objects.filter(pk=flash.pk).update(deadline=timezone.now() - dt.timedelta(minutes=1))
    flash.refresh_from_db()
    assert flash.overdue
    # then both chiefs see it overdue, on top
    inbox = selectors.inbox_for(user=chief_b)
    assert [row.request_id for row in inbox.requests] == [flash.pk, routine.pk]
    assert inbox.requests[0].is_overdue
    outbox = selectors.outbox_for(user=chief_a)
    assert [r.pk for r in outbox.requests][0] == flash.pk
    assert selectors.counts_for(user=chief_a).overdue == 1 and selectors.counts_for(user=chief_b).overdue == 1
    # an answered request is no longer overdue
    services.request_decline(request=flash, actor=chief_b, reason="Không thuộc địa bàn.")
    assert not flash.overdue and selectors.counts_for(user=chief_b).overdue == 0


def test_every_transition_records_its_actor_and_time(world, officer_a, chief_b, officer_b, incident_a) -> None:
    request = send_request(actor=officer_a, to_agency=world.police_b)
    with pytest.raises(PermissionDenied):
        services.request_accept(request=request, actor=officer_b)  # the chief answers
    services.request_accept(request=request, actor=chief_b)
    own = make_incident(actor=officer_b, summary="Hồ sơ xác minh")
    services.request_complete(request=request, actor=officer_b, result="Đã xác minh: đang cư trú tại thôn Đồng.", targets=[own])
    steps = list(RequestTransition.objects.filter(request=request).values_list("from_status", "to_status", "actor__username", "agency__code"))
    assert steps == [("", "sent", "officer_a", "QY"), ("sent", "accepted", "chief_b", "TD"), ("accepted", "done", "officer_b", "TD")]
    assert all(t.at is not None for t in RequestTransition.objects.filter(request=request))
    request.refresh_from_db()
    assert request.status == RequestStatus.DONE and request.result.startswith("Đã xác minh")
    # the result's record is opened to the sender
    assert _sees(officer_a, own)
    with pytest.raises(ValidationError):
        services.request_accept(request=request, actor=chief_b)


def test_declining_needs_a_reason(world, officer_a, chief_b) -> None:
    request = send_request(actor=officer_a, to_agency=world.police_b)
    with pytest.raises(ValidationError):
        services.request_decline(request=request, actor=chief_b, reason=" ")
    services.request_decline(request=request, actor=chief_b, reason="Ngoài thẩm quyền.")
    assert request.decline_reason == "Ngoài thẩm quyền."


def test_a_notice_to_a_cluster_not_ones_own_is_refused(world, officer_a, outsider) -> None:
    from giapranh.core.services import record_problems
    from giapranh.exchange.records import NOTICES

    problems = record_problems(record_type=NOTICES, actor=outsider, data={"subject": "x", "to_cluster": world.cluster})
    assert "to_cluster" in problems
    problems = record_problems(record_type=NOTICES, actor=officer_a, data={"subject": "x", "handling_code": "H3"})
    assert "handling_conditions" in problems




def test_the_api_names_the_message_and_handling_code_of_a_received_record(world, officer_a, officer_b, incident_a) -> None:
    # given the incident reached Tam Đa through a notice under handling code H2
    from giapranh.accounts.services import api_token_create

    notice = send_notice(actor=officer_a, to_cluster=world.cluster)
    services.message_link(message=notice, actor=officer_a, target=incident_a)
    headers = {"Authorization": f"Bearer {api_token_create(user=officer_b)}"}
    # when Tam Đa reads it over the API
    body = Client().get(f"/api/v1/incidents/{incident_a.public_id}", headers=headers).json()
    # then the record says how it arrived, as the page does; the owner's own copy says nothing
    assert any(notice.number in note and "H2" in note for note in body["handling_notes"])
    own = Client().get(f"/api/v1/incidents/{incident_a.public_id}", headers={"Authorization": f"Bearer {api_token_create(user=officer_a)}"}).json()
    assert own["handling_notes"] == []
