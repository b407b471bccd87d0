"""Partner nodes as this node knows them, their keys, and the notices exchanged with them."""

from __future__ import annotations

import uuid

import factory
from factory.django import DjangoModelFactory

from strait.federation.models import KeyKind, Notice, Peer, PeerKey


class PeerFactory(DjangoModelFactory[Peer]):
    """A partner node on a loopback port nobody listens on (nothing is ever delivered)."""

    class Meta:
        model = Peer
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"p{n}")
    name = factory.LazyAttribute(lambda o: f"Node {o.code}")
    country = "ES"
    base_url = "http://127.0.0.1:9"
    fingerprint = factory.Sequence(lambda n: f"{n:040x}")


class PeerKeyFactory(DjangoModelFactory[PeerKey]):
    """A peer's public signing key; pass ``public=`` the raw key bytes a test signs with."""

    class Meta:
        model = PeerKey

    peer = factory.SubFactory(PeerFactory)
    kind = KeyKind.SIGNING
    key_id = factory.Sequence(lambda n: f"k{n:015x}")
    public = b"\0" * 32


class NoticeFactory(DjangoModelFactory[Notice]):
    class Meta:
        model = Notice

    peer = factory.SubFactory(PeerFactory)
    direction = Notice.Direction.IN
    envelope_id = factory.LazyFunction(uuid.uuid4)
    text = factory.Sequence(lambda n: f"Notice {n}")
