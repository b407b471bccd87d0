"""Every read of exchange data, scoped to the user (DESIGN.md §4): an agency sees what it sent
and what was sent to it, on the channels its user may work. Anything else is "not found"."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from strait.exchange import about, codes, outbound, rules
from strait.exchange.models import (
    About,
    Attachment,
    Channel,
    Consent,
    Message,
    Recipient,
    ThreadState,
)
from strait.federation.models import OutboxEnvelope, OutboxStatus
from strait.permissions import Permission

if TYPE_CHECKING:
    from strait.accounts.models import User

PAGE = 50


def channels_for(user: User) -> list[Channel]:
    """The channels this user works for their agency."""
    if not user.has_permission(Permission.MESSAGES_READ):
        return []
    candidates = Channel.objects.filter(agencies=user.agency, active=True).prefetch_related(
        "agencies"
    )
    return [c for c in candidates if rules.may_work_channel(c, user)]


def channels_visible_to(user: User) -> QuerySet[Channel]:
    """The channel directory: every channel the user's agency takes part in."""
    if not user.has_permission(Permission.CHANNELS_VIEW):
        return Channel.objects.none()
    return Channel.objects.filter(agencies=user.agency).prefetch_related("agencies")


def messages_visible_to(user: User) -> QuerySet[Message]:
    channels = [c.pk for c in channels_for(user)]
    if not channels:
        return Message.objects.none()
    # EXISTS, not IN: one probe of recipient_once per candidate row, where IN read every
    # recipient row of the agency (a thread page took 170 ms with a million messages).
    received = Recipient.objects.filter(message=OuterRef("pk"), agency=user.agency)
    return Message.objects.filter(
        Q(sender_agency=user.agency) | Exists(received), channel_id__in=channels
    ).select_related("sender_agency", "channel")


def message(user: User, uid: uuid.UUID | str) -> Message | None:
    return messages_visible_to(user).filter(uid=uid).first()


def inbox(user: User, before: dt.datetime | None = None) -> list[Recipient]:
    """The newest items sent to the user's agency, a page at a time (keyset on time)."""
    channels = [c.pk for c in channels_for(user)]
    rows = Recipient.objects.filter(agency=user.agency, message__channel_id__in=channels)
    if before is not None:
        rows = rows.filter(created_at__lt=before)
    return list(
        rows.select_related("message__sender_agency", "message__channel").order_by(
            "-created_at", "-id"
        )[:PAGE]
    )


def sent(user: User, before: dt.datetime | None = None) -> list[Message]:
    channels = [c.pk for c in channels_for(user)]
    rows = Message.objects.filter(sender_agency=user.agency, channel_id__in=channels)
    if before is not None:
        rows = rows.filter(created_at__lt=before)
    return list(
        rows.select_related("channel")
        .prefetch_related("recipients__agency")
        .order_by("-created_at", "-id")[:PAGE]
    )


def thread(user: User, thread_uid: uuid.UUID | str) -> list[Message]:
    return list(
        messages_visible_to(user)
        .filter(thread_uid=thread_uid)
        .prefetch_related("recipients__agency", "attachments", "about")
        .order_by("created_at", "id")
    )


def thread_state(thread_uid: uuid.UUID | str) -> ThreadState | None:
    """Whether a thread is closed (for a thread the caller already found visible)."""
    return (
        ThreadState.objects.select_related("changed_by_agency")
        .filter(thread_uid=thread_uid)
        .first()
    )


def open_requests(user: User, channel: Channel | None = None) -> dict[str, list[Message]]:
    """Unanswered requests to and from the user's agency, soonest deadline first."""
    channels = [c.pk for c in channels_for(user)]
    if channel is not None:
        channels = [pk for pk in channels if pk == channel.pk]
    base = Message.objects.filter(
        kind=codes.MessageKind.REQUEST, answered_at__isnull=True, channel_id__in=channels
    ).select_related("sender_agency", "channel")
    incoming = base.filter(
        pk__in=Recipient.objects.filter(agency=user.agency).values("message_id")
    ).order_by("deadline")
    outgoing = base.filter(sender_agency=user.agency).prefetch_related("recipients__agency")
    return {
        "incoming": list(incoming[:200]),
        "outgoing": list(outgoing.order_by("deadline")[:200]),
    }


def escalated_count(user: User) -> int:
    channels = [c.pk for c in channels_for(user)]
    return Message.objects.filter(
        kind=codes.MessageKind.REQUEST,
        answered_at__isnull=True,
        escalated_at__isnull=False,
        channel_id__in=channels,
        pk__in=Recipient.objects.filter(agency=user.agency).values("message_id"),
    ).count()


def open_requests_about(user: User, keys: list[tuple[str, str, str]]) -> QuerySet[Message]:
    """Open requests visible to the user about any of ``keys`` (kind, value, key)."""
    if not keys:
        return Message.objects.none()
    candidates = messages_visible_to(user).filter(
        kind=codes.MessageKind.REQUEST, answered_at__isnull=True
    )
    held = [
        about.Held(a.message_id, a.kind, a.value, a.key)
        for a in About.objects.filter(message__in=candidates).order_by("-message_id")[:2000]
    ]
    ids = about.same_subject(keys, held)
    return candidates.filter(pk__in=ids)


def consents_on(user: User, items: list[Message]) -> dict[int, Consent]:
    """The user's agency's latest consent request on each of ``items``, by message id."""
    return {
        c.message_id: c
        for c in Consent.objects.filter(
            message__in=items, requester_agency_id=user.agency_id
        ).order_by("created_at")
    }


def refused_by_partners(user: User, items: list[Message]) -> dict[str, str]:
    """Why a partner node refused (parked) some of the user's agency's items, by item uid."""
    uids = [str(m.uid) for m in items if m.sender_agency_id == user.agency_id]
    parked = OutboxEnvelope.objects.filter(
        kind=outbound.MESSAGE.value, status=OutboxStatus.PARKED, body__uid__in=uids
    ).values_list("body__uid", "peer__code", "reason")
    return {str(uid): f"{peer}: {reason}" for uid, peer, reason in parked}


def attachment(user: User, uid: uuid.UUID | str) -> Attachment | None:
    return (
        Attachment.objects.filter(uid=uid, message__in=messages_visible_to(user))
        .select_related("message")
        .first()
    )


def consents_to_answer(user: User) -> QuerySet[Consent]:
    if not user.has_permission(Permission.CONSENT_ANSWER):
        return Consent.objects.none()
    return Consent.objects.filter(
        message__sender_agency=user.agency, status=Consent.Status.PENDING
    ).select_related("message", "requester_agency", "third_party")


def consents_asked(user: User) -> QuerySet[Consent]:
    if not user.has_permission(Permission.MESSAGES_READ):
        return Consent.objects.none()
    return Consent.objects.filter(requester_agency=user.agency).select_related(
        "message", "third_party"
    )


def consent(user: User, uid: uuid.UUID | str) -> Consent | None:
    return (consents_to_answer(user) | consents_asked(user)).filter(uid=uid).first()


def overdue(message: Message, now: Any = None) -> bool:
    return message.is_overdue(now or timezone.now())


def summary(user: User) -> dict[str, int] | None:
    """What the home page shows: unread items and open requests for the user's agency. Counts
    stop at ``SUMMARY_CAP`` so the home page stays fast on a large node."""
    channels = [c.pk for c in channels_for(user)]
    if not channels:
        return None
    unread = Recipient.objects.filter(
        agency=user.agency, read_at__isnull=True, message__channel_id__in=channels
    )
    incoming = Message.objects.filter(
        kind=codes.MessageKind.REQUEST,
        answered_at__isnull=True,
        channel_id__in=channels,
        pk__in=Recipient.objects.filter(agency=user.agency).values("message_id"),
    )
    now = timezone.now()
    return {
        "unread": unread[:SUMMARY_CAP].count(),
        "open_requests": incoming[:SUMMARY_CAP].count(),
        "overdue": incoming.filter(deadline__lt=now)[:SUMMARY_CAP].count(),
        "escalated": incoming.filter(escalated_at__isnull=False)[:SUMMARY_CAP].count(),
    }


SUMMARY_CAP = 100
