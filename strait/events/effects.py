"""What each op does to the local copy of an event or of the knowledge base: the ONLY writers
of their rows.

The same functions run on every node, the home included, in the home's order, so every copy
holds the same rows. They trust the body (validated by its ``wire`` shape) and the order (the
op's check ran at the home): they never refuse, never send, never read the clock or the user.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

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
from strait.sharing.effects import body_of, by_name, same_names

if TYPE_CHECKING:
    from strait.sharing.registry import Applied


def _event(applied: Applied) -> Event:
    return Event.objects.get(obj=applied.obj)


def _texts(texts: wire.Texts | None) -> dict[str, str]:
    return texts.model_dump() if texts is not None else {}


def create_event(applied: Applied) -> None:
    body: wire.CreateEvent = body_of(applied, wire.CreateEvent)
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
    body: wire.AddVenue = body_of(applied, wire.AddVenue)
    Venue.objects.create(
        event=_event(applied),
        **same_names(body, "uid", "code", "kind", "city", "country", "capacity", "agency"),
        names=body.names.model_dump(),
        lat=float(body.lat),
        lon=float(body.lon),
    )


def add_fixture(applied: Applied) -> None:
    body: wire.AddFixture = body_of(applied, wire.AddFixture)
    Fixture.objects.create(
        event=_event(applied),
        **same_names(body, "uid", "home_team", "away_team", "venue", "kick_off", "risk", "reason"),
        risk_set_by=by_name(applied),
        risk_set_at=applied.at,
    )


def set_risk(applied: Applied) -> None:
    body: wire.SetRisk = body_of(applied, wire.SetRisk)
    Fixture.objects.filter(event__obj=applied.obj, uid=body.fixture).update(
        risk=body.risk, reason=body.reason, risk_set_by=by_name(applied), risk_set_at=applied.at
    )


def post_liaison(applied: Applied) -> None:
    body: wire.PostLiaison = body_of(applied, wire.PostLiaison)
    Liaison.objects.create(
        event=_event(applied),
        **same_names(body, "uid", "agency", "name", "seat", "starts", "ends"),
        country=applied.by_agency.country.code,
    )


def log(applied: Applied) -> None:
    body: wire.LogInformation = body_of(applied, wire.LogInformation)
    LogEntry.objects.create(
        event=_event(applied),
        **same_names(body, "uid", "agency", "at", "source", "information", "assessment"),
        passed_to=list(body.passed_to),
        passed_at=body.passed_at,
        fixture=body.fixture,
        by_name=by_name(applied),
        recorded_at=applied.at,
    )


def assess(applied: Applied) -> None:
    body: wire.Assess = body_of(applied, wire.Assess)
    Assessment.objects.create(
        event=_event(applied),
        **same_names(body, "uid", "fixture", "agency", "risk", "text"),
        by_name=by_name(applied),
        at=applied.at,
    )


def link_alert(applied: Applied) -> None:
    body: wire.LinkAlert = body_of(applied, wire.LinkAlert)
    AlertLink.objects.create(
        event=_event(applied), alert=body.alert, agency=body.agency, note=body.note, at=applied.at
    )


def link_knowledge(applied: Applied) -> None:
    body: wire.LinkKnowledge = body_of(applied, wire.LinkKnowledge)
    KnowledgeLink.objects.create(event=_event(applied), entry=body.entry, at=applied.at)


def after_action(applied: Applied) -> None:
    body: wire.AfterAction = body_of(applied, wire.AfterAction)
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
        by_name=by_name(applied),
        at=applied.at,
    )


def create_knowledge(applied: Applied) -> None:
    body: wire.CreateKnowledge = body_of(applied, wire.CreateKnowledge)
    KnowledgeBase.objects.create(obj=applied.obj, title=body.title, created_at=applied.at)


def add_entry(applied: Applied) -> None:
    body: wire.AddEntry = body_of(applied, wire.AddEntry)
    Entry.objects.create(
        base=KnowledgeBase.objects.get(obj=applied.obj),
        **same_names(body, "uid", "kind", "event", "event_name", "agency"),
        topics=list(body.topics),
        titles=body.titles.model_dump(),
        texts=body.texts.model_dump(),
        by_name=by_name(applied),
        at=applied.at,
    )
