"""Issue 10 in a real browser, on the demo cluster: a review meeting's decisions become tasks, a chief closes one,
an officer imports the village groups of their commune from the Excel template."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import load_workbook

from giapranh.accounts.demo import DEMO_PASSWORD
from giapranh.accounts.models import Agency
from giapranh.community.models import Meeting, SelfManagementGroup, Task
from tests.e2e.conftest import login


def _logout(page) -> None:
    page.context.clear_cookies()


def _add_decision(page, meeting_url: str, title: str, agency: str, due: str) -> None:
    page.click("#add-task")
    page.wait_for_url("**/community/tasks/new/?meeting=*")
    page.fill("#id_title", title)
    page.select_option("#id_responsible_agency", label=agency)
    page.fill("#id_due_on", due)
    page.click("#save")
    page.wait_for_url("**/community/tasks/*/")
    assert "Sơ kết 6 tháng" in page.text_content("#facts")  # the meeting it came from
    page.goto(meeting_url)


def test_review_meeting_decisions_become_tasks_and_a_chief_closes_one(page, demo_world) -> None:
    tam_da = Agency.objects.get(code="TD")
    # given: the cluster coordinator records the six-month review held on 28 June 2024
    login(page, "cum.thuongtruc", DEMO_PASSWORD)
    page.wait_for_url("**/")
    page.click("nav.mainnav >> text=Hội nghị, giao ban")
    page.wait_for_url("**/community/meetings/")
    page.click("#new")
    page.select_option("#id_kind", "preliminary_review")
    page.fill("#id_held_on", "28/06/2024")
    page.fill("#id_title", "Sơ kết 6 tháng đầu năm 2024")
    # attending agencies are a checkbox list
    page.locator("#id_attending_agencies label", has_text="Công an xã Quang Yên").locator("input").check()
    page.locator("#id_attending_agencies label", has_text=tam_da.name).locator("input").check()
    page.fill("#id_minutes", "Thống nhất tuần tra chung tuyến giáp ranh; rà soát người nghiện ma túy.")
    page.click("#save")
    page.wait_for_url("**/community/meetings/*/")
    meeting = Meeting.objects.get(title="Sơ kết 6 tháng đầu năm 2024")
    # the host was left empty: the agency holding the chair on that date (July 2023 – June 2024: Hợp Lý's police)
    assert meeting.host_agency is not None and meeting.host_agency.code == "HL"
    # when: two decisions become tasks
    _add_decision(page, meeting.get_absolute_url(), "Tuần tra chung tuyến giáp ranh sông Lô", tam_da.name, "31/07/2024")
    _add_decision(page, meeting.get_absolute_url(), "Rà soát người nghiện ma túy", "Công an xã Quang Yên", "31/08/2099")
    decisions = page.text_content("#decisions")
    assert "Tuần tra chung tuyến giáp ranh sông Lô" in decisions and "Rà soát người nghiện ma túy" in decisions
    assert Task.objects.filter(meeting=meeting).count() == 2
    _logout(page)

    # then: Tam Đa's chief sees the task on the board, overdue, and marks it done
    login(page, "td.truong", DEMO_PASSWORD)
    page.wait_for_url("**/")
    page.goto("/community/tasks/board/")
    own = page.locator("#own-tasks")
    assert "Tuần tra chung tuyến giáp ranh sông Lô" in own.text_content()
    assert own.locator("[data-overdue]").count() == 1
    own.locator("text=Tuần tra chung tuyến giáp ranh sông Lô").click()
    page.wait_for_url("**/community/tasks/*/")
    page.fill("#id_note", "Đã tổ chức 4 đợt tuần tra chung.")
    page.click("#close-task")
    page.wait_for_url("**/community/tasks/*/")
    task = Task.objects.get(title="Tuần tra chung tuyến giáp ranh sông Lô")
    assert task.status == "done" and "4 đợt" in task.progress_notes
    page.goto("/community/tasks/board/")
    assert "Tuần tra chung tuyến giáp ranh sông Lô" not in page.text_content("main")
    # the other decision stays open for the cluster
    assert "Rà soát người nghiện ma túy" in page.text_content("#cluster-tasks")


def test_an_officer_imports_the_village_groups_of_their_commune_from_the_template(page, demo_world, tmp_path: Path) -> None:
    login(page, "qy.canbo", DEMO_PASSWORD)
    page.wait_for_url("**/")
    page.goto("/community/groups/")
    page.click("#import")
    page.wait_for_url("**/community/groups/import/")
    # given the template, downloaded and filled in as a spreadsheet would be
    with page.expect_download() as download:
        page.click("#download-template")
    template = tmp_path / "mau.xlsx"
    download.value.save_as(template)
    book = load_workbook(template)
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]] == ["Thôn/xóm", "Tên tổ", "Tổ trưởng", "Số hộ", "Ngày thành lập", "Ngày giải thể"]
    for i in range(1, 13):
        sheet.append([f"Thôn Đồng Phai {i % 3 + 1}", f"Tổ liên gia tự quản số {i}", "Nguyễn Văn Hải", 10 + i, dt.date(2019, 3, 1), None])
    sheet.append(["Thôn Đồng Phai 1", "Tổ liên gia tự quản số 13", "", "mười", "30/02/2019", None])
    book.save(template)
    # when an error is in the file, nothing is written and the row and column are shown
    page.set_input_files("#id_file", str(template))
    page.click("#import-submit")
    page.wait_for_selector("#import-errors")
    assert page.locator('#import-errors tr[data-row="14"][data-column="D"]').count() == 1
    assert page.locator('#import-errors tr[data-row="14"][data-column="E"]').count() == 1
    assert not SelfManagementGroup.objects.exists()
    # then, corrected, every row is imported for Quang Yên
    sheet.delete_rows(14)
    book.save(template)
    page.set_input_files("#id_file", str(template))
    page.click("#import-submit")
    page.wait_for_selector("#import-ok")
    assert "12" in page.text_content("#import-ok")
    groups = SelfManagementGroup.objects.all()
    assert groups.count() == 12 and {g.owner_agency.code for g in groups} == {"QY"}
    page.goto("/community/groups/")
    assert "Tổ liên gia tự quản số 12" in page.text_content("main")


def test_the_import_of_a_large_file_shows_the_server_s_progress_before_the_result(page, demo_world, tmp_path: Path) -> None:
    from openpyxl import Workbook

    # given a file of 5,000 village groups
    book = Workbook()
    sheet = book.active
    sheet.append(["Thôn/xóm", "Tên tổ", "Tổ trưởng", "Số hộ", "Ngày thành lập", "Ngày giải thể"])
    for i in range(1, 5001):
        sheet.append([f"Thôn Đồng Phai {i % 9 + 1}", f"Tổ liên gia tự quản số {i}", "Nguyễn Văn Hải", 10 + i % 20, dt.date(2019, 3, 1), None])
    path = tmp_path / "to-lien-gia.xlsx"
    book.save(path)
    login(page, "qy.canbo", DEMO_PASSWORD)
    page.wait_for_url("**/")
    page.goto("/community/groups/import/")
    assert page.locator("#import-progress").is_hidden()
    # (every change of the bar's text, and the result's arrival, in the order the page saw them)
    page.evaluate("""() => {
        window.seen = [];
        const text = document.getElementById("import-progress-text");
        const bar = document.getElementById("import-progress-bar");
        new MutationObserver(() => window.seen.push(["bar", bar.value, text.textContent])).observe(text, {childList: true, characterData: true, subtree: true});
        new MutationObserver(() => {
            if (document.getElementById("import-ok")) { window.seen.push(["result", bar.value, ""]); }
        }).observe(document.getElementById("import-result"), {childList: true, subtree: true});
    }""")
    # when it is imported
    page.set_input_files("#id_file", str(path))
    page.click("#import-submit")
    page.wait_for_selector("#import-ok", timeout=120_000)
    # then the bar moved past 0 with the server's own phases (checking or writing rows) before the result came
    seen = page.evaluate("window.seen")
    result_at = next(index for index, entry in enumerate(seen) if entry[0] == "result")
    server = [entry for entry in seen[:result_at] if entry[0] == "bar" and ("Đang kiểm tra dòng" in entry[2] or "Đang ghi" in entry[2])]
    assert server, seen
    assert all(0 < value < 100 for _kind, value, _text in server)
    assert "5.000" in server[-1][2]
    # and it ends full, saying what was written
    page.wait_for_selector("#import-progress-text:has-text('Xong')")
    assert page.locator("#import-progress-bar").get_attribute("value") == "100"
    assert "5.000 mới" in page.text_content("#import-progress-text")
    assert SelfManagementGroup.objects.count() == 5000
