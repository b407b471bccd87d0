"""What the adversarial probe of two demo nodes found in the exchange (issue 11), each case as
the probe sent it: findings 4 (duplicate recipients, orphan attachment files), 5 (a recipient id
too large for the database) and 8 (message search without an audit entry)."""

from __future__ import annotations

import base64
import hashlib
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from strait.audit.events import AuditAction
from strait.audit.models import AuditEntry
from strait.exchange import actions
from strait.exchange.attachments import Upload
from strait.exchange.models import Message
from strait.exchange.rules import RuleViolation
from strait.federation import inbox
from strait.federation.models import InboxEnvelope
from tests.api_client import Api
from tests.conftest import login_verified
from tests.exchange.conftest import World, draft
from tests.exchange.test_api import new_message
from tests.exchange.test_arrivals import deliver, wire
from tests.exchange.test_pages import PDF, compose_data
from tests.federation.conftest import RemotePeer


def files_kept() -> list[Path]:
    root = Path(settings.ATTACHMENTS_DIR)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


# Finding 4: duplicate recipients, and files left behind.


def test_duplicate_recipients_through_the_api_are_sent_once(world: World) -> None:
    data = base64.b64encode(b"a list\n").decode()
    response = Api(world.analyst).post(
        "/messages",
        new_message(
            world,
            recipients=[world.neighbour.code, world.neighbour.code],
            attachments=[{"filename": "list.txt", "data": data}],
        ),
    )
    assert response.status_code == 201, response.content
    message = Message.objects.get()
    assert [r.agency for r in message.recipients.all()] == [world.neighbour]
    assert response.json()["recipients"][0]["agency"] == world.neighbour.code
    assert len(response.json()["recipients"]) == 1
    assert len(files_kept()) == 1


def test_duplicate_recipients_in_a_draft_are_sent_once(world: World) -> None:
    message = actions.send_message(
        draft(world, recipients=[world.neighbour, world.neighbour]), acting_user=world.analyst
    )
    assert message.recipients.count() == 1


def test_a_send_that_fails_in_its_transaction_leaves_no_file(world: World) -> None:
    # The link to the partner's node is gone: the send fails after the parts were written.
    world.peer.active = False
    world.peer.save()
    upload = Upload("report.pdf", PDF)
    with pytest.raises(RuleViolation, match="no link"):
        actions.send_message(
            draft(world, recipients=[world.partner], uploads=[upload]), acting_user=world.analyst
        )
    assert not Message.objects.exists()
    assert files_kept() == []


def test_a_refused_inbound_attachment_leaves_no_file(world: World, remote: RemotePeer) -> None:
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
    assert InboxEnvelope.objects.get(kind="exchange.attachment_part").status == "parked"
    assert files_kept() == []


# Finding 5: a recipient id the database cannot hold is a form error, not a server error.


def test_a_huge_recipient_id_on_compose_is_a_form_error(world: World) -> None:
    client = login_verified(Client(), world.analyst)
    for overrides in (
        {"recipients": [str(2**63)]},
        {"recipients": [str(world.neighbour.pk), str(2**64 + 5)]},
        {"channel": str(2**63)},
    ):
        response = client.post(reverse("exchange:compose"), compose_data(world, **overrides))
        assert response.status_code == 400
        assert response.context["form"].errors
    assert not Message.objects.exists()


def test_a_huge_agency_id_on_forward_is_a_form_error(world: World) -> None:
    item = actions.send_message(
        draft(world, kind="information", source_reliability="B", information_credibility="2"),
        acting_user=world.analyst,
    )
    client = login_verified(Client(), world.neighbour_analyst)
    response = client.post(
        reverse("exchange:forward", args=[item.uid]),
        {"channel": world.channel.pk, "to": str(2**63), "handling": "H0"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors


# Finding 8: searching messages is a consultation (LOG-01).


def test_searching_messages_on_the_page_is_audited(world: World) -> None:
    message = actions.send_message(draft(world), acting_user=world.analyst)
    client = login_verified(Client(), world.neighbour_analyst)
    response = client.get(reverse("exchange:search"), {"q": "registration"})
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action=AuditAction.MESSAGE_CONSULTED)
    assert entry.actor == world.neighbour_analyst.username
    assert entry.target == "exchange:search"
    assert entry.details["query"] == "registration"
    assert entry.details["shown"] == [str(message.uid)]


def test_a_search_with_no_result_is_audited_too(world: World) -> None:
    response = Api(world.neighbour_analyst).get("/search?q=nothing-like-this")
    assert response.status_code == 200
    assert response.json() == []
    entry = AuditEntry.objects.get(action=AuditAction.MESSAGE_CONSULTED)
    assert entry.details == {"query": "nothing-like-this", "page": 1, "shown": []}


def test_searching_messages_through_the_api_is_audited(world: World) -> None:
    message = actions.send_message(draft(world), acting_user=world.analyst)
    response = Api(world.neighbour_analyst).get("/search?q=registration")
    assert [m["uid"] for m in response.json()] == [str(message.uid)]
    entry = AuditEntry.objects.get(action=AuditAction.MESSAGE_CONSULTED)
    assert entry.target == "exchange:search"
    assert entry.details["shown"] == [str(message.uid)]
