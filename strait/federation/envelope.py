"""Envelope format v1: seal on the way out, check and open on the way in. No database here.

An envelope is ``{"header": {...}, "ciphertext": b64url, "signature": b64url}``; the schema is
``schemas/envelope-v1.json`` and docs/federation.md explains each field. The signature covers
``canonical(header) + b"." + ciphertext``; the ciphertext is HPKE-sealed to the recipient's
encryption key with ``canonical(header minus sent)`` as HPKE info.
"""

from __future__ import annotations

import enum
import hashlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import fastjsonschema
import jsonschema
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from strait.federation import canonical, crypto

MAX_ENVELOPE_BYTES = 256 * 1024
MAX_BODY_BYTES = 192 * 1024
# How deep JSON may nest: a batch of envelopes needs 4 levels, every kind's body far fewer than
# 32. Deeper input is refused before anything walks it recursively (a RecursionError is a 500).
MAX_BATCH_DEPTH = 8
MAX_BODY_DEPTH = 32
CLOCK_SKEW = timedelta(minutes=5)
HANDLING_CODES = ("H0", "H1", "H2", "H3")
SCHEMA_DIR = Path(__file__).parent / "schemas"


class Refusal(enum.Enum):
    """Why an inbound envelope was refused, with the HTTP status the inbox answers."""

    OVERSIZED = ("oversized", 413)
    SCHEMA = ("schema_invalid", 400)
    WRONG_RECIPIENT = ("wrong_recipient", 421)
    UNKNOWN_PEER = ("unknown_peer", 403)
    UNKNOWN_KEY = ("unknown_key", 403)
    REVOKED_KEY = ("revoked_key", 403)
    BAD_SIGNATURE = ("bad_signature", 403)
    CLOCK_SKEW = ("clock_skew", 400)
    UNDECRYPTABLE = ("undecryptable", 400)
    BODY_INVALID = ("body_invalid", 400)
    ID_CONFLICT = ("id_conflict", 409)
    OUT_OF_ORDER = ("out_of_order", 409)
    HANDLER_FAILED = ("handler_failed", 503)
    RATE_LIMITED = ("rate_limited", 429)

    @property
    def code(self) -> str:
        return self.value[0]

    @property
    def status(self) -> int:
        return self.value[1]


class EnvelopeRefused(Exception):
    def __init__(self, refusal: Refusal, detail: str) -> None:
        super().__init__(f"{refusal.code}: {detail}")
        self.refusal = refusal
        self.detail = detail


class Keyring(Protocol):
    """What opening an envelope needs to know about keys; the federation app implements it."""

    def signing_public(self, node: str, key_id: str, at: datetime) -> bytes:
        """The origin's public signing key; raises EnvelopeRefused if unknown or revoked."""
        ...

    def encryption_private(self, key_id: str) -> X25519PrivateKey:
        """Our private encryption key with this id; raises EnvelopeRefused if not ours."""
        ...


@cache
def schema(name: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((SCHEMA_DIR / f"{name}-v1.json").read_text())
    jsonschema.Draft202012Validator.check_schema(document)
    return document


@cache
def _fast(name: str) -> Callable[[Any], Any]:
    # Compiled to Python once: about fifty times faster than interpreting the schema, which
    # matters at a thousand envelopes a second. The slow validator explains failures.
    return fastjsonschema.compile(schema(name))


def schema_errors(name: str, document: Any) -> list[str]:
    try:
        _fast(name)(document)
        return []
    except fastjsonschema.JsonSchemaException:
        pass
    validator = jsonschema.Draft202012Validator(schema(name))
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    return [f"{'/'.join(str(p) for p in e.path) or '(root)'}: {e.message}"[:300] for e in errors]


def timestamp(moment: datetime) -> str:
    # isoformat is several times faster than strftime; the shape is the schema's.
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def parse_timestamp(text: str) -> datetime:
    # The schema has fixed the shape (…T12:00:00.000000Z); fromisoformat is the fast parser.
    # It raises ValueError for a date the pattern lets through but the calendar does not.
    return datetime.fromisoformat(text)


def nests_deeper(value: Any, limit: int) -> bool:
    """True if ``value`` holds lists or objects more than ``limit`` levels deep. Iterative, so
    no input can exhaust the stack here."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def decode_body(plaintext: bytes) -> tuple[dict[str, Any], str]:
    """The body as a JSON object, or ``({}, why not)``: a peer's undecodable body is parked with
    the reason (and receipted), never refused, so the sender does not retry it forever."""
    try:
        body = json.loads(plaintext)
    except RecursionError:
        return {}, f"body nests deeper than {MAX_BODY_DEPTH} levels"
    except ValueError:  # UnicodeDecodeError and oversized integers included
        return {}, "body is not JSON"
    if not isinstance(body, dict):
        return {}, "body is not a JSON object"
    if nests_deeper(body, MAX_BODY_DEPTH):
        return {}, f"body nests deeper than {MAX_BODY_DEPTH} levels"
    return body, ""


def new_id() -> str:
    return str(uuid.uuid4())


def sealed_info(header: dict[str, Any]) -> bytes:
    """HPKE info: the header without ``sent``, so the body is bound to everything else."""
    return canonical.dumps({k: v for k, v in header.items() if k != "sent"})


def content_digest(header: dict[str, Any], body: bytes, info: bytes = b"") -> str:
    """What makes two deliveries "the same envelope": the stable header and the plaintext."""
    info = info or sealed_info(header)
    return hashlib.sha256(info + b"\n" + hashlib.sha256(body).digest()).hexdigest()


@dataclass(frozen=True)
class Opened:
    header: dict[str, Any]
    body: dict[str, Any]
    digest: str
    # Why the body cannot be read (then ``body`` is empty and the envelope is parked).
    problem: str = ""

    @property
    def id(self) -> str:
        return str(self.header["id"])

    @property
    def seq(self) -> int:
        return int(self.header["seq"])


def seal(
    *,
    envelope_id: str,
    origin: str,
    recipient: str,
    kind: str,
    created: datetime,
    seq: int,
    handling: str,
    body: dict[str, Any],
    signing_key: Ed25519PrivateKey,
    recipient_encryption_key: bytes,
    now: datetime | None = None,
) -> dict[str, Any]:
    plaintext = canonical.dumps(body)
    if len(plaintext) > MAX_BODY_BYTES:
        raise ValueError(f"body is {len(plaintext)} bytes; the limit is {MAX_BODY_BYTES}")
    header = {
        "v": 1,
        "id": envelope_id,
        "origin": origin,
        "recipient": recipient,
        "kind": kind,
        "created": timestamp(created),
        "sent": timestamp(now or datetime.now(UTC)),
        "seq": seq,
        "handling": handling,
        "sig_key": crypto.key_id(crypto.public_raw(signing_key)),
        "enc_key": crypto.key_id(recipient_encryption_key),
        "suite": crypto.SUITE_NAME,
    }
    ciphertext = crypto.encrypt(recipient_encryption_key, plaintext, sealed_info(header))
    ct_text = crypto.b64e(ciphertext)
    signature = crypto.sign(signing_key, canonical.dumps(header) + b"." + ct_text.encode())
    return {"header": header, "ciphertext": ct_text, "signature": crypto.b64e(signature)}


def open_envelope(
    envelope: Any, *, me: str, keyring: Keyring, now: datetime | None = None
) -> Opened:
    """Every inbound check in order; the first failure raises EnvelopeRefused."""
    if isinstance(envelope, dict) and len(str(envelope.get("ciphertext", ""))) > MAX_ENVELOPE_BYTES:
        raise EnvelopeRefused(Refusal.OVERSIZED, f"envelope exceeds {MAX_ENVELOPE_BYTES} bytes")
    errors = schema_errors("envelope", envelope)
    if errors:
        raise EnvelopeRefused(Refusal.SCHEMA, "; ".join(errors[:5]))
    header = envelope["header"]
    try:
        signed = canonical.dumps(header) + b"." + envelope["ciphertext"].encode()
    except canonical.NotCanonical as exc:  # e.g. 1.0 where an integer belongs
        raise EnvelopeRefused(Refusal.SCHEMA, str(exc)) from exc
    # The schema bounds every header field, so header + ciphertext + signature is the size.
    if len(signed) + len(envelope["signature"]) > MAX_ENVELOPE_BYTES:
        raise EnvelopeRefused(Refusal.OVERSIZED, f"envelope exceeds {MAX_ENVELOPE_BYTES} bytes")
    if header["recipient"] != me:
        raise EnvelopeRefused(
            Refusal.WRONG_RECIPIENT, f"addressed to {header['recipient']!r}, this is {me!r}"
        )
    now = now or datetime.now(UTC)
    try:
        sent = parse_timestamp(header["sent"])
        parse_timestamp(header["created"])
    except ValueError as exc:  # 30 February has the right shape
        raise EnvelopeRefused(Refusal.SCHEMA, f"header holds an impossible date: {exc}") from exc
    public = keyring.signing_public(header["origin"], header["sig_key"], sent)
    try:
        crypto.verify(public, crypto.b64d(envelope["signature"]), signed)
    except crypto.CryptoError as exc:
        raise EnvelopeRefused(Refusal.BAD_SIGNATURE, "signature does not verify") from exc
    if abs(now - sent) > CLOCK_SKEW:
        raise EnvelopeRefused(
            Refusal.CLOCK_SKEW, f"sent {header['sent']}, outside ±5 minutes of {timestamp(now)}"
        )
    private = keyring.encryption_private(header["enc_key"])
    info = sealed_info(header)
    try:
        plaintext = crypto.decrypt(private, crypto.b64d(envelope["ciphertext"]), info)
    except crypto.CryptoError as exc:
        raise EnvelopeRefused(Refusal.UNDECRYPTABLE, str(exc)) from exc
    body, problem = decode_body(plaintext)
    digest = content_digest(header, plaintext, info)
    return Opened(header=header, body=body, digest=digest, problem=problem)


def sign_receipt(
    *,
    signing_key: Ed25519PrivateKey,
    opened: Opened,
    status: str,
    reason: str = "",
    at: datetime | None = None,
    key_id: str = "",
) -> dict[str, Any]:
    body = {
        "v": 1,
        "envelope": opened.id,
        "origin": opened.header["origin"],
        "recipient": opened.header["recipient"],
        "seq": opened.seq,
        "status": status,
        "reason": reason[:500],
        "digest": opened.digest,
        "at": timestamp(at or datetime.now(UTC)),
        "sig_key": key_id or crypto.key_id(crypto.public_raw(signing_key)),
    }
    return {"body": body, "signature": crypto.b64e(crypto.sign(signing_key, canonical.dumps(body)))}


def check_receipt(receipt: Any, *, public: bytes) -> dict[str, Any]:
    errors = schema_errors("receipt", receipt)
    if errors:
        raise EnvelopeRefused(Refusal.SCHEMA, "receipt: " + "; ".join(errors[:5]))
    try:
        crypto.verify(public, crypto.b64d(receipt["signature"]), canonical.dumps(receipt["body"]))
    except crypto.CryptoError as exc:
        raise EnvelopeRefused(Refusal.BAD_SIGNATURE, "receipt signature does not verify") from exc
    return dict(receipt["body"])
