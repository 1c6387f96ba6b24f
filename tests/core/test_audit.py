from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from giapranh.core.audit import access_log_append, access_log_verify
from giapranh.core.models import AccessLogEntry, AppendOnlyError

pytestmark = pytest.mark.django_db


def _three_rows(user) -> list[AccessLogEntry]:
    return [access_log_append(actor=user, action="view", target_type="people.person", target_ref=f"ref-{i}") for i in range(3)]


def test_rows_are_chained(officer_a) -> None:
    rows = _three_rows(officer_a)
    assert rows[1].prev_hash == rows[0].row_hash and rows[2].prev_hash == rows[1].row_hash
    assert access_log_verify().ok


def test_the_log_refuses_updates_and_deletes_through_the_orm(officer_a) -> None:
    row = _three_rows(officer_a)[0]
    row.reason = "edited"
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.all().update(reason="x")
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.all().delete()


def test_verifylog_finds_a_row_altered_directly_in_the_database(officer_a, capsys) -> None:
    rows = _three_rows(officer_a)
    call_command("verifylog")
    assert "OK: 3 rows" in capsys.readouterr().out
    # when: someone edits the middle row behind the application's back
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {AccessLogEntry._meta.db_table} SET target_ref = %s WHERE id = %s", ["other", rows[1].id])
    # then
    with pytest.raises(CommandError, match=f"row {rows[1].id}"):
        call_command("verifylog")


def test_verifylog_finds_a_deleted_row(officer_a) -> None:
    rows = _three_rows(officer_a)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AccessLogEntry._meta.db_table} WHERE id = %s", [rows[1].id])
    report = access_log_verify()
    assert not report.ok and report.bad_id == rows[1].id


def test_verifylog_finds_a_rehashed_row_by_the_broken_link(officer_a) -> None:
    rows = _three_rows(officer_a)
    forged = AccessLogEntry.objects.get(id=rows[0].id)
    forged.target_ref = "forged"
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AccessLogEntry._meta.db_table} SET target_ref = %s, row_hash = %s WHERE id = %s",
            ["forged", forged.compute_hash(), rows[0].id],
        )
    report = access_log_verify()
    assert not report.ok and report.bad_id == rows[1].id and report.problem == "link"
