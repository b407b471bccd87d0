"""What the JSON API answers to an op on a shared object: 201 when this node is the object's
home and applied the op at once (``seq``: its change), 202 when the op is a proposal on its way
to the home (``proposal``: its uid). One shape for every app's ops (operations, alerts,
situation, governance …); an app whose ops create things inside the object names the new thing
with ``done_with_uid`` (``uid``: the same on every node, once applied).
"""

from __future__ import annotations

import uuid
from typing import Any, Literal

from ninja import Schema, Status

from strait.api_errors import Error
from strait.sharing.models import Change, Proposal


class ChangeOut(Schema):
    """What became of an op: applied at once (this node is the object's home: ``seq`` is its
    change) or pending (a proposal on its way to the home: ``proposal``)."""

    status: Literal["applied", "pending"]
    seq: int | None = None
    proposal: uuid.UUID | None = None


class ChangeWithUidOut(ChangeOut):
    """A ``ChangeOut`` whose ``uid`` names the new thing the op created (a meeting, a
    recommendation …) on every node, once applied; none for an op that creates nothing."""

    uid: uuid.UUID | None = None


# The responses of an op: its change (201) or proposal (202), or a refusal (400, 403).
DONE: dict[int, Any] = {201: ChangeOut, 202: ChangeOut, 400: Error, 403: Error}
DONE_WITH_UID: dict[int, Any] = {
    201: ChangeWithUidOut,
    202: ChangeWithUidOut,
    400: Error,
    403: Error,
}


def done(result: Change | Proposal) -> Status:
    """The answer to an op: 201 and the change's ``seq``, or 202 and the proposal's uid."""
    if isinstance(result, Proposal):
        return Status(202, ChangeOut(status="pending", proposal=result.uid))
    return Status(201, ChangeOut(status="applied", seq=result.seq))


def done_with_uid(result: Change | Proposal) -> Status:
    """``done``, naming the thing the op created (the ``uid`` of its body, if it has one)."""
    uid = result.body.get("uid") if isinstance(result.body, dict) else None
    if isinstance(result, Proposal):
        return Status(202, ChangeWithUidOut(status="pending", proposal=result.uid, uid=uid))
    return Status(201, ChangeWithUidOut(status="applied", seq=result.seq, uid=uid))
