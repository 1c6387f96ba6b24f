from __future__ import annotations

import pytest
from django.utils import timezone

from tests.reports.conftest import at, incident, person

pytestmark = pytest.mark.usefixtures("reference_data")


@pytest.fixture
def this_month_incident(world):
    today = timezone.localdate()
    return incident(
        world.police_a, world.commune_a, at(today.replace(day=1), 8), suspects=(person(world.police_a),),
        lat=21.5, lon=105.4,
    )


def test_member_sees_this_month_and_the_points_on_the_map(client, world, officer_b, this_month_incident) -> None:
    # given: B is a member of the cluster (A's incident is shared)
    # A commune valid until 30/06/2025 would not take a record dated today: make it the current unit.
    world.commune_a.valid_to = None
    world.commune_a.save(update_fields=["valid_to"])
    client.force_login(officer_b)
    # when
    page = client.get("/reports/clusters/").content.decode()
    # then
    assert world.cluster.name in page
    assert 'class="incident"' in page


def test_steering_gets_numbers_and_no_points_outsider_gets_no_board(client, world, steering, outsider, this_month_incident) -> None:
    # given
    world.commune_a.valid_to = None
    world.commune_a.save(update_fields=["valid_to"])
    client.force_login(steering)
    # when
    page = client.get("/reports/clusters/").content.decode()
    # then: the steering viewer (district police of A) gets the cluster's numbers, no points, "< 3" for persons
    assert world.cluster.name in page and 'class="incident"' not in page and "&lt; 3" in page
    client.force_login(outsider)
    assert world.cluster.name not in client.get("/reports/clusters/").content.decode()


def test_the_home_page_is_the_cluster_dashboard_for_members_and_superiors(client, world, officer_a, superior_1, outsider) -> None:
    # given the home page of a member commune's officer and of the district police above it
    for user in (officer_a, superior_1):
        client.force_login(user)
        html = client.get("/").content.decode()
        # then it shows the cluster's board (this month against last, the offline map) and the exchange counts
        assert 'data-testid="home-dashboard"' in html and world.cluster.name in html, user.username
        assert "<svg" in html
        assert 'data-testid="home-exchange"' in html
    # the commune outside the cluster gets no board of it
    client.force_login(outsider)
    assert world.cluster.name not in client.get("/").content.decode()
