"""The demo's situation picture on the home node ma: made through the actions, once."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.test import override_settings

from strait.agencies.seed import seed_reference_data
from strait.demo.world import ensure_demo_world
from strait.federation.keys import ensure_keys
from strait.sharing.models import Change
from strait.situation.demo import REPORTS, seed_demo_situation
from strait.situation.models import Crossing, Segment
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
def test_the_demo_picture_is_made_once_on_the_home() -> None:
    (first,) = seed_demo_situation("ma")
    changes = Change.objects.count()
    (second,) = seed_demo_situation("ma")
    assert "opened; 4 segments and 36 crossing reports added" in first
    assert "there already; 0 segments and 0 crossing reports added" in second
    assert Change.objects.count() == changes
    levels = dict(Segment.objects.values_list("code", "level"))
    assert levels["tanger-fnideq"] == "medium"
    assert set(levels) == {"tanger-fnideq", "fnideq-martil", "larache-asilah", "nador-beni-ensar"}
    assert Crossing.objects.filter(agency="ma-dgsn").count() == REPORTS


def test_the_portuguese_node_makes_nothing_of_its_own() -> None:
    assert seed_demo_situation("pt") == []
