"""After a person is picked, the keyboard goes on to the next control (issue 7, point 9)."""

from __future__ import annotations

from giapranh.accounts.demo import DEMO_PASSWORD
from giapranh.accounts.models import Agency
from giapranh.incidents.models import IncidentCategory
from tests.e2e.conftest import login
from tests.people.factories import PersonFactory


def _new_incident(page) -> None:
    theft = IncidentCategory.objects.select_related("parent").get(code="ttxh-trom-cap-tai-san")
    page.goto("/incidents/new/")
    page.fill("#id_place", "Thôn Đồng Phai")
    page.select_option("#id_category", label=f"{theft.parent.name} › {theft.name}")
    page.fill("#id_summary", "Mất trộm 01 con trâu.")
    page.click("#save")
    page.wait_for_url("**/incidents/*/")


def test_focus_moves_to_the_role_after_picking_and_back_to_the_search_after_change(page, demo_world) -> None:
    # given: a known person of Quang Yên and one of its incidents
    police = Agency.objects.get(name="Công an xã Quang Yên")
    PersonFactory(owner_agency=police, full_name="Hoàng Văn Thắng", birth_year=1990)
    login(page, "qy.canbo", DEMO_PASSWORD)
    page.wait_for_url("**/")
    _new_incident(page)
    # when: the officer finds the person with the keyboard and picks them with Enter
    page.fill("#id_person_search", "hoang van thang")
    page.wait_for_selector("li[data-person]")
    page.focus("li[data-person]")
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-picked]")
    # then: focus is on the role, the next field to fill
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'id_role'")
    # and typing goes on from there: the role, then Add
    page.select_option("#id_role", "victim")
    page.click("#add-involvement")
    page.wait_for_selector("[data-testid=involvement]")
    assert "Hoàng Văn Thắng" in page.text_content("[data-testid=involvement]")


def test_change_puts_the_focus_back_in_the_search_box(page, demo_world) -> None:
    police = Agency.objects.get(name="Công an xã Quang Yên")
    PersonFactory(owner_agency=police, full_name="Hoàng Văn Thắng", birth_year=1990)
    login(page, "qy.canbo", DEMO_PASSWORD)
    page.wait_for_url("**/")
    _new_incident(page)
    page.fill("#id_person_search", "hoang van thang")
    page.click("li[data-person]")
    page.wait_for_selector("[data-picked]")
    # when: the officer changes their mind
    page.click("[data-testid=person-change]")
    # then: the search box is back and has the focus
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'id_person_search'")
