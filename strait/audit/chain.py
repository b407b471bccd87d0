"""Hashing and verification of the audit chain; no Django queries here beyond iteration."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


def entry_payload(entry: Any) -> dict[str, Any]:
    """The fields an entry's hash covers, in a stable form."""
    return {
        "seq": entry.seq,
        "occurred_at": entry.occurred_at.isoformat(timespec="microseconds"),
        "actor_id": entry.actor_id,
        "actor": entry.actor,
        "agency": entry.agency,
        "action": entry.action,
        "target": entry.target,
        "request_id": entry.request_id,
        "ip": entry.ip,
        "details": entry.details,
    }


def compute_hash(prev_hash: str, payload: dict[str, Any]) -> str:
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(f"{prev_hash}\n{canonical}".encode()).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    """Where the chain first breaks. ``kind`` is a stable code (missing, reordered, unlinked,
    altered, truncated) that pages translate; ``reason`` is the operator's English sentence."""

    seq: int | None
    reason: str
    kind: str = ""


@dataclass(frozen=True)
class VerifyResult:
    checked: int
    first_break: ChainBreak | None

    @property
    def ok(self) -> bool:
        return self.first_break is None


def verify(entries: Iterable[Any], head_seq: int, head_hash: str) -> VerifyResult:
    """Walk the entries in sequence order and report the first place the chain breaks.

    ``head_seq``/``head_hash`` is the recorded tip: a chain that stops short of it was truncated.
    """
    prev_hash = GENESIS
    expected_seq = 1
    checked = 0
    for entry in entries:
        if entry.seq != expected_seq:
            missing = entry.seq > expected_seq
            what = "missing" if missing else "duplicated or reordered"
            return VerifyResult(
                checked,
                ChainBreak(
                    expected_seq,
                    f"entry {expected_seq} {what} (found {entry.seq})",
                    "missing" if missing else "reordered",
                ),
            )
        if entry.prev_hash != prev_hash:
            return VerifyResult(
                checked,
                ChainBreak(
                    entry.seq,
                    f"entry {entry.seq} does not link to entry {entry.seq - 1}",
                    "unlinked",
                ),
            )
        if compute_hash(prev_hash, entry_payload(entry)) != entry.entry_hash:
            return VerifyResult(
                checked,
                ChainBreak(entry.seq, f"entry {entry.seq} was altered (hash mismatch)", "altered"),
            )
        prev_hash = entry.entry_hash
        expected_seq += 1
        checked += 1
    last_seq = expected_seq - 1
    if last_seq < head_seq:
        return VerifyResult(
            checked,
            ChainBreak(
                last_seq + 1,
                f"chain ends at entry {last_seq} but the recorded head is entry {head_seq}",
                "truncated",
            ),
        )
    if last_seq > head_seq:
        # Rows appended behind record()'s back: they never moved the head, so only the
        # entries up to the head count as intact.
        return VerifyResult(
            head_seq,
            ChainBreak(
                head_seq + 1,
                f"entries after the recorded head (entry {head_seq}) up to entry {last_seq}",
                "extended",
            ),
        )
    if prev_hash != head_hash:
        return VerifyResult(
            checked,
            ChainBreak(
                last_seq or None,
                f"entry {last_seq} does not match the recorded head",
                "altered",
            ),
        )
    return VerifyResult(checked, None)
