"""Writes shared by every operational record: numbering, sharing, deletion."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from giapranh.core.access import can_edit, can_share
from giapranh.core.audit import access_log_append
from giapranh.core.choices import AccessAction
from giapranh.core.models import RecordNumber, ScopedRecord


@transaction.atomic
def record_number_next(*, agency: Any, kind: str, year: int, infix: str = "") -> str:
    """The next agency-scoped number, e.g. `QY-2020-015` (or `QY-TN-2020-003` with infix `TN`)."""
    counter, _created = RecordNumber.objects.select_for_update().get_or_create(
        agency=agency, kind=kind, year=year
    )
    counter.last_value += 1
    counter.save(update_fields=["last_value"])
    middle = f"{infix}-" if infix else ""
    return f"{agency.code}-{middle}{year}-{counter.last_value:03d}"


@transaction.atomic
def record_share(*, record: ScopedRecord, actor: Any, shared: bool) -> ScopedRecord:
    """Share a record with (or withdraw it from) the cluster; a commune chief's act, logged."""
    if not can_share(actor, record):
        raise PermissionDenied(_("Only the chief of the owner commune police may share a record with the cluster."))
    if record.shared_with_cluster != shared:
        record.shared_with_cluster = shared
        record._change_reason = "share" if shared else "unshare"  # type: ignore[attr-defined]
        record.save(update_fields=["shared_with_cluster", "updated_at"])
        access_log_append(actor=actor, action=AccessAction.SHARE if shared else AccessAction.UNSHARE, target=record)
    return record


@transaction.atomic
def record_delete(*, record: ScopedRecord, actor: Any) -> None:
    """Delete a record of the actor's own agency (history keeps the deletion)."""
    if not can_edit(actor, record):
        raise PermissionDenied(_("Only the owner agency may delete this record."))
    record._history_user = actor  # type: ignore[attr-defined]
    record.delete()


def record_view_logged(*, record: Any, actor: Any, reason: str = "") -> None:
    """Write the access-log row for reading a record that holds personal data."""
    access_log_append(actor=actor, action=AccessAction.VIEW, target=record, reason=reason)
