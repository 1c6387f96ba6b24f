"""Exports of a review report: JSON, DOCX (Decree 30/2020/NĐ-CP), XLSX. Every export is logged."""

from __future__ import annotations

import json
from typing import Any

from giapranh.core.audit import access_log_append
from giapranh.core.choices import AccessAction
from giapranh.reports.selectors import ReportData

CONTENT_TYPES = {
    "json": "application/json",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def report_json(data: ReportData) -> bytes:
    return json.dumps(data.as_dict(), ensure_ascii=False, indent=2).encode()


def report_export(*, data: ReportData, fmt: str, reader: Any, report: Any = None) -> bytes:
    """The report in `fmt`, written to the access log (who, which scope and period, which format)."""
    if fmt == "json":
        content = report_json(data)
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
