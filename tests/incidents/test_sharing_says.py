"""Sharing says what it does: who will read, whose particulars, how many communes; only the chief shares."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _share_url(record) -> str:
    return reverse("incidents:incident_share", kwargs={"public_id": record.public_id})


def test_the_chief_confirms_after_reading_who_will_see_what(client, world, chief_a, incident_a, person_an) -> None:
    # given
    client.force_login(chief_a)
    # when
    html = client.get(_share_url(incident_a), headers={"Accept-Language": "vi"}).content.decode()
    # then: the receiving agencies by name, and the persons whose particulars they will see
    assert world.police_b.name in html and world.police_a.name not in html.split('id="share-agencies"')[1].split("</ul>")[0]
    assert person_an.full_name in html.split('id="share-persons"')[1]
    incident_a.refresh_from_db()
    assert not incident_a.shared_with_cluster  # reading the page shares nothing


def test_the_badge_counts_the_communes(client, chief_a, incident_a) -> None:
    client.force_login(chief_a)
    client.post(_share_url(incident_a), {"shared": "1"})
    html = client.get(incident_a.get_absolute_url(), headers={"Accept-Language": "vi"}).content.decode()
    assert "Đã chia sẻ với cụm (1 xã)" in html


def test_an_officer_reads_that_only_the_chief_shares(client, officer_a, incident_a) -> None:
    client.force_login(officer_a)
    html = client.get(incident_a.get_absolute_url()).content.decode()
    assert 'id="share-chief-only"' in html and 'id="share"' not in html
    assert client.get(_share_url(incident_a)).status_code == 404


def test_the_neighbour_gets_404_on_the_confirmation(client, officer_b, outsider, incident_a) -> None:
    for user in (officer_b, outsider):
        client.force_login(user)
        assert client.get(_share_url(incident_a)).status_code == 404


def _listed(client, sharing: str) -> str:
    return client.post(reverse("incidents:incident_list"), {"sharing": sharing}, headers={"HX-Request": "true"}).content.decode()


def test_lists_filter_shared_not_shared_and_received(client, world, chief_a, officer_b, outsider, incident_a) -> None:
    from tests.incidents.factories import make_incident

    # given: Quang Yên's shared incident and Tam Đa's own
    client.force_login(chief_a)
    client.post(_share_url(incident_a), {"shared": "1"})
    own_b = make_incident(actor=officer_b, place="Chợ Tam Đa")
    # then: Tam Đa's officer finds the first among the received, the second among its own unshared
    client.force_login(officer_b)
    assert incident_a.number in _listed(client, "received") and own_b.number not in _listed(client, "received")
    assert own_b.number in _listed(client, "not_shared") and incident_a.number not in _listed(client, "not_shared")
    client.force_login(chief_a)
    assert incident_a.number in _listed(client, "shared")
    # and the outsider receives nothing
    client.force_login(outsider)
    assert incident_a.number not in _listed(client, "received")
