"""Exports of a review report: JSON, DOCX (Decree 30/2020/NĐ-CP), XLSX. Every export is logged."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

from django.utils import timezone

from giapranh.core.audit import access_log_append
from giapranh.core.choices import AccessAction
from giapranh.reports.selectors import (
    ReportData,
    figure_queryset,
    figure_rows_prepared,
    figure_shown,
    is_steering,
    may_drill_down,
    row_commune,
    shown_value,
)

CONTENT_TYPES = {
    "json": "application/json",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def report_json(data: ReportData) -> bytes:
    return json.dumps(data.as_dict(), ensure_ascii=False, indent=2).encode()


def report_export(*, data: ReportData, fmt: str, reader: Any, report: Any = None) -> bytes:
    """The report in `fmt`, written to the access log (who, which scope and period, which format)."""
    figures = data.as_dict()
    if report is not None:
        figures = report.figures  # a saved report exports what was generated (frozen once signed)
    if fmt == "json":
        payload = dict(figures)
        if report is not None:
            payload["report"] = {
                "id": str(report.public_id), "version": report.version, "status": report.status,
                "content_hash": report.content_hash, "narrative": report.narrative,
            }
        if is_steering(reader):
            payload = _for_steering(payload, reader)
        content = json.dumps(payload, ensure_ascii=False, indent=2).encode()
    elif fmt == "docx":
        content = report_docx(figures=figures, report=report, reader=reader)
    elif fmt == "xlsx":
        content = report_xlsx(figures=figures, data=data, reader=reader)
    else:
        raise ValueError(fmt)
    access_log_append(
        actor=reader if getattr(reader, "pk", None) else None,
        actor_username=getattr(reader, "username", ""),
        action=AccessAction.EXPORT, target=report,
        target_type="reports.report" if report is None else "",
        target_ref="" if report is not None else f"{data.scope.kind}:{data.scope.slug_or_code}",
        reason=f"{fmt} {data.start.isoformat()}..{data.end.isoformat()}",
    )
    return content


def _for_steering(payload: dict[str, Any], reader: Any) -> dict[str, Any]:
    """Steering viewers get "< 3" instead of small counts of persons."""
    figures = {}
    for key, figure in payload.get("figures", {}).items():
        value = figure.get("value")
        shown = shown_value(value, about_persons=figure["about_persons"], user=reader)
        figures[key] = {**figure, "value": shown} if value is not None and shown != str(value) else figure
    return {**payload, "figures": figures}


def _bars(figures: dict[str, Any], reader: Any) -> list[Any]:
    from giapranh.reports.charts import bars_for

    # A share is a percentage: not drawn among the counts.
    return bars_for([f for f in figures["figures"].values() if f.get("counting") != "share"], reader)


def report_docx(*, figures: dict[str, Any], report: Any, reader: Any) -> bytes:
    """A DOCX laid out per Decree 30/2020/NĐ-CP: header, number, place and date, title, body, tables, recipients, signature."""
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    from giapranh.reports.charts import bar_chart_png
    from giapranh.reports.models import NARRATIVE_SECTIONS

    document = Document()
    section = document.sections[0]
    # Decree 30/2020, Appendix I: A4; top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")

    def paragraph(cell_or_doc: Any, text: str, *, bold: bool = False, size: int = 13, align: Any = None,
                  italic: bool = False, underline: bool = False) -> Any:
        p = cell_or_doc.add_paragraph()
        run = p.add_run(text)
        run.bold, run.italic, run.underline = bold, italic, underline
        run.font.size = Pt(size)
        run.font.name = "Times New Roman"
        if align is not None:
            p.alignment = align
        p.paragraph_format.space_after = Pt(0)
        return p

    scope = figures["scope"]
    agency_name = report.owner_agency.name if report is not None else "Ban Chỉ đạo"
    parent = report.owner_agency.parent.name if report is not None and report.owner_agency.parent else ""
    header = document.add_table(rows=1, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = header.rows[0].cells
    header.autofit = False
    for column, width in zip(header.columns, (Cm(6.5), Cm(10)), strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width
    left.paragraphs[0].text = ""
    if parent:
        paragraph(left, parent.upper(), size=12, align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph(left, agency_name.upper(), bold=True, size=12, align=WD_ALIGN_PARAGRAPH.CENTER)
    number = (report.document_number if report is not None and report.document_number else "      /BC-CANTT")
    paragraph(left, f"Số: {number}", size=13, align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12, align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph(right, "Độc lập - Tự do - Hạnh phúc", bold=True, size=13, align=WD_ALIGN_PARAGRAPH.CENTER, underline=True)
    day = timezone.localdate(report.signed_at) if report is not None and report.signed_at else timezone.localdate()
    # Decree 30: the place is the administrative unit where the issuing agency sits; left as dots
    # to fill in when the document comes from the command line without an agency.
    place = report.owner_agency.jurisdiction.short_name if report is not None else "……"
    paragraph(right, f"{place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}", italic=True, size=14,
              align=WD_ALIGN_PARAGRAPH.CENTER)
    document.add_paragraph()
    start = dt.date.fromisoformat(figures["period"]["from"])
    end = dt.date.fromisoformat(figures["period"]["to"])
    paragraph(document, "BÁO CÁO", bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph(document, f"Sơ kết công tác đảm bảo an ninh, trật tự {scope['name']}", bold=True, size=14,
              align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph(document, f"(từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y})", size=14, align=WD_ALIGN_PARAGRAPH.CENTER)
    document.add_paragraph()
    if report is not None:
        narrative = report.narrative
    else:
        from giapranh.reports.narrative import narrative_draft

        narrative = narrative_draft(figures=figures["figures"], scope_name=scope["name"], start=f"{start:%d/%m/%Y}", end=f"{end:%d/%m/%Y}")
    for index, (key, label) in enumerate(NARRATIVE_SECTIONS, start=1):
        paragraph(document, f"{['I', 'II', 'III', 'IV'][index - 1]}. {_vi(str(label))}".upper(), bold=True, size=14)
        text = narrative.get(key, "")
        if text:
            p = paragraph(document, text, size=14, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
            p.paragraph_format.first_line_indent = Cm(1)
        if key == "situation":
            table = document.add_table(rows=1, cols=3)
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, ["TT", "Chỉ tiêu", "Số liệu"], strict=True):
                cell.paragraphs[0].add_run(text).bold = True
            for n, figure in enumerate(figures["figures"].values(), start=1):
                cells = table.add_row().cells
                cells[0].text = str(n)
                cells[1].text = figure["label"]
                cells[2].text = f"{figure_shown(figure, reader)} {figure['unit']}".strip()
            table.autofit = False
            # LibreOffice reads the grid's column widths, Word the cells': set both.
            for column, width in zip(table.columns, (Cm(1.2), Cm(10.3), Cm(4.5)), strict=True):
                column.width = width
            for row in table.rows:
                for cell, width in zip(row.cells, (Cm(1.2), Cm(10.3), Cm(4.5)), strict=True):
                    cell.width = width
                for cell in row.cells:
                    for p in cell.paragraphs:
                        for run in p.runs:
                            run.font.size = Pt(13)
                            run.font.name = "Times New Roman"
            document.add_paragraph()
            document.add_picture(io.BytesIO(bar_chart_png(_bars(figures, reader), title="Số liệu chính của kỳ báo cáo")), width=Cm(14))
    for note in figures.get("notes", []):
        paragraph(document, note, italic=True, size=13)
    if report is not None and report.content_hash:
        paragraph(document, f"Mã kiểm tra nội dung (SHA-256): {report.content_hash}", italic=True, size=10)
    document.add_paragraph()
    footer = document.add_table(rows=1, cols=2)
    recipients, signature = footer.rows[0].cells
    recipients.paragraphs[0].text = ""
    paragraph(recipients, "Nơi nhận:", bold=True, italic=True, size=12)
    for line in ["- Ban Chỉ đạo 138 huyện;", "- Công an tỉnh (để b/c);", "- Các xã trong cụm;", "- Lưu: VT."]:
        paragraph(recipients, line, size=11)
    paragraph(signature, "TM. CỤM AN NINH TRẬT TỰ", bold=True, size=13, align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph(signature, "THƯỜNG TRỰC CỤM", bold=True, size=13, align=WD_ALIGN_PARAGRAPH.CENTER)
    for _ in range(3):
        paragraph(signature, "", size=13)
    signer = report.signed_by.get_full_name() if report is not None and report.signed_by else ""
    paragraph(signature, signer, bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _vi(label: str) -> str:
    return {"Situation": "Tình hình", "Results": "Kết quả", "Shortcomings": "Tồn tại, hạn chế", "Tasks ahead": "Nhiệm vụ thời gian tới"}.get(label, label)


def report_xlsx(*, figures: dict[str, Any], data: ReportData, reader: Any) -> bytes:
    """A summary sheet, then one sheet per figure with the rows behind it (only rows the reader may see)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from giapranh.reports.figures import figures as declared

    book = Workbook()
    summary = book.active
    summary.title = "Tổng hợp"
    summary.append([figures["scope"]["name"]])
    summary.append([f"Từ {figures['period']['from']} đến {figures['period']['to']}"])
    summary.append(["Mã", "Chỉ tiêu", "Số liệu", "Đơn vị"])
    for cell in summary[3]:
        cell.font = Font(bold=True)
    for key, figure in figures["figures"].items():
        summary.append([key, figure["label"], figure_shown(figure, reader), figure["unit"]])
    summary.column_dimensions["B"].width = 55
    if may_drill_down(reader):
        for index, figure in enumerate(declared(), start=1):
            sheet = book.create_sheet(title=f"{index:02d} {figure.key}"[:31])
            sheet.append([str(figure.label)])
            sheet.append(["Số", "Ngày", "Xã", "Tóm tắt", *(str(label) for label, _function in figure.columns)])
            rows = figure_rows_prepared(
                figure_queryset(reader=reader, scope=data.scope, figure=figure, start=data.start, end=data.end), figure,
            )
            for record in rows:
                day = getattr(record, figure.date_field)
                if isinstance(day, dt.datetime):
                    day = timezone.localtime(day).strftime("%d/%m/%Y %H:%M")
                elif day:
                    day = day.strftime("%d/%m/%Y")
                sheet.append([
                    getattr(record, "number", "") or str(record.public_id), day, row_commune(record, figure),
                    _row_summary(record), *(function(record) for _label, function in figure.columns),
                ])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _row_summary(record: Any) -> str:
    """What a row says besides its number: the record's own text, never a person's name."""
    for attribute in ("summary", "place", "purpose", "kind", "route", "subject"):
        value = getattr(record, attribute, "")
        if value:
            return str(value)[:200]
    return ""
