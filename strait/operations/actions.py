"""Every write to a joint operation: each action requires its permission, builds the op's body
(validated by its ``wire`` shape: a bad value is a ``Refused`` naming its field, nothing sent) and
hands it to ``strait.sharing``: ``create`` on this node, the home, or ``propose``, which checks the
agency's role, runs the op's check, and orders the change at once on the home or sends it there
(a pending proposal until the home's change comes back). The rows change only when the change is
applied (``effects.py``), the same way on every node.

Callable from pages, the API and scripts alike: a user and plain values.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pydantic
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from strait.audit.events import AuditAction
from strait.audit.log import record as audit
from strait.markings import HANDLING_ORDER, stricter
from strait.operations import codes, queries, wire
from strait.operations import ops as op_names
from strait.operations.models import Operation
from strait.permissions import Permission, require
from strait.refusals import Refused
from strait.sharing import actions as sharing
from strait.sharing import registry
from strait.sharing.models import ParticipantRole

if TYPE_CHECKING:
    from strait.accounts.models import User
    from strait.agencies.models import Agency


class InvalidInput(Refused):
    """A value the op's body does not take (too long, negative, unknown code…): one problem per
    field, nothing sent."""

    code = "invalid"


class NotYours(Refused):
    """A record or a thread the user's agency does not hold (another agency's, or none): only
    the owner shares its records, and only a reader links a thread."""

    code = "not_yours"


def _problems(exc: pydantic.ValidationError) -> list[tuple[str, str]]:
    problems = []
    for error in exc.errors():
        loc = [str(part) for part in error.get("loc", ()) if not isinstance(part, int)]
        problems.append((loc[0] if loc else "", str(error.get("msg", ""))))
    return problems


def _body(shape: type[wire.Body], **values: Any) -> dict[str, Any]:
    """The op's body as it travels (JSON: dates and decimals as text), or ``InvalidInput``."""
    try:
        body = shape.model_validate(values)
    except pydantic.ValidationError as exc:
        raise InvalidInput(_("Some values are not valid."), problems=_problems(exc)) from None
    return body.model_dump(mode="json")


def _propose(user: User, op: Operation, name: str, body: dict[str, Any]) -> Any:
    require(user, Permission.OPERATIONS_WRITE)
    return sharing.propose(user, op.obj, name, body)


# Reading.


def consult(
    user: User, op: Operation, *, section: str = "", request: HttpRequest | None = None
) -> None:
    """Reading an operation (its names, identifiers and events) is a consultation of personal
    data (LOG-01): one entry per page or API read, naming the operation and the section."""
    require(user, Permission.OPERATIONS_READ)
    audit(
        AuditAction.OPERATION_CONSULTED,
        request=request,
        actor=user,
        target=f"operation:{op.obj.uid}",
        details={"code_name": op.code_name, "section": section or "detail"},
    )


# The operation itself.


def create_operation(
    user: User,
    *,
    code_name: str,
    crime_area: str,
    legal_basis: str,
    purpose: str,
    ceiling: str = "H1",
    participants: Iterable[tuple[Agency, str]] = (),
    status: str = codes.Status.PREPARATION,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
) -> Operation:
    """A new operation with this node as its home and the user's agency as its lead; the other
    agencies take part with their roles (lead, participant, observer)."""
    require(user, Permission.OPERATIONS_CREATE)
    body = _body(
        wire.Create,
        code_name=code_name,
        crime_area=crime_area,
        legal_basis=legal_basis,
        purpose=purpose,
        status=status,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    if ceiling not in HANDLING_ORDER:
        raise InvalidInput(problems=[("ceiling", _("Choose a handling code."))])
    others = [(a, str(ParticipantRole(r))) for a, r in participants if a.pk != user.agency_id]
    obj = sharing.create(
        user,
        op_names.KIND,
        create_op=op_names.CREATE,
        body=body,
        ceiling=ceiling,
        participants=others,
    )
    return Operation.objects.select_related("obj").get(obj=obj)


def update_operation(
    user: User,
    op: Operation,
    *,
    status: str,
    purpose: str,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
) -> Any:
    body = _body(wire.Update, status=status, purpose=purpose, starts_on=starts_on, ends_on=ends_on)
    return _propose(user, op, op_names.UPDATE, body)


# Who takes part (the built-in ops of every shared object).


def add_participant(user: User, op: Operation, agency: Agency, role: str) -> Any:
    require(user, Permission.OPERATIONS_WRITE)
    body = {"agency": agency.code, "role": str(ParticipantRole(role))}
    return sharing.propose(user, op.obj, registry.ADD_PARTICIPANT, body)


def set_role(user: User, op: Operation, agency: Agency, role: str) -> Any:
    """Make a participant an observer or the other way round (the lead)."""
    require(user, Permission.OPERATIONS_WRITE)
    body = {"agency": agency.code, "role": str(role)}
    return sharing.propose(user, op.obj, registry.SET_ROLE, body)


def set_ceiling(user: User, op: Operation, handling: str) -> Any:
    """The highest handling code anything inside may carry (the lead; never below what is
    already inside)."""
    require(user, Permission.OPERATIONS_WRITE)
    if handling not in HANDLING_ORDER:
        raise InvalidInput(problems=[("handling", _("Choose a handling code."))])
    return sharing.propose(user, op.obj, registry.SET_CEILING, {"handling": handling})


def remove_participant(user: User, op: Operation, agency: Agency) -> Any:
    require(user, Permission.OPERATIONS_WRITE)
    return sharing.propose(user, op.obj, registry.REMOVE_PARTICIPANT, {"agency": agency.code})


def add_member(user: User, op: Operation, member: User) -> Any:
    """A user of the proposer's agency (another agency's only for the lead) joins."""
    require(user, Permission.OPERATIONS_WRITE)
    if member.agency is None:
        raise InvalidInput(problems=[("member", _("This user belongs to no agency."))])
    body = {"agency": member.agency.code, "username": member.username, "name": member.full_name}
    return sharing.propose(user, op.obj, registry.ADD_MEMBER, body)


def remove_member(user: User, op: Operation, agency: Agency, username: str) -> Any:
    require(user, Permission.OPERATIONS_WRITE)
    body = {"agency": agency.code, "username": username}
    return sharing.propose(user, op.obj, registry.REMOVE_MEMBER, body)


# Entities: only the owner shares its records, as a snapshot; handling codes only narrow.


def _script(value: str) -> str:
    return value if value in codes.Script.values else str(codes.Script.OTHER)


def snapshot(kind: str, record: Any) -> tuple[str, str, dict[str, Any]]:
    """(label, script, details) of an entities record: what the other participants will read."""
    script = codes.Script.LATIN
    details: dict[str, Any] = {}
    if kind == "person":
        names = list(record.names.all())
        details = {
            "names": [{"text": n.full_name[:300], "script": _script(n.script)} for n in names[:20]],
            "birth_dates": [str(d)[:10] for d in record.birth_dates][:5],
            "nationalities": [
                str(c).upper() for c in record.nationalities if re.fullmatch(r"[A-Za-z]{2}", str(c))
            ][:5],
        }
        label = names[0].full_name if names else str(record.uid)
        script = names[0].script if names else script
    elif kind == "organisation":
        label = record.name
        details = {"names": [{"text": str(a)[:300]} for a in list(record.aliases)[:20]]}
    elif kind == "vessel":
        label = record.name or record.imo or record.mmsi
        details = {
            "identifiers": [
                {"kind": k, "value": v}
                for k, v in (("imo", record.imo), ("mmsi", record.mmsi), ("flag", record.flag))
                if v
            ]
        }
    else:  # phone, vehicle, aircraft, document: the identifier is the label
        label = record.value
        extra = {
            "vehicle": ("make_model", "plate_country", "vin"),
            "aircraft": ("aircraft_type",),
            "document": ("kind", "issuing_country"),
        }.get(kind, ())
        details = {
            "identifiers": [
                {"kind": name, "value": str(getattr(record, name))[:200]}
                for name in extra
                if getattr(record, name, "")
            ]
        }
    if script not in codes.Script.values:
        script = codes.Script.OTHER
    return str(label)[:300], str(script), details


def share_entity(
    user: User, op: Operation, *, kind: str, record: uuid.UUID | str, handling: str = ""
) -> Any:
    """Share one of the agency's own records into the operation, marked with its own handling
    code or a stricter one (never a looser one)."""
    require(user, Permission.OPERATIONS_WRITE)
    require(user, Permission.ENTITIES_READ)
    if kind not in codes.EntityKind.values:
        raise InvalidInput(problems=[("kind", _("Choose a kind of record."))])
    found = queries.own_record(user, kind, record)
    if found is None:
        raise NotYours(_("No record of your agency has this identifier."))
    if handling and handling not in HANDLING_ORDER:
        raise InvalidInput(problems=[("handling", _("Choose a handling code."))])
    marked = stricter(found.handling, handling) if handling else found.handling
    label, script, details = snapshot(kind, found)
    body = _body(
        wire.ShareEntity,
        uid=uuid.uuid4(),
        kind=kind,
        label=label,
        script=script,
        details=details,
        handling=marked,
        agency=user.agency.code if user.agency else "",
        source_ref=str(found.uid),
    )
    with transaction.atomic():
        result = sharing.propose(user, op.obj, op_names.SHARE_ENTITY, body)
        # A disclosure of the record to the operation's participants (LOG-01), under the
        # record's own name so the agency's data-protection officer finds it.
        audit(
            AuditAction.OPERATION_ENTITY_SHARED,
            actor=user,
            target=f"{kind}:{found.uid}",
            details={
                "operation": str(op.obj.uid),
                "entity": body["uid"],
                "handling": marked,
                "participants": [p.agency.code for p in queries.participants(op)],
            },
        )
    return result


def withdraw_entity(user: User, op: Operation, entity: uuid.UUID | str) -> Any:
    return _propose(user, op, op_names.WITHDRAW_ENTITY, _body(wire.WithdrawEntity, entity=entity))


# Relations, timeline, tasks, notes, threads.


def add_relation(
    user: User,
    op: Operation,
    *,
    source: uuid.UUID | str,
    target: uuid.UUID | str,
    kind: str,
    source_text: str = "",
    evaluation: str = "",
    observed_on: dt.date | None = None,
) -> Any:
    body = _body(
        wire.AddRelation,
        uid=uuid.uuid4(),
        source=source,
        target=target,
        kind=kind,
        source_text=source_text,
        evaluation=evaluation,
        observed_on=observed_on,
    )
    return _propose(user, op, op_names.ADD_RELATION, body)


def remove_relation(user: User, op: Operation, relation: uuid.UUID | str) -> Any:
    body = _body(wire.RemoveRelation, relation=relation)
    return _propose(user, op, op_names.REMOVE_RELATION, body)


def add_timeline(
    user: User,
    op: Operation,
    *,
    kind: str,
    at: dt.datetime,
    text: str,
    entities: Iterable[uuid.UUID | str] = (),
) -> Any:
    body = _body(
        wire.AddTimeline, uid=uuid.uuid4(), kind=kind, at=at, text=text, entities=list(entities)
    )
    return _propose(user, op, op_names.ADD_TIMELINE, body)


def add_task(
    user: User,
    op: Operation,
    *,
    title: str,
    owner_agency: str,
    owner_username: str = "",
    due_on: dt.date | None = None,
) -> Any:
    body = _body(
        wire.AddTask,
        uid=uuid.uuid4(),
        title=title,
        owner_agency=owner_agency,
        owner_username=owner_username,
        due_on=due_on,
    )
    return _propose(user, op, op_names.ADD_TASK, body)


def set_task_status(user: User, op: Operation, task: uuid.UUID | str, status: str) -> Any:
    body = _body(wire.SetTaskStatus, task=task, status=status)
    return _propose(user, op, op_names.SET_TASK_STATUS, body)


def add_note(user: User, op: Operation, text: str) -> Any:
    return _propose(user, op, op_names.ADD_NOTE, _body(wire.AddNote, uid=uuid.uuid4(), text=text))


def link_thread(user: User, op: Operation, thread: uuid.UUID | str) -> Any:
    """Attach an exchange thread the user may read (its messages keep their own handling)."""
    require(user, Permission.OPERATIONS_WRITE)
    body = _body(wire.LinkThread, uid=uuid.uuid4(), thread=thread)
    if not queries.readable_thread(user, body["thread"]):
        raise NotYours(_("No thread you may read has this identifier."))
    return _propose(user, op, op_names.LINK_THREAD, body)


# Outcomes: each agency records (and corrects) its own.

FIGURES = (
    "country",
    "kind",
    "on",
    "place",
    "count",
    "crime_category",
    "nationality",
    "seizure_type",
    "drug_type",
    "kilograms",
    "amount_eur",
    "quantity",
)


def _figures(values: dict[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(FIGURES)
    if unknown:
        raise TypeError(f"unknown outcome fields: {sorted(unknown)}")
    figures = {k: (None if v == "" and k != "place" else v) for k, v in values.items()}
    for name in ("kilograms", "amount_eur"):
        if isinstance(figures.get(name), float):
            figures[name] = Decimal(str(figures[name]))
    return figures


def record_outcome(user: User, op: Operation, **figures: Any) -> Any:
    """An outcome on the user's agency's territory: arrests, a seizure, a cell dismantled…"""
    require(user, Permission.OPERATIONS_WRITE)
    agency = user.agency.code if user.agency else ""
    body = _body(wire.RecordOutcome, uid=uuid.uuid4(), agency=agency, **_figures(figures))
    return _propose(user, op, op_names.RECORD_OUTCOME, body)


def correct_outcome(user: User, op: Operation, outcome: uuid.UUID | str, **figures: Any) -> Any:
    body = _body(wire.CorrectOutcome, outcome=outcome, **_figures(figures))
    return _propose(user, op, op_names.CORRECT_OUTCOME, body)
