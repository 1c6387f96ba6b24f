"""Writing and verifying the hash-chained access log."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from giapranh.core.models import AccessLogEntry

GENESIS = "0" * 64
_PG_LOCK_KEY = 7_301_1938  # any constant: serialises appends across connections


@transaction.atomic
def access_log_append(
    *,
    actor: Any | None,
    action: str,
    target: Any | None = None,
    target_type: str = "",
    target_ref: str = "",
    reason: str = "",
    actor_username: str = "",
) -> AccessLogEntry:
    """Append one row to the access log, chained to the previous row."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK_KEY])
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_ref = target_ref or str(getattr(target, "public_id", "") or target.pk)
    last = AccessLogEntry.objects.order_by("-id").only("id", "row_hash").first()
    entry = AccessLogEntry(
        id=(last.id + 1) if last else 1,
        created_at=timezone.now(),
        actor=actor if getattr(actor, "pk", None) else None,
        actor_username=(getattr(actor, "username", "") or actor_username)[:150],
        action=action,
        target_type=target_type[:60],
        target_ref=target_ref[:64],
        reason=reason[:200],
        prev_hash=last.row_hash if last else GENESIS,
    )
    entry.row_hash = entry.compute_hash()
    entry.save(force_insert=True)
    return entry


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    bad_id: int | None = None
    problem: str = ""


def access_log_verify() -> ChainReport:
    """Recompute the chain; report the first row whose content or link is wrong."""
    prev = GENESIS
    expected_id = None
    checked = 0
    for entry in AccessLogEntry.objects.order_by("id").iterator(chunk_size=2000):
        if expected_id is not None and entry.id != expected_id:
            return ChainReport(False, checked, expected_id, "missing")
        if entry.prev_hash != prev:
            return ChainReport(False, checked, entry.id, "link")
        if entry.compute_hash() != entry.row_hash:
            return ChainReport(False, checked, entry.id, "content")
        prev = entry.row_hash
        expected_id = entry.id + 1
        checked += 1
    return ChainReport(True, checked)
