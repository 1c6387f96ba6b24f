"""Writing and verifying the access log: a keyed hash chain with an anchor outside the database.

Each row is sealed with HMAC-SHA256 under a key kept in a file outside the database
(settings.AUDIT_KEY_FILE), over its own content and the previous row's seal. Someone
who can write to the database but not read the key cannot forge a row. After each
commit the newest row's id and seal are appended to an anchor file outside the
database (settings.AUDIT_ANCHOR_FILE), so cutting the newest rows, or rewriting the
whole chain by someone who holds the key, disagrees with the anchor.
"""

from __future__ import annotations

import hmac
import os
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.utils import timezone

from giapranh.core.choices import AccessAction
from giapranh.core.models import AccessLogEntry

GENESIS = "0" * 64
_PG_LOCK_KEY = 7_301_1938  # any constant: serialises appends across connections
# verifylog checks the anchors in this much of the anchor file's end; the file only grows.
_ANCHOR_TAIL_BYTES = 256 * 1024
_key_lock = threading.Lock()
_key_cache: dict[str, bytes] = {}


def audit_key() -> bytes:
    """The HMAC key of the chain, read once per process from settings.AUDIT_KEY_FILE."""
    path = Path(settings.AUDIT_KEY_FILE)
    cached = _key_cache.get(str(path))
    if cached is not None:
        return cached
    with _key_lock:
        if not path.exists():
            if not settings.AUDIT_KEY_GENERATE:
                raise ImproperlyConfigured(
                    f"The access-log key file {path} (GIAPRANH_AUDIT_KEY_FILE) does not exist."
                )
            path.parent.mkdir(parents=True, exist_ok=True)
            # O_EXCL: two processes starting at once must not write two different keys.
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                pass
            else:
                with os.fdopen(fd, "w") as handle:
                    handle.write(secrets.token_hex(32) + "\n")
        key = path.read_bytes().strip()
        if len(key) < 32:
            raise ImproperlyConfigured(f"The access-log key in {path} is shorter than 32 characters.")
        _key_cache[str(path)] = key
        return key


def seal(entry: AccessLogEntry) -> str:
    """The HMAC-SHA256 of a row's content and its link, under the chain's key."""
    return hmac.new(audit_key(), entry.hash_payload(), "sha256").hexdigest()


def _anchor_write(entry_id: int, row_hash: str) -> None:
    path = Path(settings.AUDIT_ANCHOR_FILE)
    path.parent.mkdir(parents=True, exist_ok=True)
    line = f"{timezone.now().isoformat(timespec='seconds')} {entry_id} {row_hash}\n".encode()
    # One write() to an O_APPEND file: concurrent workers' lines never interleave.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o640)
    try:
        os.write(fd, line)
    finally:
        os.close(fd)


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
    """Append one row to the access log, chained to the previous row; anchor it after commit."""
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
    entry.row_hash = seal(entry)
    entry.save(force_insert=True)
    entry_id, row_hash = entry.id, entry.row_hash
    transaction.on_commit(lambda: _anchor_write(entry_id, row_hash))
    return entry


def access_log_refused(*, actor: Any, target_type: str, target_ref: str) -> AccessLogEntry:
    """Log a refused read: the record exists but the actor was answered 404."""
    return access_log_append(
        actor=actor, action=AccessAction.REFUSED, target_type=target_type, target_ref=target_ref
    )


def access_log_list_names(*, actor: Any, target_type: str) -> AccessLogEntry:
    """Log one list or search page that showed persons' names; the query text stays out."""
    return access_log_append(actor=actor, action=AccessAction.LIST_NAMES, target_type=target_type)


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    bad_id: int | None = None
    problem: str = ""
    anchored_id: int | None = None


def anchors_read(path: Path | None = None) -> list[tuple[int, str]]:
    """The (id, seal) pairs written in the last part of the anchor file."""
    path = Path(path or settings.AUDIT_ANCHOR_FILE)
    if not path.exists():
        return []
    with path.open("rb") as handle:
        size = handle.seek(0, os.SEEK_END)
        start = max(0, size - _ANCHOR_TAIL_BYTES)
        handle.seek(start)
        data = handle.read()
    lines = data.decode(errors="replace").splitlines()
    if start > 0:
        lines = lines[1:]  # the first line may be cut
    anchors = []
    for line in lines:
        parts = line.split()
        if len(parts) == 3 and parts[1].isdigit() and len(parts[2]) == 64:
            anchors.append((int(parts[1]), parts[2]))
    return anchors


def access_log_verify(*, anchor_path: Path | None = None) -> ChainReport:
    """Recompute the chain; report the first row whose content or link is wrong, then check the anchor."""
    prev = GENESIS
    expected_id = None
    checked = 0
    seals: dict[int, str] = {}
    anchors = anchors_read(anchor_path)
    wanted = {anchor_id for anchor_id, _seal in anchors}
    for entry in AccessLogEntry.objects.order_by("id").iterator(chunk_size=2000):
        if expected_id is not None and entry.id != expected_id:
            return ChainReport(False, checked, expected_id, "missing")
        if entry.prev_hash != prev:
            return ChainReport(False, checked, entry.id, "link")
        if not hmac.compare_digest(seal(entry), entry.row_hash):
            return ChainReport(False, checked, entry.id, "content")
        if entry.id in wanted:
            seals[entry.id] = entry.row_hash
        prev = entry.row_hash
        expected_id = entry.id + 1
        checked += 1
    if not anchors:
        if checked:
            return ChainReport(False, checked, None, "no anchor")
        return ChainReport(True, 0)
    for anchor_id, anchor_seal in anchors:
        if anchor_id not in seals:
            # An anchored row is gone: the newest rows were cut, or an older copy restored.
            return ChainReport(False, checked, anchor_id, "anchor: row missing", anchor_id)
        if not hmac.compare_digest(seals[anchor_id], anchor_seal):
            return ChainReport(False, checked, anchor_id, "anchor: row rewritten", anchor_id)
    return ChainReport(True, checked, anchored_id=max(anchor_id for anchor_id, _seal in anchors))
