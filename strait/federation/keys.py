"""This node's keys (create, rotate, revoke) and the keyring inbound envelopes are checked with."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from strait.federation import crypto
from strait.federation.envelope import EnvelopeRefused, Refusal
from strait.federation.models import KeyKind, NodeKey, Peer, PeerKey

DEFAULT_OVERLAP = timedelta(days=7)


def _create(kind: str) -> NodeKey:
    private: Ed25519PrivateKey | X25519PrivateKey = (
        crypto.new_signing_key() if kind == KeyKind.SIGNING else crypto.new_encryption_key()
    )
    public = crypto.public_raw(private)
    return NodeKey.objects.create(
        kind=kind,
        key_id=crypto.key_id(public),
        public=public,
        private_pem=crypto.seal_private(private, settings.SECRET_KEY),
    )


def ensure_keys() -> bool:
    """Create the node's first key pairs if it has none (``strait init``). True if created."""
    from strait.audit.events import AuditAction
    from strait.audit.log import record

    created = []
    with transaction.atomic():
        for kind in (KeyKind.SIGNING, KeyKind.ENCRYPTION):
            if not NodeKey.objects.filter(kind=kind, valid_until=None, revoked_at=None).exists():
                created.append(_create(kind).key_id)
        if created:
            record(AuditAction.NODE_INITIALISED, target=",".join(created))
    return bool(created)


def current(kind: str) -> NodeKey:
    key = NodeKey.objects.filter(kind=kind, valid_until=None, revoked_at=None).first()
    if key is None:
        raise RuntimeError("this node has no keys: run `strait init`")
    return key


@lru_cache(maxsize=16)
def _private(key_id: str, pem: bytes) -> Ed25519PrivateKey | X25519PrivateKey:
    # Decrypting PKCS#8 costs a key derivation; cache per key (pem in the key so a change reloads).
    return crypto.open_private(pem, settings.SECRET_KEY)


def private_key(key: NodeKey) -> Any:
    return _private(key.key_id, bytes(key.private_pem))


def signing_key(key_id: str = "") -> Ed25519PrivateKey:
    key = NodeKey.objects.get(key_id=key_id) if key_id else current(KeyKind.SIGNING)
    private = private_key(key)
    if not isinstance(private, Ed25519PrivateKey):
        raise TypeError(f"key {key.key_id} is not a signing key")
    return private


def rotate_local(overlap: timedelta = DEFAULT_OVERLAP) -> tuple[NodeKey, NodeKey, NodeKey]:
    """New key pairs now; the old ones stay valid for ``overlap`` (FED-05). Returns the new
    signing and encryption keys and the old signing key, which the peers' announcement is
    signed with (``actions.rotate_keys`` sends it)."""
    until = timezone.now() + overlap
    with transaction.atomic():
        old_signing = current(KeyKind.SIGNING)
        NodeKey.objects.filter(valid_until=None, revoked_at=None).update(valid_until=until)
        new_signing, new_encryption = _create(KeyKind.SIGNING), _create(KeyKind.ENCRYPTION)
    return new_signing, new_encryption, old_signing


def revoke_local(key_id: str) -> NodeKey:
    """Revoke one of our keys at once; a current key is rotated first so the node keeps working.
    The caller announces (``actions.revoke_key``)."""
    with transaction.atomic():
        key = NodeKey.objects.select_for_update().get(key_id=key_id)
        if key.valid_until is None:
            rotate_local(overlap=timedelta(0))
            key.refresh_from_db()
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
    return key


def published() -> list[dict[str, Any]]:
    """Our keys as peers see them: current and still-overlapping ones, and revocations."""
    now = timezone.now()
    keys = NodeKey.objects.filter(
        Q(valid_until=None) | Q(valid_until__gt=now) | ~Q(revoked_at=None)
    )
    return [
        {
            "key_id": k.key_id,
            "kind": k.kind,
            "public": crypto.b64e(bytes(k.public)),
            "valid_until": k.valid_until.isoformat() if k.valid_until else None,
            "revoked": k.revoked_at is not None,
        }
        for k in keys.order_by("created_at")
    ]


def identity() -> crypto.PublicIdentity:
    return crypto.PublicIdentity(
        node=settings.NODE.code,
        signing_key=bytes(current(KeyKind.SIGNING).public),
        encryption_key=bytes(current(KeyKind.ENCRYPTION).public),
    )


@dataclass
class DatabaseKeyring:
    """Checks inbound keys against what we recorded for each peer (FED-05). One instance serves
    one batch: lookups are cached for its duration, never longer (a revocation takes effect on
    the next batch)."""

    _public: dict[tuple[str, str], bytes] = field(default_factory=dict)
    _private: dict[str, X25519PrivateKey] = field(default_factory=dict)

    def signing_public(self, node: str, key_id: str, at: datetime) -> bytes:
        if (node, key_id) not in self._public:
            self._public[(node, key_id)] = self._signing_public(node, key_id)
        return self._public[(node, key_id)]

    def encryption_private(self, key_id: str) -> X25519PrivateKey:
        if key_id not in self._private:
            self._private[key_id] = self._encryption_private(key_id)
        return self._private[key_id]

    def _signing_public(self, node: str, key_id: str) -> bytes:
        key = (
            PeerKey.objects.filter(peer__code=node, peer__active=True, key_id=key_id)
            .only("public", "valid_until", "revoked_at", "kind")
            .first()
        )
        if key is None or key.kind != KeyKind.SIGNING:
            if not Peer.objects.filter(code=node, active=True).exists():
                raise EnvelopeRefused(Refusal.UNKNOWN_PEER, f"{node!r} is not a peer of this node")
            raise EnvelopeRefused(Refusal.UNKNOWN_KEY, f"key {key_id} is not known for {node!r}")
        if key.revoked_at is not None:
            raise EnvelopeRefused(Refusal.REVOKED_KEY, f"key {key_id} was revoked")
        if key.valid_until is not None and timezone.now() > key.valid_until:
            raise EnvelopeRefused(Refusal.REVOKED_KEY, f"key {key_id} expired after rotation")
        return bytes(key.public)

    def _encryption_private(self, key_id: str) -> X25519PrivateKey:
        key = NodeKey.objects.filter(kind=KeyKind.ENCRYPTION, key_id=key_id).first()
        if key is None or key.revoked_at is not None:
            raise EnvelopeRefused(Refusal.UNKNOWN_KEY, f"encryption key {key_id} is not ours")
        if key.valid_until is not None and timezone.now() > key.valid_until:
            raise EnvelopeRefused(Refusal.REVOKED_KEY, f"encryption key {key_id} has expired")
        private = private_key(key)
        if not isinstance(private, X25519PrivateKey):
            raise EnvelopeRefused(Refusal.UNKNOWN_KEY, f"{key_id} is not an encryption key")
        return private
