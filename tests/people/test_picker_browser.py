"""The person picker in a real browser (Playwright driving Debian's chromium): search, pick, create inline."""

from __future__ import annotations

import pytest

from giapranh.people.models import Person, Supervision
from tests.browser import login
from tests.factories import PASSWORD
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.e2e


def test_officer_finds_a_misspelt_name_and_picks_him(page, world, officer_a) -> None:
    # given
    duc = PersonFactory(owner_agency=world.police_a, full_name="Nguyễn Văn Đức", birth_year=1985, home_commune=world.commune_a)
    PersonFactory(owner_agency=world.police_a, full_name="Trần Thị Lan", birth_year=1990)
    login(page, "officer_a", PASSWORD)
    page.wait_for_url("**/")
    # when: the officer types the name without diacritics and with a typo
    page.goto("/people/supervisions/new/")
    page.fill("#id_person_search", "nguyen van duk")
    # then: the match is offered, with year and commune but no ID number
    item = page.locator("li[data-person]").first
    item.wait_for()
    assert item.get_attribute("data-person") == str(duc.public_id)
    assert "1985" in item.text_content() and "Xã Quang Yên" in item.text_content()
    # when: picked and the form saved
    item.click()
    page.wait_for_selector("[data-picked]")
    assert page.input_value("#id_person") == str(duc.public_id)
    page.select_option("#id_basis", label="Người nghiện ma túy")
    page.fill("#id_starts_on", "15/03/2020")
    page.click("#save")
    page.wait_for_url("**/people/supervisions/*/")
    # then
    supervision = Supervision.objects.get()
    assert supervision.person == duc and supervision.number == "QY-QL-2020-001"


def test_officer_creates_a_person_from_inside_the_picker(page, world, officer_a) -> None:
    # given
    login(page, "officer_a", PASSWORD)
    page.wait_for_url("**/")
    page.goto("/people/exits/new/")
    # when: nobody matches, the officer records the person inline
    page.fill("#id_person_search", "Hoàng Thị Mai")
    page.locator("[data-testid=person-create]").click()
    page.wait_for_selector("#id_person-new-full_name")
    assert page.input_value("#id_person-new-full_name") == "Hoàng Thị Mai"
    page.select_option("#id_person-new-gender", "female")
    page.fill("#id_person-new-birth_year", "1998")
    page.click("[data-testid=person-create-save]")
    page.wait_for_selector("[data-picked]")
    # then: the new person is picked; the exit is saved against her
    mai = Person.objects.get(full_name="Hoàng Thị Mai")
    assert page.input_value("#id_person") == str(mai.public_id)
    page.fill("#id_left_on", "01/08/2019")
    page.click("#save")
    page.wait_for_url("**/people/exits/*/")
    assert mai.illegal_exits.get().destination_country == "CN"


def test_quick_create_shows_errors_in_place(page, world, officer_a) -> None:
    login(page, "officer_a", PASSWORD)
    page.wait_for_url("**/")
    page.goto("/people/exits/new/")
    page.fill("#id_person_search", "Lê")
    page.locator("[data-testid=person-create]").click()
    page.wait_for_selector("#id_person-new-full_name")
    page.fill("#id_person-new-nationality", "V1")
    page.click("[data-testid=person-create-save]")
    page.wait_for_selector("#id_person_results .errorlist")
    # the picker is still there, nothing was recorded
    assert page.locator("#id_person_search").is_visible()
    assert not Person.objects.exists()
