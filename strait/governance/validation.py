"""The ops' checks: what a body refuses, whoever proposes and wherever.

Each runs on the proposer's node (the form shows the refusal at once) and, authoritatively, at
the home before the change is ordered; it reads the local copy only (and, for a signature, the
keys this node holds), so both answer the same. Each raises a ``Refused`` subclass with a clear
message; nothing is written.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from strait.agencies.models import Agency
from strait.governance import codes, minutes, wire
from strait.governance.models import (
    ActionItem,
    Body,
    Course,
    Document,
    Evidence,
    Meeting,
    Recommendation,
)
from strait.refusals import Refused
from strait.sharing import queries as sharing
from strait.sharing.effects import body_of

if TYPE_CHECKING:
    from strait.sharing.registry import Applied


class NotInBody(Refused):
    """What the change names (a meeting, a recommendation, an action…) is not in the body."""

    code = "not_in_body"


class AlreadyInBody(Refused):
    code = "already_in_body"


class BeforeFounded(Refused):
    """A meeting dated before its body was founded."""

    code = "before_founded"


class NotTakingPart(Refused):
    """An owner, co-owner, host or co-chair that is not an agency taking part in the body."""

    code = "not_taking_part"


class NotCoChair(Refused):
    code = "not_co_chair"


class MinutesMissing(Refused):
    """The Arabic and Spanish minutes are written before anyone signs."""

    code = "minutes_missing"


class TextChanged(Refused):
    """The minutes changed since the signer read them (another version, another digest)."""

    code = "text_changed"


class BadSignature(Refused):
    code = "bad_signature"


class AlreadySigned(Refused):
    code = "already_signed"


class NotDelivered(Refused):
    code = "not_delivered"


class PartOutOfOrder(Refused):
    code = "part_out_of_order"


class Unchanged(Refused):
    code = "unchanged"


# The latest "today" anywhere on Earth is 14 hours ahead of UTC.
_AHEAD = dt.timedelta(hours=14)


def governing_body(applied: Applied) -> Body:
    return Body.objects.get(obj=applied.obj)


def _not_found(what: str) -> NotInBody:
    return NotInBody(_("This %(what)s is not in the body.") % {"what": what})


def meeting_in(body: Body, uid: Any) -> Meeting:
    found = Meeting.objects.filter(body=body, uid=uid).first()
    if found is None:
        raise _not_found(_("meeting"))
    return found


def _taking_part(applied: Applied) -> set[str]:
    return {p.agency.code for p in sharing.participants(applied.obj).select_related("agency")}


def _refuse_outsiders(applied: Applied, named: list[tuple[str, str | None]]) -> None:
    taking_part = _taking_part(applied)
    problems = [
        (field, _("This agency does not take part in the body."))
        for field, code in named
        if code and code not in taking_part
    ]
    if problems:
        raise NotTakingPart(
            _("Only the agencies taking part in the body can be named here."), problems=problems
        )


def _after_founding(body: Body, on: dt.date, field: str = "starts_on") -> None:
    if on < body.founded_on:
        raise BeforeFounded(
            _("The meeting is dated before the body was founded (%(founded)s).")
            % {"founded": body.founded_on.isoformat()},
            problems=[(field, _("Before the body was founded."))],
        )


# The body.


def check_update_body(applied: Applied) -> None:
    new: wire.UpdateBody = body_of(applied, wire.UpdateBody)
    body = governing_body(applied)
    if new.code != body.code:
        raise wire_refusal("code", _("A body keeps its code."))
    _refuse_outsiders(applied, [("co_chairs", code) for code in new.co_chairs])
    first = Meeting.objects.filter(body=body).order_by("starts_on").first()
    if first is not None and first.starts_on < new.founded_on:
        raise BeforeFounded(
            _("The body met on %(date)s, before this founding date.")
            % {"date": first.starts_on.isoformat()},
            problems=[("founded_on", _("After the body's first meeting."))],
        )


def wire_refusal(field: str, message: str) -> Refused:
    return Refused(message, code="invalid", problems=[(field, message)])


# Meetings.


def check_schedule_meeting(applied: Applied) -> None:
    new: wire.ScheduleMeeting = body_of(applied, wire.ScheduleMeeting)
    body = governing_body(applied)
    _after_founding(body, new.starts_on)
    if Meeting.objects.filter(uid=new.uid).exists():
        raise AlreadyInBody(_("This meeting is already in the body."))


def check_update_meeting(applied: Applied) -> None:
    new: wire.UpdateMeeting = body_of(applied, wire.UpdateMeeting)
    body = governing_body(applied)
    meeting_in(body, new.meeting)
    _after_founding(body, new.starts_on)


def check_in_meeting(applied: Applied) -> None:
    """Attendees, agenda, minutes: the meeting is the body's."""
    meeting_in(governing_body(applied), applied.body.meeting)  # type: ignore[attr-defined]


def check_write_minutes(applied: Applied) -> None:
    """A write that changes nothing is refused: it would void the signatures for nothing."""
    new: wire.WriteMinutes = body_of(applied, wire.WriteMinutes)
    meeting = meeting_in(governing_body(applied), new.meeting)
    current = meeting.minutes.filter(language=new.language).values_list("text", flat=True).first()
    if (current or "") == new.text:
        raise Unchanged(
            _("The minutes already say this: nothing changes (and the signatures stay valid).")
        )


def check_add_decision(applied: Applied) -> None:
    new: wire.AddDecision = body_of(applied, wire.AddDecision)
    meeting = meeting_in(governing_body(applied), new.meeting)
    if meeting.decisions.filter(uid=new.uid).exists():
        raise AlreadyInBody(_("This decision is already recorded."))


# Minutes.


def check_sign_minutes(applied: Applied) -> None:
    """The signature is over the copy's current text, by a co-chair's node, once per node and
    version, and verifies with that node's key."""
    new: wire.SignMinutes = body_of(applied, wire.SignMinutes)
    body = governing_body(applied)
    meeting = meeting_in(body, new.meeting)
    if new.agency not in body.co_chairs:
        raise NotCoChair(_("Only a co-chair's side signs the minutes."))
    if not Agency.objects.filter(code=new.agency, node_code=new.node).exists() or (
        applied.by_agency.node_code != new.node
    ):
        raise BadSignature(_("The signing node is not the co-chair's."))
    missing = minutes.missing_languages(meeting)
    if missing:
        raise MinutesMissing(
            _("Write the minutes in Arabic and Spanish before signing (missing: %(langs)s).")
            % {"langs": ", ".join(missing)}
        )
    if new.version != meeting.minutes_version or new.digest != minutes.digest(meeting):
        raise TextChanged(
            _("The minutes changed since they were read: read them again, then sign.")
        )
    if not minutes.verifies(
        new.node, new.key_id, new.signature, new.meeting, new.version, new.digest
    ):
        raise BadSignature(_("The signature does not verify with the signing node's key."))
    if meeting.signatures.filter(version=new.version, node=new.node).exists():
        raise AlreadySigned(_("This side already signed this version of the minutes."))


# Recommendations, actions, evidence.


def recommendation_in(body: Body, uid: Any) -> Recommendation:
    found = Recommendation.objects.filter(body=body, uid=uid).first()
    if found is None:
        raise _not_found(_("recommendation"))
    return found


def action_in(body: Body, uid: Any) -> ActionItem:
    found = ActionItem.objects.filter(recommendation__body=body, uid=uid).first()
    if found is None:
        raise _not_found(_("action"))
    return found


def check_add_recommendation(applied: Applied) -> None:
    new: wire.AddRecommendation = body_of(applied, wire.AddRecommendation)
    body = governing_body(applied)
    if new.meeting is not None:
        meeting_in(body, new.meeting)
    if Recommendation.objects.filter(uid=new.uid).exists():
        raise AlreadyInBody(_("This recommendation is already in the body."))


def check_add_action(applied: Applied) -> None:
    new: wire.AddAction = body_of(applied, wire.AddAction)
    recommendation_in(governing_body(applied), new.recommendation)
    _refuse_outsiders(
        applied, [("owner_agency", new.owner_agency), ("co_owner_agency", new.co_owner_agency)]
    )
    if ActionItem.objects.filter(uid=new.uid).exists():
        raise AlreadyInBody(_("This action is already in the body."))


def check_set_action_status(applied: Applied) -> None:
    new: wire.SetActionStatus = body_of(applied, wire.SetActionStatus)
    action_in(governing_body(applied), new.action)
    latest = (applied.at.astimezone(dt.UTC) + _AHEAD).date()
    if new.done_on is not None and new.done_on > latest:
        raise wire_refusal("done_on", _("The date is in the future."))


def check_add_evidence(applied: Applied) -> None:
    new: wire.AddEvidence = body_of(applied, wire.AddEvidence)
    action = action_in(governing_body(applied), new.action)
    if (
        Evidence.objects.filter(uid=new.uid).exists()
        or action.evidence.filter(kind=new.kind, ref=new.ref, removed_at=None).exists()
    ):
        raise AlreadyInBody(_("This evidence is already linked to the action."))


def check_remove_evidence(applied: Applied) -> None:
    new: wire.RemoveEvidence = body_of(applied, wire.RemoveEvidence)
    found = Evidence.objects.filter(
        action__recommendation__body=governing_body(applied), uid=new.evidence, removed_at=None
    ).exists()
    if not found:
        raise _not_found(_("evidence"))


# Training.


def course_in(body: Body, uid: Any) -> Course:
    found = Course.objects.filter(body=body, uid=uid).first()
    if found is None:
        raise _not_found(_("course"))
    return found


def check_add_course(applied: Applied) -> None:
    new: wire.AddCourse = body_of(applied, wire.AddCourse)
    _refuse_outsiders(applied, [("host_agency", new.host_agency)])
    if Course.objects.filter(uid=new.uid).exists():
        raise AlreadyInBody(_("This course is already in the plan."))


def check_update_course(applied: Applied) -> None:
    new: wire.UpdateCourse = body_of(applied, wire.UpdateCourse)
    course_in(governing_body(applied), new.course)
    _refuse_outsiders(applied, [("host_agency", new.host_agency)])


def check_set_participants(applied: Applied) -> None:
    new: wire.SetParticipants = body_of(applied, wire.SetParticipants)
    course_in(governing_body(applied), new.course)
    _refuse_outsiders(applied, [("agency", new.agency)])


def check_add_evaluation(applied: Applied) -> None:
    new: wire.AddEvaluation = body_of(applied, wire.AddEvaluation)
    course = course_in(governing_body(applied), new.course)
    if course.status != codes.CourseStatus.DELIVERED:
        raise NotDelivered(_("A course is evaluated once it has been delivered."))
    if course.evaluations.filter(uid=new.uid).exists():
        raise AlreadyInBody(_("This evaluation is already recorded."))


# Library.


def check_add_document(applied: Applied) -> None:
    new: wire.AddDocument = body_of(applied, wire.AddDocument)
    body = governing_body(applied)
    if (
        new.translation_of is not None
        and not Document.objects.filter(body=body, uid=new.translation_of).exists()
    ):
        raise _not_found(_("document"))
    if Document.objects.filter(uid=new.uid).exists():
        raise AlreadyInBody(_("This document is already in the library."))


def decode_part(data: str) -> bytes:
    try:
        return base64.b64decode(data.encode("ascii"), validate=True)
    except (binascii.Error, ValueError):
        raise wire_refusal("data", _("The part is not base64.")) from None


def check_document_part(applied: Applied) -> None:
    """Parts come in order, each once, each at most ``PART_BYTES``."""
    new: wire.DocumentPart = body_of(applied, wire.DocumentPart)
    document = Document.objects.filter(body=governing_body(applied), uid=new.document).first()
    if document is None and applied.obj.home != sharing.local_node():
        # On the proposer's node, the document's own proposal is still on its way to the
        # home: the home checks this part once it holds the document.
        decode_part(new.data)
        return
    if document is None:
        raise _not_found(_("document"))
    if new.index != document.parts_received or new.index >= document.parts:
        raise PartOutOfOrder(
            _("Part %(index)s of the document is not the one expected (%(expected)s).")
            % {"index": new.index, "expected": document.parts_received}
        )
    if len(decode_part(new.data)) > wire.PART_BYTES:
        raise wire_refusal("data", _("The part is too large."))
