"""The review report in a real browser: the coordinator's five-year report, the steering viewer's view."""

from __future__ import annotations

import pytest

from giapranh.accounts.demo import DEMO_PASSWORD, demo_load
from giapranh.territory.loading import units_load
from tests.browser import login


@pytest.fixture
def demo_with_records(transactional_db: None) -> None:
    units_load(provinces=["26", "08"], progress=False)
    demo_load()


def test_coordinator_generates_edits_signs_and_downloads_steering_sees_no_name(page, demo_with_records, tmp_path) -> None:
    from giapranh.people.models import Person

    some_names = list(Person.objects.values_list("full_name", flat=True)[:200])
    # given: the coordinator on the report form
    login(page, "cum.thuongtruc", DEMO_PASSWORD)
    page.wait_for_url("**/")
    page.click("nav.mainnav >> text=Báo cáo")
    page.wait_for_url("**/reports/")
    page.select_option("#id_cluster", "song-lo-son-duong")
    page.fill("#id_start", "01/07/2015")
    page.fill("#id_end", "30/06/2020")
    # when: the five-year report is generated
    page.click("#generate")
    page.wait_for_url("**/reports/*/")
    # then: the seed's figures, charts and the offline map
    assert page.text_content("tr[data-key='incidents.total'] td:nth-child(2)").strip().startswith("172")
    assert page.locator("svg.chart").count() >= 5
    assert page.locator("[data-testid=map] circle.incident").count() > 0
    # when: a narrative section is edited and the report signed
    page.click("text=Sửa nội dung báo cáo")
    page.fill("#id_shortcomings", "Việc trao đổi thông tin giữa hai huyện có lúc còn chậm.")
    page.fill("#id_document_number", "15/BC-CANTT")
    page.click("#save-narrative")
    page.wait_for_url("**/reports/*/")
    assert "có lúc còn chậm" in page.text_content("[data-section=shortcomings]")
    page.click("#sign")
    page.wait_for_selector(".hash code")
    report_url = page.url
    # and DOCX and XLSX download
    for fmt in ("docx", "xlsx"):
        with page.expect_download() as download:
            page.click(f"text={fmt.upper()}")
        target = tmp_path / f"report.{fmt}"
        download.value.save_as(target)
        assert target.stat().st_size > 5000
    page.context.clear_cookies()
    # when: the steering viewer opens it
    login(page, "bcd.xem", DEMO_PASSWORD)
    page.wait_for_url("**/")
    page.goto(report_url)
    body = page.text_content("body")
    # then: figures, no drill-down link, no person's name
    assert "172" in body
    assert page.locator("tr[data-key='incidents.total'] a").count() == 0
    assert not [name for name in some_names if name in body]
    page.screenshot(path=str(tmp_path / "steering.png"), full_page=True)
