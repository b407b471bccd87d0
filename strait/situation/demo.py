"""The demo's situation picture: made only through the picture's actions, as users would make
it on the pages; every report synthetic.

On ``ma``, the home: the DGSN opens the picture of the Strait (the DGST and the Spanish agencies
take part, the PSP observes), adds the Moroccan segments (Tangier-Fnideq, Fnideq-Martil,
Larache-Asilah, Nador-Beni Ensar) with their impact levels and reports its side's crossing
attempts of the last seven days. On ``es``, once the picture's copy has arrived: the Guardia
Civil adds the Spanish segments (Ceuta perimeter, Cádiz coast, Bay of Algeciras, Almería coast,
Melilla perimeter), sets their levels and reports its side, each change proposed to the home.
Each step runs once: a second run finds it done and skips it.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.utils import timezone

from strait.accounts.models import User
from strait.agencies.models import Agency
from strait.sharing.models import Proposal, ProposalStatus
from strait.situation import actions, codes, queries
from strait.situation.demo_data import CROSSING_SPOTS, ES_SEGMENTS, MA_SEGMENTS, DemoSegment
from strait.situation.models import Crossing, Picture

TITLE = "Situation picture of the Strait"
# How long ``es`` waits for the picture's copy, and for its own proposals to come back.
WAIT = 90.0
# Synthetic crossing reports per side, over the last seven days.
REPORTS = 36
PARTICIPANTS = (
    ("ma-dgst", "participant"),
    ("es-gc", "participant"),
    ("es-pn", "participant"),
    ("es-pn-cgi", "participant"),
    ("pt-psp", "observer"),
)


def _user(username: str) -> User:
    return User.objects.select_related("agency", "agency__country").get(username=username)


def _wait_for(found: Callable[[], Any]) -> Any:
    deadline = time.monotonic() + WAIT
    while True:
        value = found()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.5)


def _segments(user: User, pic: Picture, specs: tuple[DemoSegment, ...]) -> int:
    have = {s.code for s in queries.segments(pic)}
    added = 0
    for spec in specs:
        if spec.code in have:
            continue
        actions.add_segment(
            user, pic, code=spec.code, names=spec.names, shape=spec.shape, points=spec.points
        )
        added += 1
    return added


def _levels(user: User, pic: Picture, specs: tuple[DemoSegment, ...]) -> None:
    current = {s.code: s.level for s in queries.segments(pic)}
    for spec in specs:
        if spec.level and not current.get(spec.code):
            actions.set_level(
                user, pic, segment=spec.code, level=spec.level, measures=spec.measures
            )


def _crossings(user: User, pic: Picture, specs: tuple[DemoSegment, ...]) -> int:
    if Crossing.objects.filter(picture=pic, agency=user.agency.code).exists():
        return 0
    rng = random.Random(f"strait-situation-{user.agency.code}")  # noqa: S311  (synthetic data)
    now = timezone.now()
    perimeters = {s.code for s in specs if s.shape == codes.Shape.POLYGON}
    codes_ = [s.code for s in specs]
    for _n in range(REPORTS):
        segment = rng.choice(codes_)
        lat, lon = rng.choice(CROSSING_SPOTS[segment])
        on_land = segment in perimeters
        boat = (
            codes.Boat.NONE
            if on_land
            else rng.choice(
                [codes.Boat.INFLATABLE, codes.Boat.WOODEN, codes.Boat.JET_SKI, codes.Boat.KAYAK]
            )
        )
        actions.report_crossing(
            user,
            pic,
            # More reports in the last hours: the surge the done-when follows.
            at=now - dt.timedelta(hours=rng.choice([rng.uniform(0.2, 6), rng.uniform(1, 168)])),
            lat=round(lat + rng.uniform(-0.01, 0.01), 5),
            lon=round(lon + rng.uniform(-0.01, 0.01), 5),
            people=rng.randint(1, 12) if boat != codes.Boat.NONE else rng.randint(5, 120),
            boat=boat,
            outcome=rng.choice(list(codes.Outcome)),
            segment=segment,
        )
    return REPORTS


def _home() -> str:
    supervisor = _user("dgsn.supervisor")
    pic = queries.picture(supervisor)
    opened = pic is None
    if pic is None:
        others = [
            (agency, role)
            for code, role in PARTICIPANTS
            if (agency := Agency.objects.filter(code=code).first()) is not None
        ]
        pic = actions.open_picture(supervisor, title=TITLE, participants=others)
    officer = _user("dgsn.officer")
    added = _segments(officer, pic, MA_SEGMENTS)
    _levels(supervisor, pic, MA_SEGMENTS)
    reports = _crossings(officer, pic, MA_SEGMENTS)
    state = "opened" if opened else "there already"
    return f"situation picture: {state}; {added} segments and {reports} crossing reports added"


def _partner() -> str:
    officer = _user("gc.officer")
    pic = _wait_for(lambda: queries.picture(officer))
    if pic is None:
        return f"situation picture: no copy from ma within {WAIT:.0f}s; es's part was not added"
    added = _segments(officer, pic, ES_SEGMENTS)

    def confirmed() -> bool:
        return not Proposal.objects.filter(
            obj=pic.obj, by_user=officer, status=ProposalStatus.PENDING
        ).exists()

    if not _wait_for(confirmed):
        return f"situation picture: es's segments were not confirmed by ma within {WAIT:.0f}s"
    _levels(officer, pic, ES_SEGMENTS)
    reports = _crossings(officer, pic, ES_SEGMENTS)
    return f"situation picture: {added} Spanish segments and {reports} crossing reports proposed"


def seed_demo_situation(node_code: str | None = None) -> list[str]:
    """This node's part of the demo's situation picture; what it did, a line each. The nodes
    must be peers first: the home sends every change to the participants' nodes."""
    node_code = node_code or settings.NODE.code
    if node_code == "ma":
        return [_home()]
    if node_code == "es":
        return [_partner()]
    return []
