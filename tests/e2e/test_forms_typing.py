"""Forms that fit how commune officers type, in a real browser."""

from __future__ import annotations

import pytest

from giapranh.accounts.demo import DEMO_PASSWORD
from giapranh.incidents.models import TrafficAccident
from tests.e2e.conftest import login


@pytest.mark.parametrize(("language", "amount"), [("vi", "15.000.000 đồng"), ("en", "15.000.000 VND")])
def test_damage_and_coordinates_typed_the_vietnamese_way_are_read_back_unchanged(page, demo_world, live_server, language: str, amount: str) -> None:
    # given: Quang Yên's officer, with the pages in one language
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    login(page, "qy.canbo", DEMO_PASSWORD)
    page.wait_for_url("**/")
    # when: the accident's damage and place are typed as on paper
    page.goto("/incidents/accidents/new/")
    page.fill("#id_occurred_at", "02/03/2024 17:45")
    page.fill("#id_place", "ĐT307 km 12")
    page.fill("#id_damage_vnd", "15.000.000")
    page.fill("#id_latitude", "21,7312")
    page.fill("#id_longitude", "105,3821")
    page.click("#save")
    page.wait_for_url("**/incidents/accidents/*/")
    # then: stored as meant and shown back as typed
    accident = TrafficAccident.objects.get()
    assert (accident.damage_vnd, accident.latitude, accident.longitude) == (15_000_000, 21.7312, 105.3821)
    assert page.text_content("[data-testid=damage]") == amount
    assert page.text_content("[data-testid=latitude]") == "21,7312"
    assert page.text_content("[data-testid=longitude]") == "105,3821"
    # and the edit form offers the same text again
    page.click("#edit")
    assert page.input_value("#id_damage_vnd") == "15.000.000"
    assert page.input_value("#id_latitude") == "21,7312"


def test_a_nationality_is_picked_by_its_vietnamese_name(page, demo_world) -> None:
    from giapranh.people.models import Person

    # given
    login(page, "qy.canbo", DEMO_PASSWORD)
    page.wait_for_url("**/")
    page.goto("/people/new/")
    # the list of names starts with the border's neighbours
    options = page.locator("#id_nationality-countries option")
    assert [options.nth(i).get_attribute("value") for i in range(3)] == ["Trung Quốc", "Lào", "Campuchia"]
    assert page.get_attribute("#id_nationality", "list") == "id_nationality-countries"
    # when
    page.fill("#id_full_name", "Vương Tiểu Long")
    page.select_option("#id_gender", "male")
    page.fill("#id_nationality", "Trung Quốc")
    page.fill("#id_passport_number", "E12345678")
    page.click("#save")
    page.wait_for_url("**/people/*-*/")
    # then
    assert Person.objects.get().nationality == "CN"
    assert "Trung Quốc" in page.text_content("main")
