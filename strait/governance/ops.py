"""A governing body as a shared type (``governance.body``): its ops, each with its body, the
right it needs, its check and its effect. Registered with ``strait.sharing`` by
``GovernanceConfig.ready``.

The home is the node whose secretariat created the body, the lead its agency; the co-chairs and
member agencies take part as participants (EDIT: meetings, minutes, recommendations, actions,
evidence, courses, documents); ``members_only=False``: every user of a member agency with the
governance permission sees the body, its meetings and its follow-up.
"""

from __future__ import annotations

from django.urls import reverse

from strait.governance import effects, wire
from strait.governance import validation as v
from strait.sharing.models import SharedObject
from strait.sharing.registry import Op, Right, SharedType, register, shared_type

KIND = "governance.body"

CREATE = "governance.create"
UPDATE_BODY = "governance.update_body"
SCHEDULE_MEETING = "governance.schedule_meeting"
UPDATE_MEETING = "governance.update_meeting"
SET_ATTENDEES = "governance.set_attendees"
SET_AGENDA = "governance.set_agenda"
ADD_DECISION = "governance.add_decision"
WRITE_MINUTES = "governance.write_minutes"
SIGN_MINUTES = "governance.sign_minutes"
ADD_RECOMMENDATION = "governance.add_recommendation"
ADD_ACTION = "governance.add_action"
SET_ACTION_STATUS = "governance.set_action_status"
ADD_EVIDENCE = "governance.add_evidence"
REMOVE_EVIDENCE = "governance.remove_evidence"
ADD_COURSE = "governance.add_course"
UPDATE_COURSE = "governance.update_course"
SET_PARTICIPANTS = "governance.set_participants"
ADD_EVALUATION = "governance.add_evaluation"
ADD_DOCUMENT = "governance.add_document"
DOCUMENT_PART = "governance.document_part"

_E, _M = Right.EDIT, Right.MANAGE

OPS: tuple[Op, ...] = (
    Op(CREATE, wire.CreateBody, _M, apply=effects.create),
    Op(UPDATE_BODY, wire.UpdateBody, _M, apply=effects.update_body, check=v.check_update_body),
    Op(
        SCHEDULE_MEETING,
        wire.ScheduleMeeting,
        _E,
        apply=effects.schedule_meeting,
        check=v.check_schedule_meeting,
    ),
    Op(
        UPDATE_MEETING,
        wire.UpdateMeeting,
        _E,
        apply=effects.update_meeting,
        check=v.check_update_meeting,
    ),
    Op(SET_ATTENDEES, wire.SetAttendees, _E, effects.set_attendees, v.check_in_meeting),
    Op(SET_AGENDA, wire.SetAgenda, _E, effects.set_agenda, v.check_in_meeting),
    Op(ADD_DECISION, wire.AddDecision, _E, effects.add_decision, v.check_add_decision),
    Op(WRITE_MINUTES, wire.WriteMinutes, _E, effects.write_minutes, v.check_write_minutes),
    # ``agency`` is the signer's own: a side signs for itself only.
    Op(
        SIGN_MINUTES,
        wire.SignMinutes,
        _E,
        effects.sign_minutes,
        v.check_sign_minutes,
        own_agency_only=True,
    ),
    Op(
        ADD_RECOMMENDATION,
        wire.AddRecommendation,
        _E,
        effects.add_recommendation,
        v.check_add_recommendation,
    ),
    Op(ADD_ACTION, wire.AddAction, _E, effects.add_action, v.check_add_action),
    Op(
        SET_ACTION_STATUS,
        wire.SetActionStatus,
        _E,
        effects.set_action_status,
        v.check_set_action_status,
    ),
    Op(ADD_EVIDENCE, wire.AddEvidence, _E, effects.add_evidence, v.check_add_evidence),
    Op(REMOVE_EVIDENCE, wire.RemoveEvidence, _E, effects.remove_evidence, v.check_remove_evidence),
    Op(ADD_COURSE, wire.AddCourse, _E, effects.add_course, v.check_add_course),
    Op(UPDATE_COURSE, wire.UpdateCourse, _E, effects.update_course, v.check_update_course),
    Op(
        SET_PARTICIPANTS,
        wire.SetParticipants,
        _E,
        effects.set_participants,
        v.check_set_participants,
    ),
    # An agency evaluates for itself.
    Op(
        ADD_EVALUATION,
        wire.AddEvaluation,
        _E,
        effects.add_evaluation,
        v.check_add_evaluation,
        own_agency_only=True,
    ),
    Op(ADD_DOCUMENT, wire.AddDocument, _E, effects.add_document, v.check_add_document),
    Op(DOCUMENT_PART, wire.DocumentPart, _E, effects.document_part, v.check_document_part),
)


def url(obj: SharedObject) -> str:
    return reverse("governance:body", kwargs={"uid": obj.uid})


BODY = SharedType(KIND, ops=OPS, members_only=False, url=url)


def register_type() -> None:
    if shared_type(KIND) is None:
        register(BODY)
