"""What this app sends to other nodes: its envelope kinds and the functions that queue them in the
outbox. Called by ``actions``, ``onward`` and the arrival handlers in ``federation``, inside the
caller's transaction (the outbox row commits with the change it carries, REL-01); storage
(``effects``) never sends.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections import defaultdict
from typing import Any, Literal

from strait.exchange import attachments, effects, rules
from strait.exchange.models import Message, Recipient
from strait.exchange.wire import AttachmentWire, MessageWire, ReceiptWire, ThreadStateWire
from strait.federation.kinds import EnvelopeKind
from strait.federation.models import Peer
from strait.federation.outbox import send

# The exchange's envelope kinds (each has exactly one handler in ``federation``).
MESSAGE = EnvelopeKind.EXCHANGE_MESSAGE
ATTACHMENT_PART = EnvelopeKind.EXCHANGE_ATTACHMENT_PART
RECEIPT = EnvelopeKind.EXCHANGE_RECEIPT
CONSENT_REQUEST = EnvelopeKind.EXCHANGE_CONSENT_REQUEST
CONSENT_ANSWER = EnvelopeKind.EXCHANGE_CONSENT_ANSWER
THREAD_STATE = EnvelopeKind.EXCHANGE_THREAD_STATE


def peer_for(node: str) -> Peer:
    peer = Peer.objects.filter(code=node, active=True).first()
    if peer is None:
        raise rules.RuleViolation(f"no link to node {node!r}")
    return peer


def _json(model: Any) -> dict[str, Any]:
    return dict(model.model_dump(mode="json"))


def ship(message: Message, wire: MessageWire, uploads: list[tuple[AttachmentWire, bytes]]) -> None:
    """Queue the message, then its attachment parts, for every other node with a recipient."""
    nodes: dict[str, list[str]] = defaultdict(list)
    for recipient in message.recipients.select_related("agency"):
        if recipient.agency.node_code != effects.local_node():
            nodes[recipient.agency.node_code].append(recipient.agency.code)
    body = _json(wire)
    for node in sorted(nodes):
        peer = peer_for(node)
        send(peer, MESSAGE.value, body, handling=message.handling)
        for attachment, data in uploads:
            for number, part in enumerate(attachments.split(data)):
                send(
                    peer,
                    ATTACHMENT_PART.value,
                    {
                        "attachment": str(attachment.uid),
                        "part": number,
                        "data": base64.b64encode(part).decode(),
                    },
                    handling=message.handling,
                )


def send_receipt(
    recipient: Recipient, event: Literal["delivered", "read"], at: dt.datetime, by: str
) -> None:
    """Tell the originating node that one of our agencies received or read its item."""
    origin = recipient.message.origin_node
    if origin == effects.local_node():
        return
    body = ReceiptWire(
        message=recipient.message.uid, agency=recipient.agency.code, event=event, at=at, by=by
    )
    send(peer_for(origin), RECEIPT.value, _json(body))


def send_body(node: str, kind: EnvelopeKind, body: Any, *, handling: str) -> None:
    """Queue one wire body (consent request or answer) for a node."""
    send(peer_for(node), kind.value, _json(body), handling=handling)


def send_thread_state(thread_uid: Any, body: ThreadStateWire) -> None:
    """Tell every other node with a party in the thread that it was closed or reopened."""
    here = effects.local_node()
    nodes = set(
        Recipient.objects.filter(message__thread_uid=thread_uid).values_list(
            "agency__node_code", flat=True
        )
    ) | set(
        Message.objects.filter(thread_uid=thread_uid).values_list(
            "sender_agency__node_code", flat=True
        )
    )
    for node in sorted(nodes - {here}):
        send(peer_for(node), THREAD_STATE.value, _json(body))
