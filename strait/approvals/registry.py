"""The kinds of approval: what a second person approves, who may, and what approving does.

An app registers its kinds (``register``) from the module that holds their callbacks, imported
by its ``AppConfig.ready``; the approvals app names no app. ``on_approve`` and ``on_refuse`` run
inside ``actions.decide``'s transaction, with the status change and the audit entry: a callback
that raises a ``Refused`` leaves the approval pending and nothing written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from strait.accounts.models import User
    from strait.approvals.models import Approval
    from strait.permissions import Permission


@dataclass(frozen=True)
class ApprovalKind:
    name: str  # "alerts.release": the app's label, then what is approved
    permission: Permission  # the approver's (the requester's is the app's own to check)
    label: Any  # what it is, in the reader's language (a lazy translation)
    on_approve: Callable[[Approval, User], Any]
    on_refuse: Callable[[Approval, User, str], Any]
    url: Callable[[Approval], str]  # where the approver decides


class RegistryError(RuntimeError):
    """A kind registered twice under one name."""


_kinds: dict[str, ApprovalKind] = {}


def register(kind: ApprovalKind) -> ApprovalKind:
    existing = _kinds.get(kind.name)
    if existing is not None and existing != kind:
        raise RegistryError(f"two approval kinds are named {kind.name!r}")
    _kinds[kind.name] = kind
    return kind


def get(name: str) -> ApprovalKind | None:
    return _kinds.get(name)


def kinds() -> list[ApprovalKind]:
    return sorted(_kinds.values(), key=lambda k: k.name)
