"""The operations' part of the work queue (``strait.workqueue``): open tasks the user owns, due
within a week or overdue, in the operations they take part in. Registered by
``OperationsConfig.ready``."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from strait.operations import queries
from strait.permissions import Permission
from strait.workqueue.registry import CAP, Item, Level, Source, once, register

if TYPE_CHECKING:
    from strait.accounts.models import User
    from strait.operations.models import Task


def _due(user: User, now: dt.datetime) -> list[Task]:
    today = timezone.localdate(now)
    return once(
        user, "operations.tasks", now, lambda: list(queries.tasks_due_for(user, today)[:CAP])
    )


def _deadline(task: Task) -> dt.datetime | None:
    if task.due_on is None:
        return None
    end = dt.datetime.combine(task.due_on, dt.time(23, 59))
    return timezone.make_aware(end)


def _items(user: User, now: dt.datetime, limit: int) -> list[Item]:
    return [
        Item(
            key=f"operations.task:{task.uid}",
            source="operations.tasks",
            level=Level.URGENT,
            label=_("Task of an operation"),
            title=task.title,
            url=reverse("operations:detail", kwargs={"uid": task.operation.obj.uid}) + "#tasks",
            at=task.at,
            due=_deadline(task),
            party=task.operation.code_name,
        )
        for task in _due(user, now)[:limit]
    ]


register(
    Source(
        code="operations.tasks",
        level=Level.URGENT,
        label=_("Your tasks in joint operations, due within a week"),
        empty=_("No task of yours is due within a week."),
        url="",
        applies=lambda user: user.has_permission(Permission.OPERATIONS_READ),
        items=_items,
        count=lambda user, now: len(_due(user, now)),
    )
)
