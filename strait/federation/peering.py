"""Becoming peers: our signed node document, adding a peer by fingerprint, key announcements."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import httpx
import pydantic
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from strait.federation import canonical, crypto, keys
from strait.federation.handlers import Arrival, Rejected, handles
from strait.federation.kinds import EnvelopeKind
from strait.federation.models import KeyKind, Peer, PeerKey

NODE_PATH = "/federation/v1/node"


class PeeringError(ValueError):
    pass


def node_document() -> dict[str, Any]:
    """What `strait peer add` fetches: identity, agencies and keys, signed by our current key."""
    from strait.agencies.models import Agency

    ident = keys.identity()
    body = {
        "v": 1,
        "node": settings.NODE.code,
        "name": settings.NODE.name,
        "country": settings.NODE.country,
        "base_url": settings.NODE.base_url,
        "agencies": [
            {"code": a.code, "abbreviation": a.abbreviation, "name": a.name_en}
            for a in Agency.objects.filter(node_code=settings.NODE.code).order_by("code")
        ],
        "signing_key": crypto.b64e(ident.signing_key),
        "encryption_key": crypto.b64e(ident.encryption_key),
        "fingerprint": ident.fingerprint(),
        "keys": keys.published(),
    }
    signature = crypto.sign(keys.signing_key(), canonical.dumps(body))
    return {"body": body, "signature": crypto.b64e(signature)}


def _check_document(document: Any, fingerprint: str) -> dict[str, Any]:
    try:
        body = document["body"]
        ident = crypto.PublicIdentity(
            node=str(body["node"]),
            signing_key=crypto.b64d(body["signing_key"]),
            encryption_key=crypto.b64d(body["encryption_key"]),
        )
        signature = crypto.b64d(document["signature"])
    except (KeyError, TypeError, crypto.CryptoError) as exc:
        raise PeeringError("the node document is malformed") from exc
    expected = fingerprint.strip().upper().replace(" ", "")
    if ident.fingerprint() != expected:
        raise PeeringError(
            f"fingerprint mismatch: the node at this address shows {ident.fingerprint()}, "
            f"you were told {expected}. Do not add it; check the address and call them."
        )
    try:
        crypto.verify(ident.signing_key, signature, canonical.dumps(body))
    except crypto.CryptoError as exc:
        raise PeeringError("the node document's signature does not verify") from exc
    if ident.node == settings.NODE.code:
        raise PeeringError("that is this node itself")
    return dict(body)


def add_peer(url: str, fingerprint: str, client: httpx.Client | None = None) -> Peer:
    """Fetch a peer's keys and record it, refusing unless the fingerprint matches."""
    url = url.rstrip("/")
    with client or httpx.Client() as http:
        try:
            response = http.get(url + NODE_PATH, timeout=10.0)
            response.raise_for_status()
            document = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise PeeringError(f"could not fetch {url}{NODE_PATH}: {exc}") from exc
    body = _check_document(document, fingerprint)
    with transaction.atomic():
        peer, _ = Peer.objects.update_or_create(
            code=body["node"],
            defaults={
                "name": str(body.get("name", ""))[:200],
                "country": str(body.get("country", ""))[:2],
                "base_url": url,
                "fingerprint": body["fingerprint"],
                "agencies": body.get("agencies", []),
                "active": True,
            },
        )
        _store_keys(peer, body["keys"])
    return peer


def _store_keys(peer: Peer, published: list[dict[str, Any]]) -> None:
    for item in published:
        public = crypto.b64d(item["public"])
        if crypto.key_id(public) != item["key_id"] or item["kind"] not in KeyKind.values:
            raise PeeringError(f"key {item.get('key_id')} is inconsistent")
        valid_until = datetime.fromisoformat(item["valid_until"]) if item["valid_until"] else None
        key, _ = PeerKey.objects.get_or_create(
            peer=peer, key_id=item["key_id"], defaults={"kind": item["kind"], "public": public}
        )
        key.valid_until = valid_until
        if item.get("revoked") and key.revoked_at is None:
            key.revoked_at = timezone.now()
        key.save()


class KeyAnnouncement(pydantic.BaseModel):
    keys: list[dict[str, Any]]


def announce_keys(sign_with: str = "") -> None:
    """Tell every peer our current keys, signed with a key they already trust."""
    for peer in Peer.objects.filter(active=True):
        from strait.federation.outbox import send

        send(peer, EnvelopeKind.FEDERATION_KEYS, {"keys": keys.published()}, sign_with=sign_with)


@handles(EnvelopeKind.FEDERATION_KEYS, body=KeyAnnouncement)
def apply_key_announcement(arrival: Arrival) -> None:
    try:
        _store_keys(arrival.peer, arrival.body.keys)
    except (PeeringError, KeyError, crypto.CryptoError) as exc:
        raise Rejected(f"key announcement refused: {exc}") from exc
