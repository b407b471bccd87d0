"""Every read of joint operations, scoped to the user through ``strait.sharing``: an operation is
visible only to an active member of an active participant agency (or a supervisor of one).
Another agency's operation, and a removed member's or removed agency's very next request, are
"not found" (AC-03)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from strait.accounts.models import User
from strait.entities import queries as entities
from strait.exchange import queries as exchange
from strait.operations import codes
from strait.operations.models import (
    LinkedThread,
    Operation,
    OperationEntity,
    Outcome,
    Task,
)
from strait.operations.ops import KIND
from strait.permissions import ROLE_PERMISSIONS, Permission
from strait.sharing import queries as sharing

# Of each kind of the agency's records, this many newest are offered to share.
SHAREABLE = 100


def operations_visible_to(user: User) -> QuerySet[Operation]:
    if not user.has_permission(Permission.OPERATIONS_READ):
        return Operation.objects.none()
    return Operation.objects.filter(obj__in=sharing.visible(user, KIND)).select_related(
        "obj", "obj__home_agency"
    )


def operation(user: User, uid: uuid.UUID | str) -> Operation:
    """The operation, or Http404: unknown, not visible to the user, or no permission."""
    if not user.has_permission(Permission.OPERATIONS_READ):
        raise Http404("no such operation")
    obj = sharing.get_visible(user, uid, KIND)
    found = Operation.objects.filter(obj=obj).select_related("obj", "obj__home_agency").first()
    if found is None:  # the object exists but its first change did not build it here
        raise Http404("no such operation")
    return found


# The sections of an operation, each read a page at a time: the detail page shows the first
# few of each, a section's own page all of them (an operation may hold thousands).
SECTIONS = ("entities", "relations", "timeline", "tasks", "notes", "threads", "outcomes")
PREVIEW = 10
PAGE = 100


def _section_rows(op: Operation, name: str) -> QuerySet[Any]:
    if name == "entities":
        return op.entities.all()
    if name == "relations":
        return op.relations.select_related("source", "target")
    if name == "timeline":
        return op.timeline.prefetch_related(
            Prefetch("entities", queryset=OperationEntity.objects.all())
        )
    rows: QuerySet[Any] = getattr(op, name).all()
    return rows


@dataclass(frozen=True)
class Part:
    """A page of one section: its rows, how many there are in all, where the page stands."""

    name: str
    rows: list[Any]
    count: int
    number: int = 1
    size: int = PAGE

    @property
    def has_next(self) -> bool:
        return self.number * self.size < self.count

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def more(self) -> bool:
        """More rows than this page shows."""
        return self.count > len(self.rows)


def part(user: User, op: Operation, name: str, number: int = 1, size: int = PAGE) -> Part:
    """Page ``number`` of section ``name`` (Http404 for a section that does not exist)."""
    if name not in SECTIONS:
        raise Http404("no such section")
    rows = _section_rows(op, name)
    start = (max(number, 1) - 1) * size
    page = list(rows[start : start + size])
    if name == "threads":
        page = threads_of(user, page)
    # A first page shorter than a page is the whole section: no count to ask.
    count = len(page) if start == 0 and len(page) < size else rows.count()
    return Part(name, page, count, max(number, 1), size)


def tasks_of(op: Operation) -> list[Task]:
    return list(op.tasks.all())


def notes_of(op: Operation) -> list[Any]:
    return list(op.notes.all())


def outcomes_of(op: Operation) -> list[Outcome]:
    return list(op.outcomes.all())


def entity_choices(op: Operation, limit: int = 5000) -> list[tuple[str, str]]:
    """The entities a relation or an event may name, for a form's choices."""
    kinds = {value: str(label) for value, label in codes.EntityKind.choices}
    return [
        (str(uid), f"{label} ({kinds.get(kind, kind)})")
        for uid, label, kind in op.entities.values_list("uid", "label", "kind")[:limit]
    ]


@dataclass(frozen=True)
class ThreadLink:
    """A thread of the operation as this user sees it: its subject only when their own agency
    may read the thread (the link says nothing of its content otherwise)."""

    link: LinkedThread
    subject: str | None

    @property
    def readable(self) -> bool:
        return self.subject is not None


def threads_of(user: User, op: Operation | list[LinkedThread]) -> list[ThreadLink]:
    links = op if isinstance(op, list) else list(op.threads.all())
    subjects: dict[str, str] = {}
    if links:
        for thread_uid, subject in (
            exchange.messages_visible_to(user)
            .filter(thread_uid__in=[link.thread for link in links])
            .order_by("created_at", "id")
            .values_list("thread_uid", "subject")
        ):
            subjects.setdefault(str(thread_uid), subject)
    return [ThreadLink(link, subjects.get(link.thread)) for link in links]


def readable_thread(user: User, thread_uid: uuid.UUID | str) -> bool:
    """Whether the user may read the exchange thread (a thread is linked only by such a user)."""
    return exchange.messages_visible_to(user).filter(thread_uid=thread_uid).exists()


def recent_threads(user: User) -> list[tuple[str, str]]:
    """The user's newest threads, to choose one to link: (thread uid, subject)."""
    seen: dict[str, str] = {}
    for thread_uid, subject in (
        exchange.messages_visible_to(user)
        .order_by("-created_at", "-id")
        .values_list("thread_uid", "subject")[:200]
    ):
        seen.setdefault(str(thread_uid), subject)
    return list(seen.items())[:50]


def own_record(user: User, kind: str, uid: uuid.UUID | str) -> Any:
    """The user's agency's own record (entities' scoped read): None for another agency's."""
    return entities.record(user, kind, uid)


def find_records(user: User, query: str) -> list[tuple[str, Any]]:
    """The agency's records a search finds (names across scripts, identifiers in any format:
    the entities' own search), of the kinds an operation takes: (kind, record)."""
    kinds = set(codes.EntityKind.values)
    return [(r.kind, r.record) for r in entities.search(user, query) if r.kind in kinds]


def shareable_records(user: User, kinds: list[str]) -> list[tuple[str, Any]]:
    """The agency's newest records of each kind the user may share: (kind, record)."""
    found: list[tuple[str, Any]] = []
    for kind in kinds:
        rows = entities.records_of(user, kind).order_by("-created_at", "-id")[:SHAREABLE]
        found += [(kind, record) for record in rows]
    return found


def participants(op: Operation) -> list[Any]:
    return list(sharing.participants(op.obj))


def members(op: Operation) -> list[Any]:
    return list(sharing.members(op.obj))


def role_of(user: User, op: Operation) -> str | None:
    return sharing.role_of(user.agency_id, op.obj) if user.agency_id else None


def colleagues(user: User, op: Operation) -> QuerySet[Any]:
    """The users of the user's agency who may work operations and are not members yet."""
    current = [m.username for m in sharing.members(op.obj) if m.agency_id == user.agency_id]
    roles = [r for r, perms in ROLE_PERMISSIONS.items() if Permission.OPERATIONS_READ in perms]
    return (
        User.objects.filter(agency_id=user.agency_id, is_active=True, role__in=roles)
        .exclude(username__in=current)
        .order_by("full_name")
    )


# A task counts as due soon this many days before its date (and stays so once overdue).
TASKS_DUE_WITHIN = dt.timedelta(days=7)


def tasks_due_for(user: User, today: dt.date) -> QuerySet[Task]:
    """The open tasks the user owns in the operations they take part in, due within a week or
    overdue, the soonest first."""
    if user.agency_id is None:
        return Task.objects.none()
    return (
        Task.objects.filter(
            operation__in=operations_visible_to(user),
            owner_agency=user.agency.code,
            owner_username=user.username,
            status=codes.TaskStatus.OPEN,
            due_on__lte=today + TASKS_DUE_WITHIN,
        )
        .select_related("operation__obj")
        .order_by("due_on", "id")
    )
