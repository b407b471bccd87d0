"""Every write to governance: each action requires its permission, builds the op's body
(validated by its ``wire`` shape: a bad value is a ``Refused`` naming its field, nothing sent)
and hands it to ``strait.sharing``: ``create`` on this node, the home, or ``propose``, ordered at
once on the home or sent there. The rows change only when the change is applied
(``effects.py``), the same way on every node.

Callable from pages, the API, commands and the demo alike: a user and plain values.
"""

from __future__ import annotations

import base64
import datetime as dt
import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import pydantic
from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from strait.audit.events import AuditAction
from strait.audit.log import record as audit
from strait.exchange import attachments
from strait.governance import codes, evidence, minutes, ops, queries, statement, wire
from strait.governance.models import (
    ActionItem,
    Body,
    Course,
    Document,
    Evidence,
    Meeting,
    Recommendation,
)
from strait.permissions import Permission, require
from strait.refusals import NotPermitted, Refused
from strait.sharing import actions as sharing
from strait.sharing import registry
from strait.sharing.models import ParticipantRole

if TYPE_CHECKING:
    from strait.accounts.models import User
    from strait.agencies.models import Agency
    from strait.sharing.models import Change, Proposal


class InvalidInput(Refused):
    """A value the op's body does not take: one problem per field, nothing sent."""

    code = "invalid"


def problems_of(exc: pydantic.ValidationError) -> list[tuple[str, str]]:
    problems = []
    for error in exc.errors():
        loc = [str(part) for part in error.get("loc", ()) if not isinstance(part, int)]
        problems.append((loc[0] if loc else "", str(error.get("msg", ""))))
    return problems


def body_for(shape: type[wire.Body], **values: Any) -> dict[str, Any]:
    """The op's body as it travels (JSON: dates as text), or ``InvalidInput``."""
    try:
        body = shape.model_validate(values)
    except pydantic.ValidationError as exc:
        raise InvalidInput(_("Some values are not valid."), problems=problems_of(exc)) from None
    return body.model_dump(mode="json")


def propose(user: User, body: Body, op: str, values: dict[str, Any]) -> Change | Proposal:
    """A secretariat's change to a body (meetings, minutes, recommendations …)."""
    require(user, Permission.GOVERNANCE_WRITE)
    return sharing.propose(user, body.obj, op, values)


def create_body(
    user: User, *, members: Iterable[Agency] = (), ceiling: str = "H1", **values: Any
) -> Body:
    """A new body with this node as its home and the user's agency as its lead; ``members``
    (the co-chairs' agencies among them) take part as participants. ``values`` are
    ``wire.CreateBody``'s fields."""
    require(user, Permission.GOVERNANCE_WRITE)
    body = body_for(wire.CreateBody, **values)
    others = [(a, str(ParticipantRole.PARTICIPANT)) for a in members if a.pk != user.agency_id]
    obj = sharing.create(
        user, ops.KIND, create_op=ops.CREATE, body=body, ceiling=ceiling, participants=others
    )
    return Body.objects.select_related("obj").get(obj=obj)


# The body.

_BODY_FIELDS = (
    "code",
    "name_ar",
    "name_es",
    "name_fr",
    "name_en",
    "kind",
    "area",
    "parent_uid",
    "co_chairs",
    "mandate",
    "founded_on",
    "cadence",
    "cadence_months",
    "warn_months",
)


def update_body(user: User, body: Body, **values: Any) -> Change | Proposal:
    """Change the body itself (MANAGE: its lead). ``values`` are ``wire.CreateBody``'s fields;
    those not given keep their value (the code always does)."""
    require(user, Permission.GOVERNANCE_WRITE)
    current = {name: getattr(body, name) for name in _BODY_FIELDS}
    merged = current | {k: v for k, v in values.items() if k != "code"}
    if merged["cadence"] != codes.Cadence.MONTHS and "cadence_months" not in values:
        merged["cadence_months"] = None  # stored as 12 for a yearly body
    if merged["cadence"] != current["cadence"] and "warn_months" not in values:
        merged["warn_months"] = None  # the default notice for the new cadence
    return propose(user, body, ops.UPDATE_BODY, body_for(wire.UpdateBody, **merged))


# Member agencies (the built-in ops of every shared object; the lead's secretariat).


class CoChairStays(Refused):
    """A co-chair signs the minutes for its side: it stays a member while it co-chairs."""

    code = "co_chair_stays"


def add_member_agency(user: User, body: Body, agency: Agency) -> Change | Proposal:
    """An agency joins the body (Portugal's police joining the World Cup committee): from the
    change on, its users read the body on its own node, which receives the body's history."""
    require(user, Permission.GOVERNANCE_WRITE)
    values = {"agency": agency.code, "role": str(ParticipantRole.PARTICIPANT)}
    return sharing.propose(user, body.obj, registry.ADD_PARTICIPANT, values)


def remove_member_agency(user: User, body: Body, agency: Agency) -> Change | Proposal:
    """An agency leaves the body: its users lose sight of it at once (what its node already
    received stays there, under its own rules)."""
    require(user, Permission.GOVERNANCE_WRITE)
    if agency.code in body.co_chairs:
        raise CoChairStays(
            _("%(agency)s co-chairs the body: change the co-chairs first.")
            % {"agency": agency.abbreviation or agency.code}
        )
    return sharing.propose(user, body.obj, registry.REMOVE_PARTICIPANT, {"agency": agency.code})


# Meetings.


def _texts(texts: Any) -> Any:
    """Texts given as a dict (or a ``wire.Texts``), only the languages written."""
    if texts is None or isinstance(texts, wire.Texts):
        return texts
    return {k: v for k, v in dict(texts).items() if v}


def schedule_meeting(
    user: User,
    body: Body,
    *,
    starts_on: dt.date,
    place: str,
    ends_on: dt.date | None = None,
    title: dict[str, str] | None = None,
    status: str = codes.MeetingStatus.SCHEDULED,
) -> Change | Proposal:
    """A meeting of the body (also one already held, to record it). Refused before the body
    was founded, or ending before it starts."""
    values = body_for(
        wire.ScheduleMeeting,
        uid=uuid.uuid4(),
        starts_on=starts_on,
        ends_on=ends_on,
        place=place,
        title=_texts(title) or None,
        status=status,
    )
    return propose(user, body, ops.SCHEDULE_MEETING, values)


def update_meeting(
    user: User,
    meeting: Meeting,
    *,
    starts_on: dt.date,
    place: str,
    status: str,
    ends_on: dt.date | None = None,
    title: dict[str, str] | None = None,
) -> Change | Proposal:
    values = body_for(
        wire.UpdateMeeting,
        meeting=meeting.uid,
        starts_on=starts_on,
        ends_on=ends_on,
        place=place,
        title=_texts(title) or None,
        status=status,
    )
    return propose(user, meeting.body, ops.UPDATE_MEETING, values)


def set_attendees(
    user: User, meeting: Meeting, attendees: Iterable[dict[str, Any]]
) -> Change | Proposal:
    """Replace the meeting's attendees: dicts of agency, name, position, head."""
    values = body_for(wire.SetAttendees, meeting=meeting.uid, attendees=list(attendees))
    return propose(user, meeting.body, ops.SET_ATTENDEES, values)


def set_agenda(user: User, meeting: Meeting, items: Iterable[dict[str, str]]) -> Change | Proposal:
    """Replace the meeting's agenda: one texts dict per item, in order."""
    values = body_for(wire.SetAgenda, meeting=meeting.uid, items=[_texts(i) for i in items])
    return propose(user, meeting.body, ops.SET_AGENDA, values)


def add_decision(user: User, meeting: Meeting, texts: dict[str, str]) -> Change | Proposal:
    values = body_for(wire.AddDecision, meeting=meeting.uid, uid=uuid.uuid4(), texts=_texts(texts))
    return propose(user, meeting.body, ops.ADD_DECISION, values)


def write_minutes(user: User, meeting: Meeting, *, language: str, text: str) -> Change | Proposal:
    """One language's minutes: a new version (earlier signatures become void, visibly)."""
    values = body_for(wire.WriteMinutes, meeting=meeting.uid, language=language, text=text)
    return propose(user, meeting.body, ops.WRITE_MINUTES, values)


# Recommendations, actions, evidence.


def add_recommendation(
    user: User,
    body: Body,
    *,
    texts: dict[str, str],
    number: str = "",
    meeting: Meeting | None = None,
) -> Change | Proposal:
    values = body_for(
        wire.AddRecommendation,
        uid=uuid.uuid4(),
        number=number,
        texts=_texts(texts),
        meeting=meeting.uid if meeting is not None else None,
    )
    return propose(user, body, ops.ADD_RECOMMENDATION, values)


class NoOwner(Refused):
    code = "no_owner"


def add_action(
    user: User,
    recommendation: Recommendation,
    *,
    title: dict[str, str],
    owner_agency: str,
    co_owner_agency: str = "",
    deadline: dt.date,
) -> Change | Proposal:
    """An action with its owner agency (required) and a co-owner, both taking part."""
    if not (owner_agency or "").strip():
        raise NoOwner(
            _("An action has an owner agency."),
            problems=[("owner_agency", _("Choose the agency that owns the action."))],
        )
    values = body_for(
        wire.AddAction,
        uid=uuid.uuid4(),
        recommendation=recommendation.uid,
        title=_texts(title),
        owner_agency=owner_agency,
        co_owner_agency=co_owner_agency or None,
        deadline=deadline,
    )
    return propose(user, recommendation.body, ops.ADD_ACTION, values)


def set_action_status(
    user: User,
    action: ActionItem,
    *,
    status: str,
    reason: str = "",
    done_on: dt.date | None = None,
) -> Change | Proposal:
    """Planned, in progress, done (on a date: the change's when not given), dropped (with a
    reason)."""
    values = body_for(
        wire.SetActionStatus, action=action.uid, status=status, reason=reason, done_on=done_on
    )
    return propose(user, action.recommendation.body, ops.SET_ACTION_STATUS, values)


def add_evidence(
    user: User, action: ActionItem, *, kind: str, ref: str, note: str = ""
) -> Change | Proposal:
    """Link what implements the action. First, here: the user sees the target (else
    ``evidence_not_found``, the same whether it exists or not); only the kind and the
    reference travel."""
    require(user, Permission.GOVERNANCE_WRITE)
    normal = evidence.check(user, kind, ref)
    values = body_for(
        wire.AddEvidence, uid=uuid.uuid4(), action=action.uid, kind=kind, ref=normal, note=note
    )
    return propose(user, action.recommendation.body, ops.ADD_EVIDENCE, values)


def remove_evidence(user: User, item: Evidence) -> Change | Proposal:
    values = body_for(wire.RemoveEvidence, evidence=item.uid)
    return propose(user, item.action.recommendation.body, ops.REMOVE_EVIDENCE, values)


# Signing the minutes.


def sign_minutes(user: User, meeting: Meeting) -> Change | Proposal:
    """The user, a chair of a co-chair agency, approves the minutes as they are now: this node
    signs their digest with its key (``minutes.sign``); the op's check (here and at the home)
    refuses a text that changed since, a second signature of this node for this version and a
    signature that does not verify. Audited."""
    require(user, Permission.GOVERNANCE_SIGN)
    body = meeting.body
    version, digest = meeting.minutes_version, minutes.digest(meeting)
    signature, key_id = minutes.sign(meeting.uid, version, digest)
    values = body_for(
        wire.SignMinutes,
        meeting=meeting.uid,
        version=version,
        digest=digest,
        agency=user.agency.code,
        node=settings.NODE.code,
        chair=user.full_name or user.username,
        key_id=key_id,
        signature=signature,
    )
    with transaction.atomic():
        result = sharing.propose(user, body.obj, ops.SIGN_MINUTES, values)
        audit(
            AuditAction.GOVERNANCE_MINUTES_SIGNED,
            actor=user,
            target=f"meeting:{meeting.uid}",
            details={"version": version, "digest": digest, "key_id": key_id},
        )
    return result


# Training.


def add_course(
    user: User,
    body: Body,
    *,
    topic: str,
    title: dict[str, str],
    host_agency: str,
    starts_on: dt.date,
    ends_on: dt.date,
    place: str,
    status: str = codes.CourseStatus.PLANNED,
) -> Change | Proposal:
    values = body_for(
        wire.AddCourse,
        uid=uuid.uuid4(),
        topic=topic,
        title=_texts(title),
        host_agency=host_agency,
        starts_on=starts_on,
        ends_on=ends_on,
        place=place,
        status=status,
    )
    return propose(user, body, ops.ADD_COURSE, values)


_COURSE_FIELDS = ("topic", "title", "host_agency", "starts_on", "ends_on", "place", "status")


def update_course(user: User, course: Course, **values: Any) -> Change | Proposal:
    """Change a course (its status above all: delivered, cancelled); the fields not given keep
    their value."""
    current = {name: getattr(course, name) for name in _COURSE_FIELDS}
    merged = current | values
    merged["title"] = _texts(merged["title"])
    body = body_for(wire.UpdateCourse, course=course.uid, **merged)
    return propose(user, course.body, ops.UPDATE_COURSE, body)


def set_participants(user: User, course: Course, *, agency: str, count: int) -> Change | Proposal:
    values = body_for(wire.SetParticipants, course=course.uid, agency=agency, count=count)
    return propose(user, course.body, ops.SET_PARTICIPANTS, values)


def add_evaluation(
    user: User, course: Course, *, score: int, comment: str = ""
) -> Change | Proposal:
    """An evaluation by the user's own agency (a delivered course; score 1 to 5)."""
    values = body_for(
        wire.AddEvaluation,
        uid=uuid.uuid4(),
        course=course.uid,
        agency=user.agency.code,
        score=score,
        comment=comment,
    )
    return propose(user, course.body, ops.ADD_EVALUATION, values)


# The joint statement.


class NotFullySigned(Refused):
    code = "not_fully_signed"


def publish_statement(user: User, meeting: Meeting, fmt: str = "json") -> bytes:
    """The joint statement of the meeting's approved minutes, as JSON or PDF (the JSON inside):
    refused unless every co-chair's side signed the current version and each signature
    verifies. Audited."""
    require(user, Permission.GOVERNANCE_READ)
    if not (
        user.has_permission(Permission.GOVERNANCE_WRITE)
        or user.has_permission(Permission.GOVERNANCE_SIGN)
    ):
        raise NotPermitted(_("The secretariat or a chair publishes the joint statement."))
    if not queries.bodies(user).filter(pk=meeting.body_id).exists():
        raise NotPermitted(_("You do not take part in this body."))
    if fmt not in ("json", "pdf"):
        raise InvalidInput(problems=[("fmt", _("Choose JSON or PDF."))])
    if not minutes.fully_signed(meeting):
        raise NotFullySigned(
            _("Both sides' chairs sign the current minutes before the statement is published.")
        )
    data = statement.build(meeting)
    language = (translation.get_language() or "es")[:2]
    content = statement.to_json(data) if fmt == "json" else statement.to_pdf(data, language)
    audit(
        AuditAction.GOVERNANCE_STATEMENT_PUBLISHED,
        actor=user,
        target=f"meeting:{meeting.uid}",
        details={"version": data["version"], "digest": data["digest"], "format": fmt},
    )
    return content


# The good-practice library.


class DocumentIncomplete(Refused):
    code = "incomplete"


def add_document(
    user: User,
    body: Body,
    *,
    upload: attachments.Upload,
    area: str,
    title: dict[str, str],
    summary: dict[str, str] | None = None,
    language: str,
    translation_of: Any = None,
) -> Change | Proposal:
    """A document for the library: its bytes sniffed and checked as exchange attachments are
    (type by content, name matching it, at most 5 MB), then one op with its metadata and one op
    per part; each node stores the parts sealed at rest. Audited."""
    require(user, Permission.GOVERNANCE_WRITE)
    content_type = attachments.sniff(upload)
    if len(upload.data) > wire.DOCUMENT_MAX_BYTES:
        raise attachments.InvalidAttachment(_("The document is larger than 5 MB."))
    parts = [
        upload.data[n : n + wire.PART_BYTES] for n in range(0, len(upload.data), wire.PART_BYTES)
    ]
    uid = uuid.uuid4()
    values = body_for(
        wire.AddDocument,
        uid=uid,
        area=area,
        title=_texts(title),
        summary=_texts(summary) or None,
        language=language,
        translation_of=getattr(translation_of, "uid", translation_of),
        filename=attachments.clean_name(upload.filename),
        content_type=content_type,
        size=len(upload.data),
        sha256=attachments.sha256(upload.data),
        parts=len(parts),
    )
    with transaction.atomic():
        result = propose(user, body, ops.ADD_DOCUMENT, values)
        for index, part in enumerate(parts):
            data = base64.b64encode(part).decode("ascii")
            part_body = body_for(wire.DocumentPart, document=uid, index=index, data=data)
            propose(user, body, ops.DOCUMENT_PART, part_body)
        audit(
            AuditAction.GOVERNANCE_DOCUMENT_ADDED,
            actor=user,
            target=f"document:{uid}",
            details={"size": len(upload.data), "parts": len(parts), "type": content_type},
        )
    return result


def read_document(user: User, document: Document) -> bytes:
    """The document's bytes, checked against its digest; refused while parts are still on their
    way. Audited."""
    require(user, Permission.GOVERNANCE_READ)
    if not queries.bodies(user).filter(pk=document.body_id).exists():
        raise DocumentIncomplete(_("This document is not available."), code="not_found")
    if document.parts_received < document.parts:
        raise DocumentIncomplete(
            _("The document is still arriving (%(have)s of %(parts)s parts).")
            % {"have": document.parts_received, "parts": document.parts}
        )
    data = attachments.read(str(document.uid), document.parts, document.sha256)
    audit(
        AuditAction.GOVERNANCE_DOCUMENT_DOWNLOADED,
        actor=user,
        target=f"document:{document.uid}",
        details={"filename": document.filename, "size": document.size},
    )
    return data
