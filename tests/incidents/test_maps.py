"""The data the offline maps are drawn from: only records the viewer may see, never a person."""

from __future__ import annotations

import html
import json
import re
from typing import Any

import pytest
from django.utils import timezone

from giapranh.incidents.forms import IncidentForm, TrafficAccidentForm
from tests.reports.conftest import at, incident, person

pytestmark = pytest.mark.usefixtures("reference_data")


def _maps(page: str) -> list[dict[str, Any]]:
    return [json.loads(html.unescape(value)) for value in re.findall(r'data-report-map="([^"]*)"', page)]


@pytest.fixture
def unshared_point(world):
    # A commune valid until 30/06/2025 would not take a record dated today: make it the current unit.
    world.commune_a.valid_to = None
    world.commune_a.latitude, world.commune_a.longitude = 21.49, 105.38
    world.commune_a.save(update_fields=["valid_to", "latitude", "longitude"])
    today = timezone.localdate()
    return incident(
        world.police_a, world.commune_a, at(today.replace(day=1), 8), shared=False,
        suspects=(person(world.police_a, "Trần Văn Bí Mật"),), lat=21.5, lon=105.4,
    )


def test_the_owner_gets_the_point_the_neighbour_does_not(client, world, officer_a, officer_b, unshared_point) -> None:
    # given: an incident of A, not shared with the cluster
    client.force_login(officer_a)
    # when: A's officer opens the dashboards
    maps = _maps(client.get("/reports/clusters/").content.decode())
    # then: the Leaflet map's data holds the point and the communes, with translated legend labels
    assert maps and [21.5, 105.4, "incident"] in maps[0]["points"]
    assert any(commune[2] == world.commune_a.name for commune in maps[0]["communes"])
    assert set(maps[0]["labels"]) == {"title", "commune", "incident", "accident"}
    # when: B's officer (same cluster) opens them
    client.force_login(officer_b)
    maps = _maps(client.get("/reports/clusters/").content.decode())
    # then: the map has the communes but no point of A's unshared incident
    assert maps and maps[0]["points"] == []


def test_a_steering_viewers_map_has_no_point_and_names_no_person(client, world, steering, unshared_point) -> None:
    client.force_login(steering)
    page = client.get("/reports/clusters/").content.decode()
    maps = _maps(page)
    assert maps and all(m["points"] == [] for m in maps)
    assert "Bí Mật" not in page


def test_every_form_with_coordinates_gets_the_map_of_the_users_communes(world, officer_a, outsider) -> None:
    # given: the forms of both types with latitude and longitude
    world.commune_a.latitude, world.commune_a.longitude = 21.49, 105.38
    world.commune_a.save(update_fields=["latitude", "longitude"])
    for form_class in (IncidentForm, TrafficAccidentForm):
        # when: rendered for A's officer
        rendered = str(form_class(user=officer_a)["longitude"])
        # then: the longitude box is followed by the map, which knows the latitude box and A's commune
        data = re.search(r'data-coordinate-map="([^"]*)"', rendered)
        assert data is not None and 'data-latitude="id_latitude"' in rendered
        communes = json.loads(html.unescape(data.group(1)))["communes"]
        assert {"name": world.commune_a.name, "lat": 21.49, "lon": 105.38, "own": True, "current": False} in communes
        # and a commune outside the cluster sees none of A's communes on its map
        rendered = str(form_class(user=outsider)["longitude"])
        assert world.commune_a.name not in html.unescape(rendered)
