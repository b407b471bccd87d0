"""The joint operation as a shared type: its ops, each with its body, the right it needs, its
check and its effect. Registered with ``strait.sharing`` by ``OperationsConfig.ready``."""

from __future__ import annotations

from django.urls import reverse

from strait.markings import HANDLING_ORDER
from strait.operations import effects, validation, wire
from strait.operations.models import OperationEntity
from strait.sharing.models import SharedObject
from strait.sharing.registry import Op, Right, SharedType, register

KIND = "operations.operation"

CREATE = "operations.create"
UPDATE = "operations.update"
SHARE_ENTITY = "operations.share_entity"
WITHDRAW_ENTITY = "operations.withdraw_entity"
ADD_RELATION = "operations.add_relation"
REMOVE_RELATION = "operations.remove_relation"
ADD_TIMELINE = "operations.add_timeline"
ADD_TASK = "operations.add_task"
SET_TASK_STATUS = "operations.set_task_status"
ADD_NOTE = "operations.add_note"
LINK_THREAD = "operations.link_thread"
RECORD_OUTCOME = "operations.record_outcome"
CORRECT_OUTCOME = "operations.correct_outcome"

OPS: tuple[Op, ...] = (
    Op(CREATE, wire.Create, Right.MANAGE, apply=effects.create),
    # Status, dates and purpose are the lead's to change.
    Op(UPDATE, wire.Update, Right.MANAGE, apply=effects.update),
    Op(
        SHARE_ENTITY,
        wire.ShareEntity,
        Right.EDIT,
        apply=effects.share_entity,
        check=validation.check_share_entity,
        own_agency_only=True,
    ),
    Op(
        WITHDRAW_ENTITY,
        wire.WithdrawEntity,
        Right.EDIT,
        apply=effects.withdraw_entity,
        check=validation.check_withdraw_entity,
    ),
    Op(
        ADD_RELATION,
        wire.AddRelation,
        Right.EDIT,
        apply=effects.add_relation,
        check=validation.check_add_relation,
    ),
    Op(
        REMOVE_RELATION,
        wire.RemoveRelation,
        Right.EDIT,
        apply=effects.remove_relation,
        check=validation.check_remove_relation,
    ),
    Op(
        ADD_TIMELINE,
        wire.AddTimeline,
        Right.EDIT,
        apply=effects.add_timeline,
        check=validation.check_add_timeline,
    ),
    Op(ADD_TASK, wire.AddTask, Right.EDIT, apply=effects.add_task, check=validation.check_add_task),
    Op(
        SET_TASK_STATUS,
        wire.SetTaskStatus,
        Right.EDIT,
        apply=effects.set_task_status,
        check=validation.check_set_task_status,
    ),
    Op(ADD_NOTE, wire.AddNote, Right.EDIT, apply=effects.add_note),
    Op(
        LINK_THREAD,
        wire.LinkThread,
        Right.EDIT,
        apply=effects.link_thread,
        check=validation.check_link_thread,
    ),
    Op(
        RECORD_OUTCOME,
        wire.RecordOutcome,
        Right.EDIT,
        apply=effects.record_outcome,
        check=validation.check_record_outcome,
        own_agency_only=True,
    ),
    Op(
        CORRECT_OUTCOME,
        wire.CorrectOutcome,
        Right.EDIT,
        apply=effects.correct_outcome,
        check=validation.check_correct_outcome,
    ),
)


def url(obj: SharedObject) -> str:
    return reverse("operations:detail", kwargs={"uid": obj.uid})


def highest(obj: SharedObject) -> str:
    """The highest handling code of the entities inside (the ceiling may not go below it)."""
    marked = OperationEntity.objects.filter(operation__obj=obj).values_list("handling", flat=True)
    return max(set(marked), key=HANDLING_ORDER.__getitem__, default="H0")


OPERATION = SharedType(KIND, ops=OPS, members_only=True, url=url, highest=highest)


def register_type() -> None:
    register(OPERATION)
