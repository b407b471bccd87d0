"""The events' two shared types: ``events.event`` (one per event: venues, fixtures, liaison
seats, the cooperation centre's log, assessments, linked alerts and knowledge, the after-action
report) and ``events.knowledge`` (the knowledge base, one per federation). Registered with
``strait.sharing`` by ``EventsConfig.ready``.

``members_only=False``: every user of a participating agency sees the event (a cooperation
centre is read by everyone posted to it). What an agency says for itself (a venue, a liaison
seat, a log entry, an assessment, an entry of the knowledge base) is ``own_agency_only``.
"""

from __future__ import annotations

from django.urls import reverse

from strait.events import effects, validation, wire
from strait.sharing.models import SharedObject
from strait.sharing.registry import Op, Right, SharedType, register

KIND = "events.event"
KNOWLEDGE_KIND = "events.knowledge"

CREATE = "events.create"
ADD_VENUE = "events.add_venue"
ADD_FIXTURE = "events.add_fixture"
SET_RISK = "events.set_risk"
POST_LIAISON = "events.post_liaison"
LOG = "events.log"
ASSESS = "events.assess"
LINK_ALERT = "events.link_alert"
LINK_KNOWLEDGE = "events.link_knowledge"
AFTER_ACTION = "events.after_action"

CREATE_KNOWLEDGE = "events.create_knowledge"
ADD_ENTRY = "events.add_entry"

EVENT_OPS: tuple[Op, ...] = (
    Op(CREATE, wire.CreateEvent, Right.MANAGE, apply=effects.create_event),
    Op(
        ADD_VENUE,
        wire.AddVenue,
        Right.EDIT,
        apply=effects.add_venue,
        check=validation.check_add_venue,
        own_agency_only=True,
    ),
    Op(
        ADD_FIXTURE,
        wire.AddFixture,
        Right.EDIT,
        apply=effects.add_fixture,
        check=validation.check_add_fixture,
    ),
    Op(SET_RISK, wire.SetRisk, Right.EDIT, apply=effects.set_risk, check=validation.check_set_risk),
    Op(
        POST_LIAISON,
        wire.PostLiaison,
        Right.EDIT,
        apply=effects.post_liaison,
        own_agency_only=True,
    ),
    Op(
        LOG,
        wire.LogInformation,
        Right.EDIT,
        apply=effects.log,
        check=validation.check_log,
        own_agency_only=True,
    ),
    Op(
        ASSESS,
        wire.Assess,
        Right.EDIT,
        apply=effects.assess,
        check=validation.check_assess,
        own_agency_only=True,
    ),
    Op(
        LINK_ALERT,
        wire.LinkAlert,
        Right.EDIT,
        apply=effects.link_alert,
        check=validation.check_link_alert,
        own_agency_only=True,
    ),
    Op(
        LINK_KNOWLEDGE,
        wire.LinkKnowledge,
        Right.EDIT,
        apply=effects.link_knowledge,
        check=validation.check_link_knowledge,
    ),
    Op(
        AFTER_ACTION,
        wire.AfterAction,
        Right.MANAGE,
        apply=effects.after_action,
        check=validation.check_after_action,
        own_agency_only=True,
    ),
)

KNOWLEDGE_OPS: tuple[Op, ...] = (
    Op(CREATE_KNOWLEDGE, wire.CreateKnowledge, Right.MANAGE, apply=effects.create_knowledge),
    Op(
        ADD_ENTRY,
        wire.AddEntry,
        Right.EDIT,
        apply=effects.add_entry,
        check=validation.check_add_entry,
        own_agency_only=True,
    ),
)


def event_url(obj: SharedObject) -> str:
    return reverse("events:detail", kwargs={"uid": obj.uid})


def knowledge_url(obj: SharedObject) -> str:
    return reverse("events:knowledge")


EVENT = SharedType(KIND, ops=EVENT_OPS, members_only=False, url=event_url)
KNOWLEDGE = SharedType(KNOWLEDGE_KIND, ops=KNOWLEDGE_OPS, members_only=False, url=knowledge_url)


def register_type() -> None:
    register(EVENT)
    register(KNOWLEDGE)
