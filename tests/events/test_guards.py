"""Guards docs/events.md names that no other test pins: what an agency says for itself cannot be
said in another agency's name, even by a body built by hand (as a forged proposal would be);
Morocco's territory includes the territory world-atlas draws apart as "W. Sahara" (a data choice,
see docs/events.md), and the hosts' islands and enclaves are theirs."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from strait.events import ops, territory
from strait.events.models import Liaison, LogEntry
from strait.sharing import actions as sharing
from strait.sharing.refusals import RightMissing
from tests.events.conftest import World

pytestmark = pytest.mark.django_db


def test_an_agency_cannot_log_or_seat_in_another_agencys_name(world: World) -> None:
    at = (timezone.now() - dt.timedelta(minutes=5)).isoformat()
    bodies = {
        ops.LOG: {
            "uid": str(uuid.uuid4()),
            "agency": world.ma.code,  # the PSP's liaison writing as the DGSN
            "at": at,
            "source": "liaison",
            "information": "Forged",
        },
        ops.POST_LIAISON: {
            "uid": str(uuid.uuid4()),
            "agency": world.ma.code,
            "name": "Forged",
            "starts": "2030-06-13",
            "ends": "2030-07-21",
        },
    }
    for op, body in bodies.items():
        with pytest.raises(RightMissing):
            sharing.propose(world.pt_liaison, world.event.obj, op, body)
    assert not LogEntry.objects.exists()
    assert not Liaison.objects.exists()


@pytest.mark.parametrize(
    ("country", "lat", "lon"),
    [
        ("MA", 27.1536, -13.2033),  # Laâyoune: world-atlas's "W. Sahara" (732)
        ("MA", 23.6848, -15.9580),  # Dakhla
        ("ES", 28.4636, -16.2518),  # Santa Cruz de Tenerife
        ("ES", 35.2923, -2.9381),  # Melilla
        ("PT", 37.7412, -25.6756),  # Ponta Delgada, the Azores
    ],
)
def test_the_hosts_territories_as_drawn(country: str, lat: float, lon: float) -> None:
    assert territory.in_country(country, lat, lon)
