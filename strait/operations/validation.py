"""The ops' checks: what an operation refuses, whoever proposes and wherever.

Each runs on the proposer's node (the form shows the refusal at once) and, authoritatively, at
the home before the change is ordered; it reads the local copy only, so both answer the same.
Each raises a ``Refused`` subclass with a clear message; nothing is written.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from strait.markings import HANDLING_ORDER
from strait.operations import wire
from strait.operations.models import Operation, OperationEntity, Outcome
from strait.refusals import Refused
from strait.sharing import queries as sharing
from strait.sharing.effects import body_of
from strait.sharing.refusals import AboveCeiling

if TYPE_CHECKING:
    from strait.sharing.registry import Applied


class NotInOperation(Refused):
    """What the change names (an entity, a relation, a task, an outcome) is not in the
    operation."""

    code = "not_in_operation"


class NotOwnAgency(Refused):
    """An agency shares, withdraws, records and corrects only what is its own."""

    code = "not_own_agency"


class InvalidOutcome(Refused):
    code = "invalid_outcome"


class AlreadyInOperation(Refused):
    code = "already_in_operation"


# The latest "today" anywhere on Earth is 14 hours ahead of UTC: a date after it is in the future
# wherever the recording agency is.
_AHEAD = dt.timedelta(hours=14)


def _operation(applied: Applied) -> Operation:
    return Operation.objects.get(obj=applied.obj)


def _entity(operation: Operation, uid: Any) -> OperationEntity:
    found = operation.entities.filter(uid=uid).first()
    if found is None:
        raise NotInOperation(_("This entity is not in the operation."))
    return found


def check_share_entity(applied: Applied) -> None:
    body: wire.ShareEntity = body_of(applied, wire.ShareEntity)
    if body.agency != applied.by_agency.code:
        raise NotOwnAgency(_("Only the agency that holds a record shares it into an operation."))
    ceiling = applied.obj.ceiling
    if HANDLING_ORDER[body.handling] > HANDLING_ORDER[ceiling]:
        raise AboveCeiling(
            _(
                "This record is marked %(handling)s, above the operation's ceiling %(ceiling)s: "
                "it cannot be shared into it."
            )
            % {"handling": body.handling, "ceiling": ceiling},
            problems=[("handling", _("Above the operation's ceiling (%s).") % ceiling)],
        )
    operation = _operation(applied)
    if operation.entities.filter(uid=body.uid).exists() or (
        body.source_ref
        and operation.entities.filter(owner_agency=body.agency, source_ref=body.source_ref).exists()
    ):
        raise AlreadyInOperation(_("This record is already in the operation."))


def check_withdraw_entity(applied: Applied) -> None:
    body: wire.WithdrawEntity = body_of(applied, wire.WithdrawEntity)
    entity = _entity(_operation(applied), body.entity)
    if entity.owner_agency != applied.by_agency.code:
        raise NotOwnAgency(_("Only the agency that shared a record withdraws it."))


def check_add_relation(applied: Applied) -> None:
    body: wire.AddRelation = body_of(applied, wire.AddRelation)
    operation = _operation(applied)
    found = set(
        operation.entities.filter(uid__in=[body.source, body.target]).values_list("uid", flat=True)
    )
    missing = [
        (name, _("This entity is not in the operation."))
        for name, uid in (("source", body.source), ("target", body.target))
        if uid not in found
    ]
    if missing:
        raise NotInOperation(
            _("A relation joins two entities of the operation; one of them is not in it."),
            problems=missing,
        )
    if operation.relations.filter(uid=body.uid).exists():
        raise AlreadyInOperation(_("This relation is already in the operation."))


def check_remove_relation(applied: Applied) -> None:
    body: wire.RemoveRelation = body_of(applied, wire.RemoveRelation)
    if not _operation(applied).relations.filter(uid=body.relation).exists():
        raise NotInOperation(_("This relation is not in the operation."))


def check_add_timeline(applied: Applied) -> None:
    body: wire.AddTimeline = body_of(applied, wire.AddTimeline)
    operation = _operation(applied)
    found = set(operation.entities.filter(uid__in=body.entities).values_list("uid", flat=True))
    if set(body.entities) - found:
        raise NotInOperation(
            _("An event names only entities of the operation."),
            problems=[("entities", _("One of these entities is not in the operation."))],
        )


def check_add_task(applied: Applied) -> None:
    body: wire.AddTask = body_of(applied, wire.AddTask)
    codes = {p.agency.code for p in sharing.participants(applied.obj)}
    if body.owner_agency not in codes:
        raise NotInOperation(
            _("A task is owned by an agency taking part in the operation."),
            problems=[("owner_agency", _("This agency does not take part."))],
        )


def check_set_task_status(applied: Applied) -> None:
    body: wire.SetTaskStatus = body_of(applied, wire.SetTaskStatus)
    if not _operation(applied).tasks.filter(uid=body.task).exists():
        raise NotInOperation(_("This task is not in the operation."))


def check_link_thread(applied: Applied) -> None:
    body: wire.LinkThread = body_of(applied, wire.LinkThread)
    if _operation(applied).threads.filter(thread=str(body.thread)).exists():
        raise AlreadyInOperation(_("This thread already belongs to the operation."))


def _check_figures(applied: Applied, body: wire.OutcomeFigures) -> None:
    """Nothing negative (the wire shape refuses it too, before any check), and no date after
    today anywhere."""
    problems = []
    latest = (applied.at.astimezone(dt.UTC) + _AHEAD).date()
    if body.on > latest:
        problems.append(("on", _("The date is in the future.")))
    for name in ("count", "kilograms", "amount_eur", "quantity"):
        value = getattr(body, name)
        if value is not None and value < 0:
            problems.append((name, _("Cannot be negative.")))
    if problems:
        raise InvalidOutcome(problems=problems)


def check_record_outcome(applied: Applied) -> None:
    body: wire.RecordOutcome = body_of(applied, wire.RecordOutcome)
    if body.agency != applied.by_agency.code:
        raise NotOwnAgency(_("Each agency records the outcomes on its own territory only."))
    _check_figures(applied, body)
    if _operation(applied).outcomes.filter(uid=body.uid).exists():
        raise AlreadyInOperation(_("This outcome is already recorded."))


def check_correct_outcome(applied: Applied) -> None:
    body: wire.CorrectOutcome = body_of(applied, wire.CorrectOutcome)
    outcome: Outcome | None = _operation(applied).outcomes.filter(uid=body.outcome).first()
    if outcome is None:
        raise NotInOperation(_("This outcome is not in the operation."))
    if outcome.agency != applied.by_agency.code:
        raise NotOwnAgency(_("Each agency corrects its own outcomes only."))
    _check_figures(applied, body)
