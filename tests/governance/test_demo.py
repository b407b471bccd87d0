"""The demo's governance on ``ma`` (``strait manage demo --governance``), in one process: the
bodies the documents name with their founding dates, the meetings they report, the Marrakech
recommendations with their actions, the ministers' cadence warning, once only. The two-node part
(es links the evidence, the Spanish chair co-signs) is in test_done_when.py."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from strait.accounts.models import User
from strait.agencies.seed import seed_reference_data
from strait.demo.world import ensure_demo_world
from strait.federation.keys import ensure_keys
from strait.governance import cadence, demo_data, minutes, queries
from strait.governance.demo import seed_demo_governance
from tests.factories import PeerFactory


@pytest.fixture
def demo_ma(db: None) -> Iterator[None]:
    seed_reference_data()
    with override_settings(NODE=dataclasses.replace(settings.NODE, mode="demo", code="ma")):
        ensure_keys()
        ensure_demo_world()
        for code in ("es", "pt"):  # the partners' nodes: linked, never reached here
            PeerFactory(code=code)
        yield


@pytest.mark.usefixtures("demo_ma")
def test_the_demo_makes_the_documents_bodies_meetings_and_recommendations_once() -> None:
    today = timezone.localdate()
    lines = seed_demo_governance("ma", today=today)

    secretary = User.objects.get(username="ma.secretary")
    bodies = {b.code: b for b in queries.bodies(secretary)}
    assert set(bodies) == {spec.code for spec in demo_data.BODIES}
    strategic = bodies["strategic-committee"]
    assert strategic.founded_on == dt.date(2013, 11, 28)
    assert strategic.co_chairs == ["ma-dgsn", "es-pn"]
    assert bodies["interior-ministers"].cadence_months == 6
    assert bodies["subcommittee-training"].parent_uid == strategic.obj.uid
    held = {(m.place, m.starts_on) for b in bodies.values() for m in b.meetings.all()}
    for place, day in [
        ("Córdoba", dt.date(2013, 11, 28)),
        ("Marrakech", dt.date(2014, 3, 7)),
        ("Tétouan", dt.date(2014, 8, 27)),
        ("Rabat", dt.date(2022, 8, 10)),
        ("Madrid", dt.date(2025, 1, 27)),
        ("Madrid", dt.date(2025, 2, 10)),
        ("Rabat", dt.date(2026, 1, 20)),
    ]:
        assert (place, day) in held
    numbers = sorted(r.number for r in strategic.recommendations.all())
    assert numbers == ["R1", "R2", "R3", "R4", "R5"]
    marrakech = strategic.meetings.get(place="Marrakech")
    assert {r.meeting_id for r in strategic.recommendations.all()} == {marrakech.pk}
    # The DGSN's chair signed on ma; the Spanish side signs on es (not here).
    assert [s.signature.node for s in minutes.signatures(marrakech)] == ["ma"]
    assert not minutes.fully_signed(marrakech)
    # The 2014 courses delivered are the action plan's evidence.
    (plan,) = strategic.recommendations.get(number="R4").actions.all()
    assert plan.evidence.filter(kind="course").count() == 2

    # The dashboard warns of the ministers' next meeting, and of nothing else.
    states = {s.body.code: s.state for s in cadence.standings(queries.bodies(secretary), today)}
    assert states["interior-ministers"] == "due_soon"
    assert [c for c, s in states.items() if s in ("due_soon", "overdue")] == ["interior-ministers"]

    # A second run, as `strait demo` makes it (`strait manage demo --governance`), finds every
    # step done.
    out = StringIO()
    call_command("demo", "--governance", stdout=out)
    again = out.getvalue().splitlines()
    assert len(again) == len(lines)
    assert all("already" in line for line in again), again
