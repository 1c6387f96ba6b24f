"""Writes of review reports: generate a draft, edit its narrative, sign it."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from giapranh.reports.models import NARRATIVE_SECTIONS, ReportStatus, ReviewReport
from giapranh.reports.narrative import narrative_draft
from giapranh.reports.scope import Scope
from giapranh.reports.selectors import report_compute

SIGNING_ROLES = ("coordinator", "commune_chief", "superior")


def report_content_hash(report: ReviewReport) -> str:
    """SHA-256 of what was signed: scope, period, version, figures and narrative (canonical JSON)."""
    payload = {
        "title": report.title,
        "cluster": report.cluster.slug if report.cluster else None,
        "unit": [report.unit.edition, report.unit.code] if report.unit else None,
        "from": report.period_start.isoformat(), "to": report.period_end.isoformat(),
        "version": report.version, "figures": report.figures, "narrative": report.narrative,
    }
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def _title(scope: Scope, start: dt.date, end: dt.date) -> str:
    return f"Báo cáo sơ kết công tác đảm bảo ANTT {scope.name} từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}"


@transaction.atomic
def report_generate(*, actor: Any, scope: Scope, start: dt.date, end: dt.date) -> ReviewReport:
    """Compute the figures as `actor` sees them and save a draft (a new version if one exists)."""
    if not getattr(actor, "sees_records", False):
        raise PermissionDenied(_("Only officers who see the records generate a report."))
    if end < start:
        raise ValidationError({"period_end": _("The end date is before the start date.")})
    data = report_compute(reader=actor, scope=scope, start=start, end=end)
    figures = data.as_dict()
    previous = ReviewReport.objects.filter(
        cluster=scope.cluster, unit=scope.unit if scope.kind == "unit" else None,
        period_start=start, period_end=end,
    ).order_by("-version").first()
    return ReviewReport.objects.create(
        owner_agency=actor.agency, cluster=scope.cluster, unit=scope.unit if scope.kind == "unit" else None,
        title=_title(scope, start, end), period_start=start, period_end=end,
        version=(previous.version + 1) if previous else 1, previous=previous,
        figures=figures, created_by=actor,
        narrative=narrative_draft(
            figures=figures["figures"], scope_name=scope.name, start=f"{start:%d/%m/%Y}", end=f"{end:%d/%m/%Y}",
        ),
    )


def _require_editor(report: ReviewReport, actor: Any) -> None:
    if report.is_signed:
        raise ValidationError(_("A signed report cannot be changed; generate a new version."))
    if getattr(actor, "agency_id", None) != report.owner_agency_id or actor.role not in SIGNING_ROLES:
        raise PermissionDenied(_("Only the coordinator or chief of the reporting agency edits or signs this report."))


@transaction.atomic
def report_narrative_update(*, report: ReviewReport, actor: Any, sections: dict[str, str], document_number: str = "") -> ReviewReport:
    """Replace the narrative sections of a draft."""
    _require_editor(report, actor)
    known = {key for key, _label in NARRATIVE_SECTIONS}
    report.narrative = {key: sections.get(key, report.narrative.get(key, "")).strip() for key in known}
    report.document_number = document_number.strip()[:60] or report.document_number
    report.save(update_fields=["narrative", "document_number"])
    return report


@transaction.atomic
def report_sign(*, report: ReviewReport, actor: Any) -> ReviewReport:
    """Sign the draft: from now on figures and narrative are frozen under a content hash."""
    _require_editor(report, actor)
    report.status = ReportStatus.SIGNED
    report.signed_by = actor
    report.signed_at = timezone.now()
    report.content_hash = report_content_hash(report)
    report.save(update_fields=["status", "signed_by", "signed_at", "content_hash"])
    return report
