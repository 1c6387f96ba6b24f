from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from giapranh.core.audit import (
    GENESIS,
    access_log_append,
    access_log_list_names,
    access_log_refused,
    access_log_verify,
    anchors_read,
    seal,
)
from giapranh.core.models import AccessLogEntry, AppendOnlyError

pytestmark = pytest.mark.django_db
TABLE = AccessLogEntry._meta.db_table


@pytest.fixture(autouse=True)
def anchor_file(tmp_path, settings):
    """Each test gets its own anchor file (what the other medium would hold)."""
    settings.AUDIT_ANCHOR_FILE = tmp_path / "anchor.log"
    return settings.AUDIT_ANCHOR_FILE


@pytest.fixture
def _three_rows(officer_a, django_capture_on_commit_callbacks) -> list[AccessLogEntry]:
    rows = []
    for i in range(3):
        # each append is its own committed write: its anchor line is written after commit
        with django_capture_on_commit_callbacks(execute=True):
            rows.append(access_log_append(actor=officer_a, action="view", target_type="people.person", target_ref=f"ref-{i}"))
    return rows


def _rows(_three_rows) -> list[AccessLogEntry]:
    return _three_rows


def test_rows_are_chained(_three_rows) -> None:
    rows = _three_rows
    assert rows[1].prev_hash == rows[0].row_hash and rows[2].prev_hash == rows[1].row_hash
    assert access_log_verify().ok


def test_the_log_refuses_updates_and_deletes_through_the_orm(_three_rows) -> None:
    row = _three_rows[0]
    row.reason = "edited"
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.all().update(reason="x")
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.all().delete()


def test_verifylog_finds_a_row_altered_directly_in_the_database(_three_rows, capsys) -> None:
    rows = _three_rows
    call_command("verifylog")
    assert "OK: 3 rows, chain intact, newest anchored row 3" in capsys.readouterr().out
    # when: someone edits the middle row behind the application's back
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {AccessLogEntry._meta.db_table} SET target_ref = %s WHERE id = %s", ["other", rows[1].id])
    # then
    with pytest.raises(CommandError, match=f"row {rows[1].id}"):
        call_command("verifylog")


def test_verifylog_finds_a_deleted_row(_three_rows) -> None:
    rows = _three_rows
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AccessLogEntry._meta.db_table} WHERE id = %s", [rows[1].id])
    report = access_log_verify()
    assert not report.ok and report.bad_id == rows[1].id


def test_verifylog_finds_a_resealed_row_by_the_broken_link(_three_rows) -> None:
    rows = _three_rows
    forged = AccessLogEntry.objects.get(id=rows[0].id)
    forged.target_ref = "forged"
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AccessLogEntry._meta.db_table} SET target_ref = %s, row_hash = %s WHERE id = %s",
            ["forged", seal(forged), rows[0].id],
        )
    report = access_log_verify()
    assert not report.ok and report.bad_id == rows[1].id and report.problem == "link"


def test_a_row_rewritten_with_a_plain_hash_does_not_verify_without_the_key(_three_rows) -> None:
    # given: an insider with database access but not the key file rewrites the newest row
    import hashlib

    forged = AccessLogEntry.objects.get(id=_three_rows[2].id)
    forged.target_ref = "forged"
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} SET target_ref = %s, row_hash = %s WHERE id = %s",
            ["forged", hashlib.sha256(forged.hash_payload()).hexdigest(), forged.id],
        )
    # then
    report = access_log_verify()
    assert not report.ok and report.bad_id == forged.id and report.problem == "content"


def test_deleting_the_newest_rows_is_found_by_the_anchor(_three_rows, anchor_file) -> None:
    # given: the anchor holds one line per committed write
    assert [anchor_id for anchor_id, _ in anchors_read()] == [r.id for r in _three_rows]
    # when: the two newest rows are deleted; what is left is a valid chain on its own
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE id >= %s", [_three_rows[1].id])
    # then
    report = access_log_verify()
    assert not report.ok and report.bad_id == _three_rows[1].id and report.problem == "anchor: row missing"
    with pytest.raises(CommandError, match="anchor: row missing"):
        call_command("verifylog")


def test_rewriting_the_whole_chain_with_the_key_is_found_by_the_anchor(_three_rows) -> None:
    # given: an insider who has the key too rebuilds every row with a changed one in the middle
    rows = list(AccessLogEntry.objects.order_by("id"))
    rows[1].target_ref = "rewritten"
    prev = GENESIS
    with connection.cursor() as cursor:
        for row in rows:
            row.prev_hash = prev
            row.row_hash = seal(row)
            cursor.execute(
                f"UPDATE {TABLE} SET target_ref = %s, prev_hash = %s, row_hash = %s WHERE id = %s",
                [row.target_ref, row.prev_hash, row.row_hash, row.id],
            )
            prev = row.row_hash
    # then: the chain is self-consistent, but not what the anchor recorded
    report = access_log_verify()
    assert not report.ok and report.problem == "anchor: row rewritten" and report.bad_id == rows[1].id


def test_a_copy_of_the_anchor_on_other_media_can_be_checked(_three_rows, anchor_file, tmp_path, capsys) -> None:
    copy = tmp_path / "usb-anchor.log"
    copy.write_bytes(anchor_file.read_bytes())
    anchor_file.unlink()
    with pytest.raises(CommandError, match="no anchor"):
        call_command("verifylog")
    call_command("verifylog", "--anchor", str(copy))
    assert "OK: 3 rows" in capsys.readouterr().out


def test_the_seal_needs_the_key(_three_rows, settings, tmp_path) -> None:
    # given: another key (e.g. a restored database checked with the wrong key file)
    other = tmp_path / "other.key"
    other.write_text("f" * 64)
    settings.AUDIT_KEY_FILE = other
    # then
    report = access_log_verify()
    assert not report.ok and report.bad_id == _three_rows[0].id and report.problem == "content"


def test_refused_reads_and_name_lists_have_their_own_actions(officer_a) -> None:
    # when
    access_log_refused(actor=officer_a, target_type="people.person", target_ref="7c9e6679-7425-40de-944b-e07fc1f90ae7")
    access_log_list_names(actor=officer_a, target_type="people.person")
    # then: one row each, no query text anywhere
    refused, listed = AccessLogEntry.objects.order_by("id")
    assert (refused.action, refused.actor_username, refused.target_type) == ("refused", "officer_a", "people.person")
    assert refused.target_ref == "7c9e6679-7425-40de-944b-e07fc1f90ae7"
    assert (listed.action, listed.target_ref, listed.reason) == ("list_names", "", "")


def test_concurrent_writers_do_not_fork_the_chain(transactional_db, officer_a, anchor_file) -> None:
    """Eight threads append at once (each its own connection); the chain stays one line."""
    import threading

    if connection.vendor != "postgresql":
        pytest.skip("the SQLite test database is in memory, shared-cache: one writer by construction")

    from django.db import connections

    errors: list[BaseException] = []

    def worker() -> None:
        try:
            for i in range(10):
                access_log_append(actor=None, actor_username="t", action="view", target_ref=str(i))
        except BaseException as exc:  # noqa: BLE001 — reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert AccessLogEntry.objects.count() == 80
    report = access_log_verify()
    assert report.ok and report.checked == 80 and report.anchored_id == 80
