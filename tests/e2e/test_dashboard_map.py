"""The dashboard's map offline: Leaflet from our static files, no request leaves 127.0.0.1."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.utils import timezone

from giapranh.accounts.demo import DEMO_PASSWORD
from giapranh.accounts.models import Agency
from giapranh.territory.models import AdminUnit
from tests.e2e.conftest import login
from tests.reports.conftest import at, incident


def test_the_dashboard_map_draws_offline_with_zoom_and_legend(page, demo_world) -> None:
    # given: an incident of this month with coordinates in Quang Yên (today's unit: Yên Lãng)
    today = timezone.localdate()
    commune = AdminUnit.objects.get(name="Xã Yên Lãng", valid_to__isnull=True)
    incident(Agency.objects.get(name="Công an xã Quang Yên"), commune, at(today.replace(day=1), 8), shared=False,
             lat=commune.latitude, lon=commune.longitude)
    outside: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: outside.append(request.url) if urlsplit(request.url).hostname not in ("127.0.0.1", "localhost") and not request.url.startswith("data:") else None)
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    # when: the officer opens the home page
    login(page, "qy.canbo", DEMO_PASSWORD)
    page.wait_for_url("**/")
    # then: the SVG is replaced by the Leaflet map, with the communes, the incident, zoom buttons and a legend
    page.wait_for_selector("[data-testid=report-map].leaflet-container")
    assert page.locator("[data-testid=report-map] path.map-incident").count() == 1
    assert page.locator("[data-testid=report-map] path.map-commune").count() >= 6
    assert page.locator("[data-testid=report-map] .leaflet-control-zoom-in").count() == 1
    legend = page.text_content("[data-testid=report-map] .map-legend")
    assert "vụ việc" in legend and "tai nạn giao thông" in legend
    assert not page.locator("svg[data-testid=map]").first.is_visible()
    # zooming in works without any tile to fetch
    page.click("[data-testid=report-map] .leaflet-control-zoom-in")
    page.wait_for_timeout(400)
    # nothing left this machine, and the CSP refused nothing
    assert outside == [] and errors == []


def test_without_javascript_the_dashboard_shows_the_svg_map(browser, live_server, reference_data, demo_world) -> None:
    context = browser.new_context(locale="vi-VN", base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        login(page, "qy.canbo", DEMO_PASSWORD)
        page.wait_for_url("**/")
        assert page.locator("svg[data-testid=map]").first.is_visible()
    finally:
        context.close()
