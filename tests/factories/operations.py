"""Joint operations. An operation is a shared object whose rows only its ops write, so these
helpers make one through the actions (``create_operation``, ``add_member``), as the home would;
the values around it (agencies, users, records) come from the other factories."""

from __future__ import annotations

from typing import Any

from strait.accounts.models import User
from strait.agencies.models import Agency
from strait.operations import actions
from strait.operations.models import Operation

OPERATION = {
    "code_name": "Operation Cedar",
    "crime_area": "terrorism",
    "legal_basis": "Bilateral agreement of 2012, article 4",
    "purpose": "Dismantle the recruitment cell of Tangier and Algeciras",
    "ceiling": "H1",
}


def make_operation(
    lead: User, participants: list[tuple[Agency, str]] | None = None, **values: Any
) -> Operation:
    """An operation led by ``lead``'s agency (``lead`` its first member), on this node."""
    return actions.create_operation(lead, participants=participants or [], **(OPERATION | values))


def add_members(lead: User, op: Operation, *users: User) -> None:
    for user in users:
        actions.add_member(lead, op, user)
