"""Every read of events and of the knowledge base, scoped to the user: an event is seen by the
users of its participating agencies (``sharing.queries.visible``) holding EVENTS_READ; anyone
else finds no event, and each part of it (a match, a log entry) answers "not found".
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.http import Http404

from strait.agencies.models import Agency
from strait.events import codes, ops, threats
from strait.events.models import (
    AfterAction,
    Assessment,
    Entry,
    Event,
    Fixture,
    KnowledgeBase,
    Liaison,
    LogEntry,
    Venue,
)
from strait.permissions import Permission
from strait.sharing import queries as sharing

if TYPE_CHECKING:
    from strait.accounts.models import User


def events(user: User) -> QuerySet[Event]:
    if not user.has_permission(Permission.EVENTS_READ):
        return Event.objects.none()
    return Event.objects.filter(obj__in=sharing.visible(user, ops.KIND)).select_related(
        "obj", "obj__home_agency"
    )


def event(user: User, uid: uuid.UUID | str) -> Event:
    """The event, or Http404 when it does not exist or the user may not see it."""
    try:
        key = uuid.UUID(str(uid))
    except ValueError:
        raise Http404("no such event") from None
    found = events(user).filter(obj__uid=key).first()
    if found is None:
        raise Http404("no such event")
    return found


def fixture(user: User, uid: uuid.UUID | str) -> Fixture:
    try:
        key = uuid.UUID(str(uid))
    except ValueError:
        raise Http404("no such match") from None
    found = (
        Fixture.objects.filter(event__in=events(user), uid=key)
        .select_related("event", "event__obj")
        .first()
    )
    if found is None:
        raise Http404("no such match")
    return found


def venues(ev: Event) -> list[Venue]:
    return list(Venue.objects.filter(event=ev))


def fixtures(ev: Event) -> list[Fixture]:
    return list(Fixture.objects.filter(event=ev))


def liaisons(ev: Event) -> list[Liaison]:
    return list(Liaison.objects.filter(event=ev))


def log(ev: Event, limit: int | None = 200) -> list[LogEntry]:
    rows = LogEntry.objects.filter(event=ev).order_by("-at", "-id")
    return list(rows[:limit] if limit else rows)


def assessments(fx: Fixture) -> list[Assessment]:
    return list(Assessment.objects.filter(event=fx.event, fixture=fx.uid))


def after_action(ev: Event) -> AfterAction | None:
    return AfterAction.objects.filter(event=ev).first()


def threats_of(user: User, ev: Event) -> list[threats.Threat]:
    return threats.resolve_many(user, list(ev.alert_links.all()))


def nodes(ev: Event) -> list[tuple[str, list[str]]]:
    """The participating nodes and their agencies' codes."""
    found: dict[str, list[str]] = {}
    for p in sharing.participants(ev.obj).select_related("agency"):
        found.setdefault(p.agency.node_code, []).append(p.agency.code)
    return sorted(found.items())


def other_agencies(user: User) -> list[Agency]:
    """The agencies of the directory that may take part in an event the user's agency opens."""
    return list(
        Agency.objects.exclude(pk=user.agency_id)
        .select_related("country")
        .order_by("country__code", "abbreviation", "code")
    )


def agencies_by_code(codes_: Iterable[str]) -> list[Agency]:
    """The directory's agencies of these codes (reference data, the same for every reader)."""
    return list(Agency.objects.filter(code__in=list(codes_)).order_by("code"))


def knowledge_base(user: User) -> KnowledgeBase | None:
    if not user.has_permission(Permission.EVENTS_READ):
        return None
    return (
        KnowledgeBase.objects.filter(obj__in=sharing.visible(user, ops.KNOWLEDGE_KIND))
        .select_related("obj")
        .order_by("created_at", "pk")
        .first()
    )


def entries(
    user: User, *, topic: str = "", kind: str = "", uids: Iterable[uuid.UUID] | None = None
) -> list[Entry]:
    """The knowledge base's entries the user reads, newest first, by topic and kind."""
    base = knowledge_base(user)
    if base is None:
        return []
    rows = Entry.objects.filter(base=base)
    if kind in codes.EntryKind.values:
        rows = rows.filter(kind=kind)
    if uids is not None:
        rows = rows.filter(uid__in=list(uids))
    found = list(rows)
    if topic in codes.Topic.values:  # a JSON list: filtered here (a few hundred entries)
        found = [e for e in found if topic in e.topics]
    return found


def entry(user: User, uid: uuid.UUID | str) -> Entry:
    try:
        key = uuid.UUID(str(uid))
    except ValueError:
        raise Http404("no such entry") from None
    found = [e for e in entries(user, uids=[key])]
    if not found:
        raise Http404("no such entry")
    return found[0]


def linked_entries(user: User, ev: Event) -> list[Entry]:
    return entries(user, uids=[k.entry for k in ev.knowledge_links.all()])


@dataclass(frozen=True)
class MapVenue:
    code: str
    name: str
    kind: str
    city: str
    country: str
    lat: float
    lon: float
    capacity: int | None


def map_data(ev: Event) -> dict[str, Any]:
    """What the event's map draws: its venues and, per venue, its matches' highest risk."""
    order = list(codes.Risk.values)
    worst: dict[str, str] = {}
    matches: dict[str, int] = {}
    for fx in fixtures(ev):
        matches[fx.venue] = matches.get(fx.venue, 0) + 1
        if fx.venue not in worst or order.index(fx.risk) > order.index(worst[fx.venue]):
            worst[fx.venue] = fx.risk
    return {
        "venues": [
            {
                "code": v.code,
                "name": v.name,
                "kind": v.kind,
                "kind_label": str(codes.VenueKind(v.kind).label),
                "city": v.city,
                "country": v.country,
                "lat": v.lat,
                "lon": v.lon,
                "capacity": v.capacity,
                "matches": matches.get(v.code, 0),
                "risk": worst.get(v.code, ""),
                "risk_label": str(codes.Risk(worst[v.code]).label) if v.code in worst else "",
            }
            for v in venues(ev)
        ]
    }
