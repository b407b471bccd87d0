"""Onward use of what a partner sent: consent, forwarding, export, and corrections following the
copies (DP-03, DP-04, FED-07).

Passing an item on to a third party, or passing on an H2 item at all, needs the originator's
recorded consent, asked and answered through Strait. Without it, forwarding and export are refused.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from strait.agencies.models import Agency
from strait.audit.events import AuditAction
from strait.audit.log import record
from strait.exchange import codes, effects, federation
from strait.exchange.models import Channel, Consent, Message
from strait.exchange.rules import RuleViolation
from strait.exchange.wire import ConsentAnswerWire, ConsentRequestWire, MessageWire
from strait.federation.outbox import send as send_envelope
from strait.permissions import Permission

if TYPE_CHECKING:
    from strait.accounts.models import User


def parties(message: Message) -> set[int]:
    return {message.sender_agency_id, *message.recipients.values_list("agency_id", flat=True)}


def needs_consent(message: Message, user: User, third_party: Agency | None) -> bool:
    """Consent is the originator's to give; our own agency's items need none."""
    if message.sender_agency_id == user.agency_id:
        return False
    if message.handling == codes.HandlingCode.H2:
        return True
    return third_party is not None and third_party.pk not in parties(message)


def granted_consent(
    message: Message, user: User, purpose: str, third_party: Agency | None
) -> Consent | None:
    return Consent.objects.filter(
        message=message,
        requester_agency=user.agency,
        purpose=purpose,
        third_party=third_party,
        status=Consent.Status.GRANTED,
    ).first()


def request_consent(
    message: Message,
    *,
    purpose: str,
    third_party: Agency | None,
    reason: str,
    acting_user: User,
    request: HttpRequest | None = None,
) -> Consent:
    from strait.exchange.actions import _require

    _require(acting_user, Permission.MESSAGES_SEND)
    if not message.recipients.filter(agency=acting_user.agency).exists():
        raise RuleViolation(_("Only a receiving agency asks the originator for consent."))
    if purpose == Consent.Purpose.FORWARD and third_party is None:
        raise RuleViolation(_("Say to which agency you want to pass the item on."))
    if not reason.strip():
        raise RuleViolation(_("Give the reason for passing the item on."))
    with transaction.atomic():
        consent = Consent.objects.create(
            message=message,
            purpose=purpose,
            requester_agency=acting_user.agency,
            requester_name=acting_user.full_name,
            third_party=third_party if purpose == Consent.Purpose.FORWARD else None,
            reason=reason.strip(),
        )
        if message.origin_node != effects.local_node():
            wire = ConsentRequestWire(
                uid=consent.uid,
                message=message.uid,
                purpose="forward" if purpose == Consent.Purpose.FORWARD else "export",
                requester_agency=acting_user.agency.code,
                requester_name=acting_user.full_name,
                third_party=consent.third_party.code if consent.third_party else None,
                reason=consent.reason,
                created_at=consent.created_at,
            )
            send_envelope(
                federation.peer_for(message.origin_node),
                federation.CONSENT_REQUEST,
                wire.model_dump(mode="json"),
                handling=message.handling,
            )
        record(
            AuditAction.CONSENT_REQUESTED,
            request=request,
            actor=acting_user,
            target=str(message.uid),
            details={
                "consent": str(consent.uid),
                "purpose": purpose,
                "third_party": consent.third_party.code if consent.third_party else "",
            },
        )
    return consent


def answer_consent(
    consent: Consent,
    *,
    granted: bool,
    note: str,
    acting_user: User,
    request: HttpRequest | None = None,
) -> Consent:
    from strait.exchange.actions import _require

    _require(acting_user, Permission.CONSENT_ANSWER)
    if consent.message.sender_agency_id != acting_user.agency_id:
        raise RuleViolation(_("Only the originating agency answers a consent request."))
    if consent.status != Consent.Status.PENDING:
        raise RuleViolation(_("This consent request has already been answered."))
    now = timezone.now()
    status = Consent.Status.GRANTED if granted else Consent.Status.REFUSED
    with transaction.atomic():
        Consent.objects.filter(pk=consent.pk).update(
            status=status,
            answered_by_name=acting_user.full_name,
            answered_at=now,
            answer_note=note.strip(),
        )
        if consent.requester_agency.node_code != effects.local_node():
            wire = ConsentAnswerWire(
                uid=consent.uid,
                status="granted" if granted else "refused",
                answered_by=acting_user.full_name,
                answered_at=now,
                note=note.strip(),
            )
            send_envelope(
                federation.peer_for(consent.requester_agency.node_code),
                federation.CONSENT_ANSWER,
                wire.model_dump(mode="json"),
                handling=consent.message.handling,
            )
        record(
            AuditAction.CONSENT_ANSWERED,
            request=request,
            actor=acting_user,
            target=str(consent.message.uid),
            details={"consent": str(consent.uid), "status": status},
        )
    consent.refresh_from_db()
    return consent


def forward(
    original: Message,
    *,
    channel: Channel,
    to: Agency,
    note: str,
    handling: str,
    acting_user: User,
    request: HttpRequest | None = None,
) -> Message:
    """Pass an item on, as information on ``channel``, keeping its markings or narrowing them."""
    from strait.exchange import actions

    if not effects.is_usable(original):
        raise RuleViolation(_("This item is restricted or erased: it cannot be passed on."))
    if original.kind not in (codes.MessageKind.INFORMATION, codes.MessageKind.REPLY):
        raise RuleViolation(_("Only information and replies can be passed on."))
    consent_uid: uuid.UUID | None = None
    if needs_consent(original, acting_user, to):
        consent = granted_consent(original, acting_user, Consent.Purpose.FORWARD, to)
        if consent is None:
            raise RuleViolation(
                _("Passing this item on to %(agency)s needs the originator's consent.")
                % {"agency": to.abbreviation}
            )
        consent_uid = consent.uid
    body = original.body if not note.strip() else f"{note.strip()}\n\n———\n{original.body}"
    draft = actions.Draft(
        channel=channel,
        kind=codes.MessageKind.INFORMATION,
        recipients=[to],
        subject=original.subject,
        body=body[:20000],
        language=original.language,
        crime_area=original.crime_area,
        handling=codes.stricter(original.handling, handling),
        handling_conditions=original.handling_conditions,
        tlp=original.tlp,
        source_reliability=original.source_reliability or codes.SourceReliability.X,
        information_credibility=original.information_credibility
        or codes.InformationCredibility.FOUR,
        purpose=original.purpose,
        subject_category=original.subject_category,
        fact_or_assessment=original.fact_or_assessment,
        review_date=max(original.review_date, timezone.localdate()),
        retention_date=max(original.retention_date, timezone.localdate()),
        forwarded_from=original,
        consent_uid=consent_uid,
    )
    return actions.send(draft, acting_user=acting_user, request=request)


def export(message: Message, *, acting_user: User, request: HttpRequest | None = None) -> str:
    """The item as plain text for a file, refused for H2 items without the originator's consent."""
    from strait.exchange.actions import _require

    _require(acting_user, Permission.MESSAGES_EXPORT)
    if not effects.is_usable(message):
        raise RuleViolation(_("This item is restricted or erased: it cannot be exported."))
    if (
        message.handling == codes.HandlingCode.H2
        and message.sender_agency_id != acting_user.agency_id
        and granted_consent(message, acting_user, Consent.Purpose.EXPORT, None) is None
    ):
        raise RuleViolation(_("Exporting this H2 item needs the originator's consent."))
    record(
        AuditAction.MESSAGE_EXPORTED,
        request=request,
        actor=acting_user,
        target=str(message.uid),
        details={"handling": message.handling},
    )
    lines = [
        f"{_('Subject')}: {message.subject}",
        f"{_('From')}: {message.sender_agency.abbreviation} ({message.sender_name})",
        f"{_('Channel')}: {message.channel.name}",
        f"{_('Sent')}: {message.created_at.isoformat()}",
        f"{_('Handling code')}: {message.handling} {message.handling_conditions}".rstrip(),
        f"{_('Evaluation')}: {message.source_reliability}{message.information_credibility}",
        "",
        message.body,
    ]
    return "\n".join(lines) + "\n"


def pass_correction_on(original: Message, notice: Message) -> None:
    """A notice about an item reaches the copies this node passed on, too (DP-03): each copy's
    sender sends the same notice to the copy's recipients. Runs where the notice is applied."""
    copies = Message.objects.filter(
        forwarded_from_uid=original.uid, origin_node=effects.local_node()
    ).select_related("channel", "sender_agency")
    for copy in copies:
        recipients = [r.agency.code for r in copy.recipients.select_related("agency")]
        uid = uuid.uuid4()
        wire = MessageWire.model_validate(
            {
                "uid": uid,
                "thread_uid": copy.thread_uid,
                "in_reply_to_uid": copy.uid,
                "channel": copy.channel.code,
                "kind": notice.kind,
                "sender_agency": copy.sender_agency.code,
                "sender_name": notice.sender_name,
                "recipients": recipients,
                "subject": notice.subject,
                "body": notice.body or "—",
                "language": notice.language,
                "crime_area": copy.crime_area,
                "urgency": codes.Urgency.URGENT,
                "handling": copy.handling,
                "handling_conditions": copy.handling_conditions,
                "purpose": copy.purpose,
                "subject_category": copy.subject_category,
                "fact_or_assessment": copy.fact_or_assessment,
                "review_date": copy.review_date,
                "retention_date": copy.retention_date,
                "created_at": timezone.now(),
            }
        )
        passed = effects.store(wire)
        federation.ship(passed, wire, [])
        record(
            AuditAction.MESSAGE_DISCLOSED,
            target=str(uid),
            details={
                "channel": copy.channel.code,
                "kind": notice.kind,
                "recipients": recipients,
                "passes_on": str(notice.uid),
            },
        )
