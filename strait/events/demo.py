"""The demo's major events: made only through the events' actions, as users would make them on
the pages; every log entry and figure synthetic.

On ``ma``, the home: the DGSN opens the 2030 World Cup (the DGST, the Policía Nacional, the
Guardia Civil and the PSP take part) and the knowledge base, adds the Moroccan venues and
matches, seats its liaison officer and logs its first entries; it also opens AFCON 2025 (past:
its venues, matches, after-action report and lessons in the knowledge base, which the World Cup
reuses). On ``es`` and ``pt``, once the World Cup's copy has arrived: the Policía Nacional and
the PSP add their venues and matches, seat their liaison officers and log an entry each, every
change proposed to the home. Each step runs once: a second run finds it done and skips it.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.utils import timezone

from strait.accounts.models import User
from strait.agencies.models import Agency
from strait.events import actions, demo_data, queries
from strait.events.demo_data import DemoMatch, DemoVenue
from strait.events.models import Event, KnowledgeBase
from strait.sharing.models import Proposal, ProposalStatus

# How long a partner node waits for the event's copy, and for its own proposals to come back.
WAIT = 90.0
PARTICIPANTS = (
    ("ma-dgst", "participant"),
    ("es-pn", "participant"),
    ("es-gc", "participant"),
    ("pt-psp", "participant"),
)
AFCON_PARTICIPANTS = (("ma-dgst", "participant"),)


def _user(username: str) -> User:
    return User.objects.select_related("agency", "agency__country").get(username=username)


def _wait_for(found: Callable[[], Any]) -> Any:
    deadline = time.monotonic() + WAIT
    while True:
        value = found()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.5)


def _agencies(pairs: Iterable[tuple[str, str]]) -> list[tuple[Agency, str]]:
    return [
        (agency, role)
        for code, role in pairs
        if (agency := Agency.objects.filter(code=code).first()) is not None
    ]


def _event(user: User, code: str) -> Event | None:
    return queries.events(user).filter(code=code).first()


def _open(user: User, spec: dict[str, Any], participants: Iterable[tuple[str, str]]) -> Event:
    found = _event(user, spec["code"])
    if found is not None:
        return found
    return actions.open_event(user, **spec, participants=_agencies(participants))


def _venues(user: User, ev: Event, specs: tuple[DemoVenue, ...]) -> int:
    have = {v.code for v in queries.venues(ev)}
    added = 0
    for v in specs:
        if v.code in have:
            continue
        actions.add_venue(
            user,
            ev,
            code=v.code,
            names=v.names,
            kind=v.kind,
            city=v.city,
            country=v.country,
            lat=v.lat,
            lon=v.lon,
            capacity=v.capacity,
        )
        added += 1
    return added


def _matches(user: User, ev: Event, specs: tuple[DemoMatch, ...]) -> int:
    have = {(f.venue, f.kick_off) for f in queries.fixtures(ev)}
    added = 0
    for m in specs:
        if (m.venue, m.kick_off) in have:
            continue
        actions.add_fixture(
            user,
            ev,
            home_team=m.home,
            away_team=m.away,
            venue=m.venue,
            kick_off=m.kick_off,
            risk=m.risk,
            reason=m.reason,
        )
        added += 1
    return added


def _seat(user: User, ev: Event, seat: str) -> None:
    if any(x.agency == user.agency.code for x in queries.liaisons(ev)):
        return
    actions.post_liaison(user, ev, name=user.full_name, seat=seat, starts=ev.starts, ends=ev.ends)


def _log(ev: Event, entries: Iterable[tuple[str, int, str, str, str, list[str]]]) -> int:
    logged = 0
    now = timezone.now().replace(second=0, microsecond=0)
    for username, hours, source, information, assessment, passed_to in entries:
        if ev.log.filter(information=information).exists():
            continue
        when = now - dt.timedelta(hours=hours)
        actions.log_information(
            _user(username),
            ev,
            at=when,
            source=source,
            information=information,
            assessment=assessment,
            passed_to=passed_to,
            passed_at=when + dt.timedelta(minutes=20),
        )
        logged += 1
    return logged


def _knowledge(analyst: User) -> KnowledgeBase:
    base = queries.knowledge_base(analyst)
    if base is not None:
        return base
    return actions.open_knowledge_base(
        analyst,
        title="Major events knowledge base",
        participants=_agencies(PARTICIPANTS),
    )


def _afcon(supervisor: User, analyst: User, base: KnowledgeBase) -> str:
    ev = _open(supervisor, demo_data.AFCON, AFCON_PARTICIPANTS)
    _venues(supervisor, ev, demo_data.AFCON_VENUES)
    _matches(analyst, ev, demo_data.AFCON_MATCHES)
    if queries.after_action(ev) is None:
        actions.write_after_action(supervisor, ev, **demo_data.AFCON_REPORT)
    have = {e.titles.get("en") for e in queries.entries(analyst)}
    for kind, topics, titles, texts in demo_data.LESSONS:
        if titles["en"] not in have:
            actions.add_entry(
                analyst, base, kind=kind, topics=topics, titles=titles, texts=texts, event=ev
            )
    linked = {e.uid for e in queries.linked_entries(analyst, ev)}
    for entry in queries.entries(analyst):
        if entry.uid not in linked and entry.event == ev.uid:
            actions.link_knowledge(analyst, ev, entry=entry.uid)
    return "AFCON 2025: venues, matches, after-action report and lessons"


def _home() -> list[str]:
    supervisor = _user("dgsn.supervisor")
    analyst = _user("dgsn.analyst")
    base = _knowledge(analyst)
    afcon = _afcon(supervisor, analyst, base)
    wc = _open(supervisor, demo_data.WORLD_CUP, PARTICIPANTS)
    venues = _venues(supervisor, wc, demo_data.MA_VENUES)
    matches = _matches(analyst, wc, demo_data.MA_MATCHES)
    _seat(_user("dgsn.liaison"), wc, "Desk 1 (Morocco)")
    logged = _log(wc, demo_data.MA_LOG)
    # The World Cup reuses AFCON's lessons.
    linked = {e.uid for e in queries.linked_entries(analyst, wc)}
    for entry in queries.entries(analyst):
        if entry.uid not in linked:
            actions.link_knowledge(analyst, wc, entry=entry.uid)
    return [
        afcon,
        f"2030 World Cup: {venues} Moroccan venues, {matches} matches, {logged} log entries",
    ]


def _partner(
    liaison: str, venues: tuple[DemoVenue, ...], matches: tuple[DemoMatch, ...], seat: str, log: Any
) -> list[str]:
    user = _user(liaison)
    wc = _wait_for(lambda: _event(user, demo_data.WORLD_CUP["code"]))
    if wc is None:
        return [f"2030 World Cup: no copy from ma within {WAIT:.0f}s; this node's part skipped"]
    added = _venues(user, wc, venues)

    def confirmed() -> bool:
        return not Proposal.objects.filter(
            obj=wc.obj, by_user=user, status=ProposalStatus.PENDING
        ).exists()

    if not _wait_for(confirmed):
        return [f"2030 World Cup: the venues were not confirmed by ma within {WAIT:.0f}s"]
    scheduled = _matches(user, wc, matches)
    _seat(user, wc, seat)
    logged = _log(wc, log)
    return [f"2030 World Cup: {added} venues, {scheduled} matches, {logged} log entries proposed"]


def seed_demo_events(node_code: str | None = None) -> list[str]:
    """This node's part of the demo's major events; what it did, a line each. The nodes must be
    peers first: the home sends every change to the participants' nodes."""
    node_code = node_code or settings.NODE.code
    if node_code == "ma":
        return _home()
    if node_code == "es":
        return _partner(
            "pn.liaison",
            demo_data.ES_VENUES,
            demo_data.ES_MATCHES,
            "Desk 2 (Spain)",
            demo_data.ES_LOG,
        )
    if node_code == "pt":
        return _partner(
            "psp.liaison",
            demo_data.PT_VENUES,
            demo_data.PT_MATCHES,
            "Desk 3 (Portugal)",
            demo_data.PT_LOG,
        )
    return []
