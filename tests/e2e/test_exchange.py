"""Issue 9 in a real browser, on the real demo units: a flash notice across the line, its receipt, a hit alert, a request for details.

Quang Yên's officer sends a hỏa tốc notice about a stolen motorbike to the cluster with
the incident linked; Tam Đa's officer sees the unread count, opens the notice (its receipt
is recorded) and reads the incident; when Tam Đa's officer records a suspect matching
Quang Yên's, Tam Đa's chief gets a hit alert, and sends a request for details that
Quang Yên's chief accepts and answers.
"""

from __future__ import annotations

import datetime as dt

from giapranh.accounts.demo import DEMO_PASSWORD
from giapranh.accounts.models import User
from giapranh.core.models import AccessLogEntry
from giapranh.exchange.models import CoordinationRequest, Delivery, Notice, PersonAlert
from giapranh.incidents.choices import InvolvementRole
from giapranh.incidents.services import involvement_add
from tests.e2e.conftest import login
from tests.incidents.factories import at, make_incident
from tests.people.factories import PersonFactory

SUSPECT = {"full_name": "Lý Văn Quyết", "birth_date": dt.date(1993, 8, 2), "birth_year": 1993, "gender": "male", "id_number": "008093007788"}


def _logout(page) -> None:
    page.context.clear_cookies()


def test_a_flash_notice_its_receipt_a_hit_alert_and_a_request_for_details(page, demo_world) -> None:
    qy_officer = User.objects.get(username="qy.canbo")
    td_officer = User.objects.get(username="td.canbo")
    # given: Quang Yên's stolen motorbike, with its suspect
    theft = make_incident(actor=qy_officer, occurred_at=at(2026, 11, 29, 22, 0), summary="Mất trộm xe máy Honda Wave biển 88H1-123.45")
    suspect_qy = PersonFactory(owner_agency=qy_officer.agency, phone="0987000222", **SUSPECT)
    involvement_add(incident=theft, actor=qy_officer, person=suspect_qy, role=InvolvementRole.SUSPECT)

    # when: Quang Yên's officer sends a flash notice to the cluster and links the incident
    login(page, "qy.canbo", DEMO_PASSWORD)
    page.wait_for_url("**/")
    page.goto("/exchange/notices/new/")
    page.fill("#id_subject", "Mất trộm xe máy, đối tượng có thể qua sông Lô")
    page.select_option("#id_urgency", "flash")
    page.select_option("#id_handling_code", "H1")
    page.select_option("#id_to_cluster", index=1)
    page.fill("#id_body", "Đề nghị các xã trong cụm lưu ý các điểm thu mua xe cũ.")
    page.click("#save")
    page.wait_for_url("**/exchange/notices/*/")
    page.select_option("#id_type", "incidents.incident")
    page.fill("#id_ref", theft.number)
    page.click("#link-form button[type=submit]")
    page.wait_for_selector(f"#links >> text={theft.number}")
    notice = Notice.objects.get()
    assert notice.urgency == "flash" and Delivery.objects.filter(notice=notice, agency=td_officer.agency).exists()
    _logout(page)

    # then: Tam Đa's officer sees the unread count in the menu, refreshed by HTMX
    login(page, "td.canbo", DEMO_PASSWORD)
    page.wait_for_url("**/")
    assert page.text_content("nav.mainnav [data-testid=unread-count]", timeout=10_000).strip() == "1"
    page.click("nav.mainnav >> text=Hộp thư đến")
    page.click(f"#box-notices >> text={notice.number}")
    page.wait_for_url("**/exchange/notices/*/")
    receipt = Delivery.objects.get(notice=notice, agency=td_officer.agency)
    assert receipt.read_by == td_officer and receipt.read_at is not None
    assert "H1" in page.text_content("#facts")
    page.click(f"#links >> text={theft.number}")
    page.wait_for_url("**/incidents/*/")
    assert "88H1-123.45" in page.text_content("main")
    assert notice.number in page.text_content("[data-testid=detail-note]")
    assert AccessLogEntry.objects.filter(action="view", actor_username="td.canbo", target_ref=str(theft.public_id)).exists()
    _logout(page)

    # when: Tam Đa's officer records a suspect of his own, the same man
    own = make_incident(actor=td_officer, occurred_at=at(2026, 11, 30, 6, 0), summary="Phát hiện xe máy nghi trộm cắp tại bãi sông")
    suspect_td = PersonFactory(owner_agency=td_officer.agency, **SUSPECT)
    involvement_add(incident=own, actor=td_officer, person=suspect_td, role=InvolvementRole.SUSPECT)
    alert = PersonAlert.objects.get(agency=td_officer.agency)

    # then: Tam Đa's chief sees the alert, and nothing of Quang Yên's record
    login(page, "td.truong", DEMO_PASSWORD)
    page.wait_for_url("**/")
    page.goto("/exchange/alerts/")
    page.click(f"[data-alert='{alert.public_id}'] a")
    assert "Quang Yên" in page.text_content("[data-testid=where]")
    body = page.text_content("main")
    assert str(suspect_qy.public_id) not in page.content() and "0987000222" not in body and theft.number not in body
    page.click("#request-details")
    page.wait_for_url("**/exchange/requests/*/")
    request = CoordinationRequest.objects.get(to_agency=qy_officer.agency)
    _logout(page)

    # and Quang Yên's chief accepts and answers it, with the suspect's record
    login(page, "qy.truong", DEMO_PASSWORD)
    page.wait_for_url("**/")
    page.goto("/exchange/")
    page.click(f"#box-requests >> text={request.number}")
    page.click("#accept")
    page.wait_for_selector("#complete")
    page.select_option("#id_type", "people.person")
    page.fill("#id_ref", str(suspect_qy.public_id))
    page.click("#link-form button[type=submit]")
    page.wait_for_selector("#links li[data-link]")
    page.fill("#id_result", "Đúng là đối tượng trong vụ trộm xe máy của xã Quang Yên; gửi kèm hồ sơ.")
    page.click("#complete")
    page.wait_for_selector("[data-testid=result]")
    request.refresh_from_db()
    assert request.status == "done"
    assert [t.to_status for t in request.transitions.all()] == ["sent", "accepted", "done"]
