"""Neither the application nor the database lets an audit entry change or disappear."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from strait.audit.events import AuditAction
from strait.audit.log import record, verify_stored
from strait.audit.models import AppendOnlyError, AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry() -> AuditEntry:
    record(AuditAction.LOGIN, target="first")
    return record(AuditAction.LOGOUT, target="second")


def test_saving_an_existing_entry_is_refused(entry: AuditEntry) -> None:
    entry.target = "rewritten"
    with pytest.raises(AppendOnlyError):
        entry.save()
    reloaded = AuditEntry.objects.get(seq=entry.seq)
    with pytest.raises(AppendOnlyError):
        reloaded.save(update_fields=["target"])
    assert AuditEntry.objects.get(seq=entry.seq).target == "second"


def test_deleting_an_entry_is_refused(entry: AuditEntry) -> None:
    with pytest.raises(AppendOnlyError):
        entry.delete()
    assert AuditEntry.objects.filter(seq=entry.seq).exists()


def test_queryset_update_and_delete_are_refused(entry: AuditEntry) -> None:
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(seq=entry.seq).update(target="rewritten")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    # bulk_update runs in its own transaction; the savepoint keeps the test's usable.
    with pytest.raises(AppendOnlyError), transaction.atomic():
        AuditEntry.objects.bulk_update([entry], ["target"])
    assert AuditEntry.objects.count() == 2
    assert verify_stored().ok


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditentry SET target = 'rewritten'",
        "UPDATE audit_auditentry SET seq = seq + 100",
        "DELETE FROM audit_auditentry",
    ],
)
def test_database_refuses_update_and_delete(entry: AuditEntry, sql: str) -> None:
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
    assert AuditEntry.objects.count() == 2
    assert AuditEntry.objects.get(seq=entry.seq).target == "second"
    assert verify_stored().ok


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE exists on PostgreSQL only")
def test_postgresql_refuses_truncate(entry: AuditEntry) -> None:
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("TRUNCATE audit_auditentry")
    assert AuditEntry.objects.count() == 2


def test_appending_still_works_after_refusals(entry: AuditEntry) -> None:
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry")
    later = record(AuditAction.LOGIN, target="third")
    assert later.seq == entry.seq + 1
    assert verify_stored().ok
