"""Each kind of tampering with the stored log is found, by verify_stored() and by the command
operators run (``manage.py audit verify`` / ``strait audit verify``)."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.management import call_command

from strait.audit import chain
from strait.audit.events import AuditAction
from strait.audit.log import record, verify_stored
from strait.audit.models import AuditEntry
from tests.audit.tampering import raw_delete, raw_move, raw_update, triggers_bypassed

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Break:
    seq: int
    kind: str


def five_entries() -> list[AuditEntry]:
    return [record(AuditAction.LOGIN, target=f"entry-{i}", details={"i": i}) for i in range(1, 6)]


def change_field(column: str, value: object) -> Callable[[list[AuditEntry]], Break]:
    def tamper(entries: list[AuditEntry]) -> Break:
        with triggers_bypassed() as cursor:
            raw_update(cursor, entries[2].seq, column, value)
        return Break(entries[2].seq, "altered")

    return tamper


def delete_entry(entries: list[AuditEntry]) -> Break:
    with triggers_bypassed() as cursor:
        raw_delete(cursor, entries[2].seq)
    return Break(entries[2].seq, "missing")


def insert_entry(entries: list[AuditEntry]) -> Break:
    """Make room in the middle and slip in a well-formed entry linked to its predecessor."""
    at = entries[2].seq
    with triggers_bypassed() as cursor:
        for entry in reversed(entries[2:]):
            raw_move(cursor, entry.seq, entry.seq + 1)
    forged = AuditEntry(
        seq=at,
        occurred_at=entries[2].occurred_at,
        actor="intruder",
        action=AuditAction.LOGIN,
        target="forged",
        details={},
        prev_hash=entries[1].entry_hash,
    )
    forged.entry_hash = chain.compute_hash(forged.prev_hash, chain.entry_payload(forged))
    forged.save()
    # The forged entry itself is consistent; the one after it no longer links.
    return Break(at + 1, "unlinked")


def append_behind_the_head(entries: list[AuditEntry]) -> Break:
    last = entries[-1]
    forged = AuditEntry(
        seq=last.seq + 1,
        occurred_at=last.occurred_at,
        action=AuditAction.LOGOUT,
        details={},
        prev_hash=last.entry_hash,
    )
    forged.entry_hash = chain.compute_hash(forged.prev_hash, chain.entry_payload(forged))
    forged.save()
    return Break(last.seq + 1, "extended")


def swap_entries(entries: list[AuditEntry]) -> Break:
    a, b = entries[1].seq, entries[2].seq
    with triggers_bypassed() as cursor:
        raw_move(cursor, a, 0)
        raw_move(cursor, b, a)
        raw_move(cursor, 0, b)
    return Break(a, "unlinked")


def truncate_tail(entries: list[AuditEntry]) -> Break:
    with triggers_bypassed() as cursor:
        raw_delete(cursor, entries[-1].seq)
        raw_delete(cursor, entries[-2].seq)
    return Break(entries[-2].seq, "truncated")


TAMPERINGS = {
    "changed target": change_field("target", "entry-innocent"),
    "changed actor": change_field("actor", "someone-else"),
    "changed time": change_field("occurred_at", "2020-01-01 00:00:00"),
    "changed details": change_field("details", '{"i": 99}'),
    "changed ip": change_field("ip", "10.9.9.9"),
    "deleted entry": delete_entry,
    "inserted entry": insert_entry,
    "appended behind the head": append_behind_the_head,
    "swapped entries": swap_entries,
    "truncated tail": truncate_tail,
}


@pytest.mark.parametrize("tamper", TAMPERINGS.values(), ids=TAMPERINGS.keys())
def test_verify_stored_reports_the_first_break(tamper: Callable[[list[AuditEntry]], Break]) -> None:
    entries = five_entries()
    assert verify_stored().ok

    expected = tamper(entries)
    result = verify_stored()

    assert not result.ok
    assert result.first_break is not None
    assert (result.first_break.seq, result.first_break.kind) == (expected.seq, expected.kind)
    # Everything before the break still checks out.
    assert result.checked == expected.seq - 1


@pytest.mark.parametrize("tamper", TAMPERINGS.values(), ids=TAMPERINGS.keys())
def test_command_exits_1_and_names_the_break(tamper: Callable[[list[AuditEntry]], Break]) -> None:
    expected = tamper(five_entries())
    out, err = io.StringIO(), io.StringIO()

    with pytest.raises(SystemExit) as exit_:
        call_command("audit", "verify", stdout=out, stderr=err)

    assert exit_.value.code == 1
    assert f"audit chain BROKEN at entry {expected.seq}:" in err.getvalue()
    assert "OK" not in out.getvalue()


def test_command_reports_an_intact_chain() -> None:
    five_entries()
    out = io.StringIO()

    call_command("audit", "verify", stdout=out)

    assert out.getvalue().strip() == f"audit chain OK: {AuditEntry.objects.count()} entries"


def test_triggers_are_back_after_a_bypass() -> None:
    from django.db import DatabaseError, connection, transaction

    entries = five_entries()
    with triggers_bypassed():
        pass
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM audit_auditentry WHERE seq = %s", [entries[0].seq])
