"""Whom governance notifies, and about what (``strait.notifications``): a body whose next
meeting falls due, or is overdue, with none scheduled in time, to the secretariat of each of its
member agencies on this node; an action of a recommendation past its deadline to the secretariat
of its owner agency on this node.

Run by the worker (``tasks.py``), not by a change: a cadence falls due with the passing of days.
Once per state and cycle: the key names the body and the date its meeting falls due (a new
meeting held starts a new cycle), the action and its deadline (a new deadline, a new notice), so
running the task every hour tells nobody twice. A notification's text names the body and the
date, never a recommendation's or an action's text (the page shows them to whoever may read).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from strait import timefmt
from strait.agencies.models import Agency
from strait.governance import cadence, codes
from strait.governance.models import ActionItem, Body
from strait.notifications import actions as notifications
from strait.notifications import queries as notified
from strait.notifications.topics import Topic, register
from strait.permissions import Permission
from strait.sharing import queries as sharing

if TYPE_CHECKING:
    from strait.accounts.models import User

LANGUAGES = ("ar", "es", "fr", "en")
# A late action is told within this many days after its deadline (once); older ones stay on the
# dashboard and in the work queue: a new node does not wake up to years of old news.
LATE_WINDOW = dt.timedelta(days=30)

DUE_SOON = register(
    Topic(
        "governance.cadence_due_soon",
        _("A body's next meeting falls due"),
        _("The next meeting of %(body)s falls due by %(due)s and none is scheduled by then."),
        level="warning",
    )
)
OVERDUE = register(
    Topic(
        "governance.cadence_overdue",
        _("A body's meeting is overdue"),
        _("The next meeting of %(body)s was due by %(due)s and none was scheduled in time."),
        email_by_default=True,
        level="urgent",
    )
)
ACTION_LATE = register(
    Topic(
        "governance.action_late",
        _("An action of your agency is late"),
        _("An action your agency owns for %(body)s is past its deadline (%(deadline)s)."),
        level="warning",
    )
)


def names(body: Body) -> dict[str, str]:
    return {"ar": body.name_ar, "es": body.name_es, "fr": body.name_fr, "en": body.name_en}


def day(value: dt.date) -> dict[str, str]:
    """A date in each language, as a notification parameter (read in the reader's)."""
    return {code: timefmt.format_date(value, language=code) for code in LANGUAGES}


def here() -> str:
    return str(settings.NODE.code)


def bodies_here() -> Any:
    """The active bodies an agency of this node takes part in."""
    return Body.objects.filter(
        status=codes.BodyStatus.ACTIVE,
        obj__participants__active=True,
        obj__participants__agency__node_code=here(),
    ).distinct()


def secretariats(agency_ids: set[int]) -> dict[int, list[User]]:
    """The secretariat users (who write to bodies) of these agencies, by agency."""
    people: dict[int, list[User]] = defaultdict(list)
    for user in notified.users_with(Permission.GOVERNANCE_WRITE).filter(agency_id__in=agency_ids):
        people[user.agency_id].append(user)
    return people


def cadences(today: dt.date | None = None, now: dt.datetime | None = None) -> int:
    """Tell each flagged body's secretariats on this node; returns how many were told."""
    day_ = today or timezone.localdate()
    flagged = cadence.pressing(cadence.standings(bodies_here(), day_))
    if not flagged:
        return 0
    # The member agencies on this node, body by body (few are flagged at once).
    members = {
        s.body.obj_id: {
            p.agency_id for p in sharing.participants(s.body.obj) if p.agency.node_code == here()
        }
        for s in flagged
    }
    people = secretariats({a for agencies in members.values() for a in agencies})
    told = 0
    for standing in flagged:
        body = standing.body
        topic = OVERDUE if standing.state == codes.CadenceState.OVERDUE else DUE_SOON
        if standing.due_on is None:  # a flagged body has one
            continue
        users = [u for agency in members[body.obj_id] for u in people.get(agency, [])]
        told += notifications.notify(
            users,
            topic,
            key=f"{body.obj.uid}:{standing.due_on.isoformat()}",
            url=reverse("governance:body", kwargs={"uid": body.obj.uid}),
            params={"body": names(body), "due": day(standing.due_on)},
            now=now,
        )
    return told


def late_actions(today: dt.date | None = None, now: dt.datetime | None = None) -> int:
    """Tell the owner agency's secretariat (on this node) of each action that fell late within
    ``LATE_WINDOW``; returns how many were told."""
    day_ = today or timezone.localdate()
    moment = now or timezone.now()
    agencies = dict(Agency.objects.filter(node_code=here()).values_list("code", "id"))
    late = list(
        ActionItem.objects.filter(
            status__in=(codes.ActionStatus.PLANNED, codes.ActionStatus.IN_PROGRESS),
            deadline__lt=day_,
            deadline__gte=day_ - LATE_WINDOW,
            owner_agency__in=list(agencies),
            recommendation__body__status=codes.BodyStatus.ACTIVE,
        ).select_related("recommendation__body__obj")
    )
    if not late:
        return 0
    told_before = {
        n.key for n in notified.notified(ACTION_LATE.code, moment - LATE_WINDOW - dt.timedelta(7))
    }
    waiting = [a for a in late if key_of(a) not in told_before]
    people = secretariats({agencies[a.owner_agency] for a in waiting})
    told = 0
    for action in waiting:
        body = action.recommendation.body
        told += notifications.notify(
            people.get(agencies[action.owner_agency], []),
            ACTION_LATE,
            key=key_of(action),
            url=reverse("governance:followup") + f"?body={body.obj.uid}&show=late",
            params={"body": names(body), "deadline": day(action.deadline)},
            now=moment,
        )
    return told


def key_of(action: ActionItem) -> str:
    return f"{action.uid}:{action.deadline.isoformat()}"
