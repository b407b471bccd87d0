"""The alert as a shared type: its ops, each with its body, the right it needs, its check, its
effect and its local consequences (``after``: this node tells its users and matches its own
records). Registered with ``strait.sharing`` by ``AlertsConfig.ready``.

The home is the issuing node, the lead the issuing agency (MANAGE: update, extend, withdraw);
the addressed agencies take part as participants (EDIT: each acknowledges and logs its measures
for itself only). Change 1 carries the alert as released; the creation steps add the addressed
agencies; ``alerts.announce`` follows them, so every node holds the participants when its
``after`` notifies and matches.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

from strait.alerts import effects, matching, notify, validation, wire
from strait.alerts.models import Acknowledgement, Alert
from strait.markings import HANDLING_ORDER
from strait.sharing.effects import body_of
from strait.sharing.models import SharedObject
from strait.sharing.registry import Op, Right, SharedType, register, shared_type

if TYPE_CHECKING:
    from strait.sharing.registry import Applied

KIND = "alerts.alert"

CREATE = "alerts.create"
ANNOUNCE = "alerts.announce"
UPDATE = "alerts.update"
EXTEND = "alerts.extend"
WITHDRAW = "alerts.withdraw"
ACKNOWLEDGE = "alerts.acknowledge"
ADD_MEASURE = "alerts.add_measure"


def _alert(applied: Applied) -> Alert:
    return Alert.objects.select_related("obj").get(obj=applied.obj)


def after_announce(applied: Applied) -> None:
    alert = _alert(applied)
    notify.released(alert)
    matching.match_alert(alert)


def after_change(applied: Applied) -> None:
    """An update, extension or withdrawal: told to the addressed agencies; the match runs again
    on what the alert now says (a withdrawn alert matches nothing)."""
    alert = _alert(applied)
    notify.changed(alert, applied.seq)
    matching.match_alert(alert)


def after_acknowledge(applied: Applied) -> None:
    body: wire.Acknowledge = body_of(applied, wire.Acknowledge)
    alert = _alert(applied)
    ack = Acknowledgement.objects.get(alert=alert, uid=body.uid)
    notify.acknowledged(alert, ack)


OPS: tuple[Op, ...] = (
    Op(CREATE, wire.Create, Right.MANAGE, apply=effects.create, check=validation.check_create),
    Op(ANNOUNCE, wire.Announce, Right.MANAGE, apply=effects.announce, after=after_announce),
    Op(
        UPDATE,
        wire.Update,
        Right.MANAGE,
        apply=effects.update,
        check=validation.check_update,
        after=after_change,
    ),
    Op(
        EXTEND,
        wire.Extend,
        Right.MANAGE,
        apply=effects.extend,
        check=validation.check_extend,
        after=after_change,
    ),
    Op(
        WITHDRAW,
        wire.Withdraw,
        Right.MANAGE,
        apply=effects.withdraw,
        check=validation.check_withdraw,
        after=after_change,
    ),
    Op(
        ACKNOWLEDGE,
        wire.Acknowledge,
        Right.EDIT,
        apply=effects.acknowledge,
        check=validation.check_acknowledge,
        own_agency_only=True,
        after=after_acknowledge,
    ),
    Op(
        ADD_MEASURE,
        wire.AddMeasure,
        Right.EDIT,
        apply=effects.add_measure,
        check=validation.check_add_measure,
        own_agency_only=True,
    ),
)


def url(obj: SharedObject) -> str:
    return reverse("alerts:detail", kwargs={"uid": obj.uid})


def highest(obj: SharedObject) -> str:
    """The alert's own handling code (the ceiling may not go below it)."""
    found = Alert.objects.filter(obj=obj).values_list("handling", flat=True).first()
    return found if found in HANDLING_ORDER else "H0"


ALERT = SharedType(KIND, ops=OPS, members_only=False, url=url, highest=highest)


def register_type() -> None:
    """Register ``alerts.alert`` with ``strait.sharing`` (members_only=False: every user of an
    addressed agency sees it)."""
    if shared_type(KIND) is None:
        register(ALERT)
