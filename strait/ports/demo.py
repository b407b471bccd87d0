"""The demo's port cooperation centres: made only through the centres' actions, as users would
make them on the pages; every agent's name synthetic.

Two centres on the port channel of the checks' demo (``PORT_CHANNEL``): Tanger Med, hosted by
the DGSN on ``ma`` with the Guardia Civil as guest, and Algeciras, hosted by the Guardia Civil on
``es`` with the DGSN as guest. Each has the guest agency's coordinator, deputy and eight agents
posted (at Algeciras the Moroccan coordinator is ``dgsn.coordinator`` and ``dgsn.officer`` one of
the agents) and the host's own agents; a roster of eight-hour shifts from the last shift before
now to two days ahead, and a few lines in the duty log. The demo's users who work at the quay
(``gc.officer``, ``dgsn.officer``, ``dgsn.coordinator``) are on every shift of those days, so the
walk-through finds them on duty whenever it runs. All of it is written on the host's node (the
host posts anyone's agents), so no node waits for another. Each step runs once: a second run
finds it done and skips it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from strait.accounts.models import User
from strait.agencies.models import Agency
from strait.checks.demo import PORT_CHANNEL
from strait.ports import actions, queries
from strait.ports.models import Centre, LogEntry, Posting, Shift

# Shifts start at these local hours and last eight hours.
SHIFT_STARTS = (6, 14, 22)
SHIFT_HOURS = 8
# How far ahead the roster goes.
AHEAD = dt.timedelta(days=2)


@dataclass(frozen=True)
class Agent:
    username: str
    name: str
    role: str = "agent"


@dataclass(frozen=True)
class DemoCentre:
    code: str
    names: dict[str, str]
    port: str
    country: str
    node: str
    host: str
    creator: str
    guest: str
    # (agency code, agent): the host's own agents, then the guest's coordinator, deputy and eight.
    host_agents: tuple[Agent, ...]
    guest_agents: tuple[Agent, ...]
    # Who is on every shift of the demo's days (the walk-through's users).
    always: tuple[str, ...]
    log: tuple[tuple[str, str, str, int], ...]  # (username, kind, text, minutes ago)


def _spanish(n: int) -> Agent:
    first = ("Lucía", "Pablo", "Alba", "Diego", "Irene", "Sergio", "Nuria", "Hugo")[n]
    last = ("Navarro Gil", "Rubio Peña", "Campos Soler", "Vidal Lozano")[n % 4]
    return Agent(f"gc.port{n + 1}", f"{first} {last}")


def _moroccan(n: int) -> Agent:
    first = ("Amine", "Samira", "Youness", "Houda", "Reda", "Imane", "Anas", "Khadija")[n]
    last = ("El Idrissi", "Benkirane", "Lahrichi", "Tahiri")[n % 4]
    return Agent(f"dgsn.port{n + 1}", f"{first} {last}")


CENTRES = (
    DemoCentre(
        code="tanger-med",
        names={
            "ar": "ميناء طنجة المتوسط",
            "es": "Tánger Med",
            "fr": "Tanger Med",
            "en": "Tanger Med",
        },
        port="MAPTM",
        country="MA",
        node="ma",
        host="ma-dgsn",
        creator="dgsn.supervisor",
        guest="es-gc",
        host_agents=(
            Agent("dgsn.coordinator", "Mustapha Kettani", "coordinator"),
            Agent("dgsn.officer", "Youssef Amrani"),
        ),
        guest_agents=(
            Agent("gc.port.coordinator", "Manuel Herrero Paz", "coordinator"),
            Agent("gc.port.deputy", "Laura Medina Roca", "deputy"),
            *(_spanish(n) for n in range(8)),
        ),
        always=("dgsn.officer", "dgsn.coordinator"),
        log=(
            (
                "dgsn.officer",
                "information",
                "Ferry Ciudad de Tánger docked at berth 2, 40 min late.",
                95,
            ),
            (
                "dgsn.coordinator",
                "handover",
                "Handover: queue at the outbound booths normal; no pending check.",
                30,
            ),
        ),
    ),
    DemoCentre(
        code="algeciras",
        names={
            "ar": "ميناء الجزيرة الخضراء",
            "es": "Algeciras",
            "fr": "Algésiras",
            "en": "Algeciras",
        },
        port="ESALG",
        country="ES",
        node="es",
        host="es-gc",
        creator="gc.supervisor",
        guest="ma-dgsn",
        host_agents=(
            Agent("gc.supervisor", "Beatriz Santos Herrera", "coordinator"),
            Agent("gc.officer", "Javier Romero Ortega"),
        ),
        guest_agents=(
            Agent("dgsn.coordinator", "Mustapha Kettani", "coordinator"),
            Agent("dgsn.port.deputy", "Said Bouzidi", "deputy"),
            Agent("dgsn.officer", "Youssef Amrani"),
            *(_moroccan(n) for n in range(7)),
        ),
        always=("gc.officer", "dgsn.officer", "dgsn.coordinator"),
        log=(
            (
                "gc.officer",
                "check_request",
                "Plate check asked for a van boarding to Tanger Med (no hit).",
                120,
            ),
            ("gc.officer", "information", "Boarding of the 14:00 sailing started at ramp 3.", 45),
        ),
    ),
)


def _user(username: str) -> User | None:
    return User.objects.select_related("agency").filter(username=username).first()


def _centre(creator: User, spec: DemoCentre) -> tuple[Centre, bool]:
    found = queries.centre_by_code(creator, spec.code)
    if found is not None:
        return found, False
    guest = Agency.objects.filter(code=spec.guest).first()
    centre = actions.create_centre(
        creator,
        code=spec.code,
        names=spec.names,
        port=spec.port,
        country=spec.country,
        channel=PORT_CHANNEL,
        guests=[guest] if guest is not None else [],
    )
    return centre, True


def _postings(creator: User, centre: Centre, spec: DemoCentre) -> int:
    if Posting.objects.filter(centre=centre).exists():
        return 0
    starts = timezone.localdate() - dt.timedelta(days=60)
    posted = 0
    for agency, agents in ((spec.host, spec.host_agents), (spec.guest, spec.guest_agents)):
        for agent in agents:
            actions.post_agent(
                creator,
                centre,
                agency=agency,
                username=agent.username,
                name=agent.name,
                role=agent.role,
                starts=starts,
            )
            posted += 1
    return posted


def _blocks(now: dt.datetime) -> list[dt.datetime]:
    """The starts of the shifts from the one covering ``now`` to ``AHEAD``, in local time."""
    local = timezone.localtime(now)
    day = local.date() - dt.timedelta(days=1)
    zone = local.tzinfo
    found: list[dt.datetime] = []
    while True:
        for hour in SHIFT_STARTS:
            start = dt.datetime.combine(day, dt.time(hour), tzinfo=zone)
            if start + dt.timedelta(hours=SHIFT_HOURS) <= now:
                continue
            if start > now + AHEAD:
                return found
            found.append(start)
        day += dt.timedelta(days=1)


def _shifts(creator: User, centre: Centre, spec: DemoCentre) -> int:
    postings = {p.username: p for p in queries.postings(centre)}
    have = set(Shift.objects.filter(centre=centre).values_list("starts_at", flat=True))
    guests = [p for a in spec.guest_agents if a.role == "agent" and (p := postings.get(a.username))]
    leads = [
        postings[a.username]
        for a in spec.guest_agents
        if a.role in ("coordinator", "deputy") and a.username in postings
    ]
    added = 0
    for n, start in enumerate(_blocks(timezone.now())):
        if start in have:
            continue
        on_duty = {postings[u].uid for u in spec.always if u in postings}
        if leads:
            on_duty.add(leads[n % len(leads)].uid)
        on_duty |= {guests[(3 * n + k) % len(guests)].uid for k in range(3)} if guests else set()
        actions.add_shift(
            creator,
            centre,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=SHIFT_HOURS),
            postings=sorted(on_duty, key=str),
            handover="Routine shift." if n % 2 else "",
        )
        added += 1
    return added


def _log(centre: Centre, spec: DemoCentre) -> int:
    if LogEntry.objects.filter(centre=centre).exists():
        return 0
    now = timezone.now()
    written = 0
    for username, kind, text, minutes in spec.log:
        user = _user(username)
        at = now - dt.timedelta(minutes=minutes)
        if user is None or not queries.is_on_duty(centre, user, at):
            continue
        actions.log_entry(user, centre, kind=kind, text=text, at=at)
        written += 1
    return written


def _seed(spec: DemoCentre) -> str:
    creator = _user(spec.creator)
    if creator is None:
        return f"port centre {spec.code}: no user {spec.creator}; not made"
    centre, made = _centre(creator, spec)
    posted = _postings(creator, centre, spec)
    shifts = _shifts(creator, centre, spec)
    lines = _log(centre, spec)
    state = "opened" if made else "there already"
    return (
        f"port centre {spec.code}: {state}; {posted} agents posted, {shifts} shifts and "
        f"{lines} log entries added"
    )


def seed_demo_ports(node_code: str | None = None) -> Iterable[str]:
    """This node's part of the demo's port centres (the ones it hosts); what it did, a line
    each. The nodes must be peers first: the host sends every change to the guest's node."""
    node_code = node_code or settings.NODE.code
    return [_seed(spec) for spec in CENTRES if spec.node == node_code]
