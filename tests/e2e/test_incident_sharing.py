"""The cross-border story of issue 3, in a real browser, on the real demo units.

An officer of Quang Yên (Vĩnh Phúc) records a theft whose suspect lives in Tam Đa
(Tuyên Quang, across the provincial line); the Quang Yên chief shares it with the
cluster; an officer of Tam Đa finds it by typing the suspect's name without diacritics.
"""

from __future__ import annotations

from giapranh.accounts.demo import DEMO_PASSWORD
from giapranh.core.models import AccessLogEntry
from giapranh.incidents.models import Incident, IncidentCategory
from tests.e2e.conftest import login


def _logout(page) -> None:
    page.context.clear_cookies()


def test_theft_recorded_in_quang_yen_shared_and_found_from_tam_da(page, demo_world) -> None:
    theft = IncidentCategory.objects.select_related("parent").get(code="ttxh-trom-cap-tai-san")
    # given: the Quang Yên officer records the theft
    login(page, "qy.canbo", DEMO_PASSWORD)
    page.wait_for_url("**/")
    page.click("nav.mainnav >> text=Vụ việc")
    page.wait_for_url("**/incidents/")
    page.goto("/incidents/new/")
    page.fill("#id_occurred_at", "14/03/2020 23:10")
    page.fill("#id_reported_at", "15/03/2020 07:30")
    page.fill("#id_place", "Thôn Đồng Phai, cạnh bến đò sông Lô")
    page.select_option("#id_category", label=f"{theft.parent.name} › {theft.name}")
    page.fill("#id_summary", "Mất trộm 01 con trâu; nghi đối tượng dắt qua sông sang huyện Sơn Dương.")
    page.click("#save")
    page.wait_for_url("**/incidents/*/")
    number = page.text_content("[data-testid=number]")
    assert number == "QY-2020-001"
    assert "Xã Quang Yên" in page.text_content("[data-testid=commune]")
    # and adds the suspect, who is not known yet and lives across the line in Tam Đa
    page.fill("#id_person_search", "Nguyễn Văn Đức")
    page.locator("[data-testid=person-create]").click()
    page.wait_for_selector("#id_person-new-full_name")
    page.select_option("#id_person-new-gender", "male")
    page.fill("#id_person-new-birth_year", "1988")
    # the home commune is searched across the whole country, diacritics optional
    page.fill("#id_person-new-home_commune_unitsearch", "tam da son duong")
    page.locator("li[data-unit]", has_text="Huyện Sơn Dương").first.click()
    assert "Xã Tam Đa" in page.input_value("#id_person-new-home_commune_unitsearch")
    page.click("[data-testid=person-create-save]")
    page.wait_for_selector("[data-picked]")
    page.select_option("#id_role", "suspect")
    page.click("#add-involvement")
    page.wait_for_selector("[data-testid=involvement]")
    assert "Nguyễn Văn Đức" in page.text_content("[data-testid=involvement]")
    from giapranh.people.models import Person

    assert Person.objects.get(full_name="Nguyễn Văn Đức").home_commune.full_name == "Xã Tam Đa, Huyện Sơn Dương, Tỉnh Tuyên Quang"
    _logout(page)

    # when: Tam Đa cannot see it yet …
    login(page, "td.canbo", DEMO_PASSWORD)
    page.wait_for_url("**/")
    page.goto("/incidents/")
    page.fill("#id_q", "nguyen van duc")
    page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    assert number not in page.text_content("main")
    _logout(page)

    # … until the Quang Yên chief shares it with the cluster
    login(page, "qy.truong", DEMO_PASSWORD)
    page.wait_for_url("**/")
    page.goto("/incidents/")
    page.click(f"text={number}")
    page.click("#share")
    page.click("#confirm-share")
    page.wait_for_selector(".badge.shared")
    assert Incident.objects.get(number=number).shared_with_cluster
    assert AccessLogEntry.objects.filter(action="share", actor_username="qy.truong").exists()
    _logout(page)

    # then: the Tam Đa officer finds it by typing the suspect's name without diacritics
    login(page, "td.canbo", DEMO_PASSWORD)
    page.wait_for_url("**/")
    page.goto("/incidents/")
    page.fill("#id_q", "nguyen van duc")
    page.keyboard.press("Enter")
    page.wait_for_selector(f"text={number}")
    assert "nguyen" not in page.url  # what was typed stays out of the URL
    page.click(f"text={number}")
    page.wait_for_url("**/incidents/*/")
    assert "Nguyễn Văn Đức" in page.text_content("[data-testid=involvement]")
    assert "Mất trộm 01 con trâu" in page.text_content("[data-testid=summary]")
    # and reading it was written to the access log
    assert AccessLogEntry.objects.filter(action="view", actor_username="td.canbo", target_type="incidents.incident").exists()
