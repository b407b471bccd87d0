"""The operations' work-queue source: the user's own open tasks due within a week, or overdue,
in the operations they still take part in; nobody else's."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from strait.operations import actions
from strait.operations.models import Task
from strait.workqueue.queries import queue_for
from tests.operations.conftest import World

pytestmark = pytest.mark.django_db


def _task(world: World, title: str, due: dt.date | None, username: str = "") -> Task:
    actions.add_task(
        world.analyst,
        world.op,
        title=title,
        owner_agency="dev-cgi",
        owner_username=username or world.partner_analyst.username,
        due_on=due,
    )
    return Task.objects.get(title=title)


def _titles(user: object) -> list[str]:
    queue = queue_for(user)  # type: ignore[arg-type]
    return [i.title for i in queue.items if i.source == "operations.tasks"]


def test_the_owners_tasks_due_soon_are_in_their_queue(world: World) -> None:
    today = timezone.localdate()
    _task(world, "Overdue", today - dt.timedelta(days=2))
    _task(world, "Tomorrow", today + dt.timedelta(days=1))
    _task(world, "Next month", today + dt.timedelta(days=30))
    _task(world, "No date", None)
    _task(world, "Someone else's", today, username="someone")
    done = _task(world, "Done", today)
    actions.set_task_status(world.analyst, world.op, done.uid, "done")
    assert _titles(world.partner_analyst) == ["Overdue", "Tomorrow"]
    assert _titles(world.analyst) == []
    item = next(i for i in queue_for(world.partner_analyst).items if i.title == "Tomorrow")
    assert item.url.endswith("#tasks")
    assert item.party == "Operation Cedar"


def test_a_removed_member_no_longer_has_the_tasks(world: World) -> None:
    _task(world, "Tomorrow", timezone.localdate() + dt.timedelta(days=1))
    actions.remove_member(world.analyst, world.op, world.partner, world.partner_analyst.username)
    assert _titles(world.partner_analyst) == []
