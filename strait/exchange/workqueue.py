"""The exchange's part of the work queue (``strait.workqueue``): requests to the user's agency
by urgency, consent requests to answer, and the agency's items a partner has not received yet.
Registered by ``ExchangeConfig.ready``; every read is scoped like ``queries`` (the channels the
user works, the user's agency)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, F, IntegerField, OuterRef, QuerySet, Value, Window
from django.db.models.expressions import Case, When
from django.db.models.functions import RowNumber
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _

from strait.exchange import codes, delivery, queries
from strait.exchange.models import Message, Recipient
from strait.permissions import Permission
from strait.workqueue.registry import CAP, Item, Level, Source, once, register

if TYPE_CHECKING:
    from strait.accounts.models import User


def _channels(user: User) -> list[int]:
    # The queue asks several sources for one user in one request: work out the channels once.
    held = getattr(user, "_workqueue_channels", None)
    if held is None:
        held = [c.pk for c in queries.channels_for(user)]
        user._workqueue_channels = held  # type: ignore[attr-defined]
    return list(held)


def _reads(user: User) -> bool:
    return user.has_permission(Permission.MESSAGES_READ)


def incoming_open(user: User) -> QuerySet[Message]:
    """Unanswered requests to the user's agency on the channels the user works."""
    # EXISTS, not IN: walking the open-request index in deadline order, one probe of
    # recipient_once per row, stopping at CAP (benchmarks/workqueue.py).
    to_agency = Recipient.objects.filter(message=OuterRef("pk"), agency_id=user.agency_id)
    return Message.objects.filter(
        Exists(to_agency),
        kind=codes.MessageKind.REQUEST,
        answered_at__isnull=True,
        channel_id__in=_channels(user),
    )


# The three request sections, by what the queue asks of a request: overdue (any urgency),
# urgent and not yet due, normal and not yet due (or without a deadline).
OVERDUE, URGENT, TO_ANSWER = "exchange.overdue", "exchange.urgent", "exchange.requests"

# What an item shows: the queue never loads a body (up to 20,000 characters) it does not show.
SHOWN = ("uid", "thread_uid", "subject", "deadline", "created_at", "urgency", "language")


SECTION_CODES = (OVERDUE, URGENT, TO_ANSWER)  # by the number the query gives each section


def _ranked(user: User, now: dt.datetime) -> list[tuple[int, int, int]]:
    """(id, section, rank) of each request section's first CAP requests, soonest deadline
    first: one scan of the agency's open requests (the message_open_due_idx index alone, which
    carries the deadline, the channel and the urgency), numbered per section. Three queries, one
    per section, each read them again; the counts need nothing more."""

    def compute() -> list[tuple[int, int, int]]:
        # Numbers, not the codes: the database sorts the agency's open requests by section.
        section = Case(
            When(deadline__lt=now, then=Value(0)),
            When(urgency__in=delivery.URGENT, deadline__gte=now, then=Value(1)),
            When(urgency=codes.Urgency.NORMAL, then=Value(2)),
            default=None,
            output_field=IntegerField(),
        )
        # Only the columns the index carries (no default ordering): an index-only scan.
        ranked = (
            incoming_open(user)
            .order_by()
            .annotate(
                section=section,
                rank=Window(
                    RowNumber(), partition_by=[F("section")], order_by=[F("deadline"), F("id")]
                ),
            )
            .values_list("pk", "section", "rank")
            .filter(rank__lte=CAP)
            .filter(section__isnull=False)
        )
        return list(ranked)

    return list(once(user, "exchange.open", now, compute))


def _count(user: User, now: dt.datetime, code: str) -> int:
    number = SECTION_CODES.index(code)
    return sum(1 for _pk, section, _rank in _ranked(user, now) if section == number)


def _section(user: User, now: dt.datetime, code: str, limit: int) -> list[Message]:
    """A section's first ``limit`` requests with the columns an item shows, read for the three
    sections at once."""

    def compute() -> dict[str, list[Message]]:
        chosen = {pk: section for pk, section, rank in _ranked(user, now) if rank <= limit}
        sections: dict[str, list[Message]] = {code: [] for code in SECTION_CODES}
        if not chosen:
            return sections
        rows = (
            Message.objects.filter(pk__in=list(chosen))
            .select_related("sender_agency")
            .only(*SHOWN, "sender_agency__abbreviation")
            .order_by("deadline", "id")
        )
        for m in rows:
            sections[SECTION_CODES[chosen[m.pk]]].append(m)
        return sections

    return list(once(user, f"exchange.open:{limit}", now, compute)[code])


def _request_items(
    user: User, now: dt.datetime, limit: int, code: str, level: int, label: object
) -> list[Item]:
    return [
        Item(
            key=f"exchange.message:{m.uid}",
            source=code,
            level=level,
            label=label,
            title=m.subject,
            url=reverse("exchange:thread", args=[m.thread_uid]) + f"#m-{m.uid}",
            at=m.created_at,
            due=m.deadline,
            party=m.sender_agency.abbreviation,
            note=m.get_urgency_display(),
            direction=m.text_direction,
        )
        for m in _section(user, now, code, limit)
    ]


def _requests_source(code: str, level: int, section: Any, item: Any, empty: Any) -> Source:
    return Source(
        code=code,
        level=level,
        label=section,
        empty=empty,
        url=reverse_lazy("exchange:deadlines"),
        applies=_reads,
        items=lambda user, now, limit: _request_items(user, now, limit, code, level, item),
        count=lambda user, now: _count(user, now, code),
    )


register(
    _requests_source(
        "exchange.overdue",
        Level.OVERDUE,
        _("Overdue requests"),
        _("Overdue request"),
        _("No request to your agency is overdue."),
    )
)
register(
    _requests_source(
        "exchange.urgent",
        Level.URGENT,
        _("Urgent requests"),
        _("Urgent request"),
        _("No urgent request waits for your agency."),
    )
)
register(
    _requests_source(
        "exchange.requests",
        Level.ANSWER,
        _("Requests to answer"),
        _("Request"),
        _("No other request waits for an answer."),
    )
)


def _undelivered(user: User, now: dt.datetime) -> list[delivery.Undelivered]:
    def compute() -> list[delivery.Undelivered]:
        channels = set(_channels(user))
        return [
            u
            for u in delivery.waiting(now, sender_agency_id=user.agency_id)
            if u.message.channel_id in channels
        ]

    return list(once(user, "exchange.undelivered", now, compute))


def _undelivered_items(user: User, now: dt.datetime, limit: int) -> list[Item]:
    return [
        Item(
            key=f"exchange.undelivered:{u.message.uid}:{u.peer.code}",
            source="exchange.undelivered",
            level=Level.UNDELIVERED,
            label=_("Not delivered yet"),
            title=u.message.subject,
            url=reverse("exchange:thread", args=[u.message.thread_uid]) + f"#m-{u.message.uid}",
            at=u.message.created_at,
            party=u.peer.code,
            note=u.last_contact or "",
            direction=u.message.text_direction,
        )
        for u in _undelivered(user, now)[:limit]
    ]


register(
    Source(
        code="exchange.undelivered",
        level=Level.UNDELIVERED,
        label=_("Sent but not delivered yet"),
        empty=_("Everything your agency sent has reached its partners."),
        url=reverse_lazy("exchange:sent"),
        applies=_reads,
        items=_undelivered_items,
        count=lambda user, now: min(CAP, len(_undelivered(user, now))),
        extra={"undelivered": True},
    )
)


def _consent_items(user: User, now: dt.datetime, limit: int) -> list[Item]:
    rows = queries.consents_to_answer(user).order_by("created_at")[:limit]
    return [
        Item(
            key=f"exchange.consent:{c.uid}",
            source="exchange.consents",
            level=Level.APPROVE,
            label=c.get_purpose_display(),
            title=c.message.subject,
            url=reverse("exchange:consents"),
            at=c.created_at,
            party=c.requester_agency.abbreviation,
            direction=c.message.text_direction,
        )
        for c in rows
    ]


register(
    Source(
        code="exchange.consents",
        level=Level.APPROVE,
        label=_("Consent requests to answer"),
        empty=_("No partner waits for your consent."),
        url=reverse_lazy("exchange:consents"),
        applies=lambda user: user.has_permission(Permission.CONSENT_ANSWER),
        items=_consent_items,
        count=lambda user, now: queries.consents_to_answer(user)[:CAP].count(),
    )
)
