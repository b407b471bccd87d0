"""The federation endpoint under hostile input (issue 11): impossible dates, deep nesting, huge
numbers, NUL and wrong types in every header field, anonymous and signed by a real peer's key,
and malformed envelopes and batches. Every case is a 4xx with a JSON error, and nothing is
written but the one aggregated security event of the source's minute.

A fixed table rather than generated cases, so a failure names its case and the run stays within
a few seconds.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from strait.audit.events import AuditAction
from strait.audit.log import verify_stored
from strait.audit.models import AuditEntry
from strait.federation import canonical, crypto, throttle
from strait.federation.models import InboxEnvelope, InboxFailure, Notice
from tests.federation.conftest import RemotePeer

HEADER_FIELDS = (
    "v",
    "id",
    "origin",
    "recipient",
    "kind",
    "created",
    "sent",
    "seq",
    "handling",
    "sig_key",
    "enc_key",
    "suite",
)
DEEP = "@@deep@@"  # replaced in the request text by lists nested 2,000 deep
HALF_DEEP = "@@half-deep@@"  # 100 deep: json can read it, nothing may walk it recursively
RAW_NUMBERS = {"@@1e400@@": "1e400", "@@nan@@": "NaN", "@@digits@@": "9" * 5000}

# Values no header field accepts (the schema's const, pattern, enum and bounds), by family.
BAD_VALUES: dict[str, list[Any]] = {
    "date": [
        "2026-02-30T10:00:00.000000Z",
        "2026-13-01T10:00:00.000000Z",
        "2026-04-31T10:00:00.000000Z",
        "0000-01-01T00:00:00.000000Z",
        "2026-01-01T24:00:00.000000Z",
        "2026-01-01T23:60:00.000000Z",
        "2026-01-01T10:00:00.000000+01:00",
        "2026-01-01 10:00:00",
    ],
    "nesting": [DEEP, HALF_DEEP, [[[[["x"]]]]], {"a": {"b": {"c": {}}}}],
    "number": [10**30, -1, 0, 2**63, 2**64, -(2**63) - 1, *RAW_NUMBERS],
    "nul": ["\u0000", "ma\u0000", "\u0000" * 64, "H0\u0000"],
    "type": [None, True, False, [], {}, "", 1.5, "x" * 10_000, "١٢٣"],
}


@pytest.fixture(autouse=True)
def one_minute(monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole run inside one rate-limit window, wherever the clock is in its minute."""
    from types import SimpleNamespace

    frozen = throttle.window_of(timezone.now()) + timedelta(seconds=1)
    monkeypatch.setattr(throttle, "timezone", SimpleNamespace(now=lambda: frozen))


@dataclass(frozen=True)
class Case:
    name: str
    envelopes: Any = None  # the batch's "envelopes" (or the whole document, with raw)
    raw: bytes | None = None
    content_type: str = "application/json"


def _text(document: Any) -> bytes:
    text = json.dumps(document, ensure_ascii=False)
    text = text.replace(json.dumps(DEEP), "[" * 2000 + "]" * 2000)
    text = text.replace(json.dumps(HALF_DEEP), "[" * 100 + "]" * 100)
    for marker, raw in RAW_NUMBERS.items():
        text = text.replace(json.dumps(marker), raw)
    return text.encode()


def _some(values: list[Any], turn: int) -> list[tuple[int, Any]]:
    """One value of a family per field, a different one for the next field: across the fields
    every value is tried, and the run stays short."""
    n = turn % len(values)
    return [(n, values[n])]


def _signable(value: Any) -> bool:
    if isinstance(value, str) and (value in (DEEP, HALF_DEEP) or value in RAW_NUMBERS):
        return False
    try:
        canonical.dumps(value)
    except canonical.NotCanonical:
        return False
    return True


def header_cases(remote: RemotePeer) -> Iterator[Case]:
    # Every header case is refused before decryption: one sealed body serves them all.
    good = remote.envelope(seq=1)
    for turn, field in enumerate(HEADER_FIELDS):
        for family, values in BAD_VALUES.items():
            # The dates themselves get every impossible date.
            every = family == "date" and field in ("sent", "created")
            for n, value in enumerate(values) if every else _some(values, turn):
                envelope = copy.deepcopy(good)
                envelope["header"][field] = value
                yield Case(f"anonymous {field}={family}#{n}", [envelope])
                if _signable(value):
                    signed = remote.resign(copy.deepcopy(envelope))
                    yield Case(f"signed {field}={family}#{n}", [signed])
        missing = copy.deepcopy(good)
        del missing["header"][field]
        yield Case(f"signed without {field}", [remote.resign(missing)])


def envelope_cases(remote: RemotePeer) -> Iterator[Case]:
    good = remote.envelope(seq=1)
    forged = copy.deepcopy(good)
    forged["signature"] = crypto.b64e(crypto.new_signing_key().sign(b"forged"))
    yield Case("forged signature (the probe's case)", [forged])
    for turn, field in enumerate(("header", "ciphertext", "signature")):
        for family, values in BAD_VALUES.items():
            for n, value in _some(values, turn):
                envelope = copy.deepcopy(good)
                envelope[field] = value
                yield Case(f"envelope {field}={family}#{n}", [envelope])
        without = copy.deepcopy(good)
        del without[field]
        yield Case(f"envelope without {field}", [without])
    extra = copy.deepcopy(good)
    extra["extra"] = "\u0000"
    yield Case("envelope with an extra field", [extra])
    garbage = remote.resign(dict(copy.deepcopy(good), ciphertext="A" * 200))
    yield Case("signed ciphertext that does not decrypt", [garbage])
    other = remote.resign(remote.envelope(seq=1, recipient="zz"))
    yield Case("signed for another node", [other])
    for family, values in BAD_VALUES.items():
        for n, value in _some(values, 3):
            yield Case(f"envelope itself={family}#{n}", [value])


def batch_cases() -> Iterator[Case]:
    for family, values in BAD_VALUES.items():
        for n, value in _some(values, 4):
            yield Case(f"envelopes={family}#{n}", raw=_text({"envelopes": value}))
        for n, value in _some(values, 5):
            yield Case(f"document={family}#{n}", raw=_text(value))
    yield Case("no body", raw=b"")
    yield Case("not JSON", raw=b"{'envelopes': []}")
    yield Case("invalid UTF-8", raw=b'{"envelopes": ["\xff\xfe"]}')
    yield Case("NUL outside strings", raw=b'{"envelopes": \x00[]}')
    yield Case("byte order mark", raw=b'\xef\xbb\xbf{"envelopes": []}')
    yield Case("100,000 open brackets", raw=b"[" * 100_000)
    yield Case("nested objects 2,000 deep", raw=b'{"a":' * 2000 + b"1" + b"}" * 2000)
    yield Case("501 envelopes", raw=_text({"envelopes": [{}] * 501}))
    yield Case("form encoded", raw=b"envelopes=1", content_type="application/x-www-form-urlencoded")
    yield Case("text", raw=b'{"envelopes": [{}]}', content_type="text/plain")


def post(case: Case) -> Any:
    data = case.raw if case.raw is not None else _text({"envelopes": case.envelopes})
    return Client(REMOTE_ADDR="203.0.113.66").post(
        reverse("federation:inbox"), data, content_type=case.content_type
    )


def counts() -> tuple[int, int, int, int]:
    return (
        AuditEntry.objects.count(),
        InboxEnvelope.objects.count(),
        InboxFailure.objects.count(),
        Notice.objects.count(),
    )


@pytest.fixture
def cases(remote: RemotePeer) -> list[Case]:
    return [*header_cases(remote), *envelope_cases(remote), *batch_cases()]


@override_settings(
    FEDERATION_INBOX_REFUSALS_PER_MINUTE=100_000,
    FEDERATION_INBOX_REFUSALS_PER_PEER_PER_MINUTE=100_000,
)
def test_every_hostile_request_is_a_4xx_and_writes_nothing(
    remote: RemotePeer, cases: list[Case]
) -> None:
    assert len(cases) > 150
    before = counts()
    wrong: list[str] = []
    for case in cases:
        response = post(case)
        body = response.json()
        if not 400 <= response.status_code < 500 or not isinstance(body, dict):
            wrong.append(f"{case.name}: {response.status_code}")
            continue
        results = body.get("results") or [{}]
        error = body.get("error") or results[-1].get("error")
        if not error or any("receipt" in result for result in results):
            wrong.append(f"{case.name}: {response.status_code} without an error: {body}")
    assert not wrong, "\n".join(wrong)
    assert counts() == before, "a refused request wrote something"
    # The source's minute of security events is one audit entry, with the count.
    later = timezone.now() + timedelta(minutes=1, seconds=1)
    assert throttle.record_security_events(now=later) == 1
    audit, *rest = counts()
    assert (audit, *rest) == (before[0] + 1, *before[1:])
    entry = AuditEntry.objects.get(action=AuditAction.FEDERATION_SECURITY_EVENT)
    assert entry.details["count"] >= 1
    assert verify_stored().ok
    # And the peer's real stream was not disturbed.
    from tests.federation.test_inbox import post as deliver

    assert deliver([remote.envelope(seq=1)]).status_code == 200


def test_the_flood_itself_is_answered_429_once_over_the_limit(
    remote: RemotePeer, cases: list[Case]
) -> None:
    statuses = [post(case).status_code for case in cases[:100]]
    assert all(400 <= status < 500 for status in statuses)
    assert statuses.count(429) >= 100 - throttle.refusals_per_source()
