"""The ops' ``apply``: the only writers of governance's copy, the same on every node. Each reads
only the copy and the change (no clock, no other local data)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from strait.governance import wire
from strait.governance.models import Body

if TYPE_CHECKING:
    from strait.sharing.registry import Applied


def body_of(applied: Applied, shape: type[Any]) -> Any:
    body = applied.body
    return body if isinstance(body, shape) else shape.model_validate(body)


def governing_body(applied: Applied) -> Body:
    return Body.objects.get(obj=applied.obj)


def create(applied: Applied) -> None:
    body: wire.CreateBody = body_of(applied, wire.CreateBody)
    months = body.months()
    warn = body.warn_months
    if warn is None and months:
        warn = months - 1  # a month's notice unless the body says otherwise
    Body.objects.create(
        obj=applied.obj,
        code=body.code,
        name_ar=body.name_ar,
        name_es=body.name_es,
        name_fr=body.name_fr,
        name_en=body.name_en,
        kind=body.kind,
        area=body.area,
        parent_uid=body.parent_uid,
        co_chairs=list(body.co_chairs),
        mandate=body.mandate,
        founded_on=body.founded_on,
        cadence=body.cadence,
        cadence_months=months,
        warn_months=warn,
        created_at=applied.at,
    )
