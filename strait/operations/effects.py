"""What each op does to the local copy of an operation: the ONLY writers of the operation's rows.

The same functions run on every node, the home included, in the home's order, so every copy
holds the same rows. They trust the body (validated by its ``wire`` shape) and the order (the
op's check ran at the home before it was ordered): they never refuse, never send, never read
the clock or the user; everything they write comes from the change itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from strait.operations import wire
from strait.operations.models import (
    LinkedThread,
    Note,
    Operation,
    OperationEntity,
    Outcome,
    Relation,
    Task,
    TimelineEntry,
)
from strait.sharing.effects import body_of, by_name, same_names

if TYPE_CHECKING:
    from strait.sharing.registry import Applied


def operation_of(applied: Applied) -> Operation:
    return Operation.objects.get(obj=applied.obj)


def create(applied: Applied) -> None:
    body: wire.Create = body_of(applied, wire.Create)
    Operation.objects.create(
        obj=applied.obj,
        **same_names(
            body,
            "code_name",
            "crime_area",
            "legal_basis",
            "purpose",
            "status",
            "starts_on",
            "ends_on",
        ),
        created_at=applied.at,
    )


def update(applied: Applied) -> None:
    body: wire.Update = body_of(applied, wire.Update)
    Operation.objects.filter(obj=applied.obj).update(
        status=body.status, purpose=body.purpose, starts_on=body.starts_on, ends_on=body.ends_on
    )


def share_entity(applied: Applied) -> None:
    body: wire.ShareEntity = body_of(applied, wire.ShareEntity)
    OperationEntity.objects.create(
        operation=operation_of(applied),
        **same_names(body, "uid", "kind", "label", "script", "handling", "source_ref"),
        details=body.details.model_dump(mode="json"),
        owner_agency=body.agency,
        shared_at=applied.at,
    )


def withdraw_entity(applied: Applied) -> None:
    """The owner takes its record back out: it, its relations and its timeline links go."""
    body: wire.WithdrawEntity = body_of(applied, wire.WithdrawEntity)
    OperationEntity.objects.filter(operation=operation_of(applied), uid=body.entity).delete()


def add_relation(applied: Applied) -> None:
    body: wire.AddRelation = body_of(applied, wire.AddRelation)
    operation = operation_of(applied)
    ends = {e.uid: e for e in operation.entities.filter(uid__in=[body.source, body.target])}
    Relation.objects.create(
        operation=operation,
        **same_names(body, "uid", "kind", "source_text", "evaluation", "observed_on"),
        source=ends[body.source],
        target=ends[body.target],
        by_agency=applied.by_agency.code,
        at=applied.at,
    )


def remove_relation(applied: Applied) -> None:
    body: wire.RemoveRelation = body_of(applied, wire.RemoveRelation)
    Relation.objects.filter(operation=operation_of(applied), uid=body.relation).delete()


def add_timeline(applied: Applied) -> None:
    body: wire.AddTimeline = body_of(applied, wire.AddTimeline)
    operation = operation_of(applied)
    entry = TimelineEntry.objects.create(
        operation=operation,
        **same_names(body, "uid", "kind", "at", "text"),
        by_agency=applied.by_agency.code,
        by_name=by_name(applied),
    )
    if body.entities:
        entry.entities.set(operation.entities.filter(uid__in=body.entities))


def add_task(applied: Applied) -> None:
    body: wire.AddTask = body_of(applied, wire.AddTask)
    Task.objects.create(
        operation=operation_of(applied),
        **same_names(body, "uid", "title", "owner_agency", "owner_username", "due_on"),
        by_agency=applied.by_agency.code,
        at=applied.at,
    )


def set_task_status(applied: Applied) -> None:
    body: wire.SetTaskStatus = body_of(applied, wire.SetTaskStatus)
    Task.objects.filter(operation=operation_of(applied), uid=body.task).update(status=body.status)


def add_note(applied: Applied) -> None:
    body: wire.AddNote = body_of(applied, wire.AddNote)
    Note.objects.create(
        operation=operation_of(applied),
        uid=body.uid,
        text=body.text,
        by_agency=applied.by_agency.code,
        by_name=by_name(applied),
        at=applied.at,
    )


def link_thread(applied: Applied) -> None:
    body: wire.LinkThread = body_of(applied, wire.LinkThread)
    LinkedThread.objects.create(
        operation=operation_of(applied),
        uid=body.uid,
        thread=str(body.thread),
        by_agency=applied.by_agency.code,
        by_name=by_name(applied),
        at=applied.at,
    )


def _figures(body: wire.OutcomeFigures) -> dict[str, Any]:
    return {
        "country": body.country,
        "kind": body.kind,
        "on": body.on,
        "place": body.place,
        "count": body.count,
        "crime_category": body.crime_category or "",
        "nationality": body.nationality or "",
        "seizure_type": body.seizure_type or "",
        "drug_type": body.drug_type or "",
        "kilograms": body.kilograms,
        "amount_eur": body.amount_eur,
        "quantity": body.quantity,
    }


def record_outcome(applied: Applied) -> None:
    body: wire.RecordOutcome = body_of(applied, wire.RecordOutcome)
    Outcome.objects.create(
        operation=operation_of(applied),
        uid=body.uid,
        agency=body.agency,
        by_name=by_name(applied),
        at=applied.at,
        **_figures(body),
    )


def correct_outcome(applied: Applied) -> None:
    body: wire.CorrectOutcome = body_of(applied, wire.CorrectOutcome)
    Outcome.objects.filter(operation=operation_of(applied), uid=body.outcome).update(
        corrected_at=applied.at, **_figures(body)
    )
