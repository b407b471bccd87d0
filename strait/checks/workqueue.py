"""The checks' part of the work queue (``strait.workqueue``): partners' checks that hit one of
the agency's records and wait for an analyst's decision, and the agency's own hits whose details
nobody has asked for yet. Registered by ``ChecksConfig.ready``; reads scoped like ``queries``."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _

from strait.checks import queries
from strait.checks.models import Candidate, CheckAnswer, IncomingCheck, Result
from strait.decisions.models import MatchDecision
from strait.permissions import Permission
from strait.workqueue.registry import CAP, Item, Level, Source, once, register

if TYPE_CHECKING:
    from strait.accounts.models import User

# Hits older than this no longer call for work from the queue (their pages keep them).
RECENT = dt.timedelta(days=30)
# How many of the newest hits are looked at for a missing decision.
SCAN = 300


def awaiting_decision(user: User, now: dt.datetime) -> list[int]:
    """Ids of partners' hits on the agency's records (the newest first) with a candidate nobody
    has decided on yet."""

    def compute() -> list[int]:
        hits = queries.incoming_visible_to(user).filter(
            result=Result.HIT, received_at__gte=now - RECENT
        )
        rows = list(
            Candidate.objects.filter(incoming__in=hits)
            .order_by("-incoming__received_at", "-incoming_id")
            .values_list("incoming_id", "incoming__check_uid", "record_uid")[: SCAN * 3]
        )
        if not rows:
            return []
        pairs = {(f"check:{check_uid}", record) for _i, check_uid, record in rows}
        decided = set(
            MatchDecision.objects.filter(
                agency_id=user.agency_id, counterpart__in={c for c, _r in pairs}
            ).values_list("counterpart", "record_uid")
        )
        waiting = [
            i for i, check_uid, record in rows if (f"check:{check_uid}", record) not in decided
        ]
        return list(dict.fromkeys(waiting))

    return list(once(user, "checks.decide", now, compute))


def _decision_items(user: User, now: dt.datetime, limit: int) -> list[Item]:
    ids = awaiting_decision(user, now)[:limit]
    found = {i.pk: i for i in IncomingCheck.objects.filter(pk__in=ids).select_related("requester")}
    return [
        Item(
            key=f"checks.incoming:{i.uid}",
            source="checks.decide",
            level=Level.DECIDE,
            label=_("Partner's check: decide on the candidates"),
            title=i.label,
            url=reverse("checks:incoming", args=[i.uid]),
            at=i.received_at,
            party=i.requester.abbreviation,
            note=i.reference,
        )
        for i in (found[pk] for pk in ids if pk in found)
    ]


register(
    Source(
        code="checks.decide",
        level=Level.DECIDE,
        label=_("Partners' checks awaiting your decision"),
        empty=_("No partner's check waits for a decision."),
        url=reverse_lazy("checks:incoming_list"),
        applies=lambda user: user.has_permission(Permission.CHECKS_ANSWER),
        items=_decision_items,
        count=lambda user, now: min(CAP, len(awaiting_decision(user, now))),
    )
)


def hits_without_details(user: User, now: dt.datetime) -> list[CheckAnswer]:
    """The agency's recent hits whose details nobody has asked the partner for yet."""
    if not user.has_permission(Permission.MESSAGES_SEND):
        return []
    return list(
        CheckAnswer.objects.filter(
            check_ref__in=queries.checks_visible_to(user).filter(created_at__gte=now - RECENT),
            result=Result.HIT,
            details_thread_uid__isnull=True,
        )
        .select_related("check_ref", "agency")
        .order_by("-answered_at", "-id")[:CAP]
    )


def _details_items(user: User, now: dt.datetime, limit: int) -> list[Item]:
    return [
        Item(
            key=f"checks.answer:{a.pk}",
            source="checks.details",
            level=Level.ANSWER,
            label=_("Hit: ask for the details"),
            title=a.check_ref.label,
            url=reverse("checks:check", args=[a.check_ref.uid]),
            at=a.answered_at or a.check_ref.created_at,
            party=a.agency.abbreviation,
            note=a.reference,
        )
        for a in hits_without_details(user, now)[:limit]
    ]


register(
    Source(
        code="checks.details",
        level=Level.ANSWER,
        label=_("Hits whose details you have not asked for"),
        empty=_("No hit waits for a details request."),
        url=reverse_lazy("checks:list"),
        applies=lambda user: user.has_permission(Permission.CHECKS_SEND),
        items=_details_items,
        count=lambda user, now: len(hits_without_details(user, now)),
    )
)
