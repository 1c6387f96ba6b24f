"""The incident pages at desk width (1366 px) and phone width (390 px).

`GIAPRANH_SCREENSHOTS=1 pytest tests/e2e/test_layout.py` refreshes the screenshots in docs/screenshots;
otherwise they go to a temporary directory, so that a test run leaves the work tree as it was.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from giapranh.accounts.demo import DEMO_PASSWORD
from tests.e2e.conftest import login

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _contrast(rgb_a: str, rgb_b: str) -> float:
    def luminance(rgb: str) -> float:
        parts = [int(p) / 255 for p in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]
        linear = [p / 12.92 if p <= 0.03928 else ((p + 0.055) / 1.055) ** 2.4 for p in parts]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(rgb_a), luminance(rgb_b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.fixture
def incidents(demo_world) -> None:
    from django.contrib.auth import get_user_model

    from tests.incidents.factories import make_incident

    officer = get_user_model().objects.get(username="qy.canbo")
    for place in ("Thôn Đồng Ếch", "Thôn Đồng Phai", "Chợ Quang Yên"):
        make_incident(actor=officer, place=place)


@pytest.mark.parametrize("width", [1366, 390])
def test_incident_pages_fit_the_screen(page, incidents, width: int, tmp_path) -> None:
    shots = DOCS if os.environ.get("GIAPRANH_SCREENSHOTS") else tmp_path
    # given
    page.set_viewport_size({"width": width, "height": 900})
    login(page, "qy.canbo", DEMO_PASSWORD)
    page.wait_for_url("**/")
    # when
    page.goto("/incidents/")
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / f"incident-list-{width}.png"), full_page=True)
    # then
    phone = width < 700
    assert page.is_visible("#mainnav a") is not phone  # the menu folds away behind its button
    assert page.is_visible("#incident-filters") is not phone
    cell_display = page.eval_on_selector("#incident-table tbody td", "td => getComputedStyle(td).display")
    assert (cell_display == "block") is phone  # rows become stacked cards
    if phone:
        assert page.get_attribute("#incident-table tbody td", "data-label")
        page.click(".nav-toggle")
        assert page.is_visible("#mainnav a")
        page.click(".filters-toggle")
        assert page.is_visible("#incident-filters")
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1  # nothing cut off sideways
    # the form: input borders stand out from the page (WCAG 1.4.11: 3:1)
    page.goto("/incidents/new/")
    page.wait_for_selector("[data-testid=coordinate-map].leaflet-container")  # the coordinate map, drawn
    page.screenshot(path=str(shots / f"incident-form-{width}.png"), full_page=True)
    border = page.eval_on_selector("#id_place", "el => getComputedStyle(el).borderTopColor")
    assert _contrast(border, "rgb(255, 255, 255)") >= 3
    assert page.locator("input[name=partner_agencies][type=checkbox]").count() >= 1
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
