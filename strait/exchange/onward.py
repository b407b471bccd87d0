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

from strait import timefmt
from strait.agencies.models import Agency
from strait.audit.events import AuditAction
from strait.audit.log import record
from strait.exchange import actions, codes, defaults, effects, outbound, policy
from strait.exchange.models import Channel, Consent, Message
from strait.exchange.rules import RuleViolation
from strait.exchange.wire import ConsentAnswerWire, ConsentRequestWire

if TYPE_CHECKING:
    from strait.accounts.models import User


# The object rules live in ``policy``; named here too for callers that know them as onward's.
parties = policy.parties
needs_consent = policy.needs_consent


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
    policy.check_ask_consent(acting_user, message)
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
            outbound.send_body(
                message.origin_node, outbound.CONSENT_REQUEST, wire, handling=message.handling
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
    policy.check_answer_consent(acting_user, consent.message)
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
            outbound.send_body(
                consent.requester_agency.node_code,
                outbound.CONSENT_ANSWER,
                wire,
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
    policy.check_pass_on(original)
    consent_uid: uuid.UUID | None = None
    if needs_consent(original, acting_user, to):
        consent = granted_consent(original, acting_user, Consent.Purpose.FORWARD, to)
        if consent is None:
            raise RuleViolation(
                _("Passing this item on to %(agency)s needs the originator's consent.")
                % {"agency": to.abbreviation}
            )
        consent_uid = consent.uid
    draft = defaults.forward(original, channel=channel, to=to, note=note, handling=handling)
    draft.consent_uid = consent_uid
    return actions.send(draft, acting_user=acting_user, request=request)


def export(message: Message, *, acting_user: User, request: HttpRequest | None = None) -> str:
    """The item as plain text for a file, refused for H2 items without the originator's consent."""
    policy.check_export(
        acting_user,
        message,
        consented=message.handling != codes.HandlingCode.H2
        or message.sender_agency_id == acting_user.agency_id
        or granted_consent(message, acting_user, Consent.Purpose.EXPORT, None) is not None,
    )
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
        f"{_('Sent')}: {timefmt.format_datetime(message.created_at)}",
        f"{_('Handling code')}: {message.handling} {message.handling_conditions}".rstrip(),
        f"{_('Evaluation')}: {message.source_reliability}{message.information_credibility}",
        "",
        message.body,
    ]
    return "\n".join(lines) + "\n"
