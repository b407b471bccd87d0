"""The situation picture as a shared type: its ops, each with its body, the right it needs, its
check and its effect. Registered with ``strait.sharing`` by ``SituationConfig.ready``.

``members_only=False``: every user of a participating agency sees the picture. Adding a segment
and reporting a crossing are each agency's own (``own_agency_only``: the body's ``agency`` is the
proposer's); setting a segment's level is its owner's (``validation.check_set_level``).
"""

from __future__ import annotations

from django.urls import reverse

from strait.sharing.models import SharedObject
from strait.sharing.registry import Op, Right, SharedType, register
from strait.situation import effects, validation, wire

KIND = "situation.picture"

CREATE = "situation.create"
ADD_SEGMENT = "situation.add_segment"
SET_LEVEL = "situation.set_level"
REPORT_CROSSING = "situation.report_crossing"

OPS: tuple[Op, ...] = (
    Op(CREATE, wire.Create, Right.MANAGE, apply=effects.create),
    Op(
        ADD_SEGMENT,
        wire.AddSegment,
        Right.EDIT,
        apply=effects.add_segment,
        check=validation.check_add_segment,
        own_agency_only=True,
    ),
    Op(
        SET_LEVEL,
        wire.SetLevel,
        Right.EDIT,
        apply=effects.set_level,
        check=validation.check_set_level,
    ),
    Op(
        REPORT_CROSSING,
        wire.ReportCrossing,
        Right.EDIT,
        apply=effects.report_crossing,
        check=validation.check_report_crossing,
        own_agency_only=True,
    ),
)


def url(obj: SharedObject) -> str:
    return reverse("situation:map")


PICTURE = SharedType(KIND, ops=OPS, members_only=False, url=url)


def register_type() -> None:
    register(PICTURE)
