"""Review report figures over the REST API (same selectors and export as the pages and the CLI)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router

from giapranh.reports.exports import CONTENT_TYPES, report_export
from giapranh.reports.selectors import (
    ReportData,
    report_compute,
    report_get_for,
    report_scope,
    scope_resolve,
)

router = Router(tags=["reports"])


@router.get("/compute", summary="Figures of a cluster or unit for a period")
def compute(
    request: HttpRequest, start: dt.date, end: dt.date, cluster: str | None = None, unit: str | None = None,
    edition: str = "current", format: str = "json",  # noqa: A002 — the CLI's option name
) -> Any:
    """`?cluster=SLUG` or `?unit=CODE&edition=legacy|current`, `start`, `end`; `format` json, docx or xlsx."""
    if format not in CONTENT_TYPES:
        format = "json"
    scope = scope_resolve(user=request.user, cluster=cluster, unit=unit, edition=edition, start=start, end=end)
    data = report_compute(reader=request.user, scope=scope, start=start, end=end)
    content = report_export(data=data, fmt=format, reader=request.user)
    if format == "json":
        return json.loads(content)
    response = HttpResponse(content, content_type=CONTENT_TYPES[format])
    response["Content-Disposition"] = f'attachment; filename="bao-cao.{format}"'
    return response


@router.get("/{public_id}", summary="A saved review report (its figures as generated; frozen once signed)")
def report_detail(request: HttpRequest, public_id: str) -> Any:
    """The report the user may read as JSON (steering viewers read "< 3" for small counts of persons); 404 otherwise."""
    report = report_get_for(user=request.user, public_id=public_id)
    data = ReportData(scope=report_scope(report), start=report.period_start, end=report.period_end, figures=[])
    return json.loads(report_export(data=data, fmt="json", reader=request.user, report=report))
