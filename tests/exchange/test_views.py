"""The exchange's pages: inbox, outbox, counts in the menu, the message page's actions."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from giapranh.exchange.models import CoordinationRequest, Delivery
from tests.exchange.conftest import send_notice, send_request

pytestmark = pytest.mark.usefixtures("reference_data")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_menu_polls_the_counts_and_the_fragment_shows_unread_and_overdue(world, officer_a, officer_b) -> None:
    send_notice(actor=officer_a, to_cluster=world.cluster)
    request = send_request(actor=officer_a, to_agency=world.police_b)
    CoordinationRequest.objects.filter(pk=request.pk).update(deadline=timezone.now() - dt.timedelta(hours=1))
    client = _client(officer_b)
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert f'hx-get="{reverse("exchange:counts")}"' in page and "every 30s" in page
    assert "<script>" not in page.replace('<script src', '')  # no inline script (CSP)
    fragment = client.get(reverse("exchange:counts")).content.decode()
    assert re.search(r'data-testid="unread-count"[^>]*>2<', fragment) and re.search(r'data-testid="overdue-count"[^>]*>1 ', fragment)


def test_the_inbox_lists_what_the_agency_received_flash_first_and_the_outsider_nothing(world, officer_a, officer_b, outsider) -> None:
    routine = send_notice(actor=officer_a, to_cluster=world.cluster, urgency="routine", subject="Thường")
    flash = send_notice(actor=officer_a, to_cluster=world.cluster, urgency="flash", subject="Hỏa tốc")
    page = _client(officer_b).get(reverse("exchange:inbox")).content.decode()
    assert page.index(f'data-record="{flash.public_id}"') < page.index(f'data-record="{routine.public_id}"')
    filtered = _client(officer_b).get(reverse("exchange:inbox"), {"urgency": "routine"}).content.decode()
    assert f'data-record="{routine.public_id}"' in filtered and f'data-record="{flash.public_id}"' not in filtered
    assert str(flash.public_id) not in _client(outsider).get(reverse("exchange:inbox")).content.decode()
    outbox = _client(officer_a).get(reverse("exchange:outbox")).content.decode()
    assert f'data-record="{flash.public_id}"' in outbox


def test_a_notice_sent_from_the_form_links_a_record_from_its_page(world, officer_a, officer_b, outsider, incident_a) -> None:
    client = _client(officer_a)
    response = client.post(reverse("exchange:notice_create"), {
        "subject": "Mất trộm xe máy", "urgency": "flash", "handling_code": "H0", "to_cluster": world.cluster.pk, "body": "Xe Wave màu đỏ.",
    })
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    notice = Delivery.objects.get(agency=world.police_b).notice
    client.post(reverse("exchange:notice_action", args=[notice.public_id, "link"]), {"type": "incidents.incident", "ref": incident_a.number})
    page = _client(officer_b).get(notice.get_absolute_url()).content.decode()
    assert incident_a.number in page and "H0" in page
    assert _client(outsider).get(notice.get_absolute_url()).status_code == 404
    assert _client(outsider).post(reverse("exchange:notice_action", args=[notice.public_id, "reply"]), {"body": "x"}).status_code == 404


def test_the_request_page_walks_the_workflow(world, officer_a, chief_a, chief_b) -> None:
    request = send_request(actor=officer_a, to_agency=world.police_b)
    client = _client(chief_b)
    assert 'id="accept"' in client.get(request.get_absolute_url()).content.decode()
    client.post(reverse("exchange:request_action", args=[request.public_id, "accept"]))
    client.post(reverse("exchange:request_action", args=[request.public_id, "complete"]), {"result": "Đã xác minh."})
    page = _client(chief_a).get(request.get_absolute_url()).content.decode()
    assert "Đã xác minh." in page and page.count('<li>') >= 3
    request.refresh_from_db()
    assert request.status == "done"


def test_the_notice_and_request_lists_filter_by_their_own_fields(world, officer_a, officer_b) -> None:
    flash = send_notice(actor=officer_a, to_cluster=world.cluster, urgency="flash")
    routine = send_notice(actor=officer_a, to_cluster=world.cluster, urgency="routine", handling_code="H0")
    request = send_request(actor=officer_a, to_agency=world.police_b)
    client = _client(officer_b)
    page = client.post(reverse("exchange:notice_list"), {"urgency": "routine"}, follow=True).content.decode()
    assert str(routine.public_id) in page and str(flash.public_id) not in page
    page = client.post(reverse("exchange:request_list"), {"status": "sent", "request_type": "identity"}, follow=True).content.decode()
    assert str(request.public_id) in page
    # the form offers only the sender's clusters and not its own agency
    form = _client(officer_a).get(reverse("exchange:notice_create")).context["form"]
    assert list(form.fields["to_cluster"].queryset) == [world.cluster]
    assert world.police_a not in form.fields["recipient_agencies"].queryset


def test_the_inbox_costs_the_same_queries_for_one_message_or_many(world, officer_a, officer_b, django_assert_max_num_queries) -> None:
    send_notice(actor=officer_a, to_cluster=world.cluster)
    send_request(actor=officer_a, to_agency=world.police_b)
    client = _client(officer_b)
    client.get(reverse("exchange:inbox"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("exchange:inbox"))
    for n in range(5):
        send_notice(actor=officer_a, to_cluster=world.cluster, subject=f"Tin {n}")
        send_request(actor=officer_a, to_agency=world.police_b, subject=f"Đề nghị {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("exchange:inbox"))
