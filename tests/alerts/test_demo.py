"""The demo's alerts on ma, the issuing node: drafted, submitted and released through the
actions (four eyes: the releaser is never the author), once; the command refuses a node not in
demo mode. The es part (acknowledge, release to DGSN) runs on real nodes in
tests/alerts/test_done_when.py."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from strait.agencies.seed import seed_reference_data
from strait.alerts.demo import DISCREET, VESSEL, seed_demo_alerts
from strait.alerts.models import Alert, AlertDraft
from strait.demo.world import ensure_demo_world
from strait.entities.demo import DEMO_CHECK_SUBJECT_AR
from strait.federation.keys import ensure_keys
from strait.sharing.models import Change
from tests.factories.federation import PeerFactory


@pytest.fixture
def home(db: None) -> Iterator[None]:
    seed_reference_data()
    ensure_keys()
    with override_settings(NODE=dataclasses.replace(settings.NODE, mode="demo", code="ma")):
        ensure_demo_world()
        PeerFactory(code="es")  # the home sends every change to the addressees' node
        yield


@pytest.mark.usefixtures("home")
def test_the_demo_alerts_are_released_once_through_four_eyes() -> None:
    out = StringIO()
    call_command("demo", "--alerts", stdout=out)
    changes = Change.objects.count()
    second = seed_demo_alerts("ma")

    assert [line.split(":")[0] for line in out.getvalue().splitlines()] == [
        VESSEL.title.split(":")[0],
        DISCREET.title.split(":")[0],
    ]
    assert all("released already" in line for line in second)
    assert Change.objects.count() == changes

    drafts = {d.title: d for d in AlertDraft.objects.select_related("author")}
    assert drafts[VESSEL.title].author.username == "dgsn.officer"
    assert drafts[DISCREET.title].author.username == "dgsn.analyst"
    assert {d.status for d in drafts.values()} == {"released"}
    assert {d.approval.decided_by.username for d in drafts.values()} == {"dgsn.supervisor"}

    vessel = Alert.objects.get(title=VESSEL.title)
    assert vessel.details["mmsi"] == "224123450"
    roles = {p.agency.code: p.role for p in vessel.obj.participants.all()}
    assert roles == {"ma-dgsn": "lead", "es-gc": "participant"}
    discreet = Alert.objects.get(title=DISCREET.title)
    # The recipient matches what the snapshot carries: the name as DGSN holds it.
    assert discreet.entity["kind"] == "person"
    assert [n["text"] for n in discreet.entity["names"]] == [DEMO_CHECK_SUBJECT_AR]
    assert discreet.entity["birth_dates"] == ["1980-03-12"]


def test_the_demo_alerts_refuse_a_node_not_in_demo_mode(db: None) -> None:
    node = dataclasses.replace(settings.NODE, mode="production", code="ma")
    with override_settings(NODE=node), pytest.raises(CommandError, match="refused"):
        call_command("demo", "--alerts")
    assert not AlertDraft.objects.exists()


def test_the_observers_node_makes_no_alert(db: None) -> None:
    assert seed_demo_alerts("pt") == []
