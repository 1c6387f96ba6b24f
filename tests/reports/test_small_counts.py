"""Counts of fewer than 3 persons never reach a steering viewer: not in the figures, the narrative, the
previous version's column, the DOCX, the XLSX or the JSON (issue 11)."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pytest
from openpyxl import load_workbook

from giapranh.accounts.choices import Role
from giapranh.reports.models import ReviewReport
from tests.factories import UserFactory
from tests.reports.conftest import at, incident, person

pytestmark = pytest.mark.usefixtures("reference_data")

KEY = "incidents.prosecuted.subjects"
# How the exact count of 2 subjects would read in the seed's style, in the narrative.
EXACT = ("với 2 đối tượng", "với 02 đối tượng")


@pytest.fixture
def coordinator(world):
    return UserFactory(username="coordinator_a", agency=world.police_a, role=Role.COORDINATOR)


def test_a_steering_viewer_reads_no_exact_small_count_anywhere(client, world, coordinator, steering) -> None:
    # given: one prosecuted case with 2 suspects; a report and a second version of it
    incident(world.police_a, world.commune_a, at(dt.date(2019, 3, 1)),
             suspects=(person(world.police_a, "Triệu Văn Năm"), person(world.police_a, "Bàn Văn Sáu")))
    client.force_login(coordinator)
    client.post("/reports/", {"cluster": world.cluster.slug, "edition": "current", "start": "01/01/2019", "end": "31/12/2019"})
    first = ReviewReport.objects.get()
    assert first.figures["figures"][KEY]["value"] == 2
    assert "truy cứu trách nhiệm hình sự là 1 vụ với dưới 3 đối tượng" in first.narrative["situation"]
    client.post(f"/reports/{first.public_id}/new-version/")
    report = ReviewReport.objects.exclude(pk=first.pk).get()
    # when: the steering viewer reads it
    client.force_login(steering)
    page = client.get(report.get_absolute_url()).content.decode()
    docx = client.get(f"/reports/{report.public_id}/export.docx").content
    xlsx = client.get(f"/reports/{report.public_id}/export.xlsx").content
    payload = client.get(f"/reports/{report.public_id}/export.json").json()
    api = client.get(f"/api/v1/reports/{report.public_id}").json()
    # then: the page (this version and the previous one's column) reads "< 3", the narrative "dưới 3"
    row = re.search(rf'<tr data-key="{re.escape(KEY)}">(.*?)</tr>', page, re.S)
    assert row is not None
    cells = re.findall(r"<td>(.*?)</td>", row.group(1), re.S)
    assert [c.split("đối tượng")[0].strip() for c in cells[1:]] == ["&lt; 3", "&lt; 3"]
    assert "dưới 3 đối tượng" in page and not any(text in page for text in EXACT)
    # the DOCX: the table and the narrative
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        document = re.sub(r"<[^>]+>", "", archive.read("word/document.xml").decode())
    assert "&lt; 3 đối tượng" in document and "dưới 3 đối tượng" in document
    assert not any(text in document for text in EXACT)
    # the XLSX: the summary only (no rows for steering viewers)
    book = load_workbook(io.BytesIO(xlsx))
    assert book.sheetnames == ["Tổng hợp"]
    summary = {r[0]: r[2] for r in book["Tổng hợp"].iter_rows(min_row=4, values_only=True)}
    assert summary[KEY] == "< 3"
    # the JSON, from the page and the API
    for data in (payload, api):
        assert data["figures"][KEY]["value"] == "< 3"
        assert not any(text in data["report"]["narrative"]["situation"] for text in EXACT)
