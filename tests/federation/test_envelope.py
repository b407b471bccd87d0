"""Envelope v1 without a database: seal, open, and each inbound check refusing on its own."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from strait.federation import canonical, crypto
from strait.federation.envelope import (
    EnvelopeRefused,
    Refusal,
    check_receipt,
    new_id,
    open_envelope,
    seal,
    sign_receipt,
)

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


@dataclass
class Keys:
    origin_signing: Ed25519PrivateKey = field(default_factory=crypto.new_signing_key)
    recipient_encryption: X25519PrivateKey = field(default_factory=crypto.new_encryption_key)
    revoked: set[str] = field(default_factory=set)

    def signing_public(self, node: str, key_id: str, at: datetime) -> bytes:
        public = crypto.public_raw(self.origin_signing)
        if node != "ma":
            raise EnvelopeRefused(Refusal.UNKNOWN_PEER, node)
        if key_id in self.revoked:
            raise EnvelopeRefused(Refusal.REVOKED_KEY, key_id)
        if key_id != crypto.key_id(public):
            raise EnvelopeRefused(Refusal.UNKNOWN_KEY, key_id)
        return public

    def encryption_private(self, key_id: str) -> X25519PrivateKey:
        if key_id != crypto.key_id(crypto.public_raw(self.recipient_encryption)):
            raise EnvelopeRefused(Refusal.UNKNOWN_KEY, key_id)
        return self.recipient_encryption


def make(keys: Keys, body: dict[str, Any] | None = None, **overrides: Any) -> dict[str, Any]:
    args: dict[str, Any] = {
        "envelope_id": new_id(),
        "origin": "ma",
        "recipient": "es",
        "kind": "federation.notice",
        "created": NOW,
        "seq": 1,
        "handling": "H2",
        "body": body or {"text": "مرحبا", "author": "DGST"},
        "signing_key": keys.origin_signing,
        "recipient_encryption_key": crypto.public_raw(keys.recipient_encryption),
        "now": NOW,
    }
    args.update(overrides)
    return seal(**args)


def refusal(envelope: Any, keys: Keys, now: datetime = NOW, me: str = "es") -> Refusal:
    with pytest.raises(EnvelopeRefused) as caught:
        open_envelope(envelope, me=me, keyring=keys, now=now)
    return caught.value.refusal


def resign(envelope: dict[str, Any], key: Ed25519PrivateKey) -> dict[str, Any]:
    message = canonical.dumps(envelope["header"]) + b"." + envelope["ciphertext"].encode()
    envelope["signature"] = crypto.b64e(crypto.sign(key, message))
    return envelope


def test_round_trip_keeps_body_and_header() -> None:
    keys = Keys()
    envelope = make(keys)
    opened = open_envelope(envelope, me="es", keyring=keys, now=NOW)
    assert opened.body == {"text": "مرحبا", "author": "DGST"}
    assert opened.header["handling"] == "H2"
    assert "مرحبا" not in str(envelope)  # the body travels encrypted


def test_bad_signature_is_refused() -> None:
    keys = Keys()
    envelope = make(keys)
    envelope["signature"] = crypto.b64e(crypto.sign(crypto.new_signing_key(), b"other"))
    assert refusal(envelope, keys) is Refusal.BAD_SIGNATURE


def test_changed_header_breaks_signature() -> None:
    keys = Keys()
    envelope = make(keys)
    envelope["header"]["handling"] = "H0"  # an attempt to loosen the handling code
    assert refusal(envelope, keys) is Refusal.BAD_SIGNATURE


def test_unknown_key_is_refused() -> None:
    keys = Keys()
    envelope = make(keys, signing_key=crypto.new_signing_key())
    assert refusal(envelope, keys) is Refusal.UNKNOWN_KEY


def test_revoked_key_is_refused() -> None:
    keys = Keys()
    envelope = make(keys)
    keys.revoked.add(envelope["header"]["sig_key"])
    assert refusal(envelope, keys) is Refusal.REVOKED_KEY


def test_wrong_recipient_is_refused() -> None:
    keys = Keys()
    assert refusal(make(keys), keys, me="de") is Refusal.WRONG_RECIPIENT


def test_tampered_ciphertext_is_refused_even_when_re_signed() -> None:
    keys = Keys()
    envelope = make(keys)
    raw = bytearray(crypto.b64d(envelope["ciphertext"]))
    raw[-1] ^= 0x01
    envelope["ciphertext"] = crypto.b64e(bytes(raw))
    assert refusal(copy.deepcopy(envelope), keys) is Refusal.BAD_SIGNATURE
    # A key holder that signs garbage still cannot get it decrypted.
    assert refusal(resign(envelope, keys.origin_signing), keys) is Refusal.UNDECRYPTABLE


def test_body_cannot_be_moved_under_another_header() -> None:
    keys = Keys()
    first, second = make(keys), make(keys, seq=2, handling="H0", body={"text": "x"})
    second["ciphertext"] = first["ciphertext"]
    assert refusal(resign(second, keys.origin_signing), keys) is Refusal.UNDECRYPTABLE


@pytest.mark.parametrize("skew", [timedelta(minutes=5, seconds=1), -timedelta(minutes=6)])
def test_clock_skew_beyond_five_minutes_is_refused(skew: timedelta) -> None:
    keys = Keys()
    assert refusal(make(keys), keys, now=NOW + skew) is Refusal.CLOCK_SKEW


def test_within_clock_window_is_accepted() -> None:
    keys = Keys()
    open_envelope(make(keys), me="es", keyring=keys, now=NOW + timedelta(minutes=4))


@pytest.mark.parametrize(
    "mutate",
    [
        lambda e: e.pop("signature"),
        lambda e: e["header"].update(v=2),
        lambda e: e["header"].update(seq=0),
        lambda e: e["header"].update(kind="Bad Kind!"),
        lambda e: e["header"].update(extra="x"),
        lambda e: e.update(ciphertext="not base64!"),
    ],
)
def test_schema_invalid_envelopes_are_refused(mutate: Any) -> None:
    keys = Keys()
    envelope = make(keys)
    mutate(envelope)
    assert refusal(envelope, keys) is Refusal.SCHEMA


def test_oversized_envelope_is_refused() -> None:
    keys = Keys()
    envelope = make(keys)
    envelope["ciphertext"] = "A" * 300_000
    assert refusal(envelope, keys) is Refusal.OVERSIZED


def test_oversized_body_cannot_be_sealed() -> None:
    with pytest.raises(ValueError, match="limit"):
        make(Keys(), body={"text": "x" * 200_000})


def test_receipt_is_signed_and_checked() -> None:
    keys = Keys()
    opened = open_envelope(make(keys), me="es", keyring=keys, now=NOW)
    receiver = crypto.new_signing_key()
    receipt = sign_receipt(signing_key=receiver, opened=opened, status="applied")
    body = check_receipt(receipt, public=crypto.public_raw(receiver))
    assert body["envelope"] == opened.id
    assert body["digest"] == opened.digest
    receipt["body"]["status"] = "parked"
    with pytest.raises(EnvelopeRefused):
        check_receipt(receipt, public=crypto.public_raw(receiver))


def test_fingerprint_is_short_and_depends_on_every_key() -> None:
    a = crypto.PublicIdentity("ma", b"s" * 32, b"e" * 32)
    assert len(a.fingerprint()) == 24
    assert a.fingerprint().count("-") == 4
    assert a.fingerprint() != crypto.PublicIdentity("ma", b"s" * 32, b"f" * 32).fingerprint()
    assert a.fingerprint() != crypto.PublicIdentity("es", b"s" * 32, b"e" * 32).fingerprint()


def test_canonical_json_refuses_floats() -> None:
    with pytest.raises(canonical.NotCanonical):
        canonical.dumps({"a": 1.5})
    assert canonical.dumps({"b": 1, "a": "é"}) == '{"a":"é","b":1}'.encode()


@pytest.mark.parametrize("field", ["sent", "created"])
def test_impossible_date_is_schema_invalid_even_when_signed(field: str) -> None:
    keys = Keys()
    envelope = make(keys)
    envelope["header"][field] = "2026-02-30T10:00:00.000000Z"
    assert refusal(resign(envelope, keys.origin_signing), keys) is Refusal.SCHEMA


def test_nesting_depth_is_measured_without_recursion() -> None:
    from strait.federation.envelope import decode_body, nests_deeper

    deep: Any = 1
    for _ in range(100_000):
        deep = [deep]
    assert nests_deeper(deep, 32)
    assert not nests_deeper({"a": [{"b": [1]}]}, 4)
    assert nests_deeper({"a": [{"b": [1]}]}, 3)
    assert decode_body(b'{"a": [1]}') == ({"a": [1]}, "")
    assert decode_body(b"[" * 5000 + b"]" * 5000)[1].startswith("body nests deeper")
    assert decode_body(b'{"n": ' + b"9" * 5000 + b"}")[1] == "body is not JSON"
