"""What each op does to the local copy of an alert: the ONLY writers of ``Alert`` and
``Acknowledgement`` rows.

The same functions run on every node, the home included, in the home's order, so every copy
holds the same rows. They trust the body (validated by its ``wire`` shape) and the order (the
op's check ran at the home): they never refuse, never send, never read the clock or the user.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import F

from strait.alerts import codes, wire
from strait.alerts.models import Acknowledgement, Alert
from strait.sharing.effects import body_of, by_name

if TYPE_CHECKING:
    from strait.sharing.registry import Applied


def _content(body: wire.Content) -> dict[str, Any]:
    return {
        "title": body.title,
        "details": body.details.model_dump(mode="json", exclude_defaults=True),
        "grounds": body.grounds,
        "officer_safety": body.officer_safety,
        "handling": body.handling,
        "area_kind": body.area_kind,
        "area_codes": list(body.area_codes),
    }


def create(applied: Applied) -> None:
    body: wire.Create = body_of(applied, wire.Create)
    Alert.objects.create(
        obj=applied.obj,
        type=body.type,
        valid_from=body.valid_from,
        valid_until=body.valid_until,
        origin_agency=body.origin_agency,
        released_at=applied.at,
        released_by=by_name(applied),
        drafted_by=body.drafted_by,
        entity=body.entity.model_dump(mode="json") if body.entity else {},
        updated_at=applied.at,
        **_content(body),
    )


def update(applied: Applied) -> None:
    body: wire.Update = body_of(applied, wire.Update)
    Alert.objects.filter(obj=applied.obj).update(
        version=F("version") + 1, updated_at=applied.at, **_content(body)
    )


def extend(applied: Applied) -> None:
    body: wire.Extend = body_of(applied, wire.Extend)
    Alert.objects.filter(obj=applied.obj).update(
        valid_until=body.valid_until, version=F("version") + 1, updated_at=applied.at
    )


def withdraw(applied: Applied) -> None:
    body: wire.Withdraw = body_of(applied, wire.Withdraw)
    Alert.objects.filter(obj=applied.obj).update(
        status=codes.Status.WITHDRAWN,
        withdrawn_reason=body.reason,
        version=F("version") + 1,
        updated_at=applied.at,
    )


def acknowledge(applied: Applied) -> None:
    body: wire.Acknowledge = body_of(applied, wire.Acknowledge)
    Acknowledgement.objects.create(
        alert=Alert.objects.get(obj=applied.obj),
        uid=body.uid,
        agency=body.agency,
        username=applied.by_user,
        name=by_name(applied),
        kind=body.kind,
        reason=body.reason,
        at=applied.at,
    )


def add_measure(applied: Applied) -> None:
    """A measure is the change itself (the rapid-reaction log reads the changes): the copy's
    rows do not change."""
    body_of(applied, wire.AddMeasure)


def announce(applied: Applied) -> None:
    """Nothing in the copy changes: the op exists for its ``after`` on every node."""
