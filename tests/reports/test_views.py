from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import zipfile

import pytest
from openpyxl import load_workbook

from giapranh.accounts.choices import Role
from giapranh.core.models import AccessLogEntry
from giapranh.reports.models import ReviewReport
from tests.factories import UserFactory
from tests.reports.conftest import at, incident, person

pytestmark = pytest.mark.usefixtures("reference_data")


@pytest.fixture
def coordinator(world):
    return UserFactory(username="coordinator_a", agency=world.police_a, role=Role.COORDINATOR)


def _generate(client, world) -> ReviewReport:
    response = client.post("/reports/", {
        "cluster": world.cluster.slug, "edition": "current", "start": "01/01/2019", "end": "31/12/2019",
    })
    assert response.status_code == 302
    return ReviewReport.objects.get()


def test_generate_edit_sign_freezes_the_figures(client, world, coordinator) -> None:
    # given
    incident(world.police_a, world.commune_a, at(dt.date(2019, 3, 1)), suspects=(person(world.police_a, "Hoàng Văn Tư"),))
    client.force_login(coordinator)
    report = _generate(client, world)
    assert "xảy ra 1 vụ liên quan đến ANTT" in report.narrative["situation"]
    # when: the narrative is edited and the report signed
    client.post(f"/reports/{report.public_id}/edit/", {
        "situation": "Tình hình ổn định.", "results": "Kết quả tốt.", "shortcomings": "", "tasks": "",
        "document_number": "12/BC-CANTT",
    })
    client.post(f"/reports/{report.public_id}/sign/")
    report.refresh_from_db()
    page = client.get(report.get_absolute_url()).content.decode()
    # then: the hash is shown; a later record does not change the signed figures
    assert report.is_signed and report.content_hash in page
    docx = client.get(f"/reports/{report.public_id}/export.docx").content
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        document = archive.read("word/document.xml").decode()
    assert report.content_hash in document and "12/BC-CANTT" in document
    incident(world.police_a, world.commune_a, at(dt.date(2019, 4, 1)))
    report.refresh_from_db()
    assert report.figures["figures"]["incidents.total"]["value"] == 1
    # a new version counts it and is compared with the signed one
    client.post(f"/reports/{report.public_id}/new-version/")
    new = ReviewReport.objects.exclude(pk=report.pk).get()
    assert new.version == 2 and new.previous == report
    assert new.figures["figures"]["incidents.total"]["value"] == 2
    assert "≠" in client.get(new.get_absolute_url()).content.decode()
    # editing a signed report is refused
    client.post(f"/reports/{report.public_id}/edit/", {"situation": "Sửa sau khi ký"})
    report.refresh_from_db()
    assert report.narrative["situation"] == "Tình hình ổn định."


def test_steering_sees_numbers_and_no_person_outsider_gets_404(client, world, coordinator, steering, outsider) -> None:
    # given
    incident(world.police_a, world.commune_a, at(dt.date(2019, 3, 1)), suspects=(person(world.police_a, "Triệu Văn Năm"),))
    client.force_login(coordinator)
    report = _generate(client, world)
    # when: the steering viewer opens it
    client.force_login(steering)
    page = client.get(report.get_absolute_url()).content.decode()
    # then
    assert "&lt; 3" in page and "Triệu Văn Năm" not in page
    assert client.get(f"/reports/{report.public_id}/figures/incidents.total/").status_code == 404
    client.force_login(outsider)
    assert client.get(report.get_absolute_url()).status_code == 404
    assert client.get(f"/reports/{report.public_id}/export.xlsx").status_code == 404


def test_exports_are_logged_and_xlsx_holds_only_visible_rows(client, world, coordinator) -> None:
    # given: one shared and one unshared record of B
    incident(world.police_b, world.commune_b, at(dt.date(2019, 3, 1)))
    incident(world.police_b, world.commune_b, at(dt.date(2019, 3, 2)), shared=False)
    client.force_login(coordinator)
    report = _generate(client, world)
    before = AccessLogEntry.objects.filter(action="export").count()
    # when
    xlsx = client.get(f"/reports/{report.public_id}/export.xlsx")
    json_export = client.get(f"/reports/{report.public_id}/export.json")
    # then
    book = load_workbook(io.BytesIO(xlsx.content))
    sheet = next(s for s in book.worksheets if s.title.endswith("incidents.total"))
    assert sheet.max_row - 2 == 1
    assert json_export.json()["figures"]["incidents.total"]["value"] == 1
    assert AccessLogEntry.objects.filter(action="export").count() == before + 2


@pytest.mark.skipif(shutil.which("libreoffice") is None, reason="needs Debian libreoffice-writer")
def test_the_docx_converts_with_libreoffice(client, world, coordinator, tmp_path) -> None:
    # given
    incident(world.police_a, world.commune_a, at(dt.date(2019, 3, 1)))
    client.force_login(coordinator)
    report = _generate(client, world)
    docx = tmp_path / "report.docx"
    docx.write_bytes(client.get(f"/reports/{report.public_id}/export.docx").content)
    # when
    libreoffice = shutil.which("libreoffice") or "libreoffice"
    result = subprocess.run(  # noqa: S603 — fixed arguments, no shell
        [libreoffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(docx)],
        capture_output=True, text=True, timeout=180, check=False,
    )
    # then
    pdf = tmp_path / "report.pdf"
    assert result.returncode == 0 and pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
    assert "repair" not in (result.stdout + result.stderr).lower()


def test_an_unknown_unit_code_is_a_form_error(client, world, coordinator) -> None:
    client.force_login(coordinator)
    response = client.post("/reports/", {"unit": "99999", "edition": "legacy", "start": "01/01/2019", "end": "31/12/2019"})
    assert response.status_code == 200 and not ReviewReport.objects.exists()
