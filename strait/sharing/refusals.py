"""Why a change to a shared object is refused (``strait.refusals.Refused`` subclasses): on the
proposer's page as a form error, and at the home as the code and reason of a ``sharing.refusal``."""

from __future__ import annotations

from strait.refusals import Refused


class NotParticipant(Refused):
    """The user (or agency) does not take part in the object: pages answer "not found"."""

    code = "not_participant"
    status = 404


class RightMissing(Refused):
    """The agency's role in the object does not give the right the change needs."""

    code = "right_missing"
    status = 403


class OutOfSequence(Refused):
    code = "out_of_sequence"
    status = 409


class AboveCeiling(Refused):
    """Something marked above the object's handling ceiling (domains raise it too)."""

    code = "above_ceiling"


class UnknownOp(Refused):
    code = "unknown_op"


class InvalidChange(Refused):
    """The change's body does not validate, or the op's own check refuses it."""

    code = "invalid_change"
