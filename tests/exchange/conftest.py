"""A small exchange world: two agencies on this node ("dev"), one on the partner node "ma",
a channel they share, and users in each."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from strait.accounts.models import User
from strait.agencies.models import Agency
from strait.exchange import actions
from strait.exchange.models import Channel
from strait.federation.models import Peer
from strait.markings import Markings
from strait.permissions import Role
from tests.factories import AgencyFactory
from tests.federation.conftest import RemotePeer, remote  # noqa: F401  (fixture)


@dataclass
class World:
    here: Agency
    neighbour: Agency
    partner: Agency
    outsider: Agency
    channel: Channel
    analyst: User
    supervisor: User
    neighbour_analyst: User
    outsider_analyst: User
    peer: Peer


@pytest.fixture(autouse=True)
def _attachments_dir(settings: Any, tmp_path: Path) -> None:
    settings.ATTACHMENTS_DIR = tmp_path / "attachments"


@pytest.fixture
def world(remote: RemotePeer, make_user: Callable[..., User]) -> World:  # noqa: F811
    here = AgencyFactory(code="dev-police", abbreviation="DEVP", node_code="dev")
    neighbour = AgencyFactory(code="dev-intel", abbreviation="DEVI", node_code="dev")
    partner = AgencyFactory(code="ma-partner", abbreviation="MAP", node_code="ma")
    outsider = AgencyFactory(code="dev-other", abbreviation="DEVO", node_code="dev")
    channel = Channel.objects.create(
        code="test-direct",
        kind="direct",
        allowed_kinds=["information", "request", "reply", "acknowledgement"],
        max_handling="H2",
        name_ar="قناة",
        name_es="Canal",
        name_fr="Canal",
        name_en="Test channel",
    )
    channel.agencies.set([here, neighbour, partner])
    return World(
        here=here,
        neighbour=neighbour,
        partner=partner,
        outsider=outsider,
        channel=channel,
        analyst=make_user(agency=here, role=Role.ANALYST),
        supervisor=make_user(agency=here, role=Role.SUPERVISOR),
        neighbour_analyst=make_user(agency=neighbour, role=Role.ANALYST),
        outsider_analyst=make_user(agency=outsider, role=Role.ANALYST),
        peer=remote.peer,
    )


def draft(world: World, **overrides: Any) -> actions.Draft:
    """A valid request from ``world.here`` to ``world.neighbour``; override what a test needs."""
    today = timezone.localdate()
    values: dict[str, Any] = {
        "channel": world.channel,
        "kind": "request",
        "recipients": [world.neighbour],
        "subject": "Vehicle seen at the port",
        "body": "Please check the registration 1234-ABC.",
        "language": "en",
        "crime_area": "drugs",
        "urgency": "urgent",
        "handling": "H0",
        "purpose": "Investigation of drug trafficking",
        "subject_category": "suspect",
        "fact_or_assessment": "fact",
        "review_date": today + dt.timedelta(days=90),
        "retention_date": today + dt.timedelta(days=365),
    }
    if overrides.get("markings") is not None:  # one Markings value instead of the fields
        for name in Markings.FIELDS:
            values.pop(name, None)
    values.update(overrides)
    return actions.Draft(**values)
