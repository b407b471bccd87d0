"""The demo's joint operations on the home node ma: made through the actions, once."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import override_settings

from strait.agencies.seed import seed_reference_data
from strait.demo.world import ensure_demo_world
from strait.federation.keys import ensure_keys
from strait.operations.demo import AZAHAR, NOCTUA, seed_demo_operations
from strait.operations.models import Operation
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
def test_the_demo_operations_are_made_once_on_the_home() -> None:
    first = seed_demo_operations("ma")
    changes = Change.objects.count()
    second = seed_demo_operations("ma")

    assert [line.split(":")[0] for line in first] == [AZAHAR, NOCTUA]
    assert all("already there" in line for line in second)
    assert Change.objects.count() == changes

    azahar = Operation.objects.get(code_name=AZAHAR)
    assert azahar.obj.home == "ma"
    assert azahar.obj.home_agency.code == "ma-dgst"
    roles = {p.agency.code: p.role for p in azahar.obj.participants.all()}
    assert roles == {
        "ma-dgst": "lead",
        "ma-dgsn": "participant",
        "es-pn-cgi": "participant",
        "pt-psp": "observer",
    }
    members = set(azahar.obj.members.values_list("username", flat=True))
    assert members >= {"dgst.analyst", "dgsn.officer", "cgi.analyst", "psp.analyst"}
    kinds = list(azahar.entities.values_list("kind", flat=True))
    assert kinds.count("person") == 9
    assert {"phone", "vessel", "organisation"} <= set(kinds)
    scripts = set(azahar.entities.filter(kind="person").values_list("script", flat=True))
    assert scripts == {"Arab", "Latn"}
    assert azahar.relations.count() >= 12
    assert azahar.timeline.count() >= 5
    assert azahar.tasks.count() == 3
    assert azahar.outcomes.filter(kind="arrest").count() == 2

    noctua = Operation.objects.get(code_name=NOCTUA)
    assert noctua.status == "closed"
    drugs = noctua.outcomes.get(seizure_type="drug")
    assert drugs.drug_type == "cannabis_resin"
    assert drugs.kilograms == Decimal("1260.500")
    assert noctua.outcomes.filter(seizure_type="aircraft", quantity=1).exists()
    assert noctua.entities.filter(kind="aircraft").exists()


@pytest.mark.usefixtures("home")
def test_the_portuguese_node_makes_nothing_of_its_own() -> None:
    assert seed_demo_operations("pt") == []
    assert not Operation.objects.exists()
