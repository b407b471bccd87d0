"""Guards of federation that no other test pinned (issue 10's probe: each was removed in turn and
the suite stayed green). Each test here fails when its guard is removed; the list of every guard
probed and the test that pins it is in docs/federation.md ("Guards and the tests that pin
them")."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import httpx
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from strait.federation import canonical, crypto, handlers, inbox, keys, notices, peering
from strait.federation.envelope import (
    EnvelopeRefused,
    Opened,
    Refusal,
    check_receipt,
    open_envelope,
    sign_receipt,
)
from strait.federation.models import (
    InboxEnvelope,
    KeyKind,
    NodeKey,
    Notice,
    OutboxEnvelope,
    OutboxStatus,
    Peer,
    PeerKey,
)
from strait.permissions import Role
from strait.refusals import NotPermitted
from tests.federation.conftest import RemotePeer
from tests.federation.test_inbox import post

# --- the envelope checks --------------------------------------------------------------------


def test_an_oversized_envelope_is_refused_before_the_schema_reads_it(remote: RemotePeer) -> None:
    envelope = remote.envelope()
    envelope["ciphertext"] = "!" * 300_000  # the schema would call it invalid; it is too big
    assert post([envelope]).json()["results"][0]["error"] == "oversized"


def test_an_envelope_over_the_limit_with_its_header_is_oversized(remote: RemotePeer) -> None:
    from strait.federation.envelope import MAX_ENVELOPE_BYTES

    envelope = remote.envelope()
    envelope["ciphertext"] = "A" * (MAX_ENVELOPE_BYTES - 10)  # alone, just under the limit
    assert post([envelope]).json()["results"][0]["error"] == "oversized"


def test_a_header_with_no_canonical_form_is_schema_invalid(remote: RemotePeer) -> None:
    envelope = remote.envelope()
    envelope["header"]["v"] = 1.0  # equal to the schema's const 1, but not canonical
    response = post([envelope])
    assert response.status_code == 400
    assert response.json()["results"][0]["error"] == "schema_invalid"


def test_a_receipt_that_is_not_a_receipt_is_refused_even_when_signed() -> None:
    key = crypto.new_signing_key()
    body = {"v": 1, "envelope": "x", "status": "stolen", "seq": "1"}  # no receipt, well signed
    receipt = {"body": body, "signature": crypto.b64e(crypto.sign(key, canonical.dumps(body)))}
    with pytest.raises(EnvelopeRefused) as caught:
        check_receipt(receipt, public=crypto.public_raw(key))
    assert caught.value.refusal is Refusal.SCHEMA


def test_a_peers_encryption_key_id_does_not_pass_as_its_signing_key(remote: RemotePeer) -> None:
    encryption = crypto.public_raw(crypto.new_encryption_key())
    PeerKey.objects.create(
        peer=remote.peer, kind=KeyKind.ENCRYPTION, key_id=crypto.key_id(encryption),
        public=encryption,
    )  # fmt: skip
    envelope = remote.envelope()
    envelope["header"]["sig_key"] = crypto.key_id(encryption)
    response = post([envelope])
    assert response.json()["results"][0]["error"] == "unknown_key"


def test_a_suspended_peer_is_not_a_peer(remote: RemotePeer) -> None:
    Peer.objects.filter(pk=remote.peer.pk).update(active=False)
    response = post([remote.envelope()])
    assert response.status_code == 403
    assert response.json()["results"][0]["error"] == "unknown_peer"
    assert not Notice.objects.exists()


def test_a_peer_suspended_while_its_batch_is_checked_applies_nothing(remote: RemotePeer) -> None:
    opened = open_envelope(remote.envelope(), me=settings.NODE.code, keyring=keys.DatabaseKeyring())
    Peer.objects.filter(pk=remote.peer.pk).update(active=False)
    with pytest.raises(Peer.DoesNotExist):
        inbox._apply_all([opened])
    assert not Notice.objects.exists()
    assert not InboxEnvelope.objects.exists()


@pytest.mark.parametrize("change", ["revoked_at", "valid_until"])
def test_our_revoked_or_expired_encryption_key_opens_nothing(
    remote: RemotePeer, change: str
) -> None:
    envelope = remote.envelope()  # sealed to our current encryption key
    past = timezone.now() - timedelta(seconds=1)
    NodeKey.objects.filter(kind=KeyKind.ENCRYPTION).update(**{change: past})
    response = post([envelope])
    assert response.status_code == 403
    assert response.json()["results"][0]["error"] in ("unknown_key", "revoked_key")
    assert not Notice.objects.exists()


# --- handlers -------------------------------------------------------------------------------


def test_a_rejected_handler_leaves_nothing_it_wrote(
    remote: RemotePeer, monkeypatch: pytest.MonkeyPatch
) -> None:
    def half_then_reject(arrival: handlers.Arrival) -> None:
        Notice.objects.create(
            peer=arrival.peer, direction="in", envelope_id=arrival.envelope_id, text="half"
        )
        raise handlers.Rejected("changed its mind")

    spec = handlers.kind(notices.KIND)
    assert spec is not None
    monkeypatch.setitem(
        handlers._KINDS, notices.KIND, handlers.Kind(spec.name, spec.body, half_then_reject)
    )
    result = post([remote.envelope()]).json()["results"][0]
    assert result["receipt"]["body"]["status"] == "parked"
    assert not Notice.objects.exists()


def test_a_notice_with_fields_it_does_not_know_is_parked(remote: RemotePeer) -> None:
    body = {"text": "salam", "author": "x", "priority": "urgent"}
    result = post([remote.envelope(body)]).json()["results"][0]
    assert result["receipt"]["body"]["status"] == "parked"
    assert not Notice.objects.exists()


def test_an_announced_key_whose_id_is_not_its_own_is_parked_not_stored(
    remote: RemotePeer,
) -> None:
    public = crypto.public_raw(crypto.new_signing_key())
    listed = [
        {
            "key_id": "0123456789abcdef",
            "kind": "signing",
            "public": crypto.b64e(public),
            "valid_until": None,
            "revoked": False,
        }
    ]
    result = post([remote.envelope({"keys": listed}, kind="federation.keys")]).json()
    assert result["results"][0]["receipt"]["body"]["status"] == "parked"
    assert "inconsistent" in result["results"][0]["receipt"]["body"]["reason"]
    assert not PeerKey.objects.filter(key_id="0123456789abcdef").exists()


# --- becoming peers -------------------------------------------------------------------------


def _document(node: str = "zz", signer: Any = None, **changes: Any) -> tuple[dict[str, Any], str]:
    signing = crypto.new_signing_key()
    encryption = crypto.new_encryption_key()
    ident = crypto.PublicIdentity(
        node=node,
        signing_key=crypto.public_raw(signing),
        encryption_key=crypto.public_raw(encryption),
    )
    body = {
        "v": 1,
        "node": node,
        "name": "Node zz",
        "country": "ZZ",
        "base_url": "http://zz.invalid",
        "agencies": [],
        "signing_key": crypto.b64e(ident.signing_key),
        "encryption_key": crypto.b64e(ident.encryption_key),
        "fingerprint": ident.fingerprint(),
        "keys": [
            {
                "key_id": crypto.key_id(ident.signing_key),
                "kind": "signing",
                "public": crypto.b64e(ident.signing_key),
                "valid_until": None,
                "revoked": False,
            }
        ],
    }
    body.update(changes)
    signature = crypto.sign(signer or signing, canonical.dumps(body))
    return {"body": body, "signature": crypto.b64e(signature)}, ident.fingerprint()


def _add(document: dict[str, Any], fingerprint: str) -> Peer:
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=document))
    return peering.add_peer(
        "http://zz.invalid", fingerprint, client=httpx.Client(transport=transport)
    )


@pytest.mark.django_db
def test_a_peer_is_added_only_with_its_fingerprint_and_a_valid_signature() -> None:
    keys.ensure_keys()
    document, fingerprint = _document()
    with pytest.raises(peering.PeeringError, match="fingerprint mismatch"):
        _add(document, "AAAA-BBBB-CCCC-DDDD-EEEE")
    forged, fingerprint_forged = _document(signer=crypto.new_signing_key())
    with pytest.raises(peering.PeeringError, match="signature"):
        _add(forged, fingerprint_forged)
    assert not Peer.objects.exists()
    assert _add(document, fingerprint).code == "zz"


@pytest.mark.django_db
def test_this_node_cannot_be_added_as_its_own_peer() -> None:
    keys.ensure_keys()
    document, fingerprint = _document(node=settings.NODE.code)
    with pytest.raises(peering.PeeringError, match="this node itself"):
        _add(document, fingerprint)
    assert not Peer.objects.exists()


# --- delivery: what the sender accepts as a receipt ----------------------------------------


def _deliver_with(remote: RemotePeer, answer: Callable[[dict[str, Any]], dict[str, Any]]) -> Any:
    from strait.federation import delivery
    from strait.federation.outbox import send

    ours = keys.current(KeyKind.ENCRYPTION)  # the peer's encryption key, as far as the test goes
    PeerKey.objects.create(
        peer=remote.peer, kind=KeyKind.ENCRYPTION, key_id=ours.key_id, public=bytes(ours.public)
    )
    send(remote.peer, "federation.notice", {"text": "hola"})

    def respond(request: httpx.Request) -> httpx.Response:
        import json

        (envelope,) = json.loads(request.content)["envelopes"]
        return httpx.Response(200, json={"results": [answer(envelope)]})

    with httpx.Client(transport=httpx.MockTransport(respond)) as client:
        return delivery.deliver_once(client, remote.peer)


def _receipt(envelope: dict[str, Any], signer: Any, **header: Any) -> dict[str, Any]:
    opened = Opened(header={**envelope["header"], **header}, body={}, digest="0" * 64)
    receipt = sign_receipt(signing_key=signer, opened=opened, status="applied")
    return {"id": envelope["header"]["id"], "receipt": receipt}


def test_a_receipt_signed_by_the_peer_marks_the_envelope_delivered(remote: RemotePeer) -> None:
    report = _deliver_with(remote, lambda e: _receipt(e, remote.signing))
    assert report.delivered == 1
    assert OutboxEnvelope.objects.get().status == OutboxStatus.DELIVERED


def test_a_receipt_not_signed_by_the_peer_is_not_accepted(remote: RemotePeer) -> None:
    report = _deliver_with(remote, lambda e: _receipt(e, crypto.new_signing_key()))
    assert report.delivered == 0
    assert "bad receipt" in report.error
    assert OutboxEnvelope.objects.get().status == OutboxStatus.PENDING


def test_a_receipt_for_another_sequence_number_is_not_accepted(remote: RemotePeer) -> None:
    report = _deliver_with(remote, lambda e: _receipt(e, remote.signing, seq=7))
    assert report.delivered == 0
    assert "does not match" in report.error
    assert OutboxEnvelope.objects.get().status == OutboxStatus.PENDING


# --- the peers pages and their actions -----------------------------------------------------


@pytest.mark.parametrize("role", [Role.OFFICER, Role.ANALYST, Role.SUPERVISOR])
def test_the_peers_pages_are_for_node_administrators(
    remote: RemotePeer, verified_client: Callable[..., Client], role: Role
) -> None:
    client = verified_client(role=role)
    assert client.get(reverse("federation:peers")).status_code == 403
    detail = reverse("federation:peer", kwargs={"code": "ma"})
    assert client.get(detail).status_code == 403
    assert client.post(detail, {"text": "hola"}).status_code == 403
    assert not OutboxEnvelope.objects.exists()


def test_retry_now_asks_an_anonymous_visitor_to_log_in(remote: RemotePeer) -> None:
    Peer.objects.filter(pk=remote.peer.pk).update(next_attempt_at=timezone.now())
    response = Client().post(reverse("federation:peer_retry", kwargs={"code": "ma"}))
    assert response.status_code == 302
    assert "/login" in response["Location"]
    assert Peer.objects.get(pk=remote.peer.pk).next_attempt_at is not None


def test_the_actions_check_the_permission_whoever_calls_them(
    remote: RemotePeer, make_user: Callable[..., Any]
) -> None:
    from strait.federation import actions

    analyst = make_user(role=Role.ANALYST)
    Peer.objects.filter(pk=remote.peer.pk).update(next_attempt_at=timezone.now())
    with pytest.raises(NotPermitted):
        actions.retry_delivery(remote.peer, acting_user=analyst)
    with pytest.raises(NotPermitted):
        notices.do_send_notice(remote.peer, "hola", acting_user=analyst)
    assert Peer.objects.get(pk=remote.peer.pk).next_attempt_at is not None
    assert not OutboxEnvelope.objects.exists()
    admin = make_user(role=Role.NODE_ADMIN)
    notices.do_send_notice(remote.peer, "hola", acting_user=admin)
    assert OutboxEnvelope.objects.count() == 1


def test_a_refusal_is_not_a_crash(remote: RemotePeer) -> None:
    # The inbox answers every refusal itself; EnvelopeRefused never reaches Django.
    envelope = remote.envelope()
    envelope["header"]["recipient"] = "zz"
    with pytest.raises(EnvelopeRefused) as caught:
        open_envelope(envelope, me=settings.NODE.code, keyring=keys.DatabaseKeyring())
    assert caught.value.refusal is Refusal.WRONG_RECIPIENT
    assert post([envelope]).status_code == 421


@pytest.mark.parametrize("depth", [20, 100, 600])
def test_a_request_nested_deeper_than_a_batch_is_body_invalid(
    remote: RemotePeer, depth: int
) -> None:
    # json can read these; nothing after it may walk them (jsonschema would, recursively).
    raw = b'{"envelopes": [' + b"[" * depth + b"]" * depth + b"]}"
    response = post(None, raw=raw)
    assert response.status_code == 400
    assert response.json()["error"] == "body_invalid"


def test_a_batch_over_8_mib_is_oversized_not_malformed(remote: RemotePeer) -> None:
    from strait.federation.inbox import MAX_BATCH_BYTES

    raw = b'{"envelopes": ["' + b"a" * MAX_BATCH_BYTES + b'"]}'
    response = post(None, raw=raw)
    assert response.status_code == 413
    assert response.json()["error"] == "oversized"


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded"])
def test_only_json_is_read(remote: RemotePeer, content_type: str) -> None:
    import json

    data = json.dumps({"envelopes": [remote.envelope()]})
    response = Client().post(reverse("federation:inbox"), data, content_type=content_type)
    assert response.status_code == 415
    assert response.json()["error"] == "unsupported_media_type"
    assert not Notice.objects.exists()
