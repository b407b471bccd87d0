"""What each op does to the local copy of an event or of the knowledge base: the ONLY writers
of their rows.

The same functions run on every node, the home included, in the home's order, so every copy
holds the same rows. They trust the body (validated by its ``wire`` shape) and the order (the
op's check ran at the home): they never refuse, never send, never read the clock or the user.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from strait.events import wire
from strait.events.models import (
    AfterAction,
    AlertLink,
    Assessment,
    Entry,
    Event,
    Fixture,
    KnowledgeBase,
    KnowledgeLink,
    Liaison,
    LogEntry,
    Venue,
)

if TYPE_CHECKING:
    from strait.sharing.registry import Applied


def _body(applied: Applied, shape: type[Any]) -> Any:
    body = applied.body
    return body if isinstance(body, shape) else shape.model_validate(body)


def _event(applied: Applied) -> Event:
    return Event.objects.get(obj=applied.obj)


def _by(applied: Applied) -> str:
    return applied.by_name or applied.by_user


def _texts(texts: wire.Texts | None) -> dict[str, str]:
    return texts.model_dump() if texts is not None else {}


def create_event(applied: Applied) -> None:
    body: wire.CreateEvent = _body(applied, wire.CreateEvent)
    Event.objects.create(
        obj=applied.obj,
        code=body.code,
        names=body.names.model_dump(),
        hosts=list(body.hosts),
        starts=body.starts,
        ends=body.ends,
        created_at=applied.at,
    )


def add_venue(applied: Applied) -> None:
    body: wire.AddVenue = _body(applied, wire.AddVenue)
    Venue.objects.create(
        event=_event(applied),
        uid=body.uid,
        code=body.code,
        names=body.names.model_dump(),
        kind=body.kind,
        city=body.city,
        country=body.country,
        lat=float(body.lat),
        lon=float(body.lon),
        capacity=body.capacity,
        agency=body.agency,
    )


def add_fixture(applied: Applied) -> None:
    body: wire.AddFixture = _body(applied, wire.AddFixture)
    Fixture.objects.create(
        event=_event(applied),
        uid=body.uid,
        home_team=body.home_team,
        away_team=body.away_team,
        venue=body.venue,
        kick_off=body.kick_off,
        risk=body.risk,
        reason=body.reason,
        risk_set_by=_by(applied),
        risk_set_at=applied.at,
    )


def set_risk(applied: Applied) -> None:
    body: wire.SetRisk = _body(applied, wire.SetRisk)
    Fixture.objects.filter(event__obj=applied.obj, uid=body.fixture).update(
        risk=body.risk, reason=body.reason, risk_set_by=_by(applied), risk_set_at=applied.at
    )


def post_liaison(applied: Applied) -> None:
    body: wire.PostLiaison = _body(applied, wire.PostLiaison)
    Liaison.objects.create(
        event=_event(applied),
        uid=body.uid,
        agency=body.agency,
        country=applied.by_agency.country.code,
        name=body.name,
        seat=body.seat,
        starts=body.starts,
        ends=body.ends,
    )


def log(applied: Applied) -> None:
    body: wire.LogInformation = _body(applied, wire.LogInformation)
    LogEntry.objects.create(
        event=_event(applied),
        uid=body.uid,
        agency=body.agency,
        at=body.at,
        source=body.source,
        information=body.information,
        assessment=body.assessment,
        passed_to=list(body.passed_to),
        passed_at=body.passed_at,
        fixture=body.fixture,
        by_name=_by(applied),
        recorded_at=applied.at,
    )


def assess(applied: Applied) -> None:
    body: wire.Assess = _body(applied, wire.Assess)
    Assessment.objects.create(
        event=_event(applied),
        uid=body.uid,
        fixture=body.fixture,
        agency=body.agency,
        risk=body.risk,
        text=body.text,
        by_name=_by(applied),
        at=applied.at,
    )


def link_alert(applied: Applied) -> None:
    body: wire.LinkAlert = _body(applied, wire.LinkAlert)
    AlertLink.objects.create(
        event=_event(applied), alert=body.alert, agency=body.agency, note=body.note, at=applied.at
    )


def link_knowledge(applied: Applied) -> None:
    body: wire.LinkKnowledge = _body(applied, wire.LinkKnowledge)
    KnowledgeLink.objects.create(event=_event(applied), entry=body.entry, at=applied.at)


def after_action(applied: Applied) -> None:
    body: wire.AfterAction = _body(applied, wire.AfterAction)
    figures = {
        key: value
        for key in ("spectators", "arrests", "incidents")
        if (value := getattr(body, key)) is not None
    }
    AfterAction.objects.create(
        event=_event(applied),
        summary=_texts(body.summary),
        went_well=_texts(body.went_well),
        to_improve=_texts(body.to_improve),
        figures=figures,
        agency=body.agency,
        by_name=_by(applied),
        at=applied.at,
    )


def create_knowledge(applied: Applied) -> None:
    body: wire.CreateKnowledge = _body(applied, wire.CreateKnowledge)
    KnowledgeBase.objects.create(obj=applied.obj, title=body.title, created_at=applied.at)


def add_entry(applied: Applied) -> None:
    body: wire.AddEntry = _body(applied, wire.AddEntry)
    Entry.objects.create(
        base=KnowledgeBase.objects.get(obj=applied.obj),
        uid=body.uid,
        kind=body.kind,
        topics=list(body.topics),
        titles=body.titles.model_dump(),
        texts=body.texts.model_dump(),
        event=body.event,
        event_name=body.event_name,
        agency=body.agency,
        by_name=_by(applied),
        at=applied.at,
    )
