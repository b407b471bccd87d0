"""The minutes' canonical text, its digest and the co-chairs' signatures.

Both sides approve the same bytes: ``canonical(meeting)`` (the meeting, its body, its date and
place and the minutes in every language written) in canonical JSON; ``digest`` its sha256. A
side's approval is its node's Ed25519 signature over ``signed_bytes(meeting, version, digest)``,
so either side can prove later what both approved, with nothing but the two nodes' public keys.
Every write of the minutes is a new version: a signature over an earlier version is void, and
shown as such.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings

from strait.agencies.models import Agency
from strait.federation import canonical as canonical_json
from strait.federation import crypto, keys
from strait.federation.models import KeyKind, NodeKey, PeerKey
from strait.governance import codes

if TYPE_CHECKING:
    from strait.governance.models import Meeting, MinutesSignature

SIGNING_CONTEXT = b"strait.governance.minutes\n"


def texts(meeting: Meeting) -> dict[str, str]:
    """The minutes' text per language written (an empty text is not written)."""
    return {
        m.language: m.text
        for m in meeting.minutes.all()
        if m.text and m.language in codes.LANGUAGES
    }


def missing_languages(meeting: Meeting) -> list[str]:
    written = texts(meeting)
    return [lang for lang in codes.MINUTES_REQUIRED if lang not in written]


def canonical(meeting: Meeting) -> dict[str, Any]:
    """What the chairs approve: the same dict on every copy holding the same rows."""
    body = meeting.body
    return {
        "kind": "strait.governance.minutes",
        "body": str(body.obj.uid),
        "body_name": {"ar": body.name_ar, "es": body.name_es},
        "meeting": str(meeting.uid),
        "starts_on": meeting.starts_on.isoformat(),
        "ends_on": meeting.ends_on.isoformat() if meeting.ends_on else None,
        "place": meeting.place,
        "minutes": texts(meeting),
    }


def digest_of(data: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json.dumps(data)).hexdigest()


def digest(meeting: Meeting) -> str:
    return digest_of(canonical(meeting))


def signed_bytes(meeting_uid: uuid.UUID | str, version: int, digest: str) -> bytes:
    """The bytes a side's node signs: the meeting, the minutes' version and their digest."""
    return SIGNING_CONTEXT + canonical_json.dumps(
        {"meeting": str(meeting_uid), "version": int(version), "digest": digest}
    )


def public_key(node: str, key_id: str) -> bytes | None:
    """The signing key ``key_id`` of ``node`` as this node holds it: its own key, or the peer's
    from the keyring; None when unknown or revoked. A key rotated since still verifies what it
    signed while it was current."""
    if node == settings.NODE.code:
        own = NodeKey.objects.filter(kind=KeyKind.SIGNING, key_id=key_id, revoked_at=None).first()
        return bytes(own.public) if own is not None else None
    peer = PeerKey.objects.filter(
        peer__code=node, kind=KeyKind.SIGNING, key_id=key_id, revoked_at=None
    ).first()
    return bytes(peer.public) if peer is not None else None


def verify_with(public: bytes, signature: str, message: bytes) -> bool:
    try:
        crypto.verify(public, crypto.b64d(signature), message)
    except (crypto.CryptoError, ValueError):
        return False
    return True


def verifies(
    node: str,
    key_id: str,
    signature: str,
    meeting_uid: uuid.UUID | str,
    version: int,
    digest: str,
) -> bool:
    public = public_key(node, key_id)
    return public is not None and verify_with(
        public, signature, signed_bytes(meeting_uid, version, digest)
    )


def sign(meeting_uid: uuid.UUID | str, version: int, digest: str) -> tuple[str, str]:
    """This node's signature (base64url) over the minutes, and its key id."""
    key = keys.current(KeyKind.SIGNING)
    signature = crypto.sign(
        keys.signing_key(key.key_id), signed_bytes(meeting_uid, version, digest)
    )
    return crypto.b64e(signature), key.key_id


@dataclass(frozen=True)
class Signed:
    """A signature as a reader sees it: ``valid`` (it verifies with the node's key and is over
    the text as it is now), ``void`` (a later version of the minutes replaced what it signed)."""

    signature: MinutesSignature
    valid: bool
    void: bool

    # A (sig, valid, void) triple, as the contract names it.
    def __iter__(self) -> Any:
        return iter((self.signature, self.valid, self.void))


def signatures(meeting: Meeting) -> list[Signed]:
    current = digest(meeting)
    found = []
    for sig in meeting.signatures.all().order_by("signed_at", "id"):
        void = sig.version < meeting.minutes_version
        valid = (
            not void
            and sig.digest == current
            and verifies(sig.node, sig.key_id, sig.signature, meeting.uid, sig.version, sig.digest)
        )
        found.append(Signed(sig, valid, void))
    return found


def sides(meeting: Meeting) -> dict[str, str]:
    """Each co-chair agency and the node that signs for it (its side)."""
    nodes = dict(
        Agency.objects.filter(code__in=meeting.body.co_chairs).values_list("code", "node_code")
    )
    return {code: nodes.get(code, "") for code in meeting.body.co_chairs}


def fully_signed(meeting: Meeting) -> bool:
    """One valid signature at the current version from every co-chair's side (its node)."""
    if meeting.minutes_version == 0 or missing_languages(meeting):
        return False
    signed = {s.signature.node for s in signatures(meeting) if s.valid}
    return all(node and node in signed for node in sides(meeting).values())
