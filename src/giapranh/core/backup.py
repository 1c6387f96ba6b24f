"""Backups that restore: the database (SQLite online backup API, or pg_dump) and the access-log anchor.

A backup is one .tar.gz holding `manifest.json`, the database (`database.sqlite3` or
`database.dump`, pg_dump's custom format) and `audit-anchor.log`: the anchor lines up to the
newest access-log row the copy is sure to hold, so `giapranh verifylog` passes on a restored
copy and still catches rows cut from it. The access-log key is NOT in the backup: it is kept
apart (docs/operations.md), and the manifest records its fingerprint to catch a wrong key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections

from giapranh.core.audit import audit_key
from giapranh.core.models import AccessLogEntry

FORMAT = 1


class BackupError(Exception):
    pass


@dataclass(frozen=True)
class BackupResult:
    path: Path
    vendor: str
    log_rows_anchored: int
    size: int


def _key_fingerprint() -> str:
    return hashlib.sha256(b"giapranh-audit-key:" + audit_key()).hexdigest()[:16]


def _pg_args(db: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    """Connection arguments and environment for pg_dump / pg_restore / psql from a Django database."""
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _program(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client).")
    return path


def _anchor_lines_upto(last_id: int) -> bytes:
    """The anchor file's lines for rows up to `last_id` (later ones may not be in the copy)."""
    path = Path(settings.AUDIT_ANCHOR_FILE)
    if not path.exists():
        return b""
    kept = []
    for line in path.read_bytes().splitlines(keepends=True):
        parts = line.split()
        if len(parts) == 3 and parts[1].isdigit() and int(parts[1]) <= last_id:
            kept.append(line)
    return b"".join(kept)


def backup_create(*, output: Path, alias: str = "default") -> BackupResult:
    """Write a consistent backup of the database and the access-log anchor to `output` (.tar.gz)."""
    connection = connections[alias]
    vendor = connection.vendor
    # Rows up to this one are committed before the copy starts, so the copy holds them.
    last = AccessLogEntry.objects.using(alias).order_by("-id").values_list("id", "row_hash").first()
    last_id = last[0] if last else 0
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if vendor == "sqlite":
            db_file = work / "database.sqlite3"
            connection.ensure_connection()
            source = connection.connection  # the live connection: the online backup API copies pages safely
            target = sqlite3.connect(db_file)
            try:
                source.backup(target)
            finally:
                target.close()
        elif vendor == "postgresql":
            db_file = work / "database.dump"
            db = connection.settings_dict
            args, env = _pg_args(db)
            subprocess.run(  # noqa: S603 — fixed program, arguments from settings
                [_program("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", *args, "--file", str(db_file), str(db["NAME"])],
                env=env, check=True, capture_output=True,
            )
        else:
            raise BackupError(f"No backup for {vendor} databases.")
        anchor = _anchor_lines_upto(last_id)
        anchor_lines = anchor.count(b"\n")
        (work / "audit-anchor.log").write_bytes(anchor)
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "vendor": vendor,
            "database_file": db_file.name,
            "database_sha256": hashlib.sha256(db_file.read_bytes()).hexdigest(),
            "access_log_last_id": last_id,
            "access_log_last_hash": last[1] if last else "",
            "anchor_lines": anchor_lines,
            "audit_key_fingerprint": _key_fingerprint(),
        }
        # Attached files live outside the database (core.attachments): they travel with it.
        files = Path(settings.MEDIA_ROOT) / "attachments"
        manifest["attached_files"] = sum(1 for path in files.rglob("*") if path.is_file()) if files.is_dir() else 0
        (work / "manifest.json").write_text(json.dumps(manifest, indent=2))
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            for name in ("manifest.json", db_file.name, "audit-anchor.log"):
                archive.add(work / name, arcname=name)
            if files.is_dir():
                archive.add(files, arcname="files/attachments")
        os.replace(partial, output)  # a backup file that exists is a complete one
    return BackupResult(output, vendor, anchor_lines, output.stat().st_size)


@dataclass(frozen=True)
class RestoreResult:
    vendor: str
    anchor_path: Path
    anchor_moved_to: Path | None
    manifest: dict[str, Any]


def _database_is_empty(alias: str) -> bool:
    with connections[alias].cursor() as cursor:
        return not connections[alias].introspection.table_names(cursor)


def backup_restore(*, archive_path: Path, alias: str = "default", anchor_path: Path | None = None) -> RestoreResult:
    """Restore a backup into an EMPTY database and put its anchor in place (an existing anchor is moved aside)."""
    connection = connections[alias]
    vendor = connection.vendor
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        with tarfile.open(archive_path, "r:gz") as archive:
            archive.extractall(work, filter="data")
        manifest = json.loads((work / "manifest.json").read_text())
        if manifest.get("format") != FORMAT:
            raise BackupError("Unknown backup format.")
        if manifest["vendor"] != vendor:
            raise BackupError(f"This is a {manifest['vendor']} backup; the target database is {vendor}.")
        db_file = work / manifest["database_file"]
        if hashlib.sha256(db_file.read_bytes()).hexdigest() != manifest["database_sha256"]:
            raise BackupError("The database file in the backup is damaged (checksum differs).")
        if manifest["audit_key_fingerprint"] != _key_fingerprint():
            raise BackupError(
                "The access-log key (GIAPRANH_AUDIT_KEY_FILE) is not the one the backup was made with."
            )
        if not _database_is_empty(alias):
            raise BackupError("The target database is not empty; restore only into an empty database.")
        if vendor == "sqlite":
            connection.ensure_connection()
            source = sqlite3.connect(db_file)
            try:
                source.backup(connection.connection)
            finally:
                source.close()
        else:
            db = connection.settings_dict
            args, env = _pg_args(db)
            connection.close()
            completed = subprocess.run(  # noqa: S603 — fixed program, arguments from settings
                [_program("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
                 *args, "--dbname", str(db["NAME"]), str(db_file)],
                env=env, capture_output=True, text=True,
            )
            if completed.returncode != 0:
                raise BackupError(f"pg_restore failed: {completed.stderr.strip()[:500]}")
        anchor_target = Path(anchor_path or settings.AUDIT_ANCHOR_FILE)
        moved = None
        if anchor_target.exists() and anchor_target.stat().st_size:
            # Never overwrite an anchor: it may be the evidence that newer rows existed.
            moved = anchor_target.with_name(
                f"{anchor_target.name}.before-restore-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S}"
            )
            os.replace(anchor_target, moved)
        anchor_target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(work / "audit-anchor.log", anchor_target)
        if (work / "files" / "attachments").is_dir():
            # Stored names are random, so the restored files join whatever the folder holds.
            shutil.copytree(work / "files" / "attachments", Path(settings.MEDIA_ROOT) / "attachments", dirs_exist_ok=True)
    return RestoreResult(vendor, anchor_target, moved, manifest)

