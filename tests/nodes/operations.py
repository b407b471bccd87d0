"""What tests/operations/test_three_nodes.py does inside each node (see tests/nodes/__init__.py):
a joint operation created, its members and roles changed, notes added, all through the apps'
own actions, as the pages would."""

from __future__ import annotations

from typing import Any

from strait.operations import actions
from strait.operations.models import Operation
from strait.refusals import Refused
from strait.sharing import actions as sharing
from strait.sharing import registry
from strait.sharing.models import Proposal
from tests.nodes.common import agency, user


def make_users(users: list[list[str]]) -> list[str]:
    """The users a test needs on this node: (username, full name, agency code, role)."""
    from strait.accounts.actions import do_create_user

    for username, full_name, code, role in users:
        do_create_user(
            username=username,
            full_name=full_name,
            agency=agency(code),
            role=role,
            password="strait-test-2030",
            acting_user=None,
        )
    return [row[0] for row in users]


def operation(uid: str) -> Operation:
    return Operation.objects.select_related("obj").get(obj__uid=uid)


def create_operation(
    username: str, participants: list[list[str]], members: list[list[str]]
) -> dict[str, Any]:
    """On the home: the operation, its participant agencies (code, role) and members of other
    nodes (agency, username, name), added by the lead."""
    lead = user(username)
    op = actions.create_operation(
        lead,
        code_name="MEDUSA",
        crime_area="terrorism",
        legal_basis="Bilateral agreement on police cooperation",
        purpose="Dismantle a recruitment cell acting on both shores",
        participants=[(agency(code), role) for code, role in participants],
    )
    for code, member, name in members:
        body = {"agency": code, "username": member, "name": name}
        sharing.propose(lead, op.obj, registry.ADD_MEMBER, body)
    op.obj.refresh_from_db()
    return {"uid": str(op.obj.uid), "seq": op.obj.seq}


def set_role(username: str, uid: str, code: str, role: str) -> int:
    obj = operation(uid).obj
    change = sharing.propose(user(username), obj, registry.SET_ROLE, {"agency": code, "role": role})
    return int(change.seq)


def add_notes(username: str, uid: str, texts: list[str]) -> list[dict[str, Any]]:
    """Each note as a change (on the home) or a proposal (elsewhere), or the refusal's code."""
    author = user(username)
    made: list[dict[str, Any]] = []
    for text in texts:
        try:
            result = actions.add_note(author, operation(uid), text)
        except Refused as refused:
            made.append({"refused": refused.code})
            continue
        if isinstance(result, Proposal):
            made.append({"proposal": str(result.uid), "status": result.status})
        else:
            made.append({"change": result.seq})
    return made


def paced_notes(username: str, uid: str, count: int, rate: float) -> int:
    """``count`` notes at a steady ``rate`` per second (benchmarks/operations_nodes.py)."""
    import time

    author, op = user(username), operation(uid)
    started = time.monotonic()
    for n in range(count):
        wait = started + n / rate - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        actions.add_note(author, op, f"note {n}")
    return count
