"""The transit operation as a shared type: its ops, each with its body, the right it needs, its
check and its effect. Registered with ``strait.sharing`` by ``TransitConfig.ready``.

``members_only=False``: every user of a participating agency sees the operation. Daily figures
are each agency's own (``own_agency_only``: the body's ``agency`` is the proposer's) and only
for ports of its country (``validation.check_report``).
"""

from __future__ import annotations

from django.urls import reverse

from strait.sharing.models import SharedObject
from strait.sharing.registry import Op, Right, SharedType, register
from strait.transit import effects, validation, wire

KIND = "transit.operation"

CREATE = "transit.create"
SET_PLAN = "transit.set_plan"
REPORT_FIGURES = "transit.report_figures"

OPS: tuple[Op, ...] = (
    Op(CREATE, wire.Create, Right.MANAGE, apply=effects.create),
    Op(SET_PLAN, wire.Plan, Right.MANAGE, apply=effects.set_plan, check=validation.check_plan),
    Op(
        REPORT_FIGURES,
        wire.ReportFigures,
        Right.EDIT,
        apply=effects.report_figures,
        check=validation.check_report,
        own_agency_only=True,
    ),
)


def url(obj: SharedObject) -> str:
    operation = getattr(obj, "transit_operation", None)
    if operation is None:
        return reverse("transit:dashboard")
    return reverse("transit:year", args=[operation.year])


OPERATION = SharedType(KIND, ops=OPS, members_only=False, url=url)


def register_type() -> None:
    register(OPERATION)
