"""Play the attacker with direct database access: get past the append-only triggers, then
change the audit table the way someone with a database shell would."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection

triggers = importlib.import_module("strait.audit.migrations.0002_append_only_triggers")


@contextmanager
def triggers_bypassed() -> Iterator[Any]:
    """Yield a cursor on which UPDATE and DELETE of audit entries go through.

    SQLite: drop the triggers and recreate them afterwards (DDL is transactional there, so the
    test's rollback would restore them anyway). PostgreSQL: replica mode skips ordinary triggers
    until the end of the transaction; the test role is a superuser, as an attacker would be.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for sql in triggers.SQLITE_DOWN:
                cursor.execute(sql)
            try:
                yield cursor
            finally:
                for sql in triggers.SQLITE_UP:
                    cursor.execute(sql)
        elif connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
            try:
                yield cursor
            finally:
                cursor.execute("SET LOCAL session_replication_role = origin")
        else:  # pragma: no cover - only the two supported databases
            raise NotImplementedError(connection.vendor)


def raw_update(cursor: Any, seq: int, column: str, value: Any) -> None:
    # Column names come from the tests themselves, never from input.
    cursor.execute(f"UPDATE audit_auditentry SET {column} = %s WHERE seq = %s", [value, seq])  # noqa: S608


def raw_delete(cursor: Any, seq: int) -> None:
    cursor.execute("DELETE FROM audit_auditentry WHERE seq = %s", [seq])


def raw_move(cursor: Any, from_seq: int, to_seq: int) -> None:
    raw_update(cursor, from_seq, "seq", to_seq)
