"""`giapranh backup` / `restore`: a round trip into an empty database keeps every row, and the log verifies."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from giapranh.accounts.mfa import mfa_enrolment_start
from giapranh.accounts.services import api_token_create
from giapranh.core.audit import access_log_append


@pytest.fixture
def anchor_file(tmp_path, settings) -> Path:
    settings.AUDIT_ANCHOR_FILE = tmp_path / "anchor.log"
    return settings.AUDIT_ANCHOR_FILE


def _plain(value: object) -> object:
    """Aware datetimes compare by instant (two drivers name UTC differently)."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).isoformat()
    return value


def _tables(cursor, names: list[str]) -> dict[str, list[str]]:
    content = {}
    for name in names:
        cursor.execute(f'SELECT * FROM "{name}"')  # noqa: S608 — table names from introspection
        content[name] = sorted(repr(tuple(_plain(value) for value in row)) for row in cursor.fetchall())
    return content


def _giapranh(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 — our own command
        [sys.executable, "-m", "giapranh.cli", *args], env=env, capture_output=True, text=True, timeout=300,
    )


def _env(settings, tmp_path: Path, database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIAPRANH_", "DJANGO_", "DATABASE_URL"))}
    env.update({
        "DATABASE_URL": database_url,
        "GIAPRANH_VAR_DIR": str(tmp_path / "restored-var"),
        "GIAPRANH_AUDIT_KEY_FILE": str(settings.AUDIT_KEY_FILE),
        "GIAPRANH_AUDIT_ANCHOR_FILE": str(tmp_path / "restored-anchor.log"),
    })
    return env


def test_backup_restores_into_an_empty_database_with_every_row_and_a_verified_log(
    transactional_db, settings, tmp_path, anchor_file, officer_a, chief_a
) -> None:
    # given: some of everything, committed, with the anchor written after each write
    for i in range(5):
        access_log_append(actor=officer_a, action="view", target_type="people.person", target_ref=str(uuid.uuid4()), reason=f"#{i}")
    api_token_create(user=officer_a, name="tích hợp")
    mfa_enrolment_start(user=chief_a)
    # and a file attached to a record (kept outside the database)
    settings.MEDIA_ROOT = tmp_path / "files"
    from django.core.files.uploadedfile import SimpleUploadedFile

    from giapranh.core.attachments import attachment_add
    from tests.incidents.factories import make_accident

    scan = b"%PDF-1.4\n%%EOF\n"
    attached = attachment_add(record=make_accident(actor=officer_a), actor=officer_a, upload=SimpleUploadedFile("qd.pdf", scan))
    names = connection.introspection.table_names()
    with connection.cursor() as cursor:
        before = _tables(cursor, names)
    assert sum(len(rows) for rows in before.values()) > 20
    # when: backed up …
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive))
    with tarfile.open(archive) as tar:
        members = set(tar.getnames())
    assert {"manifest.json", "audit-anchor.log", f"files/{attached.file.name}"} <= members
    # … and restored into an empty database of the same kind
    if connection.vendor == "sqlite":
        copy = tmp_path / "restored.sqlite3"
        url = f"sqlite:///{copy}"
        drop = None
    else:
        import psycopg

        db = connection.settings_dict
        name = f"{db['NAME']}_restored"
        conninfo = f"host={db['HOST']} port={db['PORT'] or 5432} user={db['USER']} dbname=postgres"
        with psycopg.connect(conninfo, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
        url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{name}"

        def drop() -> None:
            with psycopg.connect(conninfo, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    env = _env(settings, tmp_path, url)
    try:
        restored = _giapranh("restore", str(archive), env=env)
        assert restored.returncode == 0, restored.stderr
        assert "Access log: OK, 6 rows, newest anchored row 6" in restored.stdout  # 5 reads, 1 token created
        # the attached file is back in the restored installation's files folder
        assert (tmp_path / "restored-var" / "files" / attached.file.name).read_bytes() == scan
        # then: every table holds the same rows
        if connection.vendor == "sqlite":
            import sqlite3

            # the same type converters as Django's connection (registered module-wide by Django)
            with sqlite3.connect(copy, detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES) as other:
                after = _tables(other.cursor(), names)
        else:
            import psycopg

            with psycopg.connect(url.replace("postgres://", "postgresql://")) as other, other.cursor() as cursor:
                after = _tables(cursor, names)
        assert after == before
        # and verifylog passes on the copy, with the anchor that came with it
        verified = _giapranh("verifylog", env=env)
        assert verified.returncode == 0 and "chain intact" in verified.stdout, verified.stderr
        # a second restore is refused: the target is no longer empty
        again = _giapranh("restore", str(archive), env=env)
        assert again.returncode != 0 and "not empty" in again.stderr
    finally:
        if drop:
            drop()


def test_a_restore_with_another_access_log_key_is_refused(transactional_db, settings, tmp_path, anchor_file, officer_a) -> None:
    access_log_append(actor=officer_a, action="view")
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive))
    other_key = tmp_path / "other.key"
    other_key.write_text("e" * 64)
    env = _env(settings, tmp_path, f"sqlite:///{tmp_path / 'x.sqlite3'}")
    env["GIAPRANH_AUDIT_KEY_FILE"] = str(other_key)
    if connection.vendor != "sqlite":
        pytest.skip("the key check comes before the database; SQLite is enough to show it")
    refused = _giapranh("restore", str(archive), env=env)
    assert refused.returncode != 0 and "not the one the backup was made with" in refused.stderr
