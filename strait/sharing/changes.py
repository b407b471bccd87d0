"""The change sequence's proof: a digest chain over the ordered changes and the home's signature
on each change.

- ``digest_0 = sha256(b"strait.sharing:" + uid)``;
  ``digest_n = sha256(digest_{n-1} (32 raw bytes) || canonical_json(change n without digest,
  signature and key_id))``. Two copies with the same digest at change N hold the same sequence.
- The home signs ``canonical_json({"object": uid, "home": home, ...change without signature and
  key_id})`` with its Ed25519 node key; every node checks it with the key it holds for the home.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from strait.federation import canonical, crypto, keys
from strait.federation.envelope import EnvelopeRefused
from strait.federation.models import KeyKind, NodeKey
from strait.sharing.models import Change, SharedObject
from strait.sharing.queries import local_node

UNHASHED = ("digest", "signature", "key_id")
UNSIGNED = ("signature", "key_id")
SIGNING_CONTEXT = b"strait.sharing.change\n"


class ChangeInvalid(ValueError):
    """A change whose signature or digest does not hold."""


def digest_zero(uid: uuid.UUID | str) -> str:
    return hashlib.sha256(b"strait.sharing:" + str(uid).encode("ascii")).hexdigest()


def next_digest(previous: str, wire: dict[str, Any]) -> str:
    hashed = {k: v for k, v in wire.items() if k not in UNHASHED}
    return hashlib.sha256(bytes.fromhex(previous) + canonical.dumps(hashed)).hexdigest()


def format_at(at: datetime) -> str:
    return at.astimezone(UTC).isoformat()


def parse_at(text: str) -> datetime:
    try:
        at = datetime.fromisoformat(text)
    except ValueError as exc:
        raise ChangeInvalid(f"not a time: {text[:40]!r}") from exc
    if at.tzinfo is None:
        raise ChangeInvalid(f"a time without its offset: {text[:40]!r}")
    return at


def signed_bytes(uid: uuid.UUID | str, home: str, wire: dict[str, Any]) -> bytes:
    signed = {k: v for k, v in wire.items() if k not in UNSIGNED}
    return SIGNING_CONTEXT + canonical.dumps({"object": str(uid), "home": home, **signed})


def current_key_id() -> str:
    return keys.current(KeyKind.SIGNING).key_id


def sign(uid: uuid.UUID | str, home: str, wire: dict[str, Any]) -> dict[str, Any]:
    """``wire`` (with its digest) signed with this node's current signing key."""
    key = keys.current(KeyKind.SIGNING)
    private = keys.private_key(key)  # the row just read: no second query for it
    if not isinstance(private, Ed25519PrivateKey):
        raise TypeError(f"key {key.key_id} is not a signing key")
    signature = crypto.sign(private, signed_bytes(uid, home, wire))
    return {**wire, "signature": crypto.b64e(signature), "key_id": key.key_id}


def _home_public(home: str, key_id: str) -> bytes:
    if home == local_node():
        key = NodeKey.objects.filter(kind=KeyKind.SIGNING, key_id=key_id, revoked_at=None).first()
        if key is None:
            raise ChangeInvalid(f"key {key_id} is not a signing key of this node")
        return bytes(key.public)
    try:
        return keys.DatabaseKeyring().signing_public(home, key_id, datetime.now(UTC))
    except EnvelopeRefused as exc:
        raise ChangeInvalid(f"signing key of {home}: {exc.detail}") from exc


def verify_wire(uid: uuid.UUID | str, home: str, wire: dict[str, Any]) -> None:
    """Raise ``ChangeInvalid`` unless the home signed this change."""
    public = _home_public(home, str(wire.get("key_id", "")))
    try:
        crypto.verify(
            public, crypto.b64d(str(wire.get("signature", ""))), signed_bytes(uid, home, wire)
        )
    except crypto.CryptoError as exc:
        raise ChangeInvalid(f"the signature of change {wire.get('seq')} does not verify") from exc


def wire_of(change: Change) -> dict[str, Any]:
    """A stored change in its wire form (``wire.ChangeWire``)."""
    return {
        "seq": change.seq,
        "op": change.op,
        "body": change.body,
        "by_agency": change.by_agency,
        "by_user": change.by_user,
        "by_name": change.by_name,
        "at": format_at(change.at),
        "proposal": change.proposal,
        "digest": change.digest,
        "signature": change.signature,
        "key_id": change.key_id,
    }


def verify(change: Change) -> None:
    """Check a stored change's signature with the home's key (``ChangeInvalid``)."""
    verify_wire(change.obj.uid, change.obj.home, wire_of(change))


def verify_chain(obj: SharedObject) -> str:
    """Recompute the digest over the stored changes; raise unless it is the object's digest and
    every change's own. Returns it."""
    digest = digest_zero(obj.uid)
    for change in Change.objects.filter(obj=obj).order_by("seq"):
        digest = next_digest(digest, wire_of(change))
        if digest != change.digest:
            raise ChangeInvalid(f"change {change.seq}: the digest does not follow")
    if digest != obj.digest:
        raise ChangeInvalid("the object's digest is not its changes'")
    return digest
