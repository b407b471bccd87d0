"""Every read of the port cooperation centres, scoped to the user: a centre is seen by the users
of its taking-part agencies (the host and the guests: ``sharing.queries.visible``); anyone else
finds no centre, and each part of one (a posting, a shift, an incident) answers "not found".
"""

from __future__ import annotations

import datetime as dt
import importlib
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from strait.accounts.models import User
from strait.permissions import Permission
from strait.ports import codes, ops
from strait.ports.models import Centre, CountReport, Incident, LogEntry, Posting, Shift
from strait.sharing import queries as sharing
from strait.sharing.models import Participant

if TYPE_CHECKING:
    from strait.agencies.models import Agency


def centres(user: User) -> QuerySet[Centre]:
    """The centres the user's agency takes part in."""
    if not user.has_permission(Permission.PORTS_READ):
        return Centre.objects.none()
    return (
        Centre.objects.filter(obj__in=sharing.visible(user, ops.KIND))
        .select_related("obj", "obj__home_agency")
        .order_by("code")
    )


def centre(user: User, uid: uuid.UUID | str) -> Centre:
    """The centre, or Http404 for one the user does not see (or that does not exist)."""
    try:
        key = uuid.UUID(str(uid))
    except ValueError:
        raise Http404("no such centre") from None
    found = centres(user).filter(obj__uid=key).first()
    if found is None:
        raise Http404("no such centre")
    return found


def centre_by_code(user: User, code: str) -> Centre | None:
    return centres(user).filter(code=code).first()


def participants(c: Centre) -> list[Participant]:
    """The agencies taking part: the host first, then the guests."""
    return list(sharing.participants(c.obj))


def postings(c: Centre, *, current: bool = True) -> list[Posting]:
    rows = Posting.objects.filter(centre=c)
    if current:
        rows = rows.filter(ended_at__isnull=True)
    return list(rows.order_by("role", "agency", "name"))


def posting(c: Centre, uid: uuid.UUID | str) -> Posting:
    found = Posting.objects.filter(centre=c, uid=uid).first()
    if found is None:
        raise Http404("no such posting")
    return found


def posting_of(c: Centre, user: User) -> Posting | None:
    """The user's current posting to the centre, if any."""
    return Posting.objects.filter(
        centre=c, username=user.username, agency=user.agency.code, ended_at__isnull=True
    ).first()


def shifts_covering(c: Centre, at: dt.datetime) -> QuerySet[Shift]:
    return Shift.objects.filter(centre=c, starts_at__lte=at, ends_at__gt=at)


def on_duty(c: Centre, at: dt.datetime | None = None) -> list[Posting]:
    """Who is on duty at ``at`` (now): the current postings on a shift covering it."""
    moment = at or timezone.now()
    return list(
        Posting.objects.filter(
            centre=c, ended_at__isnull=True, shifts__in=shifts_covering(c, moment)
        )
        .distinct()
        .order_by("role", "agency", "name")
    )


def is_on_duty(c: Centre, user: User, at: dt.datetime | None = None) -> bool:
    """Whether the user may write in the log at ``at`` (the ops' own rule, read here for the
    page: the quick entry form is offered only then)."""
    moment = at or timezone.now()
    return (
        shifts_covering(c, moment)
        .filter(
            postings__username=user.username,
            postings__agency=user.agency.code,
            postings__ended_at__isnull=True,
        )
        .exists()
    )


def roster(c: Centre, since: dt.datetime, until: dt.datetime) -> list[Shift]:
    """The shifts overlapping [since, until), their agents read with them."""
    return list(
        Shift.objects.filter(centre=c, starts_at__lt=until, ends_at__gt=since)
        .prefetch_related("postings")
        .order_by("starts_at", "id")
    )


def log(c: Centre, limit: int = 50, before: dt.datetime | None = None) -> list[LogEntry]:
    """The duty log, newest first."""
    rows = LogEntry.objects.filter(centre=c)
    if before is not None:
        rows = rows.filter(at__lt=before)
    return list(rows.order_by("-at", "-id")[:limit])


def incidents(c: Centre, limit: int = 50) -> list[Incident]:
    return list(Incident.objects.filter(centre=c).order_by("-at", "-id")[:limit])


def incident(user: User, c: Centre, uid: uuid.UUID | str) -> Incident:
    try:
        key = uuid.UUID(str(uid))
    except ValueError:
        raise Http404("no such incident") from None
    found = Incident.objects.filter(centre=c, uid=key).first()
    if found is None:
        raise Http404("no such incident")
    return found


def reporting_user(c: Centre, agency: Agency) -> User | None:
    """Who a task publishes the agency's counts as (``actions.report_counts`` needs a user):
    the agency's coordinator or deputy posted to the centre if they are a user here, else an
    active user of the agency with PORTS_WRITE; None when there is none."""
    posted = list(
        Posting.objects.filter(
            centre=c,
            agency=agency.code,
            ended_at__isnull=True,
            role__in=[codes.PostingRole.COORDINATOR, codes.PostingRole.DEPUTY],
        ).values_list("username", flat=True)
    )
    candidates = User.objects.filter(agency=agency, is_active=True)
    for user in sorted(candidates.filter(username__in=posted), key=lambda u: u.username):
        if user.has_permission(Permission.PORTS_WRITE):
            return user
    for user in candidates.order_by("pk"):
        if user.has_permission(Permission.PORTS_WRITE):
            return user
    return None


@dataclass(frozen=True)
class SideCounts:
    agency: str
    asked: int
    answered: int
    hits: int


@dataclass(frozen=True)
class Counters:
    since: dt.date
    until: dt.date
    incidents: int
    referrals: int
    by_type: list[tuple[str, int]]
    sides: list[SideCounts]


def counters(c: Centre, since: dt.date, until: dt.date) -> Counters:
    """What the centre reports for the days [since, until]: incidents and referrals (counted in
    SQL over the shared rows), and each side's checks asked, answered and hits (from the
    counts each side published into the centre)."""
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(since, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    rows = Incident.objects.filter(centre=c, at__gte=start, at__lt=end)
    totals: dict[str, Any] = rows.aggregate(
        n=Count("id"), referred=Count("id", filter=~Q(referral_kind=""))
    )
    by_type = list(
        rows.values("kind").annotate(n=Count("id")).order_by("-n", "kind").values_list("kind", "n")
    )
    sides = [
        SideCounts(agency, asked or 0, answered or 0, hits or 0)
        for agency, asked, answered, hits in CountReport.objects.filter(
            centre=c, day__gte=since, day__lte=until
        )
        .values("agency")
        .annotate(a=Sum("asked"), b=Sum("answered"), h=Sum("hits"))
        .order_by("agency")
        .values_list("agency", "a", "b", "h")
    ]
    return Counters(
        since=since,
        until=until,
        incidents=totals["n"] or 0,
        referrals=totals["referred"] or 0,
        by_type=[(str(codes.IncidentType(k).label), n) for k, n in by_type],
        sides=sides,
    )


def screening_counts(c: Centre, agency: str, since: dt.date, until: dt.date) -> dict[str, Any]:
    """This node's own screening counts for the agency (the manifests' part of the app, when it
    is there): ``screening_counts.counts``; empty otherwise."""
    try:
        module = importlib.import_module("strait.ports.screening_counts")
    except ModuleNotFoundError:
        return {}
    found: dict[str, Any] = module.counts(c, agency, since, until)
    return found
