"""The alerts on the situation map, and the rapid-reaction log of a surge.

Read through ``alerts.queries``: the alerts addressed to or issued by the user's agency
(another agency's alert is "not found"), their acknowledgements, and the measures each side
recorded with ``alerts.add_measure``. The log answers the debrief's question: how many minutes
from the first report (the alert's release) to the partner's acknowledgement, and to each side's
first measure.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils import timezone

from strait.alerts import codes as alert_codes
from strait.alerts import queries as alerts
from strait.permissions import Permission
from strait.situation import codes

if TYPE_CHECKING:
    from strait.accounts.models import User
    from strait.alerts.models import Alert


def _degrees(value: Any) -> float | None:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return float(number) if number.is_finite() else None


def map_alerts(user: User, now: dt.datetime | None = None) -> list[dict[str, Any]]:
    """The active surge, vessel and aircraft alerts the user's agency issued or received, for
    the map: where they are (their coordinates, or the coast segments they name) and until
    when. Read as plain values (the map may carry hundreds), newest first as the board."""
    if not user.has_permission(Permission.ALERTS_READ):
        return []
    moment = now or timezone.now()
    rows = (
        alerts.visible(user)
        .filter(
            type__in=codes.MAP_ALERT_TYPES,
            status=alert_codes.Status.ACTIVE,
            valid_from__lte=moment,
            valid_until__gt=moment,
        )
        .order_by("-released_at", "-id")
        .values_list(
            "obj__uid", "type", "title", "details", "area_codes", "released_at", "valid_until"
        )
    )
    # One reverse for each kind of link, not two per alert.
    marker = "00000000-0000-4000-8000-000000000000"
    alert_url = reverse("alerts:detail", args=[marker])
    log_url = reverse("situation:surge", args=[marker])
    labels = {value: str(label) for value, label in alert_codes.AlertType.choices}
    out = []
    for uid, type_, title, details, areas, released, until in rows:
        details = details or {}
        out.append(
            {
                "uid": str(uid),
                "type": type_,
                "type_label": labels.get(type_, type_),
                "title": title,
                "lat": _degrees(details.get("lat")),
                "lon": _degrees(details.get("lon")),
                "areas": list(areas or []),
                "people": details.get("estimated_people"),
                "boats": details.get("boats"),
                "released": int(released.timestamp()),
                "until": int(until.timestamp()),
                "url": alert_url.replace(marker, str(uid)),
                "log": log_url.replace(marker, str(uid)),
            }
        )
    return out


@dataclass(frozen=True)
class Step:
    """One line of the log: what happened, when, by which agency, minutes after the report."""

    at: dt.datetime
    kind: str  # "released", "acknowledged", "measure"
    agency: str
    partner: bool  # another agency than the issuer
    text: str
    by: str
    minutes: int


@dataclass
class ReactionLog:
    alert: Alert
    steps: list[Step] = field(default_factory=list)

    @property
    def first_acknowledgement(self) -> Step | None:
        return next((s for s in self.steps if s.kind == "acknowledged" and s.partner), None)

    def first_measures(self) -> list[Step]:
        """Each agency's first measure, in time order."""
        seen: dict[str, Step] = {}
        for step in self.steps:
            if step.kind == "measure" and step.agency not in seen:
                seen[step.agency] = step
        return list(seen.values())


def minutes_between(start: dt.datetime, end: dt.datetime) -> int:
    return round((end - start).total_seconds() / 60)


def reaction_log(user: User, uid: uuid.UUID | str) -> ReactionLog:
    """The rapid-reaction log of an alert the user may read (Http404 otherwise): its release,
    the acknowledgements and the measures of each side, in time order."""
    alert = alerts.alert(user, uid)
    start = alert.released_at
    origin = alert.origin_agency
    steps = [Step(start, "released", origin, False, alert.title, alert.released_by, 0)]
    for ack in alerts.acknowledgements(alert):
        steps.append(
            Step(
                ack.at,
                "acknowledged",
                ack.agency,
                ack.agency != origin,
                str(alert_codes.AckKind(ack.kind).label) if ack.kind else "",
                ack.name,
                minutes_between(start, ack.at),
            )
        )
    for change in alerts.measures(alert):
        body = change.body or {}
        steps.append(
            Step(
                change.at,
                "measure",
                change.by_agency,
                change.by_agency != origin,
                str(body.get("text", "")),
                change.by_name or change.by_user,
                minutes_between(start, change.at),
            )
        )
    steps.sort(key=lambda s: (s.at, s.kind != "released"))
    return ReactionLog(alert, steps)
