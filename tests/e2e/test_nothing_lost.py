"""Nothing typed is lost: the session warning and its extend button, and the draft kept across a sign-in."""

from __future__ import annotations

from giapranh.accounts.demo import DEMO_PASSWORD
from giapranh.incidents.models import TrafficAccident
from tests.e2e.conftest import login


def test_a_warning_before_the_idle_limit_extends_the_session(page, demo_world, settings) -> None:
    # given: an idle limit five minutes and two seconds long, so the warning comes after two seconds
    settings.SESSION_IDLE_TIMEOUT = 5 * 60 + 2
    login(page, "qy.canbo", DEMO_PASSWORD)
    page.wait_for_url("**/")
    page.goto("/incidents/accidents/new/")
    # when
    page.wait_for_selector("#session-warning", state="visible", timeout=10_000)
    assert page.evaluate("document.activeElement.id") == "session-extend"
    with page.expect_response("**/account/keep-alive/") as answer:
        page.click("#session-extend")
    # then
    assert answer.value.ok
    page.wait_for_selector("#session-warning", state="hidden")


def test_a_draft_survives_the_session_limit_and_is_cleared_on_save(page, demo_world) -> None:
    # given: an officer half-way through an accident form
    login(page, "qy.canbo", DEMO_PASSWORD)
    page.wait_for_url("**/")
    page.goto("/incidents/accidents/new/")
    page.fill("#id_occurred_at", "02/03/2024 17:45")
    page.fill("#id_place", "ĐT307 km 12")
    page.fill("#id_damage_vnd", "15.000.000")
    # when: the session ends meanwhile (its cookie gone), and "Save" leads to the sign-in page
    page.context.clear_cookies(name="sessionid")
    page.click("#save")
    page.wait_for_url("**/login/**")
    page.fill("#id_username", "qy.canbo")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("#login-submit")
    page.wait_for_url("**/incidents/accidents/new/")
    # then: the draft is offered back
    page.click("#draft-restore")
    assert page.input_value("#id_place") == "ĐT307 km 12"
    assert page.input_value("#id_damage_vnd") == "15.000.000"
    page.click("#save")
    page.wait_for_url("**/incidents/accidents/*-*/")
    assert TrafficAccident.objects.get().damage_vnd == 15_000_000
    # and once saved, it is not offered again
    page.goto("/incidents/accidents/new/")
    page.wait_for_load_state("load")
    assert page.locator("#draft-offer").count() == 0


def test_signing_out_forgets_the_drafts(page, demo_world) -> None:
    login(page, "qy.canbo", DEMO_PASSWORD)
    page.wait_for_url("**/")
    page.goto("/incidents/accidents/new/")
    page.fill("#id_place", "Cầu Lãng Công")
    assert page.evaluate("Object.keys(sessionStorage).some(k => k.startsWith('giapranh-draft:'))")
    page.click("#logout-form button")
    page.wait_for_load_state("load")
    assert not page.evaluate("Object.keys(sessionStorage).some(k => k.startsWith('giapranh-draft:'))")
