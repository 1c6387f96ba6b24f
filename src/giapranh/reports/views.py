"""Review report pages: form, report with figures and charts, drill-down, narrative, sign, exports."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from giapranh.reports.charts import bar_chart_svg, bars_for, map_svg, pairs_chart_svg
from giapranh.reports.exports import CONTENT_TYPES, report_export
from giapranh.reports.forms import NarrativeForm, ReportForm
from giapranh.reports.models import NARRATIVE_SECTIONS
from giapranh.reports.selectors import (
    ReportData,
    cluster_dashboards_for,
    figure_rows,
    figure_shown,
    may_drill_down,
    report_breakdowns,
    report_get_for,
    report_list_for,
    report_scope,
    row_commune,
    scope_resolve,
)
from giapranh.reports.services import report_generate, report_narrative_update, report_sign
from giapranh.territory.selectors import cluster_list_for


@login_required
@require_http_methods(["GET", "POST"])
def report_list(request: HttpRequest) -> HttpResponse:
    """The user's reports and the form that generates a new one."""
    clusters = [(c.slug, c.name) for c in cluster_list_for(user=request.user)]
    form = ReportForm(request.POST or None, clusters=clusters)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            scope = scope_resolve(
                user=request.user, cluster=data["cluster"] or None, unit=data["unit"] or None,
                edition=data["edition"], start=data["start"], end=data["end"],
            )
            report = report_generate(actor=request.user, scope=scope, start=data["start"], end=data["end"])
        except Http404:
            form.add_error("unit", _("No unit has this code in the chosen edition."))
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            return redirect(report)
    reports = report_list_for(user=request.user)[:50]
    return render(request, "reports/report_list.html", {"form": form, "reports": reports})


def _rows(report: Any, user: Any) -> list[dict[str, Any]]:
    previous = report.previous.figures.get("figures", {}) if report.previous else {}
    rows = []
    for key, figure in report.figures.get("figures", {}).items():
        value = figure["value"]
        before = previous.get(key)
        rows.append({
            "key": key, "label": figure["label"], "unit": figure["unit"], "value": value,
            "shown": figure_shown(figure, user),
            # The previous version is masked as this one is ("< 3" for steering viewers).
            "previous": figure_shown(before, user) if before is not None else None,
            "changed": before is not None and before.get("value") != value,
        })
    return rows


def _chart_figures(figures: dict[str, Any]) -> list[dict[str, Any]]:
    """The counts drawn as bars (a share is a percentage, not drawn among counts)."""
    return [f for f in figures.get("figures", {}).values() if f.get("counting") != "share"]


@login_required
def report_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    """The report: figures, chart, narrative, hash; drill-down links for those who see records."""
    report = report_get_for(user=request.user, public_id=public_id)
    rows = _rows(report, request.user)
    chart = bar_chart_svg(bars_for(_chart_figures(report.figures), request.user), title=_("Figures of the report"))
    live = report_breakdowns(reader=request.user, scope=report_scope(report), start=report.period_start, end=report.period_end)
    charts = [
        pairs_chart_svg(live.against_previous, title=_("Incidents: this period against the previous one")),
        pairs_chart_svg(live.incidents_by_year, title=_("Incidents per year")),
        pairs_chart_svg(live.incidents_by_commune, title=_("Incidents per commune")),
        pairs_chart_svg(live.incidents_by_category, title=_("Incidents per category")),
    ]
    return render(request, "reports/report_detail.html", {
        "charts": charts,
        "map": map_svg(live.communes, live.points, title=_("Communes of the scope, incidents and accidents")),
        "report": report, "rows": rows, "chart": chart, "drill": may_drill_down(request.user),
        "sections": [(key, label, report.narrative.get(key, "")) for key, label in NARRATIVE_SECTIONS],
        "notes": report.figures.get("notes", []),
        "placed_by_default": report.figures.get("placed_by_default", 0),
    })


@login_required
def report_figure(request: HttpRequest, public_id: str, key: str) -> HttpResponse:
    """The records behind one figure, as the user may see them today (404 for steering viewers)."""
    report = report_get_for(user=request.user, public_id=public_id)
    figure, records = figure_rows(
        reader=request.user, scope=report_scope(report), key=key, start=report.period_start, end=report.period_end,
    )
    rows = [
        {
            "record": record, "commune": row_commune(record, figure),
            "cells": [function(record) for _label, function in figure.columns],
        }
        for record in records[:1000]
    ]
    return render(request, "reports/report_figure.html", {
        "report": report, "figure": figure, "rows": rows, "count": records.count(),
        "headers": [label for label, _function in figure.columns],
    })


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    report = report_get_for(user=request.user, public_id=public_id)
    initial = {**report.narrative, "document_number": report.document_number}
    form = NarrativeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            report_narrative_update(
                report=report, actor=request.user, document_number=form.cleaned_data["document_number"],
                sections={key: form.cleaned_data[key] for key, _label in NARRATIVE_SECTIONS},
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect(report)
    return render(request, "reports/report_edit.html", {"report": report, "form": form})


@login_required
@require_POST
def report_sign_view(request: HttpRequest, public_id: str) -> HttpResponse:
    report = report_get_for(user=request.user, public_id=public_id)
    report_sign(report=report, actor=request.user)
    return redirect(report)


@login_required
@require_POST
def report_new_version(request: HttpRequest, public_id: str) -> HttpResponse:
    report = report_get_for(user=request.user, public_id=public_id)
    new = report_generate(actor=request.user, scope=report_scope(report), start=report.period_start, end=report.period_end)
    return redirect(new)


@login_required
def report_download(request: HttpRequest, public_id: str, fmt: str) -> HttpResponse:
    """DOCX, XLSX or JSON of a saved report (the figures as generated; XLSX rows as the user sees them)."""
    if fmt not in CONTENT_TYPES:
        raise Http404
    report = report_get_for(user=request.user, public_id=public_id)
    scope = report_scope(report)
    data = ReportData(scope=scope, start=report.period_start, end=report.period_end, figures=[])
    content = report_export(data=data, fmt=fmt, reader=request.user, report=report)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="bao-cao-{report.public_id}-v{report.version}.{fmt}"'
    return response


def cluster_board_items(request: HttpRequest) -> list[dict[str, Any]]:
    """Each cluster listed for the user with its board and its offline map (the dashboards and the home page)."""
    boards = cluster_dashboards_for(user=request.user, today=timezone.localdate())
    return [
        {
            "board": board,
            "map": map_svg(board.breakdowns.communes, board.breakdowns.points, title=_("Incidents and accidents of the last twelve months")),
        }
        for board in boards
    ]


@login_required
def cluster_dashboards(request: HttpRequest) -> HttpResponse:
    """The dashboards of the clusters listed for the user: members, and superiors and steering viewers above them."""
    return render(request, "reports/cluster_dashboards.html", {"items": cluster_board_items(request)})
