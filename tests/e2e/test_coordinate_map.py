"""Coordinates picked on the record form's offline map, or pasted as a pair, under the real CSP."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

from giapranh.accounts.demo import DEMO_PASSWORD
from giapranh.incidents.models import Incident, IncidentCategory, TrafficAccident
from tests.e2e.conftest import login


def _watch(page: Any) -> tuple[list[str], list[str]]:
    """Every request that leaves 127.0.0.1, and every console error (a CSP refusal is one)."""
    outside: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: outside.append(request.url) if urlsplit(request.url).hostname not in ("127.0.0.1", "localhost") and not request.url.startswith("data:") else None)
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    return outside, errors


def _incident_basics(page: Any) -> None:
    theft = IncidentCategory.objects.select_related("parent").get(code="ttxh-trom-cap-tai-san")
    page.fill("#id_place", "Thôn Đồng Phai, cạnh bến đò sông Lô")
    page.select_option("#id_category", label=f"{theft.parent.name} › {theft.name}")
    page.fill("#id_summary", "Mất trộm 01 con trâu.")


def test_a_point_picked_on_the_map_is_saved_and_read_back(page, demo_world) -> None:
    from giapranh.territory.models import AdminUnit

    outside, errors = _watch(page)
    # given: Quang Yên's officer on a new incident
    login(page, "qy.canbo", DEMO_PASSWORD)
    page.wait_for_url("**/")
    page.goto("/incidents/new/")
    _incident_basics(page)
    # the map of the cluster's communes opens on the officer's own commune (no tiles: points only)
    page.wait_for_selector("[data-testid=coordinate-map].leaflet-container")
    labels = page.locator("[data-testid=coordinate-map] .map-label").all_text_contents()
    assert "Xã Yên Lãng" in labels and "Xã Tam Đa" in labels
    assert page.locator("[data-testid=coordinate-map] img").count() == 0
    # when: the officer clicks the middle of the map
    box = page.locator("[data-testid=coordinate-map]").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    # then: both boxes are filled the Vietnamese way and the marker shows the point
    latitude, longitude = page.input_value("#id_latitude"), page.input_value("#id_longitude")
    assert latitude.count(",") == 1 and "." not in latitude, latitude
    assert longitude.startswith("105,"), longitude
    assert page.locator("[data-testid=coordinate-map] path.map-picked").count() == 1
    # near the commune's centroid, where the map was opened
    home = AdminUnit.objects.filter(name="Xã Yên Lãng", valid_to__isnull=True).first()
    assert home is not None and abs(float(latitude.replace(",", ".")) - home.latitude) < 0.01
    # when saved, the detail page reads the same text back
    page.click("#save")
    page.wait_for_url("**/incidents/*/")
    assert page.text_content("[data-testid=latitude]") == latitude
    assert page.text_content("[data-testid=longitude]") == longitude
    incident = Incident.objects.get()
    assert (f"{incident.latitude:.4f}".rstrip("0").replace(".", ","), f"{incident.longitude:.4f}".rstrip("0").replace(".", ",")) == (latitude, longitude)
    # and the edit form shows the saved point on the map
    page.click("#edit")
    page.wait_for_selector("[data-testid=coordinate-map] path.map-picked")
    # nothing left 127.0.0.1 and the CSP refused nothing
    assert outside == []
    assert errors == []


@pytest.mark.parametrize("pasted", ["21.7312, 105.3821", "21,7312 105,3821"])
def test_a_pair_pasted_into_the_latitude_box_fills_both(page, demo_world, pasted: str) -> None:
    outside, errors = _watch(page)
    # given: the accident form
    login(page, "qy.canbo", DEMO_PASSWORD)
    page.wait_for_url("**/")
    page.goto("/incidents/accidents/new/")
    page.fill("#id_place", "ĐT307 km 12")
    page.wait_for_selector("[data-testid=coordinate-map].leaflet-container")
    # when: a pair copied from another map is pasted into the latitude box
    page.focus("#id_latitude")
    page.evaluate(
        """text => {
            const data = new DataTransfer();
            data.setData("text/plain", text);
            document.getElementById("id_latitude").dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
        }""",
        pasted,
    )
    # then: it is split into both boxes, written the Vietnamese way, and marked on the map
    assert (page.input_value("#id_latitude"), page.input_value("#id_longitude")) == ("21,7312", "105,3821")
    page.wait_for_selector("[data-testid=coordinate-map] path.map-picked")
    page.click("#save")
    page.wait_for_url("**/incidents/accidents/*/")
    assert page.text_content("[data-testid=latitude]") == "21,7312"
    assert page.text_content("[data-testid=longitude]") == "105,3821"
    accident = TrafficAccident.objects.get()
    assert (accident.latitude, accident.longitude) == (21.7312, 105.3821)
    assert outside == [] and errors == []


def test_without_javascript_the_form_hides_the_map_and_splits_the_pair_itself(browser, live_server, reference_data, demo_world) -> None:
    # given: a browser with scripts off
    context = browser.new_context(locale="vi-VN", base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        login(page, "qy.canbo", DEMO_PASSWORD)
        page.wait_for_url("**/")
        page.goto("/incidents/accidents/new/")
        # then: no map to click, the boxes as before
        assert not page.locator("[data-testid=coordinate-map]").is_visible()
        # when: the pair is typed into the latitude box and the form saved
        page.fill("#id_place", "ĐT307 km 12")
        page.fill("#id_latitude", "21.7312, 105.3821")
        page.click("#save")
        page.wait_for_url("**/incidents/accidents/*/")
        # then: the server split it
        assert page.text_content("[data-testid=latitude]") == "21,7312"
        assert page.text_content("[data-testid=longitude]") == "105,3821"
    finally:
        context.close()
