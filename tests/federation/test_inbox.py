"""The inbox endpoint over HTTP (Django's test client): each inbound check, exactly-once
effects, ordering, and what a handler failure does."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from strait.audit.events import AuditAction
from strait.audit.models import AuditEntry
from strait.federation import crypto, handlers
from strait.federation.envelope import check_receipt
from strait.federation.models import InboxEnvelope, Notice, PeerKey
from tests.federation.conftest import RemotePeer


def post(envelopes: list[dict[str, Any]] | Any, raw: bytes | None = None) -> Any:
    import json

    data = raw if raw is not None else json.dumps({"envelopes": envelopes})
    return Client().post(reverse("federation:inbox"), data, content_type="application/json")


def created(envelope: dict[str, Any]) -> Any:
    from strait.federation.envelope import parse_timestamp

    return parse_timestamp(envelope["header"]["created"])


def nothing_changed() -> bool:
    return not InboxEnvelope.objects.exists() and not Notice.objects.exists()


def test_envelope_is_applied_once_and_receipted(remote: RemotePeer) -> None:
    response = post([remote.envelope()])
    assert response.status_code == 200
    result = response.json()["results"][0]
    from strait.federation import keys

    receipt = check_receipt(result["receipt"], public=bytes(keys.current("signing").public))
    assert receipt["status"] == "applied"
    assert Notice.objects.get().text == "salam"
    entry = AuditEntry.objects.get(action=AuditAction.ENVELOPE_RECEIVED)
    assert entry.target == f"ma:{receipt['envelope']}"


def test_redelivery_returns_the_original_receipt_and_changes_nothing(remote: RemotePeer) -> None:
    envelope = remote.envelope()
    first = post([envelope]).json()["results"][0]
    # The same envelope, re-sealed (new 'sent', new ciphertext) as a retry would be.
    again = remote.envelope(envelope_id=envelope["header"]["id"], seq=1, created=created(envelope))
    second = post([again]).json()["results"][0]
    assert second["duplicate"] is True
    assert second["receipt"] == first["receipt"]
    assert Notice.objects.count() == 1
    assert InboxEnvelope.objects.count() == 1


def test_same_id_with_different_content_is_409_and_a_security_event(remote: RemotePeer) -> None:
    envelope = remote.envelope()
    post([envelope])
    forged = remote.envelope(
        {"text": "changed", "author": "x"},
        envelope_id=envelope["header"]["id"],
        seq=1,
        created=created(envelope),
    )
    response = post([forged])
    assert response.status_code == 409
    assert response.json()["results"][0]["error"] == "id_conflict"
    assert Notice.objects.get().text == "salam"
    assert AuditEntry.objects.filter(action=AuditAction.FEDERATION_SECURITY_EVENT).exists()


def test_out_of_order_envelope_is_refused_until_the_gap_is_filled(remote: RemotePeer) -> None:
    first, second = remote.envelope(), remote.envelope()
    response = post([second])
    assert response.status_code == 409
    assert response.json()["results"][0]["error"] == "out_of_order"
    assert nothing_changed()
    assert post([first, second]).status_code == 200
    assert list(Notice.objects.order_by("pk").values_list("seq", flat=True)) == [1, 2]


def test_a_request_answers_after_its_time_for_what_it_applied_and_the_rest_comes_again(
    remote: RemotePeer, settings: Any
) -> None:
    """One request stops applying after FEDERATION_INBOX_SECONDS: a request of 400 batch
    checks outlasted the sender's 30-second timeout (and held SQLite's write lock as long)."""
    settings.FEDERATION_INBOX_SECONDS = 0  # every request applies one envelope, then answers
    envelopes = [remote.envelope() for _ in range(3)]
    response = post(envelopes)
    assert response.status_code == 200
    (result,) = response.json()["results"]
    assert result["id"] == envelopes[0]["header"]["id"]
    assert "receipt" in result
    assert list(Notice.objects.values_list("seq", flat=True)) == [1]
    # What the sender does next: the first again (a duplicate, answered at once) and the rest.
    results = post(envelopes).json()["results"]
    assert [("duplicate" in r and r["duplicate"]) for r in results] == [True, False]
    assert post(envelopes[2:]).status_code == 200
    assert list(Notice.objects.order_by("pk").values_list("seq", flat=True)) == [1, 2, 3]


@pytest.mark.parametrize(
    ("mutate", "status", "code"),
    [
        (lambda r, e: e.update(signature=crypto.b64e(b"x" * 64)), 403, "bad_signature"),
        (lambda r, e: e["header"].update(recipient="de"), 421, "wrong_recipient"),
        (lambda r, e: e["header"].update(origin="pt"), 403, "unknown_peer"),
        (lambda r, e: e["header"].update(seq="1"), 400, "schema_invalid"),
    ],
)
def test_refused_envelopes_change_nothing(
    remote: RemotePeer, mutate: Any, status: int, code: str
) -> None:
    envelope = remote.envelope()
    mutate(remote, envelope)
    response = post([envelope])
    assert response.status_code == status
    assert response.json()["results"][0]["error"] == code
    assert nothing_changed()


def test_revoked_key_is_refused(remote: RemotePeer) -> None:
    PeerKey.objects.update(revoked_at=timezone.now())
    response = post([remote.envelope()])
    assert response.status_code == 403
    assert response.json()["results"][0]["error"] == "revoked_key"
    assert nothing_changed()


def test_rotated_key_is_accepted_during_overlap_and_refused_after(remote: RemotePeer) -> None:
    from datetime import timedelta

    PeerKey.objects.update(valid_until=timezone.now() + timedelta(days=1))
    assert post([remote.envelope()]).status_code == 200
    PeerKey.objects.update(valid_until=timezone.now() - timedelta(seconds=1))
    assert post([remote.envelope()]).status_code == 403


def test_clock_skew_is_refused(remote: RemotePeer) -> None:
    from datetime import timedelta

    envelope = remote.envelope(now=timezone.now() - timedelta(minutes=6))
    response = post([envelope])
    assert response.json()["results"][0]["error"] == "clock_skew"
    assert nothing_changed()


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        (b"not json", 400),
        (b'{"envelopes": []}', 400),
        (b'{"other": 1}', 400),
        (b'{"envelopes": [' + b'"x",' * 600 + b'"x"]}', 413),
    ],
)
def test_malformed_batches_get_clear_errors(remote: RemotePeer, raw: bytes, status: int) -> None:
    response = post(None, raw=raw)
    assert response.status_code == status
    assert response.json()["detail"]
    assert nothing_changed()


def test_body_that_does_not_match_its_kind_is_parked_with_reason(remote: RemotePeer) -> None:
    response = post([remote.envelope({"text": ""})])
    result = response.json()["results"][0]
    assert result["receipt"]["body"]["status"] == "parked"
    assert "federation.notice" in result["receipt"]["body"]["reason"]
    assert not Notice.objects.exists()
    assert InboxEnvelope.objects.get().status == "parked"


def test_unknown_kind_is_parked_not_dropped(remote: RemotePeer) -> None:
    result = post([remote.envelope(kind="exchange.unknown")]).json()["results"][0]
    assert result["receipt"]["body"]["status"] == "parked"
    assert "no handler" in result["receipt"]["body"]["reason"]


def test_failing_handler_leaves_nothing_and_is_parked_after_retries(
    remote: RemotePeer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from strait.federation import notices

    def explode(arrival: handlers.Arrival) -> None:
        Notice.objects.create(
            peer=arrival.peer, direction="in", envelope_id=arrival.envelope_id, text="half"
        )
        raise RuntimeError("disk on fire")

    spec = handlers.kind(notices.KIND)
    assert spec is not None
    monkeypatch.setitem(handlers._KINDS, notices.KIND, handlers.Kind(spec.name, spec.body, explode))
    first = remote.envelope()
    for _ in range(4):
        # Each retry is re-sealed by the sender, as the delivery worker does.
        envelope = remote.envelope(envelope_id=first["header"]["id"], seq=1, created=created(first))
        response = post([envelope])
        assert response.status_code == 503
        assert nothing_changed()
    result = post([envelope]).json()["results"][0]
    assert result["receipt"]["body"]["status"] == "parked"
    assert "disk on fire" in result["receipt"]["body"]["reason"]
    assert not Notice.objects.exists()


def test_node_document_is_public_and_signed(remote: RemotePeer) -> None:
    from strait.federation import canonical

    document = Client().get(reverse("federation:node")).json()
    body = document["body"]
    crypto.verify(
        crypto.b64d(body["signing_key"]),
        crypto.b64d(document["signature"]),
        canonical.dumps(body),
    )
    assert body["fingerprint"].count("-") == 4


def announcement(
    remote: RemotePeer, new_signing: Any, *, revoke: str = "", until: str | None = None
) -> dict[str, Any]:
    public = crypto.public_raw(new_signing)
    listed = [
        {
            "key_id": crypto.key_id(public),
            "kind": "signing",
            "public": crypto.b64e(public),
            "valid_until": None,
            "revoked": False,
        }
    ]
    if revoke:
        old = PeerKey.objects.get(key_id=revoke)
        listed.append(
            {
                "key_id": old.key_id,
                "kind": "signing",
                "public": crypto.b64e(bytes(old.public)),
                "valid_until": until,
                "revoked": True,
            }
        )
    return remote.envelope({"keys": listed}, kind="federation.keys")


def test_rotated_key_is_learned_from_an_announcement_signed_by_the_old_key(
    remote: RemotePeer,
) -> None:
    new_signing = crypto.new_signing_key()
    # Before the announcement, the new key is unknown.
    stranger = remote.envelope(signing_key=new_signing, seq=1)
    assert post([stranger]).json()["results"][0]["error"] == "unknown_key"
    assert post([announcement(remote, new_signing)]).status_code == 200
    assert post([remote.envelope(signing_key=new_signing)]).status_code == 200
    assert Notice.objects.count() == 1


def test_revocation_announced_by_the_peer_is_enforced(remote: RemotePeer) -> None:
    old_id = crypto.key_id(crypto.public_raw(remote.signing))
    new_signing = crypto.new_signing_key()
    assert post([announcement(remote, new_signing, revoke=old_id)]).status_code == 200
    response = post([remote.envelope()])  # still signed with the revoked key
    assert response.status_code == 403
    assert response.json()["results"][0]["error"] == "revoked_key"
    assert post([remote.envelope(signing_key=new_signing, seq=2)]).status_code == 200


# --- hostile input (issue 11, finding 3): a 400, never a 500 --------------------------------


@pytest.mark.parametrize("field", ["sent", "created"])
def test_impossible_date_in_a_header_is_schema_invalid(remote: RemotePeer, field: str) -> None:
    # 30 February matches the schema's pattern; an unsigned and a signed copy both answer 400.
    envelope = remote.envelope()
    envelope["header"][field] = "2026-02-30T10:00:00.000000Z"
    for attempt in (envelope, remote.resign(envelope)):
        response = post([attempt])
        assert response.status_code == 400
        assert response.json()["results"][0]["error"] == "schema_invalid"
    assert nothing_changed()


@pytest.mark.parametrize(
    "raw",
    [
        b'{"envelopes": [' + b"[" * 2000 + b"]" * 2000 + b"]}",
        b'{"envelopes": [{"header": ' + b'{"a":' * 2000 + b"1" + b"}" * 2000 + b"}]}",
        b"[" * 100_000,
    ],
)
def test_deeply_nested_request_is_body_invalid(remote: RemotePeer, raw: bytes) -> None:
    response = post(None, raw=raw)
    assert response.status_code == 400
    assert response.json()["error"] == "body_invalid"
    assert nothing_changed()


@pytest.mark.parametrize(
    ("plaintext", "reason"),
    [
        (b'{"text":' * 2000 + b'"x"' + b"}" * 2000, "nests deeper"),
        (b'{"text": "x", "t": ' + b"[" * 40 + b"]" * 40 + b"}", "nests deeper"),
        (b"not json", "not JSON"),
        (b'["a list"]', "JSON object"),
        (b'{"text": "\xff"}', "not JSON"),
    ],
)
def test_a_peers_undecodable_body_is_parked_not_retried(
    remote: RemotePeer, plaintext: bytes, reason: str
) -> None:
    envelope = remote.envelope_with_plaintext(plaintext)
    response = post([envelope])
    assert response.status_code == 200
    result = response.json()["results"][0]
    assert result["receipt"]["body"]["status"] == "parked"
    assert reason in result["receipt"]["body"]["reason"]
    assert InboxEnvelope.objects.get().status == "parked"
    assert not Notice.objects.exists()
    # The sender's retry of the same envelope is a duplicate, and the stream moves on.
    again = post(
        [
            remote.envelope_with_plaintext(
                plaintext, envelope_id=envelope["header"]["id"], seq=1, created=created(envelope)
            )
        ]
    )
    assert again.json()["results"][0]["duplicate"] is True
    assert post([remote.envelope()]).status_code == 200
