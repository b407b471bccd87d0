"""Envelopes from the partner node: the receiver re-checks every rule itself (FED-06, FED-07)
and a refused envelope is parked with its reason, changing nothing."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.utils import timezone

from strait.audit.events import AuditAction
from strait.audit.models import AuditEntry
from strait.exchange import actions
from strait.exchange.models import Message
from strait.federation import inbox
from strait.federation.models import InboxEnvelope, OutboxEnvelope
from tests.exchange.conftest import World, draft
from tests.federation.conftest import RemotePeer


def wire(world: World, **overrides: Any) -> dict[str, Any]:
    uid = str(uuid.uuid4())
    today = timezone.localdate()
    body: dict[str, Any] = {
        "uid": uid,
        "thread_uid": uid,
        "channel": world.channel.code,
        "kind": "request",
        "sender_agency": world.partner.code,
        "sender_name": "Analyst of the partner",
        "recipients": [world.here.code],
        "subject": "طلب عاجل",
        "body": "المرجو الإفادة",
        "language": "ar",
        "crime_area": "terrorism",
        "urgency": "urgent_direct",
        "handling": "H1",
        "purpose": "Prevention of terrorism",
        "subject_category": "suspect",
        "fact_or_assessment": "assessment",
        "review_date": str(today + dt.timedelta(days=30)),
        "retention_date": str(today + dt.timedelta(days=300)),
        "created_at": timezone.now().isoformat(),
    }
    body.update(overrides)
    return body


def deliver(remote: RemotePeer, body: dict[str, Any], handling: str | None = None) -> str:
    envelope = remote.envelope(
        body, kind="exchange.message", handling=handling or body.get("handling", "H0")
    )
    (_outcome,) = inbox.receive_batch([envelope])
    return str(InboxEnvelope.objects.get(envelope_id=envelope["header"]["id"]).status)


def test_a_request_from_the_partner_is_stored_with_its_deadline_and_receipted(
    world: World, remote: RemotePeer
) -> None:
    body = wire(world)
    assert deliver(remote, body) == "applied"
    message = Message.objects.get(uid=body["uid"])
    assert message.origin_node == "ma"
    assert message.deadline == message.created_at + dt.timedelta(hours=8)
    assert message.recipients.get().delivered_at is not None
    receipt = OutboxEnvelope.objects.get(kind="exchange.receipt")
    assert receipt.body["event"] == "delivered"
    # No user acted; the entry names the receiving agency, so its DPO reads it (issue 11).
    received = AuditEntry.objects.get(action=AuditAction.MESSAGE_RECEIVED)
    assert received.agency == world.here.code


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"handling": "H3", "handling_conditions": "x"}, "up to H2"),
        ({"sender_agency": "dev-police"}, "does not speak for"),
        ({"recipients": ["dev-other"]}, "does not take part"),
        ({"kind": "information"}, "evaluation"),
        ({"channel": "no-such-channel"}, "unknown channel"),
        ({"recipients": ["ma-partner"]}, "none of the recipients"),
    ],
)
def test_rule_breaking_envelopes_are_parked(
    world: World, remote: RemotePeer, overrides: dict[str, Any], reason: str
) -> None:
    body = wire(world, **overrides)
    assert deliver(remote, body) == "parked"
    parked = InboxEnvelope.objects.get(status="parked")
    assert reason in parked.reason
    assert not Message.objects.exists()


def test_handling_in_the_body_must_match_the_signed_header(
    world: World, remote: RemotePeer
) -> None:
    assert deliver(remote, wire(world, handling="H0"), handling="H1") == "parked"
    assert not Message.objects.exists()


def test_a_reply_from_the_partner_answers_our_request(world: World, remote: RemotePeer) -> None:
    request = actions.send_message(
        draft(world, recipients=[world.partner]), acting_user=world.analyst
    )
    reply = wire(
        world,
        kind="reply",
        thread_uid=str(request.thread_uid),
        in_reply_to_uid=str(request.uid),
        language="es",
        subject="Re",
        body="Sin antecedentes.",
    )
    assert deliver(remote, reply) == "applied"
    request.refresh_from_db()
    assert request.answered_at is not None


def test_only_the_originator_may_erase(world: World, remote: RemotePeer) -> None:
    ours = actions.send_message(draft(world, recipients=[world.partner]), acting_user=world.analyst)
    erasure = wire(
        world,
        kind="erasure",
        thread_uid=str(ours.thread_uid),
        in_reply_to_uid=str(ours.uid),
    )
    assert deliver(remote, erasure) == "parked"
    ours.refresh_from_db()
    assert ours.erased_at is None


def test_receipts_from_the_partner_update_our_copy(world: World, remote: RemotePeer) -> None:
    ours = actions.send_message(draft(world, recipients=[world.partner]), acting_user=world.analyst)
    now = timezone.now().isoformat()
    for event in ("delivered", "read"):
        envelope = remote.envelope(
            {
                "message": str(ours.uid),
                "agency": world.partner.code,
                "event": event,
                "at": now,
                "by": "Ana",
            },
            kind="exchange.receipt",
        )
        inbox.receive_batch([envelope])
    recipient = ours.recipients.get()
    assert recipient.delivered_at is not None
    assert recipient.read_by_name == "Ana"


def test_the_sender_sees_why_the_partner_refused_an_item(world: World) -> None:
    from django.test import Client
    from django.urls import reverse

    from strait.federation.models import OutboxStatus
    from tests.conftest import login_verified

    ours = actions.send_message(draft(world, recipients=[world.partner]), acting_user=world.analyst)
    OutboxEnvelope.objects.filter(kind="exchange.message").update(
        status=OutboxStatus.PARKED, reason="The channel carries handling codes up to H0, not H1."
    )
    page = login_verified(Client(), world.analyst).get(
        reverse("exchange:thread", args=[ours.thread_uid])
    )
    assert "Refused by the partner node" in page.content.decode()
    assert "up to H0" in page.content.decode()


def test_an_attachment_of_a_forbidden_type_is_refused_on_arrival(
    world: World, remote: RemotePeer
) -> None:
    body = wire(
        world,
        attachments=[
            {
                "uid": str(uuid.uuid4()),
                "filename": "page.html",
                "content_type": "text/html",
                "size": 10,
                "sha256": "0" * 64,
                "parts": 1,
            }
        ],
    )
    assert deliver(remote, body) == "parked"
    assert "not of an allowed type" in InboxEnvelope.objects.get().reason
    assert not Message.objects.exists()


def test_an_attachment_whose_bytes_differ_from_its_type_is_refused(
    world: World, remote: RemotePeer
) -> None:
    import base64
    import hashlib

    data = b"\x89PNG\r\n\x1a\n" + b"\0" * 32  # a PNG declared as a PDF
    attachment = {
        "uid": str(uuid.uuid4()),
        "filename": "report.pdf",
        "content_type": "application/pdf",
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "parts": 1,
    }
    assert deliver(remote, wire(world, attachments=[attachment])) == "applied"
    part = remote.envelope(
        {"attachment": attachment["uid"], "part": 0, "data": base64.b64encode(data).decode()},
        kind="exchange.attachment_part",
    )
    inbox.receive_batch([part])
    parked = InboxEnvelope.objects.get(kind="exchange.attachment_part")
    assert parked.status == "parked"
    assert "does not contain what its name says" in parked.reason
