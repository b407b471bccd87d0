"""Event-threat alerts linked to an event, checked and shown through each node's own scoped
read of alerts (as ``governance/evidence.py`` does for evidence).

Before a link is proposed, ``check`` asks whether the user can see the alert; what does not
exist and what the user may not see get the same refusal, so the answer leaks nothing. On
display, ``resolve_many`` does the same for each reader: who cannot see an alert reads only
"an alert (not visible to you)", with no title and no link.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext as _

from strait.alerts import queries as alerts
from strait.refusals import Refused

if TYPE_CHECKING:
    from strait.accounts.models import User
    from strait.events.models import AlertLink


class AlertNotFound(Refused):
    """The same answer for an alert that does not exist and one the user may not see."""

    code = "alert_not_found"


@dataclass(frozen=True)
class Threat:
    label: str
    url: str | None
    visible: bool
    status: str = ""
    note: str = ""


def _uid(ref: str | uuid.UUID) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(ref).strip())
    except ValueError:
        return None


def check(user: User, ref: str | uuid.UUID) -> uuid.UUID:
    """The alert's uid when the user can see it; ``AlertNotFound`` otherwise."""
    uid = _uid(ref)
    if uid is None or not alerts.visible(user).filter(obj__uid=uid).exists():
        raise AlertNotFound(
            _("No alert with this reference is visible to you."),
            problems=[("alert", _("Not found among the alerts you can see."))],
        )
    return uid


def resolve_many(user: User, links: Sequence[AlertLink]) -> list[Threat]:
    """What ``user`` sees of each linked alert, in one query whatever their number."""
    wanted = {link.alert for link in links}
    seen = {
        uid: (title, status)
        for uid, title, status in alerts.visible(user)
        .filter(obj__uid__in=wanted)
        .values_list("obj__uid", "title", "status")
    }
    out = []
    for link in links:
        if link.alert in seen:
            title, status = seen[link.alert]
            url = reverse("alerts:detail", kwargs={"uid": link.alert})
            out.append(Threat(title, url, True, status, link.note))
        else:
            out.append(Threat(_("an alert (not visible to you)"), None, False))
    return out
