"""Governance's part of the work queue (``strait.workqueue``), for the secretariat: the bodies
whose next meeting falls due or is overdue with none scheduled in time, and the late actions its
agency owns. Registered by ``GovernanceConfig.ready``."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from strait.governance import cadence, codes, followup, queries
from strait.governance.models import in_language
from strait.permissions import Permission
from strait.workqueue.registry import CAP, Item, Level, Source, once, register

if TYPE_CHECKING:
    from strait.accounts.models import User
    from strait.governance.models import ActionItem

CADENCE = "governance.cadence"
LATE = "governance.late_actions"


def _secretariat(user: User) -> bool:
    return user.has_permission(Permission.GOVERNANCE_WRITE)


def _end_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59)))


def _flagged(user: User, now: dt.datetime) -> list[cadence.Standing]:
    today = timezone.localdate(now)
    return once(user, CADENCE, now, lambda: cadence.flagged(queries.bodies(user), today)[:CAP])


def _cadence_items(user: User, now: dt.datetime, limit: int) -> list[Item]:
    items = []
    for s in _flagged(user, now)[:limit]:
        since = s.last_held or s.body.founded_on
        items.append(
            Item(
                key=f"governance.body:{s.body.obj.uid}",
                source=CADENCE,
                level=Level.URGENT if s.state == codes.CadenceState.OVERDUE else Level.NOTICE,
                label=codes.CadenceState(s.state).label,
                title=s.body.name,
                url=reverse("governance:body", kwargs={"uid": s.body.obj.uid}),
                at=_end_of(since),
                due=_end_of(s.due_on) if s.due_on is not None else None,
                note=_("No meeting scheduled in time"),
            )
        )
    return items


def _late(user: User, now: dt.datetime) -> list[ActionItem]:
    today = timezone.localdate(now)
    code = user.agency.code if user.agency_id else ""
    return once(
        user,
        LATE,
        now,
        lambda: list(followup.late_actions(user, today).filter(owner_agency=code)[:CAP]),
    )


def _late_items(user: User, now: dt.datetime, limit: int) -> list[Item]:
    return [
        Item(
            key=f"governance.action:{a.uid}",
            source=LATE,
            level=Level.NOTICE,
            label=_("Late action"),
            title=in_language(a.title),
            url=reverse("governance:followup") + f"?body={a.recommendation.body.obj.uid}&show=late",
            at=a.created_at,
            due=_end_of(a.deadline),
            party=a.recommendation.body.name,
            direction="auto",
        )
        for a in _late(user, now)[:limit]
    ]


register(
    Source(
        code=CADENCE,
        level=Level.URGENT,
        label=_("Bodies whose next meeting falls due"),
        empty=_("Every body you take part in has its next meeting scheduled in time."),
        url=reverse_lazy("governance:dashboard"),
        applies=_secretariat,
        items=_cadence_items,
        count=lambda user, now: len(_flagged(user, now)),
    )
)
register(
    Source(
        code=LATE,
        level=Level.NOTICE,
        label=_("Late actions your agency owns"),
        empty=_("No action your agency owns is late."),
        url=reverse_lazy("governance:followup"),
        applies=_secretariat,
        items=_late_items,
        count=lambda user, now: len(_late(user, now)),
    )
)
