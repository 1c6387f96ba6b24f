"""Filters say what they do: errors shown (also to HTMX), filters in force shown as a banner."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

LIST = reverse("incidents:incident_list")
EXITS = reverse("people:exit_list")


def test_an_impossible_date_is_shown_as_an_error_in_the_htmx_answer_and_lists_nothing(client, officer_a, incident_a) -> None:
    # given
    client.force_login(officer_a)
    # when
    response = client.post(LIST, {"date_from": "31/02/2026", "status": "received"}, headers={"HX-Request": "true"})
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="filter-errors"' in html and 'hx-swap-oob="true"' in html
    assert 'data-testid="incident-row"' not in html  # not every record as if unfiltered


def test_a_period_ending_before_it_starts_is_refused_on_the_full_page_too(client, officer_a, incident_a) -> None:
    client.force_login(officer_a)
    with translation.override("vi"):
        response = client.post(LIST, {"date_from": "10/03/2026", "date_to": "01/03/2026"})
    html = response.content.decode()
    assert 'id="filter-errors"' in html and 'data-testid="incident-row"' not in html


def test_filters_kept_in_the_session_show_as_a_banner_with_a_way_out(client, officer_a, incident_a) -> None:
    # given: a filter posted earlier
    client.force_login(officer_a)
    assert client.post(LIST, {"date_from": "01/01/2019", "q": ""}).status_code == 302
    # when: the officer comes back through the menu
    html = client.get(LIST, headers={"Accept-Language": "vi"}).content.decode()
    # then
    assert 'id="filter-banner"' in html and "Đang lọc:" in html and "01/01/2019" in html and "Bỏ lọc" in html
    # and once cleared, no banner
    client.get(LIST + "?reset=1")
    assert 'id="filter-banner"' not in client.get(LIST).content.decode()


def test_kit_lists_show_the_banner_in_the_htmx_answer(client, officer_a) -> None:
    client.force_login(officer_a)
    response = client.post(EXITS, {"status": "abroad"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert 'id="filter-banner"' in html and 'hx-swap-oob="true"' in html and 'id="exit-table"' in html


def test_an_outsider_sees_nothing_through_a_filter(client, outsider, incident_a) -> None:
    client.force_login(outsider)
    response = client.post(LIST, {"q": incident_a.number}, headers={"HX-Request": "true"})
    assert 'data-testid="incident-row"' not in response.content.decode()
