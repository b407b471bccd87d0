"""This node's keys: created once, encrypted at rest, rotated with an overlap, revoked."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from strait.federation import actions, crypto, keys
from strait.federation.models import KeyKind, NodeKey, OutboxEnvelope, Peer

pytestmark = pytest.mark.django_db


@pytest.fixture
def peer() -> Peer:
    keys.ensure_keys()
    return Peer.objects.create(code="es", name="es", country="ES", base_url="http://127.0.0.1:9")


def test_keys_are_created_once_and_private_halves_are_encrypted() -> None:
    assert keys.ensure_keys() is True
    assert keys.ensure_keys() is False
    assert NodeKey.objects.count() == 2
    for key in NodeKey.objects.all():
        pem = bytes(key.private_pem)
        assert pem.startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")


def test_rotation_keeps_old_keys_for_the_overlap_and_announces_with_the_old_key(
    peer: Peer,
) -> None:
    old = keys.current(KeyKind.SIGNING)
    new_signing, _ = actions.rotate_keys(timedelta(days=2))
    old.refresh_from_db()
    assert keys.current(KeyKind.SIGNING) == new_signing
    assert old.valid_until is not None
    assert timezone.now() + timedelta(days=1) < old.valid_until < timezone.now() + timedelta(days=3)
    announcement = OutboxEnvelope.objects.get(peer=peer, kind="federation.keys")
    assert announcement.sign_with == old.key_id
    listed = {k["key_id"] for k in announcement.body["keys"]}
    assert {old.key_id, new_signing.key_id} <= listed
    # The fingerprint follows the current keys.
    assert keys.identity().signing_key == bytes(new_signing.public)


def test_revoking_the_current_key_rotates_first_and_announces(peer: Peer) -> None:
    current = keys.current(KeyKind.SIGNING)
    actions.revoke_key(current.key_id)
    current.refresh_from_db()
    assert current.revoked_at is not None
    assert keys.current(KeyKind.SIGNING).key_id != current.key_id
    revoked = [
        k
        for envelope in OutboxEnvelope.objects.filter(kind="federation.keys")
        for k in envelope.body["keys"]
        if k["revoked"]
    ]
    assert [k["key_id"] for k in revoked] == [current.key_id]


def test_keys_show_prints_the_fingerprint(capsys: pytest.CaptureFixture[str]) -> None:
    keys.ensure_keys()
    call_command("keys", "show")
    out = capsys.readouterr().out
    assert keys.identity().fingerprint() in out
    assert crypto.b64e(bytes(keys.current(KeyKind.SIGNING).public)) in out
