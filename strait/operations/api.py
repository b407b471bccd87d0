"""Joint operations in the JSON API (``/api/v1/operations/``): the operations the caller takes
part in, one operation with everything in it, a new one, and each op as a POST.

Thin like the views: each operation declares its permission, reads through ``queries`` (an
operation the caller does not take part in is "not found") and writes through ``actions``; a
refusal answers 400 (403 for a role that does not give the right) in the one ``Error`` shape.
An op answers 201 when this node is the home (applied at once) and 202 when it is a proposal
on its way to the home.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from strait.accounts.api_auth import api_user, requires_token
from strait.accounts.models import User
from strait.agencies.queries import agency_by_code
from strait.api_errors import Error
from strait.operations import actions, queries
from strait.operations import schemas as s
from strait.operations.models import Operation
from strait.permissions import Permission
from strait.refusals import Refused
from strait.sharing.api_results import DONE, done

router = Router(tags=["operations"])

READ = requires_token(Permission.OPERATIONS_READ)
WRITE = requires_token(Permission.OPERATIONS_WRITE)
CREATE = requires_token(Permission.OPERATIONS_CREATE)

# The detail carries the first PAGE entities, relations and events (``counts`` says how many
# there are); the rest a page at a time from their own GET.
PAGE = 200


def operation_out(op: Operation) -> s.OperationOut:
    obj = op.obj
    return s.OperationOut(
        uid=obj.uid,
        code_name=op.code_name,
        crime_area=op.crime_area,
        status=op.status,
        lead=obj.home_agency.code,
        home=obj.home,
        ceiling=obj.ceiling,
        seq=obj.seq,
        digest=obj.digest,
        created_at=op.created_at,
    )


def entity_out(e: Any) -> s.SharedEntityOut:
    return s.SharedEntityOut(
        uid=e.uid,
        kind=e.kind,
        label=e.label,
        script=e.script,
        details=e.details,
        handling=e.handling,
        owner_agency=e.owner_agency,
        shared_at=e.shared_at,
    )


def relation_out(r: Any) -> s.RelationOut:
    return s.RelationOut(
        uid=r.uid,
        source=r.source.uid,
        target=r.target.uid,
        kind=r.kind,
        source_text=r.source_text,
        evaluation=r.evaluation,
        observed_on=r.observed_on,
        by_agency=r.by_agency,
    )


def timeline_out(t: Any) -> s.TimelineOut:
    return s.TimelineOut(
        uid=t.uid,
        kind=t.kind,
        at=t.at,
        text=t.text,
        entities=[e.uid for e in t.entities.all()],
        by_agency=t.by_agency,
        by_name=t.by_name,
    )


def operation_detail(user: User, op: Operation) -> s.OperationDetail:
    big = {
        name: queries.part(user, op, name, size=PAGE)
        for name in ("entities", "relations", "timeline")
    }
    return s.OperationDetail(
        **operation_out(op).model_dump(),
        legal_basis=op.legal_basis,
        purpose=op.purpose,
        starts_on=op.starts_on,
        ends_on=op.ends_on,
        role=queries.role_of(user, op),
        participants=[
            s.ParticipantOut(agency=p.agency.code, node=p.agency.node_code, role=p.role)
            for p in queries.participants(op)
        ],
        members=[
            s.MemberOut(agency=m.agency.code, username=m.username, name=m.name)
            for m in queries.members(op)
        ],
        entities=[entity_out(e) for e in big["entities"].rows],
        relations=[relation_out(r) for r in big["relations"].rows],
        timeline=[timeline_out(t) for t in big["timeline"].rows],
        counts={name: part.count for name, part in big.items()},
        tasks=[
            s.TaskOut(
                uid=t.uid,
                title=t.title,
                owner_agency=t.owner_agency,
                owner_username=t.owner_username,
                due_on=t.due_on,
                status=t.status,
            )
            for t in queries.tasks_of(op)
        ],
        notes=[
            s.NoteOut(uid=n.uid, text=n.text, by_agency=n.by_agency, by_name=n.by_name, at=n.at)
            for n in queries.notes_of(op)
        ],
        threads=[
            s.ThreadOut(
                uid=t.link.uid,
                thread=uuid.UUID(t.link.thread),
                subject=t.subject,
                by_agency=t.link.by_agency,
                at=t.link.at,
            )
            for t in queries.threads_of(user, op)
        ],
        outcomes=[
            s.OutcomeOut(
                uid=o.uid,
                agency=o.agency,
                country=o.country,
                kind=o.kind,
                on=o.on,
                place=o.place,
                count=o.count,
                crime_category=o.crime_category,
                nationality=o.nationality,
                seizure_type=o.seizure_type,
                drug_type=o.drug_type,
                kilograms=o.kilograms,
                amount_eur=o.amount_eur,
                quantity=o.quantity,
                corrected_at=o.corrected_at,
            )
            for o in queries.outcomes_of(op)
        ],
        pending=[
            s.PendingOut(uid=p.uid, op=p.op, created_at=p.created_at)
            for p in op.obj.pending_proposals()
        ],
    )


def _agency(code: str) -> Any:
    found = agency_by_code(code)
    if found is None:
        raise Refused(_("Unknown agency: %(code)s.") % {"code": code}, code="unknown_agency")
    return found


def _page(number: int) -> int:
    return max(1, min(number, 100_000))


def _op(request: HttpRequest, uid: uuid.UUID) -> tuple[User, Operation]:
    user = api_user(request)
    return user, queries.operation(user, uid)


@router.get("", response=list[s.OperationOut], auth=READ, summary="The operations you take part in")
def list_operations(request: HttpRequest) -> list[s.OperationOut]:
    return [operation_out(op) for op in queries.operations_visible_to(api_user(request))]


@router.post(
    "",
    response={201: s.OperationDetail, 400: Error},
    auth=CREATE,
    summary="Open a joint operation, led by your agency, with this node as its home",
)
def create_operation(request: HttpRequest, data: s.OperationIn) -> Status:
    user = api_user(request)
    made = actions.create_operation(
        user,
        code_name=data.code_name,
        crime_area=str(data.crime_area),
        legal_basis=data.legal_basis,
        purpose=data.purpose,
        ceiling=data.ceiling,
        status=str(data.status),
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        participants=[(_agency(p.agency), p.role) for p in data.participants],
    )
    return Status(201, operation_detail(user, queries.operation(user, made.obj.uid)))


@router.get(
    "/{uuid:uid}", response=s.OperationDetail, auth=READ, summary="One operation, all of it"
)
def get_operation(request: HttpRequest, uid: uuid.UUID) -> s.OperationDetail:
    user, op = _op(request, uid)
    actions.consult(user, op, request=request)
    return operation_detail(user, op)


def _section(
    request: HttpRequest, uid: uuid.UUID, section: str, page: int, out: Any
) -> dict[str, Any]:
    """One page of a section, read as an audited consultation (the pages do the same)."""
    user, op = _op(request, uid)
    found = queries.part(user, op, section, number=_page(page), size=PAGE)
    actions.consult(user, op, section=section, request=request)
    return {
        "count": found.count,
        "page": found.number,
        "has_next": found.has_next,
        "items": [out(row) for row in found.rows],
    }


@router.get(
    "/{uuid:uid}/entities",
    response=s.EntitiesPage,
    auth=READ,
    summary="The operation's entities, a page at a time",
)
def operation_entities(request: HttpRequest, uid: uuid.UUID, page: int = 1) -> s.EntitiesPage:
    return s.EntitiesPage(**_section(request, uid, "entities", page, entity_out))


@router.get(
    "/{uuid:uid}/relations",
    response=s.RelationsPage,
    auth=READ,
    summary="The operation's relations, a page at a time",
)
def operation_relations(request: HttpRequest, uid: uuid.UUID, page: int = 1) -> s.RelationsPage:
    return s.RelationsPage(**_section(request, uid, "relations", page, relation_out))


@router.get(
    "/{uuid:uid}/timeline",
    response=s.TimelinePage,
    auth=READ,
    summary="The operation's events, a page at a time",
)
def operation_timeline(request: HttpRequest, uid: uuid.UUID, page: int = 1) -> s.TimelinePage:
    return s.TimelinePage(**_section(request, uid, "timeline", page, timeline_out))


@router.post(
    "/{uuid:uid}/update",
    response=DONE,
    auth=WRITE,
    summary="Change the status, dates or purpose (the lead)",
)
def operation_update(request: HttpRequest, uid: uuid.UUID, data: s.UpdateIn) -> Status:
    user, op = _op(request, uid)
    return done(actions.update_operation(user, op, **data.model_dump()))


@router.post(
    "/{uuid:uid}/entities",
    response=DONE,
    auth=WRITE,
    summary="Share one of your agency's records (its handling code or a stricter one)",
)
def operation_share_entity(request: HttpRequest, uid: uuid.UUID, data: s.ShareIn) -> Status:
    user, op = _op(request, uid)
    result = actions.share_entity(
        user, op, kind=str(data.kind), record=data.record, handling=data.handling
    )
    return done(result)


@router.post(
    "/{uuid:uid}/entities/withdraw",
    response=DONE,
    auth=WRITE,
    summary="Withdraw a record your agency shared",
)
def operation_withdraw_entity(request: HttpRequest, uid: uuid.UUID, data: s.EntityRefIn) -> Status:
    user, op = _op(request, uid)
    return done(actions.withdraw_entity(user, op, data.entity))


@router.post("/{uuid:uid}/relations", response=DONE, auth=WRITE, summary="Relate two entities")
def operation_add_relation(request: HttpRequest, uid: uuid.UUID, data: s.RelationIn) -> Status:
    user, op = _op(request, uid)
    return done(actions.add_relation(user, op, **data.model_dump()))


@router.post("/{uuid:uid}/relations/remove", response=DONE, auth=WRITE, summary="Remove a relation")
def operation_remove_relation(
    request: HttpRequest, uid: uuid.UUID, data: s.RelationRefIn
) -> Status:
    user, op = _op(request, uid)
    return done(actions.remove_relation(user, op, data.relation))


@router.post("/{uuid:uid}/timeline", response=DONE, auth=WRITE, summary="Add an event")
def operation_add_timeline(request: HttpRequest, uid: uuid.UUID, data: s.TimelineIn) -> Status:
    user, op = _op(request, uid)
    return done(actions.add_timeline(user, op, **data.model_dump()))


@router.post("/{uuid:uid}/tasks", response=DONE, auth=WRITE, summary="Add a task")
def operation_add_task(request: HttpRequest, uid: uuid.UUID, data: s.TaskIn) -> Status:
    user, op = _op(request, uid)
    return done(actions.add_task(user, op, **data.model_dump()))


@router.post("/{uuid:uid}/tasks/status", response=DONE, auth=WRITE, summary="Set a task's status")
def operation_set_task_status(request: HttpRequest, uid: uuid.UUID, data: s.TaskStatusIn) -> Status:
    user, op = _op(request, uid)
    return done(actions.set_task_status(user, op, data.task, str(data.status)))


@router.post("/{uuid:uid}/notes", response=DONE, auth=WRITE, summary="Add a note")
def operation_add_note(request: HttpRequest, uid: uuid.UUID, data: s.NoteIn) -> Status:
    user, op = _op(request, uid)
    return done(actions.add_note(user, op, data.text))


@router.post(
    "/{uuid:uid}/threads",
    response=DONE,
    auth=WRITE,
    summary="Attach an exchange thread you may read (its messages keep their handling)",
)
def operation_link_thread(request: HttpRequest, uid: uuid.UUID, data: s.ThreadIn) -> Status:
    user, op = _op(request, uid)
    return done(actions.link_thread(user, op, data.thread))


@router.post(
    "/{uuid:uid}/outcomes",
    response=DONE,
    auth=WRITE,
    summary="Record an outcome on your agency's territory",
)
def operation_record_outcome(request: HttpRequest, uid: uuid.UUID, data: s.OutcomeIn) -> Status:
    user, op = _op(request, uid)
    return done(actions.record_outcome(user, op, **data.model_dump()))


@router.post(
    "/{uuid:uid}/outcomes/correct",
    response=DONE,
    auth=WRITE,
    summary="Correct one of your agency's outcomes",
)
def operation_correct_outcome(
    request: HttpRequest, uid: uuid.UUID, data: s.CorrectOutcomeIn
) -> Status:
    user, op = _op(request, uid)
    figures = data.model_dump()
    outcome = figures.pop("outcome")
    return done(actions.correct_outcome(user, op, outcome, **figures))


@router.post(
    "/{uuid:uid}/participants",
    response=DONE,
    auth=WRITE,
    summary="Add an agency as participant or observer (the lead)",
)
def operation_add_participant(
    request: HttpRequest, uid: uuid.UUID, data: s.ParticipantIn
) -> Status:
    user, op = _op(request, uid)
    return done(actions.add_participant(user, op, _agency(data.agency), data.role))


@router.post(
    "/{uuid:uid}/participants/role",
    response=DONE,
    auth=WRITE,
    summary="Make a participant an observer or the other way round (the lead)",
)
def operation_set_role(request: HttpRequest, uid: uuid.UUID, data: s.ParticipantIn) -> Status:
    user, op = _op(request, uid)
    return done(actions.set_role(user, op, _agency(data.agency), data.role))


@router.post(
    "/{uuid:uid}/ceiling",
    response=DONE,
    auth=WRITE,
    summary="Change the handling code ceiling (the lead; never below what is inside)",
)
def operation_set_ceiling(request: HttpRequest, uid: uuid.UUID, data: s.CeilingIn) -> Status:
    user, op = _op(request, uid)
    return done(actions.set_ceiling(user, op, data.handling))


@router.post(
    "/{uuid:uid}/participants/remove",
    response=DONE,
    auth=WRITE,
    summary="Remove an agency (the lead): its users find the operation gone",
)
def operation_remove_participant(
    request: HttpRequest, uid: uuid.UUID, data: s.AgencyRefIn
) -> Status:
    user, op = _op(request, uid)
    return done(actions.remove_participant(user, op, _agency(data.agency)))


@router.post(
    "/{uuid:uid}/members", response=DONE, auth=WRITE, summary="Add a colleague as a member"
)
def operation_add_member(request: HttpRequest, uid: uuid.UUID, data: s.MemberIn) -> Status:
    user, op = _op(request, uid)
    member = queries.colleagues(user, op).filter(username=data.username).first()
    if member is None:
        raise Refused(
            _("No colleague of yours who may take part has this username."),
            code="unknown_user",
            problems=[("username", _("Unknown, or already a member."))],
        )
    return done(actions.add_member(user, op, member))


@router.post(
    "/{uuid:uid}/members/remove",
    response=DONE,
    auth=WRITE,
    summary="Remove a member: their next request finds the operation gone",
)
def operation_remove_member(request: HttpRequest, uid: uuid.UUID, data: s.MemberRefIn) -> Status:
    user, op = _op(request, uid)
    return done(actions.remove_member(user, op, _agency(data.agency), data.username))
