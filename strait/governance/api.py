"""Governance in the JSON API (``/api/v1/governance/``). Thin like the views: each operation
declares its permission, reads through ``queries`` and writes through ``actions``; an op answers
201 when this node is the body's home, 202 when it is a proposal on its way there (a refusal
400, a role that does not give the right 403, another agency's body or anything in it 404)."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Status

from strait.accounts.api_auth import api_user, requires_token
from strait.accounts.models import User
from strait.agencies.queries import agency_by_code
from strait.api_errors import Error
from strait.governance import actions, codes, evidence, minutes, queries
from strait.governance import schemas as s
from strait.governance.models import ActionItem, Body, Meeting, Recommendation
from strait.permissions import Permission
from strait.refusals import Refused
from strait.sharing import queries as sharing_queries
from strait.sharing.api_results import DONE_WITH_UID as DONE
from strait.sharing.api_results import done_with_uid

router = Router(tags=["governance"])

READ = requires_token(Permission.GOVERNANCE_READ)
WRITE = requires_token(Permission.GOVERNANCE_WRITE)
SIGN = requires_token(Permission.GOVERNANCE_SIGN)


def meeting_out(m: Meeting) -> dict[str, Any]:
    return {
        "uid": m.uid,
        "body": m.body.obj.uid,
        "title": m.title or {},
        "starts_on": m.starts_on,
        "ends_on": m.ends_on,
        "place": m.place,
        "status": m.status,
        "minutes_version": m.minutes_version,
    }


def recommendation_out(r: Recommendation) -> dict[str, Any]:
    return {
        "uid": r.uid,
        "body": r.body.obj.uid,
        "meeting": r.meeting.uid if r.meeting else None,
        "number": r.number,
        "texts": r.texts,
        "by_agency": r.by_agency,
    }


def action_out(user: User, a: ActionItem) -> s.ActionOut:
    today = timezone.localdate()
    open_ = a.status not in (codes.ActionStatus.DONE, codes.ActionStatus.DROPPED)
    linked = []
    for ev in a.evidence.all():
        if ev.removed_at is not None:
            continue
        target = evidence.resolve(user, ev)
        linked.append(
            s.EvidenceOut(
                uid=ev.uid,
                kind=ev.kind,
                # A reader who cannot see the target learns its kind, never its reference.
                ref=ev.ref if target.visible else "",
                note=ev.note,
                by_agency=ev.by_agency,
                added_at=ev.added_at,
                label=target.label,
                visible=target.visible,
            )
        )
    return s.ActionOut(
        uid=a.uid,
        recommendation=a.recommendation.uid,
        title=a.title,
        owner_agency=a.owner_agency,
        co_owner_agency=a.co_owner_agency,
        deadline=a.deadline,
        status=a.status,
        drop_reason=a.drop_reason,
        done_on=a.done_on,
        days_late=(today - a.deadline).days if open_ and a.deadline < today else 0,
        evidence=linked,
    )


def body_detail(user: User, b: Body) -> s.BodyDetail:
    parent = queries.parent(user, b)
    return s.BodyDetail(
        **s.BodyOut.of(b).model_dump(),
        mandate=b.mandate,
        status=b.status,
        warn_months=b.warn_months,
        members=[
            p.agency.code for p in sharing_queries.participants(b.obj).select_related("agency")
        ],
        parent=s.ParentOut(uid=parent.obj.uid, name=parent.name) if parent else None,
        children=[s.ParentOut(uid=c.obj.uid, name=c.name) for c in queries.children(user, b)],
        meetings=[s.MeetingOut(**meeting_out(m)) for m in b.meetings.select_related("body__obj")],
        recommendations=[
            s.RecommendationOut(**recommendation_out(r))
            for r in b.recommendations.select_related("body__obj", "meeting")
        ],
    )


def _texts(given: dict[Any, str]) -> dict[str, str]:
    return {str(language): text for language, text in given.items()}


def _agencies(wanted: set[str]) -> list[Any]:
    found = []
    for code in sorted(wanted):
        agency = agency_by_code(code)
        if agency is None:
            raise Refused(_("Unknown agency: %(code)s.") % {"code": code}, code="unknown_agency")
        found.append(agency)
    return found


def _body(request: HttpRequest, uid: uuid.UUID) -> tuple[User, Body]:
    user = api_user(request)
    return user, queries.body(user, uid)


def _meeting(request: HttpRequest, uid: uuid.UUID) -> tuple[User, Meeting]:
    user = api_user(request)
    return user, queries.meeting(user, uid)


def _recommendation(request: HttpRequest, uid: uuid.UUID) -> tuple[User, Recommendation]:
    user = api_user(request)
    return user, queries.recommendation(user, uid)


def _action(request: HttpRequest, uid: uuid.UUID) -> tuple[User, ActionItem]:
    user = api_user(request)
    return user, queries.action_item(user, uid)


# Bodies.


@router.get(
    "/bodies/", response=list[s.BodyOut], auth=READ, summary="The bodies your agency takes part in"
)
def governance_bodies(request: HttpRequest) -> list[s.BodyOut]:
    return [s.BodyOut.of(b) for b in queries.bodies(api_user(request))]


@router.post(
    "/bodies/",
    response={201: s.BodyDetail, 400: Error, 403: Error},
    auth=WRITE,
    summary="Create a body led by your agency, with this node as its home",
)
def governance_create_body(request: HttpRequest, data: s.BodyIn) -> Status:
    user = api_user(request)
    values = data.model_dump()
    codes_ = set(values.pop("members")) | set(data.co_chairs)
    made = actions.create_body(user, members=_agencies(codes_), **values)
    return Status(201, body_detail(user, queries.body(user, made.obj.uid)))


@router.get("/bodies/{uuid:uid}", response=s.BodyDetail, auth=READ, summary="One body")
def governance_body(request: HttpRequest, uid: uuid.UUID) -> s.BodyDetail:
    user, found = _body(request, uid)
    return body_detail(user, found)


@router.post(
    "/bodies/{uuid:uid}/update",
    response=DONE,
    auth=WRITE,
    summary="Change the body (its lead): the fields given",
)
def governance_update_body(request: HttpRequest, uid: uuid.UUID, data: s.BodyUpdateIn) -> Status:
    user, found = _body(request, uid)
    return done_with_uid(actions.update_body(user, found, **data.model_dump(exclude_unset=True)))


@router.get(
    "/bodies/{uuid:uid}/meetings",
    response=list[s.MeetingOut],
    auth=READ,
    summary="The body's meetings, newest first",
)
def governance_meetings(request: HttpRequest, uid: uuid.UUID) -> list[s.MeetingOut]:
    _who, found = _body(request, uid)
    return [s.MeetingOut(**meeting_out(m)) for m in found.meetings.select_related("body__obj")]


@router.post(
    "/bodies/{uuid:uid}/meetings",
    response=DONE,
    auth=WRITE,
    summary="Schedule a meeting (or record one held)",
)
def governance_schedule_meeting(request: HttpRequest, uid: uuid.UUID, data: s.MeetingIn) -> Status:
    user, found = _body(request, uid)
    return done_with_uid(actions.schedule_meeting(user, found, **data.model_dump()))


@router.get(
    "/bodies/{uuid:uid}/recommendations",
    response=list[s.RecommendationOut],
    auth=READ,
    summary="The body's recommendations",
)
def governance_recommendations(request: HttpRequest, uid: uuid.UUID) -> list[s.RecommendationOut]:
    _who, found = _body(request, uid)
    rows = found.recommendations.select_related("body__obj", "meeting")
    return [s.RecommendationOut(**recommendation_out(r)) for r in rows]


@router.post(
    "/bodies/{uuid:uid}/recommendations",
    response=DONE,
    auth=WRITE,
    summary="Record a recommendation (of one of the body's meetings, if given)",
)
def governance_add_recommendation(
    request: HttpRequest, uid: uuid.UUID, data: s.RecommendationIn
) -> Status:
    user, found = _body(request, uid)
    source = queries.meeting(user, data.meeting) if data.meeting else None
    if source is not None and source.body_id != found.pk:
        raise Refused(
            _("The meeting is not one of this body's."),
            code="invalid",
            problems=[("meeting", _("Choose one of the body's meetings."))],
        )
    result = actions.add_recommendation(
        user, found, texts=_texts(data.texts), number=data.number, meeting=source
    )
    return done_with_uid(result)


# Meetings.


@router.get(
    "/meetings/{uuid:uid}",
    response=s.MeetingDetail,
    auth=READ,
    summary="One meeting: attendees, agenda, decisions, minutes and signatures",
)
def governance_meeting(request: HttpRequest, uid: uuid.UUID) -> s.MeetingDetail:
    _who, found = _meeting(request, uid)
    return s.MeetingDetail(
        **meeting_out(found),
        attendees=[
            s.AttendeeOut(agency=a.agency, name=a.name, position=a.position, head=a.head)
            for a in found.attendees.all()
        ],
        agenda=[item.texts for item in found.agenda.all()],
        decisions=[d.texts for d in found.decisions.all()],
        minutes={m.language: m.text for m in found.minutes.all()},
        digest=minutes.digest(found),
        signatures=[
            s.SignatureOut(
                version=sig.version,
                digest=sig.digest,
                agency=sig.agency,
                node=sig.node,
                chair=sig.chair,
                key_id=sig.key_id,
                signature=sig.signature,
                signed_at=sig.signed_at,
                valid=valid,
                void=void,
            )
            for sig, valid, void in minutes.signatures(found)
        ],
        fully_signed=minutes.fully_signed(found),
    )


@router.post("/meetings/{uuid:uid}/update", response=DONE, auth=WRITE, summary="Change a meeting")
def governance_update_meeting(request: HttpRequest, uid: uuid.UUID, data: s.MeetingIn) -> Status:
    user, found = _meeting(request, uid)
    return done_with_uid(actions.update_meeting(user, found, **data.model_dump()))


@router.post(
    "/meetings/{uuid:uid}/attendees",
    response=DONE,
    auth=WRITE,
    summary="Replace the meeting's attendees",
)
def governance_set_attendees(request: HttpRequest, uid: uuid.UUID, data: s.AttendeesIn) -> Status:
    user, found = _meeting(request, uid)
    return done_with_uid(
        actions.set_attendees(user, found, [a.model_dump() for a in data.attendees])
    )


@router.post("/meetings/{uuid:uid}/agenda", response=DONE, auth=WRITE, summary="Replace the agenda")
def governance_set_agenda(request: HttpRequest, uid: uuid.UUID, data: s.AgendaIn) -> Status:
    user, found = _meeting(request, uid)
    return done_with_uid(actions.set_agenda(user, found, [_texts(item) for item in data.items]))


@router.post(
    "/meetings/{uuid:uid}/decisions", response=DONE, auth=WRITE, summary="Record a decision"
)
def governance_add_decision(
    request: HttpRequest, uid: uuid.UUID, data: s.MeetingDecisionIn
) -> Status:
    user, found = _meeting(request, uid)
    return done_with_uid(actions.add_decision(user, found, _texts(data.texts)))


@router.post(
    "/meetings/{uuid:uid}/minutes",
    response=DONE,
    auth=WRITE,
    summary="Write the minutes in one language (a new version: earlier signatures become void)",
)
def governance_write_minutes(request: HttpRequest, uid: uuid.UUID, data: s.MinutesIn) -> Status:
    user, found = _meeting(request, uid)
    return done_with_uid(actions.write_minutes(user, found, language=data.language, text=data.text))


@router.post(
    "/meetings/{uuid:uid}/sign",
    response=DONE,
    auth=SIGN,
    summary="Sign the current version of the minutes with this node's key (a co-chair's chair)",
)
def governance_sign_minutes(request: HttpRequest, uid: uuid.UUID) -> Status:
    user, found = _meeting(request, uid)
    return done_with_uid(actions.sign_minutes(user, found))


@router.post(
    "/meetings/{uuid:uid}/statement",
    response={200: None, 400: Error, 403: Error},
    auth=READ,
    summary="Publish the joint statement of fully signed minutes (JSON, or a PDF carrying it)",
    openapi_extra={
        "responses": {
            200: {
                "description": "The statement file",
                "content": {"application/json": {}, "application/pdf": {}},
            }
        }
    },
)
def governance_publish_statement(
    request: HttpRequest, uid: uuid.UUID, data: s.StatementIn
) -> HttpResponse:
    user, found = _meeting(request, uid)
    content = actions.publish_statement(user, found, data.fmt)
    kind = "application/pdf" if data.fmt == "pdf" else "application/json"
    response = HttpResponse(content, content_type=kind)
    name = f"strait-statement-{found.uid}-v{found.minutes_version}.{data.fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# Recommendations, actions, evidence.


@router.get(
    "/recommendations/{uuid:uid}",
    response=s.RecommendationDetail,
    auth=READ,
    summary="One recommendation with its actions and their evidence (as you can see it)",
)
def governance_recommendation(request: HttpRequest, uid: uuid.UUID) -> s.RecommendationDetail:
    user, found = _recommendation(request, uid)
    items = found.actions.select_related("recommendation").prefetch_related("evidence")
    return s.RecommendationDetail(
        **recommendation_out(found), actions=[action_out(user, a) for a in items]
    )


@router.post(
    "/recommendations/{uuid:uid}/actions",
    response=DONE,
    auth=WRITE,
    summary="Add an action (an owner agency is required)",
)
def governance_add_action(request: HttpRequest, uid: uuid.UUID, data: s.ActionIn) -> Status:
    user, found = _recommendation(request, uid)
    result = actions.add_action(
        user,
        found,
        title=_texts(data.title),
        owner_agency=data.owner_agency,
        co_owner_agency=data.co_owner_agency,
        deadline=data.deadline,
    )
    return done_with_uid(result)


@router.get(
    "/actions/{uuid:uid}",
    response=s.ActionOut,
    auth=READ,
    summary="One action with its evidence (as you can see it)",
)
def governance_action(request: HttpRequest, uid: uuid.UUID) -> s.ActionOut:
    user, found = _action(request, uid)
    return action_out(user, found)


@router.post(
    "/actions/{uuid:uid}/status",
    response=DONE,
    auth=WRITE,
    summary="Set the action's status (dropped needs a reason)",
)
def governance_set_action_status(
    request: HttpRequest, uid: uuid.UUID, data: s.ActionStatusIn
) -> Status:
    user, found = _action(request, uid)
    return done_with_uid(actions.set_action_status(user, found, **data.model_dump()))


@router.post(
    "/actions/{uuid:uid}/evidence",
    response=DONE,
    auth=WRITE,
    summary="Link evidence: something you can see that implements the action",
)
def governance_add_evidence(request: HttpRequest, uid: uuid.UUID, data: s.EvidenceIn) -> Status:
    user, found = _action(request, uid)
    return done_with_uid(actions.add_evidence(user, found, **data.model_dump()))


@router.post(
    "/evidence/{uuid:uid}/remove", response=DONE, auth=WRITE, summary="Remove a link of evidence"
)
def governance_remove_evidence(request: HttpRequest, uid: uuid.UUID) -> Status:
    user = api_user(request)
    return done_with_uid(actions.remove_evidence(user, queries.evidence_item(user, uid)))
