"""The follow-up of recommendations and the governance dashboard, read for one user.

Everything is scoped through ``queries.bodies(user)`` (the bodies the user's agency takes part
in) and read in a bounded number of queries whatever the number of bodies, recommendations,
actions and evidence links: counts and dates are SQL aggregates, a page of recommendations
takes its actions and their evidence in one query each.

An action is late when its deadline has passed and it is neither done nor dropped; it is
without evidence when no link to it stands (``removed_at`` null). A recommendation is without
any evidence when none of its actions has a standing link (or it has no action at all).
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from strait.governance import cadence, codes, queries
from strait.governance.models import ActionItem, Body, Evidence, Meeting, Recommendation

if TYPE_CHECKING:
    from strait.accounts.models import User

OPEN = (codes.ActionStatus.PLANNED, codes.ActionStatus.IN_PROGRESS)
# What the dashboard lists of each kind (the counts are whole).
SHOWN = 10
PER_PAGE = 25
# The follow-up page's filters (``show``).
SHOW_ALL, SHOW_LATE, SHOW_WITHOUT = "all", "late", "without"


def live_evidence() -> QuerySet[Evidence]:
    return Evidence.objects.filter(removed_at__isnull=True)


def _has_evidence() -> Exists:
    return Exists(live_evidence().filter(action=OuterRef("pk")))


def _is_late(today: dt.date) -> Q:
    return Q(status__in=OPEN, deadline__lt=today)


def days_late(action: ActionItem, today: dt.date) -> int:
    """Days past the deadline of an open action (0 when it is not late)."""
    if action.status in OPEN and action.deadline < today:
        return (today - action.deadline).days
    return 0


def body_ids(user: User, body: Body | None = None) -> list[int]:
    """The bodies the user sees (``body`` alone, when given, if the user sees it), read once:
    the queries below then filter by a short list of ids, whose plans stay simple."""
    bodies = queries.bodies(user)
    if body is not None:
        bodies = bodies.filter(pk=body.pk)
    return list(bodies.values_list("pk", flat=True))


# --- evidence, as each reader may see it -------------------------------------------------------


@dataclass(frozen=True)
class Shown:
    """One evidence link as this reader sees it: ``label`` and ``url`` come from the scoped
    reads of this node (``evidence.resolve``); a thing the reader cannot see is named by its
    kind only, never by its title."""

    evidence: Evidence
    label: str
    url: str | None
    visible: bool


def _evidence_module() -> Any:
    """Helper A's ``evidence`` module, when it exists in this tree."""
    try:
        return importlib.import_module("strait.governance.evidence")
    except ModuleNotFoundError as error:
        if error.name != "strait.governance.evidence":
            raise
        return None


def shown(user: User, rows: list[Evidence]) -> list[Shown]:
    """Each row as ``user`` sees it, through ``evidence.resolve_many`` (one query per kind)
    or, without it, ``evidence.resolve`` row by row."""
    module = _evidence_module()
    if module is None:
        return [
            Shown(
                row,
                _("%(kind)s (not checked on this node)")
                % {"kind": codes.EvidenceKind(row.kind).label},
                None,
                False,
            )
            for row in rows
        ]
    many = getattr(module, "resolve_many", None)
    if many is not None:
        targets = list(many(user, rows))
    else:
        targets = [module.resolve(user, row) for row in rows]
    return [
        Shown(row, str(t.label), t.url, bool(t.visible))
        for row, t in zip(rows, targets, strict=True)
    ]


# --- the follow-up page ------------------------------------------------------------------------


@dataclass
class ActionLine:
    action: ActionItem
    days_late: int
    evidence: list[Shown] = field(default_factory=list)

    @property
    def late(self) -> bool:
        return self.days_late > 0

    @property
    def without_evidence(self) -> bool:
        return not self.evidence


@dataclass
class RecommendationLine:
    recommendation: Recommendation
    actions: list[ActionLine]

    @property
    def evidence_count(self) -> int:
        return sum(len(a.evidence) for a in self.actions)

    @property
    def late(self) -> int:
        return sum(1 for a in self.actions if a.late)


@dataclass
class FollowUp:
    page: Page[Recommendation]
    lines: list[RecommendationLine]
    without: list[Recommendation]  # the first of those without any evidence
    without_count: int
    late_count: int  # late actions under the filter's bodies
    show: str


def _filtered(
    rows: QuerySet[Recommendation], show: str, today: dt.date
) -> QuerySet[Recommendation]:
    if show == SHOW_LATE:
        late = ActionItem.objects.filter(_is_late(today), recommendation=OuterRef("pk"))
        return rows.filter(Exists(late))
    if show == SHOW_WITHOUT:
        return rows.filter(~_recommendation_has_evidence())
    return rows


def _recommendation_has_evidence() -> Exists:
    return Exists(live_evidence().filter(action__recommendation=OuterRef("pk")))


def follow_up(
    user: User,
    *,
    body: Body | None = None,
    show: str = SHOW_ALL,
    page: int | str = 1,
    today: dt.date | None = None,
) -> FollowUp:
    """A page of recommendations with their actions, how late each is and its evidence as the
    reader sees it; the recommendations without any evidence; in nine queries (and one per
    kind of evidence on the page)."""
    day = today or timezone.localdate()
    ids = body_ids(user, body)
    base = Recommendation.objects.filter(body_id__in=ids)
    rows = (
        _filtered(base, show, day)
        .select_related("body__obj", "meeting")
        .order_by("body__name_en", "body_id", "created_at", "id")
    )
    listing = Paginator(rows, PER_PAGE).get_page(page)
    recommendations = list(listing.object_list)
    actions = list(
        ActionItem.objects.filter(recommendation__in=recommendations)
        .order_by("deadline", "id")
        .prefetch_related(Prefetch("evidence", queryset=live_evidence().order_by("added_at", "id")))
    )
    links = [e for action in actions for e in action.evidence.all()]
    seen: dict[int, list[Shown]] = {}
    for item in shown(user, links):
        seen.setdefault(item.evidence.action_id, []).append(item)
    by_recommendation: dict[int, list[ActionLine]] = {}
    for action in actions:
        line = ActionLine(action, days_late(action, day), seen.get(action.pk, []))
        by_recommendation.setdefault(action.recommendation_id, []).append(line)
    # The recommendations without any evidence, their ids in one pass (an anti-join over the
    # links): counted in Python, the first few read by id.
    without_ids = list(
        base.filter(~_recommendation_has_evidence())
        .order_by("body__name_en", "body_id", "created_at", "id")
        .values_list("pk", flat=True)
    )
    first = without_ids[:PER_PAGE]
    without = Recommendation.objects.filter(pk__in=first).select_related("body")
    late_count = ActionItem.objects.filter(_is_late(day), recommendation__body_id__in=ids)
    return FollowUp(
        page=listing,
        lines=[RecommendationLine(r, by_recommendation.get(r.pk, [])) for r in recommendations],
        without=sorted(without, key=lambda r: first.index(r.pk)),
        without_count=len(without_ids),
        late_count=late_count.count(),
        show=show,
    )


# --- the dashboard -----------------------------------------------------------------------------


@dataclass
class Dashboard:
    standings: list[cadence.Standing]  # every visible body, with its cadence
    flagged: list[cadence.Standing]  # due soon or overdue, the most pressing first
    next_meetings: list[Meeting]
    late: list[ActionItem]
    late_count: int
    without_evidence: list[ActionItem]
    without_evidence_count: int
    today: dt.date


def late_actions(user: User, today: dt.date, ids: list[int] | None = None) -> QuerySet[ActionItem]:
    """Open actions past their deadline, the longest late first (``ids``: the visible bodies',
    when the caller has them already)."""
    rows = ActionItem.objects.filter(
        recommendation__body_id__in=body_ids(user) if ids is None else ids
    )
    return (
        rows.filter(_is_late(today))
        .select_related("recommendation__body__obj")
        .order_by("deadline", "id")
    )


def actions_without_evidence(user: User, ids: list[int] | None = None) -> QuerySet[ActionItem]:
    """Actions not dropped that no standing evidence supports."""
    rows = ActionItem.objects.filter(
        recommendation__body_id__in=body_ids(user) if ids is None else ids
    )
    return (
        rows.exclude(status=codes.ActionStatus.DROPPED)
        .filter(~_has_evidence())
        .select_related("recommendation__body__obj")
        .order_by("deadline", "id")
    )


def next_meetings(
    user: User, today: dt.date, limit: int = SHOWN, ids: list[int] | None = None
) -> list[Meeting]:
    return list(
        Meeting.objects.filter(
            body_id__in=body_ids(user) if ids is None else ids,
            status=codes.MeetingStatus.SCHEDULED,
            starts_on__gte=today,
        )
        .select_related("body__obj")
        .order_by("starts_on", "id")[:limit]
    )


def dashboard(user: User, today: dt.date | None = None) -> Dashboard:
    """What the dashboard shows, in five queries whatever the number of bodies and actions."""
    day = today or timezone.localdate()
    standings = cadence.standings(queries.bodies(user), day)
    ids = [s.body.pk for s in standings]
    figures = _figures(ids, day)
    return Dashboard(
        standings=standings,
        flagged=cadence.pressing(standings),
        next_meetings=next_meetings(user, day, ids=ids),
        late=list(late_actions(user, day, ids)[:SHOWN]),
        late_count=figures["late"],
        without_evidence=list(actions_without_evidence(user, ids)[:SHOWN]),
        without_evidence_count=figures["without_evidence"],
        today=day,
    )


def _figures(ids: list[int], day: dt.date) -> dict[str, int]:
    """How many actions, late, without evidence: one pass over the bodies' actions."""
    totals = ActionItem.objects.filter(recommendation__body_id__in=ids).aggregate(
        actions=Count("id"),
        late=Count("id", filter=_is_late(day)),
        without_evidence=Count(
            "id", filter=~Q(status=codes.ActionStatus.DROPPED) & Q(~_has_evidence())
        ),
    )
    return {k: int(v or 0) for k, v in totals.items()}


def counts(user: User, today: dt.date | None = None) -> dict[str, int]:
    """The dashboard's figures alone (the API's summary)."""
    return _figures(body_ids(user), today or timezone.localdate())
