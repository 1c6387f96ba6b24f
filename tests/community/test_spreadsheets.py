"""Excel import and export (core.spreadsheets) through the community lists: all rows or none, errors by row and column."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from giapranh.accounts.services import api_token_create
from giapranh.community.models import MediationCase, MediationTeam, Officer, SelfManagementGroup
from giapranh.community.records import GROUPS
from giapranh.core import spreadsheets
from giapranh.core.spreadsheets import import_workbook, sheet_for

GROUP_HEADERS = ["Thôn/xóm", "Tên tổ", "Tổ trưởng", "Số hộ", "Ngày thành lập", "Ngày giải thể"]


def _xlsx(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _groups(n: int, start: int = 1) -> list[list[Any]]:
    return [[f"Thôn {i % 7}", f"Tổ liên gia số {i}", "Lê Văn Tâm", 10 + i % 5, dt.date(2020, 1, 1), None] for i in range(start, start + n)]


def _upload(client: Client, content: bytes, url: str = "community:group_import", name: str = "to-lien-gia.xlsx") -> Any:
    return client.post(reverse(url), {"file": SimpleUploadedFile(name, content)})


def _api_import(user: Any, content: bytes, path: str = "self-management-groups") -> Any:
    return Client().post(
        f"/api/v1/{path}/import", {"file": SimpleUploadedFile("x.xlsx", content)},
        headers={"Authorization": f"Bearer {api_token_create(user=user)}"},
    )


def test_the_template_has_vietnamese_headers_and_drop_down_lists(officer_a) -> None:
    client = Client()
    client.force_login(officer_a)
    response = client.get(reverse("community:officer_template"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    data = book.worksheets[0]
    assert [c.value for c in data[1]] == ["Họ và tên", "Cấp bậc", "Chức vụ", "Loại lực lượng", "Công tác từ ngày", "Đến ngày"]
    # the service type column (D) offers its fixed values as a list
    validations = data.data_validations.dataValidation
    assert len(validations) == 1 and validations[0].type == "list" and "D2" in str(validations[0].sqref)
    lists = book["Danh muc"]
    assert [c.value for c in lists["A"]][1:] == ["Chính quy", "Bán chuyên trách"]


def test_a_valid_file_imports_every_row_for_the_officers_commune(world, officer_a) -> None:
    client = Client()
    client.force_login(officer_a)
    response = _upload(client, _xlsx([GROUP_HEADERS, *_groups(30)]))
    assert response.status_code == 200
    assert "30" in response.content.decode()
    groups = SelfManagementGroup.objects.filter(owner_agency=world.police_a)
    assert groups.count() == 30
    assert set(groups.values_list("commune_id", flat=True)) == {world.commune_a.pk}
    group = groups.get(name="Tổ liên gia số 3")
    assert group.households == 13 and group.founded_on == dt.date(2020, 1, 1) and group.created_at is not None
    assert SelfManagementGroup.objects.visible_to(officer_a).get(public_id=group.public_id) == group
    [created] = group.history.all()
    assert created.history_type == "+" and created.history_user == officer_a and created.name == group.name
    assert client.get(group.get_absolute_url()).status_code == 200


def test_errors_in_several_rows_write_nothing_and_name_row_and_column(world, officer_a) -> None:
    rows = [GROUP_HEADERS, *_groups(5)]
    rows[2][4] = "31/02/2020"   # row 3: no such date (column E)
    rows[3][1] = None           # row 4: the name is required (column B)
    rows[5][3] = -4             # row 6: households (column D)
    rows[5][5] = dt.date(2010, 1, 1)  # row 6: dissolved before founded (column F)
    response = _api_import(officer_a, _xlsx(rows))
    assert response.status_code == 422
    errors = {(e["row"], e["column"]) for e in response.json()["errors"]}
    assert errors == {(3, "E"), (4, "B"), (6, "D")}
    # the page shows the same, in Vietnamese
    client = Client()
    client.force_login(officer_a)
    page = _upload(client, _xlsx(rows)).content.decode()
    assert 'data-row="3" data-column="E"' in page and "dd/mm/yyyy" in page
    assert "Không có dữ liệu nào được ghi" in page
    assert not SelfManagementGroup.objects.exists()
    # with the households corrected, the dissolution date speaks on its own
    rows[5][3] = 4
    response = _api_import(officer_a, _xlsx(rows))
    assert {(e["row"], e["column"]) for e in response.json()["errors"]} == {(3, "E"), (4, "B"), (6, "F")}


def test_wrong_columns_are_refused(officer_a) -> None:
    response = _api_import(officer_a, _xlsx([["Thôn", "Tên", "Số hộ"], ["Thôn Đồng", "Tổ 1", 3]]))
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["row"] == 1 and "Tên tổ" in error["message"]
    assert not SelfManagementGroup.objects.exists()


def test_a_file_that_is_not_xlsx_is_refused(officer_a) -> None:
    response = _api_import(officer_a, b"Thon,Ten to\nThon Dong,To 1\n")
    assert response.status_code == 422
    assert "xlsx" in response.json()["errors"][0]["message"]


def test_an_empty_file_is_refused(officer_a) -> None:
    for content in (_xlsx([]), _xlsx([GROUP_HEADERS])):
        response = _api_import(officer_a, content)
        assert response.status_code == 422, content
        assert response.json()["errors"]
    assert _api_import(officer_a, b"").status_code == 422


def test_a_re_import_does_not_duplicate_and_applies_changes(world, officer_a) -> None:
    rows = [GROUP_HEADERS, *_groups(10)]
    assert _api_import(officer_a, _xlsx(rows)).json()["created"] == 10
    again = _api_import(officer_a, _xlsx(rows)).json()
    assert again == {"created": 0, "updated": 0, "unchanged": 10, "errors": []}
    rows[1][3] = 99
    rows.append(["Thôn Mới", "Tổ liên gia số 11", "", 5, "01/02/2021", ""])
    assert _api_import(officer_a, _xlsx(rows)).json() == {"created": 1, "updated": 1, "unchanged": 9, "errors": []}
    assert SelfManagementGroup.objects.count() == 11
    assert SelfManagementGroup.objects.get(name="Tổ liên gia số 1").households == 99
    # the same group twice in one file is an error, not a duplicate
    response = _api_import(officer_a, _xlsx([GROUP_HEADERS, *_groups(2), *_groups(1)]))
    assert response.status_code == 422 and response.json()["errors"][0]["row"] == 4


def test_a_failure_in_the_middle_leaves_nothing_half_written(world, officer_a, monkeypatch) -> None:
    # given batches of 10 rows and a failure (a killed worker, a full disk) after the first batch is written
    monkeypatch.setattr(spreadsheets, "BATCH", 10)
    real = spreadsheets._insert_batch
    calls = []

    def failing(model, records, **kwargs):
        calls.append(len(records))
        if len(calls) == 2:
            raise RuntimeError("killed")
        return real(model, records, **kwargs)

    monkeypatch.setattr(spreadsheets, "_insert_batch", failing)
    with pytest.raises(RuntimeError):
        import_workbook(sheet=sheet_for(GROUPS), actor=officer_a, upload=io.BytesIO(_xlsx([GROUP_HEADERS, *_groups(35)])))
    # then the first batch was rolled back with the rest
    assert calls[0] == 10
    assert not SelfManagementGroup.objects.exists()
    assert not SelfManagementGroup.history.exists()


def test_mediation_cases_name_their_team_and_unknown_teams_are_errors(world, officer_a) -> None:
    MediationTeam.objects.create(owner_agency=world.police_a, commune=world.commune_a, village="Thôn Đồng", name="Tổ hòa giải thôn Đồng", founded_on=dt.date(2019, 1, 1))
    headers = ["Ngày", "Tổ hòa giải", "Nội dung", "Số bên", "Tên các bên", "Kết quả"]
    rows = [headers, ["05/03/2024", "tổ hoà giải thôn đồng", "Tranh chấp đất", 2, "", "Hòa giải thành"], ["06/03/2024", "Tổ không có", "Nợ", 2, "", "Hòa giải thành"]]
    response = _api_import(officer_a, _xlsx(rows), "mediation-cases")
    assert response.status_code == 422
    assert [(e["row"], e["column"]) for e in response.json()["errors"]] == [(3, "B")]
    assert _api_import(officer_a, _xlsx(rows[:2]), "mediation-cases").json()["created"] == 1
    assert MediationCase.objects.get().result == "reconciled"


def test_only_those_who_file_records_import(world, superior_1, officer_b) -> None:
    assert _api_import(superior_1, _xlsx([GROUP_HEADERS, *_groups(1)])).status_code == 403
    client = Client()
    client.force_login(superior_1)
    assert client.get(reverse("community:group_import")).status_code == 403


def test_the_export_is_the_filtered_list_through_the_access_rule(world, officer_a, officer_b) -> None:
    _api_import(officer_a, _xlsx([GROUP_HEADERS, *_groups(3)]))
    Officer.objects.create(owner_agency=world.police_a, commune=world.commune_a, full_name="Nguyễn Văn Bình", service_type="regular", serving_from=dt.date(2020, 1, 1))
    client = Client()
    client.force_login(officer_b)
    # the partner exports the cluster's groups, filtered on the list page
    client.post(reverse("community:group_list"), {"q": "so 2"})
    book = load_workbook(io.BytesIO(client.get(reverse("community:group_export")).content))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[0] == tuple(GROUP_HEADERS) and [r[1] for r in rows[1:]] == ["Tổ liên gia số 2"]
    # but not A's roster
    book = load_workbook(io.BytesIO(client.get(reverse("community:officer_export")).content))
    assert len(list(book.worksheets[0].iter_rows(values_only=True))) == 1
    # the owner does; the API export takes the list's filters
    response = Client().get("/api/v1/officers/export.xlsx?service_type=regular", headers={"Authorization": f"Bearer {api_token_create(user=officer_a)}"})
    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
    assert rows[1][0] == "Nguyễn Văn Bình" and rows[1][3] == "Chính quy"


# --- progress of a large import (core.spreadsheet_views.ImportProgress) ----------------------------


def _progress_url(token: str) -> str:
    return reverse("community:group_import_progress", kwargs={"token": token})


def _page_token(client: Client) -> str:
    """The token the import page put in its form (a fresh one at every rendering)."""
    page = client.get(reverse("community:group_import")).content.decode()
    return page.split('name="progress" id="import-progress-token" value="', 1)[1].split('"', 1)[0]


def test_an_import_reports_each_phase_where_another_process_reads_it_and_ends_done(world, officer_a, monkeypatch) -> None:
    # given the import page's token and a file of 1,200 rows
    client = Client()
    client.force_login(officer_a)
    token = _page_token(client)
    assert client.get(_progress_url(token)).json()["phase"] == "waiting"
    # (what a poll from another worker would read at each report, taken from the shared cache itself)
    seen: list[tuple[str, int, int, int, str]] = []
    from giapranh.core.spreadsheet_views import ImportProgress

    real = ImportProgress.report

    def report(self, phase, done, total):
        real(self, phase, done, total)
        shown = Client()
        shown.force_login(officer_a)
        data = shown.get(_progress_url(token)).json()
        seen.append((data["phase"], data["done"], data["total"], data["percent"], data["message"]))

    monkeypatch.setattr(ImportProgress, "report", report)
    response = client.post(reverse("community:group_import"), {"file": SimpleUploadedFile("x.xlsx", _xlsx([GROUP_HEADERS, *_groups(1200)])), "progress": token})
    assert response.status_code == 200
    # then the phases came in order: reading, checking every 500 rows, writing, each with a Vietnamese sentence
    phases = [entry[0] for entry in seen]
    assert phases[0] == "reading" and seen[0][4] == "Đang đọc tệp…"
    checking = [(done, total) for phase, done, total, _p, _m in seen if phase == "checking"]
    assert checking == [(0, 1200), (500, 1200), (1000, 1200), (1200, 1200)]
    assert ("checking", 500, 1200) == seen[phases.index("checking") + 1][:3]
    assert "Đang kiểm tra dòng 500 / 1.200" in seen[phases.index("checking") + 1][4]
    writing = [(done, total) for phase, done, total, _p, _m in seen if phase == "writing"]
    assert writing[0] == (0, 1200) and writing[-1] == (1200, 1200)
    percents = [entry[3] for entry in seen]
    assert percents == sorted(percents) and 0 < percents[1] < 100
    # and the end: done, with the counts written
    final = client.get(_progress_url(token)).json()
    assert final["phase"] == "done" and final["finished"] and final["percent"] == 100
    assert final["created"] == 1200 and "1.200" in final["message"]
    assert SelfManagementGroup.objects.count() == 1200


def test_another_user_cannot_read_or_take_over_an_import_s_progress(world, officer_a, officer_b, chief_a) -> None:
    client = Client()
    client.force_login(officer_a)
    token = _page_token(client)
    client.post(reverse("community:group_import"), {"file": SimpleUploadedFile("x.xlsx", _xlsx([GROUP_HEADERS, *_groups(3)])), "progress": token})
    assert client.get(_progress_url(token)).json()["phase"] == "done"
    # another officer, of the partner commune or even of the same agency, gets 404 for the token
    for user in (officer_b, chief_a):
        other = Client()
        other.force_login(user)
        assert other.get(_progress_url(token)).status_code == 404
        assert Client().get(f"/api/v1/self-management-groups/import/progress/{token}", headers={"Authorization": f"Bearer {api_token_create(user=user)}"}).status_code == 404
    # nor may they report their own import to it: A's progress stays as A's import left it
    other = Client()
    other.force_login(chief_a)
    other.post(reverse("community:group_import"), {"file": SimpleUploadedFile("x.xlsx", _xlsx([GROUP_HEADERS, *_groups(2, start=50)])), "progress": token})
    assert client.get(_progress_url(token)).json()["created"] == 3
    # a token of another record type's import, or made up, is not found either
    assert client.get(reverse("community:officer_import_progress", kwargs={"token": token})).status_code == 404
    assert client.get(_progress_url("x" * 32)).status_code == 404
    # and signed out, the poll goes to sign-in
    assert Client().get(_progress_url(token)).status_code == 302


def test_the_progress_of_a_file_with_errors_reports_them_and_nothing_is_written(world, officer_a) -> None:
    client = Client()
    client.force_login(officer_a)
    token = _page_token(client)
    rows = [GROUP_HEADERS, *_groups(600)]
    rows[3][4] = "31/02/2020"
    rows[550][1] = None
    response = client.post(reverse("community:group_import"), {"file": SimpleUploadedFile("x.xlsx", _xlsx(rows)), "progress": token})
    assert response.status_code == 422
    data = client.get(_progress_url(token)).json()
    assert data["phase"] == "errors" and data["finished"] and data["error_count"] == 2
    assert [(e["row"], e["column"]) for e in data["errors"]] == [(4, "E"), (551, "B")]
    assert data["message"] == "Không có dữ liệu nào được ghi: 2 lỗi cần sửa."
    assert not SelfManagementGroup.objects.exists()
    # a file that is not a workbook ends in errors too
    token = _page_token(client)
    client.post(reverse("community:group_import"), {"file": SimpleUploadedFile("x.xlsx", b"not a workbook"), "progress": token})
    assert client.get(_progress_url(token)).json()["phase"] == "errors"


def test_the_api_import_takes_an_optional_progress_token(world, officer_a, superior_1) -> None:
    headers = {"Authorization": f"Bearer {api_token_create(user=officer_a)}"}
    reserved = Client().post("/api/v1/self-management-groups/import/progress", headers=headers)
    assert reserved.status_code == 201
    token = reserved.json()["token"]
    assert Client().get(f"/api/v1/self-management-groups/import/progress/{token}", headers=headers).json()["phase"] == "waiting"
    response = Client().post("/api/v1/self-management-groups/import", {"file": SimpleUploadedFile("x.xlsx", _xlsx([GROUP_HEADERS, *_groups(4)])), "progress": token}, headers=headers)
    assert response.status_code == 200 and response.json()["created"] == 4
    data = Client().get(f"/api/v1/self-management-groups/import/progress/{token}", headers=headers).json()
    assert data["phase"] == "done" and data["created"] == 4
    # without a token the import works as before; a role that does not import reserves nothing
    assert _api_import(officer_a, _xlsx([GROUP_HEADERS, *_groups(2, start=10)])).status_code == 200
    superior = {"Authorization": f"Bearer {api_token_create(user=superior_1)}"}
    assert Client().post("/api/v1/self-management-groups/import/progress", headers=superior).status_code == 403
