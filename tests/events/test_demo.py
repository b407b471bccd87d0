"""The demo's major events on the home node ma: made through the actions, once; AFCON 2025 with
its after-action report and lessons, reused by the World Cup."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.test import override_settings

from strait.agencies.seed import seed_reference_data
from strait.demo.world import ensure_demo_world
from strait.events import queries
from strait.events.demo import seed_demo_events
from strait.events.models import Entry, Event, Fixture, LogEntry, Venue
from strait.federation.keys import ensure_keys
from strait.sharing.models import Change
from tests.factories.federation import PeerFactory


@pytest.fixture
def home(db: None) -> Iterator[None]:
    seed_reference_data()
    ensure_keys()
    with override_settings(NODE=dataclasses.replace(settings.NODE, mode="demo", code="ma")):
        ensure_demo_world()
        for code in ("es", "pt"):  # the home sends every change to the participants' nodes
            PeerFactory(code=code)
        yield


@pytest.mark.usefixtures("home")
def test_the_demo_events_are_made_once_on_the_home() -> None:
    first = seed_demo_events("ma")
    changes = Change.objects.count()
    second = seed_demo_events("ma")
    assert "5 Moroccan venues, 4 matches, 2 log entries" in first[1]
    assert "0 Moroccan venues, 0 matches, 0 log entries" in second[1]
    assert Change.objects.count() == changes
    assert set(Event.objects.values_list("code", flat=True)) == {"fifa-wc-2030", "afcon-2025"}
    wc = Event.objects.get(code="fifa-wc-2030")
    afcon = Event.objects.get(code="afcon-2025")
    assert Venue.objects.filter(event=wc, country="MA").count() == 5
    assert Fixture.objects.filter(event=wc, risk="very_high").count() == 1
    assert LogEntry.objects.filter(event=wc, agency="ma-dgsn").count() == 2
    assert queries.after_action(afcon) is not None
    lessons = set(Entry.objects.values_list("uid", flat=True))
    assert len(lessons) == 3
    assert set(wc.knowledge_links.values_list("entry", flat=True)) == lessons
    assert set(afcon.knowledge_links.values_list("entry", flat=True)) == lessons


def test_the_partner_nodes_wait_for_the_copy(monkeypatch: pytest.MonkeyPatch, db: None) -> None:
    """Without the World Cup's copy a partner says so and adds nothing."""
    seed_reference_data()
    from strait.demo.world import ensure_demo_world as world
    from strait.events import demo

    with override_settings(NODE=dataclasses.replace(settings.NODE, mode="demo", code="pt")):
        world()
        monkeypatch.setattr(demo, "WAIT", 0.0)
        (line,) = seed_demo_events("pt")
    assert "no copy from ma" in line
    assert not Venue.objects.exists()
