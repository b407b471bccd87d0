"""How exchanges travel between nodes: the envelope kinds of this app, sent in the sender's
transaction and applied on arrival after the receiver has checked the channel rules itself
(FED-06, FED-07). A message that breaks a rule here is parked with the reason, never applied.
"""

from __future__ import annotations

from django.utils import timezone

from strait.agencies.models import Agency
from strait.audit.events import AuditAction
from strait.audit.log import Entry, record_many
from strait.exchange import actions, attachments, effects, notify, outbound, rules
from strait.exchange.models import Attachment, Channel, Consent, Message, Recipient
from strait.exchange.wire import (
    AttachmentPartWire,
    ConsentAnswerWire,
    ConsentRequestWire,
    MessageWire,
    ReceiptWire,
    ThreadStateWire,
)
from strait.federation.handlers import Arrival, Rejected, handles

# The envelope kinds and the functions that queue them live in ``outbound``; named here too, for
# the callers that know this module as "the exchange's federation".
MESSAGE = outbound.MESSAGE
ATTACHMENT_PART = outbound.ATTACHMENT_PART
RECEIPT = outbound.RECEIPT
CONSENT_REQUEST = outbound.CONSENT_REQUEST
CONSENT_ANSWER = outbound.CONSENT_ANSWER
THREAD_STATE = outbound.THREAD_STATE
peer_for = outbound.peer_for
ship = outbound.ship
send_receipt = outbound.send_receipt


def _speaks_for(arrival: Arrival, agency_code: str) -> Agency:
    """A peer speaks only for its own agencies."""
    agency = Agency.objects.filter(code=agency_code).first()
    if agency is None or agency.node_code != arrival.peer.code:
        raise Rejected(f"{arrival.peer.code} does not speak for agency {agency_code!r}")
    return agency


@handles(MESSAGE, body=MessageWire)
def apply_message(arrival: Arrival) -> None:
    wire: MessageWire = arrival.body
    sender = _speaks_for(arrival, wire.sender_agency)
    for attachment in wire.attachments:
        if not attachments.allowed_name(attachment.filename, attachment.content_type):
            raise Rejected(f"attachment {attachment.filename!r} is not of an allowed type")
    if wire.handling != arrival.header.get("handling"):
        raise Rejected("handling code in the body differs from the signed header")
    here = effects.local_node()
    try:
        recipients = list(effects.agencies_by_code(list(wire.recipients)).values())
        if not any(a.node_code == here for a in recipients):
            raise Rejected("none of the recipients is on this node")
        channel = Channel.objects.filter(code=wire.channel).first()
        if channel is None:
            raise Rejected(f"unknown channel {wire.channel!r}")
        rules.check_message(
            channel,
            sender=sender,
            recipients=recipients,
            kind=wire.kind,
            handling=wire.handling,
            conditions=wire.handling_conditions,
            source=wire.source_reliability,
            information=wire.information_credibility,
        )
        if wire.forwarded_from_uid is not None and wire.consent_uid is None:
            raise Rejected("a forwarded item must name the originator's consent")
        message = effects.store(wire)
        actions.pass_correction_on(message)
        notify.arrived(message)
    except rules.RuleViolation as violation:
        raise Rejected(str(violation)) from violation
    now = timezone.now()
    ours = []
    for recipient in message.recipients.select_related("agency", "message"):
        if recipient.agency.node_code == here:
            send_receipt(recipient, "delivered", now, "")
            ours.append(recipient.agency.code)
    # One entry per receiving agency of this node: no user acted, and each agency's
    # data-protection officer must read what arrived for it (issue 11).
    details = {
        "from": sender.code,
        "channel": wire.channel,
        "kind": wire.kind,
        "handling": wire.handling,
        "recipients": list(wire.recipients),
    }
    record_many(
        [
            Entry(
                AuditAction.MESSAGE_RECEIVED, target=str(message.uid), details=details, agency=code
            )
            for code in sorted(set(ours))
        ]
    )


@handles(ATTACHMENT_PART, body=AttachmentPartWire)
def apply_attachment_part(arrival: Arrival) -> None:
    part: AttachmentPartWire = arrival.body
    attachment = (
        Attachment.objects.select_related("message__sender_agency")
        .filter(uid=part.attachment)
        .first()
    )
    if attachment is None or attachment.message.origin_node != arrival.peer.code:
        raise Rejected("part of an attachment that is not known here")
    if part.part != attachment.parts_received or attachment.complete:
        raise Rejected(f"attachment part {part.part} out of order")
    attachments.store_part(str(attachment.uid), part.part, bytes(part.data))
    Attachment.objects.filter(pk=attachment.pk).update(parts_received=part.part + 1)
    if part.part + 1 == attachment.parts:
        # A refused file is not kept: every part of it goes (issue 11 §4).
        try:
            data = attachments.read(str(attachment.uid), attachment.parts, attachment.sha256)
            sniffed = attachments.sniff(attachments.Upload(attachment.filename, data))
        except attachments.InvalidAttachment as exc:
            attachments.erase(str(attachment.uid), attachment.parts)
            raise Rejected(f"attachment refused: {exc}") from exc
        if sniffed != attachment.content_type:
            attachments.erase(str(attachment.uid), attachment.parts)
            raise Rejected("attachment content does not match its declared type")


@handles(RECEIPT, body=ReceiptWire)
def apply_receipt(arrival: Arrival) -> None:
    receipt: ReceiptWire = arrival.body
    _speaks_for(arrival, receipt.agency)
    recipient = Recipient.objects.filter(
        message__uid=receipt.message, agency__code=receipt.agency
    ).first()
    if recipient is None:
        raise Rejected("receipt for an item this node did not send to that agency")
    if receipt.event == "delivered" and recipient.delivered_at is None:
        Recipient.objects.filter(pk=recipient.pk).update(delivered_at=receipt.at)
    if receipt.event == "read" and recipient.read_at is None:
        Recipient.objects.filter(pk=recipient.pk).update(
            read_at=receipt.at,
            read_by_name=receipt.by,
            delivered_at=recipient.delivered_at or receipt.at,
        )


@handles(CONSENT_REQUEST, body=ConsentRequestWire)
def apply_consent_request(arrival: Arrival) -> None:
    wire: ConsentRequestWire = arrival.body
    requester = _speaks_for(arrival, wire.requester_agency)
    message = Message.objects.filter(uid=wire.message).first()
    if message is None or message.origin_node != effects.local_node():
        raise Rejected("consent asked for an item this node did not originate")
    if not message.recipients.filter(agency=requester).exists():
        raise Rejected("consent asked by an agency that did not receive the item")
    third_party = None
    if wire.third_party:
        third_party = Agency.objects.filter(code=wire.third_party).first()
        if third_party is None:
            raise Rejected(f"unknown third party {wire.third_party!r}")
    Consent.objects.create(
        uid=wire.uid,
        message=message,
        purpose=wire.purpose,
        requester_agency=requester,
        requester_name=wire.requester_name,
        third_party=third_party,
        reason=wire.reason,
        created_at=wire.created_at,
    )


@handles(CONSENT_ANSWER, body=ConsentAnswerWire)
def apply_consent_answer(arrival: Arrival) -> None:
    wire: ConsentAnswerWire = arrival.body
    consent = Consent.objects.select_related("message").filter(uid=wire.uid).first()
    if consent is None or consent.message.origin_node != arrival.peer.code:
        raise Rejected("answer to a consent request this node did not send to that peer")
    if consent.status != Consent.Status.PENDING:
        raise Rejected("consent request already answered")
    Consent.objects.filter(pk=consent.pk).update(
        status=wire.status,
        answered_by_name=wire.answered_by,
        answered_at=wire.answered_at,
        answer_note=wire.note,
    )


@handles(THREAD_STATE, body=ThreadStateWire)
def apply_thread_state(arrival: Arrival) -> None:
    """A party on the partner node closed or reopened a thread: the same here, unless a later
    change (or a later message) is already held."""
    wire: ThreadStateWire = arrival.body
    agency = _speaks_for(arrival, wire.agency)
    items = Message.objects.filter(thread_uid=wire.thread_uid)
    if not items.exists():
        raise Rejected("thread state for a thread not known here")
    in_thread = (
        items.filter(sender_agency=agency).exists()
        or Recipient.objects.filter(message__thread_uid=wire.thread_uid, agency=agency).exists()
    )
    if not in_thread:
        raise Rejected(f"agency {wire.agency!r} is not a party to the thread")
    changed = effects.set_thread_state(
        wire.thread_uid, closed=wire.closed, at=wire.at, agency=agency, by=wire.by
    )
    if changed:
        here = effects.local_node()
        ours = set(
            Recipient.objects.filter(
                message__thread_uid=wire.thread_uid, agency__node_code=here
            ).values_list("agency__code", flat=True)
        ) | set(
            items.filter(sender_agency__node_code=here).values_list(
                "sender_agency__code", flat=True
            )
        )
        action = AuditAction.THREAD_CLOSED if wire.closed else AuditAction.THREAD_REOPENED
        details = {"from": agency.code, "by": wire.by}
        record_many(
            [
                Entry(action, target=str(wire.thread_uid), details=details, agency=code)
                for code in sorted(ours)
            ]
        )
