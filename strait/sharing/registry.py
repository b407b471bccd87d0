"""What a domain registers to share its objects: a ``SharedType`` and its ``Op`` s.

A domain declares its type in its own ``sharing.py``, imported by its ``AppConfig.ready``::

    register(SharedType("operations.operation", ops=(Op("operations.add_note", NoteBody,
             Right.EDIT, apply=effects.add_note),)))

Every op runs the same way on every node: its body is validated when proposed and again when
applied; ``check`` (raise a ``Refused`` subclass) runs on the proposer's node for an instant form
error and, authoritatively, at the home before ``apply``; ``apply`` changes the local copy and
runs on every node, the home included, in sequence order, exactly once. ``apply`` must depend
only on the copy and the ``Applied`` it gets (no clock, no other local data), so every node ends
with the same rows. Every type also has the built-in ``sharing.*`` ops (``strait.sharing.builtin``).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import pydantic
from django.utils.translation import gettext as _

from strait.sharing.models import ParticipantRole
from strait.sharing.refusals import UnknownOp

if TYPE_CHECKING:
    from strait.agencies.models import Agency
    from strait.sharing.models import SharedObject


class Right(enum.StrEnum):
    READ = "read"
    EDIT = "edit"
    MANAGE = "manage"


ROLE_RIGHTS: dict[str, frozenset[Right]] = {
    ParticipantRole.LEAD: frozenset({Right.READ, Right.EDIT, Right.MANAGE}),
    ParticipantRole.PARTICIPANT: frozenset({Right.READ, Right.EDIT}),
    ParticipantRole.OBSERVER: frozenset({Right.READ}),
}

# The built-in ops every shared type has.
ADD_PARTICIPANT = "sharing.add_participant"
SET_ROLE = "sharing.set_role"
REMOVE_PARTICIPANT = "sharing.remove_participant"
ADD_MEMBER = "sharing.add_member"
REMOVE_MEMBER = "sharing.remove_member"
SET_CEILING = "sharing.set_ceiling"
BUILTIN_PREFIX = "sharing."


@dataclass(frozen=True)
class Applied:
    """What an op's ``check`` and ``apply`` get. ``seq`` is 0 in ``check``."""

    obj: SharedObject
    op: Op
    body: pydantic.BaseModel
    by_agency: Agency
    by_user: str
    at: datetime
    seq: int
    by_name: str = ""
    proposal: str = ""


@dataclass(frozen=True)
class Op:
    name: str
    body: type[pydantic.BaseModel]
    right: Right
    apply: Callable[[Applied], None]
    check: Callable[[Applied], None] | None = None
    # The change concerns the proposer's own agency only: a body's ``agency`` field, if it has
    # one, must name the proposing agency (an outcome is recorded by each agency for itself).
    own_agency_only: bool = False
    # This node's own consequences of the change, after ``apply`` and after the change is
    # stored, in the same transaction, on every node (the home included): notify this node's
    # users, match against this node's records. Unlike ``apply`` it may read local data and the
    # clock, and writes only rows that are not part of the copy (never the shared rows).
    after: Callable[[Applied], None] | None = None


@dataclass(frozen=True)
class SharedType:
    name: str
    ops: tuple[Op, ...]
    # True: a user sees the object only as an active member (or as a supervisor of an active
    # participant agency); False: every user of an active participant agency.
    members_only: bool = True
    url: Callable[[SharedObject], str] | None = None
    # The highest handling code of anything inside (``sharing.set_ceiling`` refuses to go
    # below it); None: the type keeps nothing marked above H0.
    highest: Callable[[SharedObject], str] | None = None

    @property
    def label(self) -> str:
        return self.name.split(".", 1)[0]


class RegistryError(RuntimeError):
    """A type registered twice, or an op outside its type's app label."""


_TYPES: dict[str, SharedType] = {}
_BUILTIN: dict[str, Op] = {}


def register(shared_type: SharedType) -> SharedType:
    """Register a domain's type; raises ``RegistryError`` on a duplicate or a foreign op name."""
    name = shared_type.name
    if name in _TYPES:
        raise RegistryError(f"shared type {name!r} is already registered")
    if "." not in name or name.startswith(BUILTIN_PREFIX):
        raise RegistryError(f"shared type {name!r} must be named <app label>.<name>")
    names = [op.name for op in shared_type.ops]
    if len(set(names)) != len(names):
        raise RegistryError(f"shared type {name!r} names an op twice")
    for op in names:
        if not op.startswith(shared_type.label + "."):
            raise RegistryError(f"op {op!r} of {name!r} must start with {shared_type.label!r}.")
    _TYPES[name] = shared_type
    return shared_type


def register_builtin(op: Op) -> Op:
    if not op.name.startswith(BUILTIN_PREFIX) or op.name in _BUILTIN:
        raise RegistryError(f"built-in op {op.name!r} is not sharing's or already registered")
    _BUILTIN[op.name] = op
    return op


def shared_type(name: str) -> SharedType | None:
    return _TYPES.get(name)


def types() -> dict[str, SharedType]:
    return dict(_TYPES)


def find_op(kind: str, name: str) -> Op:
    """The op ``name`` of type ``kind`` (a built-in one or the type's own); ``UnknownOp``."""
    if name in _BUILTIN:
        return _BUILTIN[name]
    spec = _TYPES.get(kind)
    for op in spec.ops if spec is not None else ():
        if op.name == name:
            return op
    raise UnknownOp(_("%(op)s is not an operation of %(kind)s.") % {"op": name, "kind": kind})
