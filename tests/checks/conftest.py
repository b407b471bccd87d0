"""A small checks world: our agency "dev-police" on this node ("dev") and a partner agency on
the peer node "ma", sharing a channel; records of ours made directly with the ORM."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from strait.accounts.models import User
from strait.agencies.models import Agency
from strait.checks import matcher
from strait.checks.models import CheckOpening
from strait.entities import person_index
from strait.entities.models import Person, PersonName, Phone, Script
from strait.exchange.models import Channel
from strait.federation import inbox
from strait.federation.models import InboxEnvelope, OutboxEnvelope
from strait.matching import identifier_key
from strait.permissions import Role
from tests.factories import AgencyFactory, CountryFactory
from tests.federation.conftest import RemotePeer, remote  # noqa: F401  (fixture)


@dataclass
class World:
    here: Agency
    outsider: Agency
    partner: Agency
    channel: Channel
    other_channel: Channel
    officer: User
    analyst: User
    supervisor: User
    outsider_analyst: User
    remote: RemotePeer


@pytest.fixture(autouse=True)
def _fresh_index(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # Tests change records and check again at once: ask for the stamp on every check.
    monkeypatch.setattr(person_index, "STAMP_TTL", 0.0)
    matcher.forget()
    yield
    matcher.forget()


def _channel(code: str, agencies: list[Agency], max_handling: str = "H2") -> Channel:
    channel = Channel.objects.create(
        code=code,
        kind="port_station",
        allowed_kinds=["information", "request", "reply", "acknowledgement"],
        max_handling=max_handling,
        name_ar="قناة",
        name_es="Canal",
        name_fr="Canal",
        name_en=f"Channel {code}",
    )
    channel.agencies.set(agencies)
    return channel


@pytest.fixture
def world(remote: RemotePeer, make_user: Callable[..., User]) -> World:  # noqa: F811
    spain = CountryFactory(code="ES", name_en="Spain")
    here = AgencyFactory(code="dev-police", abbreviation="DEVP", node_code="dev", country=spain)
    outsider = AgencyFactory(code="dev-other", abbreviation="DEVO", node_code="dev")
    partner = AgencyFactory(code="ma-partner", abbreviation="MAP", node_code="ma")
    channel = _channel("test-port", [here, outsider, partner])
    other = _channel("test-other", [here, partner])
    return World(
        here=here,
        outsider=outsider,
        partner=partner,
        channel=channel,
        other_channel=other,
        officer=make_user(agency=here, role=Role.OFFICER),
        analyst=make_user(agency=here, role=Role.ANALYST),
        supervisor=make_user(agency=here, role=Role.SUPERVISOR),
        outsider_analyst=make_user(agency=outsider, role=Role.ANALYST),
        remote=remote,
    )


RECORD = {
    "purpose": "Prevention of drug trafficking",
    "subject_category": "suspect",
    "fact_or_assessment": "fact",
    "source_reliability": "B",
    "information_credibility": "2",
}


def _dates() -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "review_date": today + dt.timedelta(days=90),
        "retention_date": today + dt.timedelta(days=365),
    }


def person(
    agency: Agency,
    names: list[tuple[str, str]],
    birth_dates: list[str] | None = None,
    handling: str = "H0",
    open_to_checks: bool = True,
) -> Person:
    """A person held by ``agency``; names as (text, script)."""
    record = Person.objects.create(
        agency=agency,
        handling=handling,
        open_to_checks=open_to_checks,
        birth_dates=birth_dates or [],
        **RECORD,
        **_dates(),
    )
    for text, script in names:
        PersonName.objects.create(person=record, full_name=text, script=script)
    return record


def khattabi(agency: Agency, **kwargs: Any) -> Person:
    """Held only in Arabic script."""
    return person(agency, [("عبد اللطيف الخطابي", Script.ARABIC)], ["1980-03-12"], **kwargs)


def phone(agency: Agency, value: str, **kwargs: Any) -> Phone:
    return Phone.objects.create(
        agency=agency,
        value=value,
        key=identifier_key("phone", value, "MA"),
        handling=kwargs.pop("handling", "H0"),
        **RECORD,
        **_dates(),
        **kwargs,
    )


def open_to(world: World, kinds: list[str] | None = None, max_handling: str = "H1") -> None:
    CheckOpening.objects.create(
        agency=world.here,
        partner=world.partner,
        channel=world.channel,
        kinds=kinds or ["person", "phone", "vehicle"],
        max_handling=max_handling,
    )


def query_body(world: World, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "uid": str(uuid.uuid4()),
        "channel": world.channel.code,
        "requester_agency": world.partner.code,
        "requester_name": "Officer of the partner",
        "recipients": [world.here.code],
        "kind": "person",
        "names": ["Abdelatif El Khattabi"],
        "birth_date": "1980-03-12",
        "purpose": "Border control",
        "crime_area": "drugs",
        "created_at": timezone.now().isoformat(),
    }
    body.update(overrides)
    return body


def deliver(world: World, body: dict[str, Any], kind: str = "checks.query") -> str:
    envelope = world.remote.envelope(body, kind=kind, handling="H0")
    (_outcome,) = inbox.receive_batch([envelope])
    return str(InboxEnvelope.objects.get(envelope_id=envelope["header"]["id"]).status)


def answers_sent() -> list[dict[str, Any]]:
    return [dict(e.body) for e in OutboxEnvelope.objects.filter(kind="checks.answer")]
