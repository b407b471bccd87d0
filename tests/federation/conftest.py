from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings

from strait.federation import canonical, crypto, keys
from strait.federation.envelope import new_id, seal, sealed_info
from strait.federation.models import KeyKind, NodeKey, Peer, PeerKey


@dataclass
class RemotePeer:
    """A partner node as seen from ours: its private signing key lives only in the test."""

    peer: Peer
    signing: Ed25519PrivateKey = field(default_factory=crypto.new_signing_key)
    next_seq: int = 1

    def envelope(
        self,
        body: dict[str, Any] | None = None,
        *,
        kind: str = "federation.notice",
        seq: int | None = None,
        envelope_id: str | None = None,
        **overrides: Any,
    ) -> dict[str, Any]:
        if seq is None:
            seq, self.next_seq = self.next_seq, self.next_seq + 1
        ours = NodeKey.objects.get(kind=KeyKind.ENCRYPTION, valid_until=None, revoked_at=None)
        args: dict[str, Any] = {
            "envelope_id": envelope_id or new_id(),
            "origin": self.peer.code,
            "recipient": settings.NODE.code,
            "kind": kind,
            "created": datetime.now(UTC),
            "seq": seq,
            "handling": "H0",
            "body": body if body is not None else {"text": "salam", "author": "test"},
            "signing_key": self.signing,
            "recipient_encryption_key": bytes(ours.public),
        }
        args.update(overrides)
        return seal(**args)

    def resign(self, envelope: dict[str, Any]) -> dict[str, Any]:
        """Sign ``envelope`` again after a test changed its header, as only the peer could."""
        signed = canonical.dumps(envelope["header"]) + b"." + envelope["ciphertext"].encode()
        envelope["signature"] = crypto.b64e(crypto.sign(self.signing, signed))
        return envelope

    def envelope_with_plaintext(self, plaintext: bytes, **header: Any) -> dict[str, Any]:
        """A real, signed envelope whose body is ``plaintext`` as given, JSON or not: what a
        peer with a bug (or a compromised peer) could send."""
        envelope = self.envelope(**header)
        ours = NodeKey.objects.get(kind=KeyKind.ENCRYPTION, valid_until=None, revoked_at=None)
        info = sealed_info(envelope["header"])
        envelope["ciphertext"] = crypto.b64e(crypto.encrypt(bytes(ours.public), plaintext, info))
        return self.resign(envelope)


@pytest.fixture
def remote(db: None) -> RemotePeer:
    keys.ensure_keys()
    peer = Peer.objects.create(
        code="ma", name="Morocco", country="MA", base_url="http://127.0.0.1:9", fingerprint="x"
    )
    remote = RemotePeer(peer)
    public = crypto.public_raw(remote.signing)
    PeerKey.objects.create(
        peer=peer, kind=KeyKind.SIGNING, key_id=crypto.key_id(public), public=public
    )
    return remote
