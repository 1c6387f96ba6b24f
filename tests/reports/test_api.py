from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.reports.conftest import at, incident, person

pytestmark = pytest.mark.usefixtures("reference_data")

URL = "/api/v1/reports/compute?cluster={slug}&start=2019-01-01&end=2019-12-31"


def test_compute_gives_the_figures_the_user_may_see(client, world, officer_a, officer_b) -> None:
    # given: A's unshared incident and a shared one
    incident(world.police_a, world.commune_a, at(dt.date(2019, 3, 1)), shared=False)
    incident(world.police_a, world.commune_a, at(dt.date(2019, 4, 1)))
    # when / then: A sees both, B only the shared one
    client.force_login(officer_a)
    assert client.get(URL.format(slug=world.cluster.slug)).json()["figures"]["incidents.total"]["value"] == 2
    client.force_login(officer_b)
    assert client.get(URL.format(slug=world.cluster.slug)).json()["figures"]["incidents.total"]["value"] == 1


def test_compute_refuses_the_outsider_and_the_anonymous(client, world, outsider) -> None:
    assert client.get(URL.format(slug=world.cluster.slug)).status_code == 401
    client.force_login(outsider)
    assert client.get(URL.format(slug=world.cluster.slug)).status_code == 404


def test_steering_reads_small_person_counts_as_fewer_than_three(client, world, steering) -> None:
    # given
    incident(world.police_a, world.commune_a, at(dt.date(2019, 3, 1)), suspects=(person(world.police_a),))
    client.force_login(steering)
    # when
    figures = client.get(URL.format(slug=world.cluster.slug)).json()["figures"]
    # then: cases are numbers, persons below 3 are not
    assert figures["incidents.total"]["value"] == 1
    assert figures["incidents.prosecuted.subjects"]["value"] == "< 3"


def test_the_number_of_queries_does_not_grow_with_the_records(client, world, officer_a) -> None:
    # given
    client.force_login(officer_a)
    url = URL.format(slug=world.cluster.slug)
    client.get(url)
    incident(world.police_a, world.commune_a, at(dt.date(2019, 3, 1)), suspects=(person(world.police_a),))
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for month in range(1, 12):
        incident(world.police_a, world.commune_a, at(dt.date(2019, month, 2)), suspects=(person(world.police_a, f"Nông Văn {month}"),))
    # when
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    # then
    assert len(many) == len(few)
