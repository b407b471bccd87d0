"""Every write to governance: each action requires its permission, builds the op's body
(validated by its ``wire`` shape: a bad value is a ``Refused`` naming its field, nothing sent)
and hands it to ``strait.sharing``: ``create`` on this node, the home, or ``propose``, ordered at
once on the home or sent there. The rows change only when the change is applied
(``effects.py``), the same way on every node.

Callable from pages, the API, commands and the demo alike: a user and plain values.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import pydantic
from django.utils.translation import gettext as _

from strait.governance import ops, wire
from strait.governance.models import Body
from strait.permissions import Permission, require
from strait.refusals import Refused
from strait.sharing import actions as sharing
from strait.sharing.models import ParticipantRole

if TYPE_CHECKING:
    from strait.accounts.models import User
    from strait.agencies.models import Agency
    from strait.sharing.models import Change, Proposal


class InvalidInput(Refused):
    """A value the op's body does not take: one problem per field, nothing sent."""

    code = "invalid"


def problems_of(exc: pydantic.ValidationError) -> list[tuple[str, str]]:
    problems = []
    for error in exc.errors():
        loc = [str(part) for part in error.get("loc", ()) if not isinstance(part, int)]
        problems.append((loc[0] if loc else "", str(error.get("msg", ""))))
    return problems


def body_for(shape: type[wire.Body], **values: Any) -> dict[str, Any]:
    """The op's body as it travels (JSON: dates as text), or ``InvalidInput``."""
    try:
        body = shape.model_validate(values)
    except pydantic.ValidationError as exc:
        raise InvalidInput(_("Some values are not valid."), problems=problems_of(exc)) from None
    return body.model_dump(mode="json")


def propose(user: User, body: Body, op: str, values: dict[str, Any]) -> Change | Proposal:
    """A secretariat's change to a body (meetings, minutes, recommendations …)."""
    require(user, Permission.GOVERNANCE_WRITE)
    return sharing.propose(user, body.obj, op, values)


def create_body(
    user: User, *, members: Iterable[Agency] = (), ceiling: str = "H1", **values: Any
) -> Body:
    """A new body with this node as its home and the user's agency as its lead; ``members``
    (the co-chairs' agencies among them) take part as participants. ``values`` are
    ``wire.CreateBody``'s fields."""
    require(user, Permission.GOVERNANCE_WRITE)
    body = body_for(wire.CreateBody, **values)
    others = [(a, str(ParticipantRole.PARTICIPANT)) for a in members if a.pk != user.agency_id]
    obj = sharing.create(
        user, ops.KIND, create_op=ops.CREATE, body=body, ceiling=ceiling, participants=others
    )
    return Body.objects.select_related("obj").get(obj=obj)
