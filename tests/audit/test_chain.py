"""record() builds a valid chain and the verifier accepts it; the pure verifier sees breaks."""

from __future__ import annotations

import pytest

from strait.audit import chain
from strait.audit.events import AuditAction
from strait.audit.log import record, verify_stored
from strait.audit.models import AuditEntry, AuditHead

pytestmark = pytest.mark.django_db


def test_record_links_each_entry_to_the_previous_one(make_user) -> None:
    user = make_user()
    first = record(AuditAction.LOGIN, actor=user, target="alpha")
    second = record(AuditAction.LOGOUT, actor=user, details={"reason": "done", "n": 1})

    assert second.seq == first.seq + 1
    assert second.prev_hash == first.entry_hash
    assert second.entry_hash == chain.compute_hash(first.entry_hash, chain.entry_payload(second))
    assert second.actor == user.username
    assert second.agency == user.agency.code
    head = AuditHead.objects.get()
    assert (head.seq, head.entry_hash) == (second.seq, second.entry_hash)


def test_stored_chain_verifies_after_round_trip_through_the_database(make_user) -> None:
    user = make_user()
    for i in range(5):
        record(AuditAction.USER_CHANGED, actor=user, target=f"user:{i}", details={"ايّ": "عربي"})

    result = verify_stored()

    assert result.ok, result.first_break
    assert result.checked == AuditEntry.objects.count()


def test_first_entry_starts_from_genesis() -> None:
    entry = record(AuditAction.LOGIN_FAILED, target="nobody")
    assert entry.seq == 1
    assert entry.prev_hash == chain.GENESIS


def test_empty_log_verifies() -> None:
    result = verify_stored()
    assert result.ok
    assert result.checked == 0


def test_head_that_does_not_match_the_last_entry_is_a_break() -> None:
    record(AuditAction.LOGIN, target="a")
    last = record(AuditAction.LOGIN, target="b")

    result = chain.verify(AuditEntry.objects.order_by("seq"), last.seq, "f" * 64)

    assert result.first_break == chain.ChainBreak(
        last.seq, f"entry {last.seq} does not match the recorded head", "altered"
    )


def test_action_label_is_the_readable_name_or_the_raw_tag() -> None:
    known = record(AuditAction.ROLE_CHANGED, target="user:1")
    assert known.action_label == "Role changed"
    # A tag written by a newer version of the code still shows, as its raw value.
    unknown = AuditEntry(action="future.event")
    assert unknown.action_label == "future.event"
