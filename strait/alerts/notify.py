"""Whom the alerts notify, and about what (``strait.notifications``): an alert released to the
addressed agencies' users on this node (level "alert": the page's banner), its update, extension
or withdrawal; an acknowledgement to the issuing agency (the author and its supervisors); an
alert left unacknowledged past its time to the addressed agency's supervisors ("urgent").
Called inside the transaction of the change that causes it (the ops' ``after``) or by the
worker's task; idempotent (one notification per user, topic and key). The banner's count, the
active alerts my agency has not acknowledged, registers with ``notifications.badges``.

A notification's text names the type, the issuing agency and the title (our own node's copy,
autoescaped) and the required action; never the grounds.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from strait.agencies.models import Agency
from strait.alerts import codes, queries
from strait.alerts.models import AlertDraft
from strait.notifications import actions as notifications
from strait.notifications import badges
from strait.notifications import queries as notified
from strait.notifications.topics import Topic, register
from strait.permissions import Permission
from strait.sharing import queries as sharing
from strait.sharing.models import ParticipantRole

if TYPE_CHECKING:
    from strait.accounts.models import User
    from strait.alerts.models import Acknowledgement, Alert

LANGUAGES = ("ar", "es", "fr", "en")

RELEASED = register(
    Topic(
        "alerts.alert",
        _("Alert received"),
        _("%(type)s from %(issuer)s: %(title)s. %(action)s"),
        # Its text names the alert's title (the page's banner shows it): not by e-mail unless
        # the user chooses it.
        level="alert",
    )
)
CHANGED = register(
    Topic(
        "alerts.changed",
        _("Alert updated or extended"),
        _("%(issuer)s changed the alert “%(title)s”. %(action)s"),
        level="alert",
    )
)
WITHDRAWN = register(
    Topic(
        "alerts.withdrawn",
        _("Alert withdrawn"),
        _("%(issuer)s withdrew the alert “%(title)s”."),
        level="alert",
    )
)
ACKNOWLEDGED = register(
    Topic(
        "alerts.acknowledged",
        _("Alert acknowledged"),
        _("%(agency)s answered your alert “%(title)s”: %(answer)s"),
    )
)
UNACKNOWLEDGED = register(
    Topic(
        "alerts.unacknowledged",
        _("Alert not acknowledged"),
        _("Your agency has not acknowledged an alert from %(issuer)s (%(type)s)."),
        email_by_default=True,
        level="urgent",
    )
)

# The banner's count: active alerts addressed to my agency that it has not acknowledged.
BADGE = badges.register(
    "alerts.unacknowledged",
    _("Alerts to acknowledge"),
    queries.unacknowledged_count,
    url="alerts:board",
)


def in_languages(text: Any) -> dict[str, str]:
    """A lazy text in each language, as a notification parameter (read in the reader's)."""
    out = {}
    for code in LANGUAGES:
        with translation.override(code):
            out[code] = str(text)
    return out


def url(alert: Alert) -> str:
    return reverse("alerts:detail", kwargs={"uid": alert.obj.uid})


def _issuer(alert: Alert) -> str:
    agency = Agency.objects.filter(code=alert.origin_agency).first()
    return agency.abbreviation if agency is not None else alert.origin_agency


def params(alert: Alert) -> dict[str, Any]:
    return {
        "type": in_languages(codes.AlertType(alert.type).label),
        "issuer": _issuer(alert),
        "title": alert.title,
        "action": in_languages(codes.REQUIRED_ACTION.get(alert.type, "")),
    }


def addressed_here(alert: Alert) -> list[Agency]:
    """The addressed agencies (active participants, not the lead) that live on this node."""
    return [
        p.agency
        for p in sharing.participants(alert.obj)
        if p.role == ParticipantRole.PARTICIPANT and p.agency.node_code == sharing.local_node()
    ]


def readers(agency: Agency) -> list[User]:
    return list(notified.users_with(Permission.ALERTS_READ, agency.pk))


def released(alert: Alert) -> int:
    told = 0
    for agency in addressed_here(alert):
        told += notifications.notify(
            readers(agency), RELEASED, key=str(alert.obj.uid), url=url(alert), params=params(alert)
        )
    return told


def changed(alert: Alert, seq: int) -> int:
    """An update, extension or withdrawal (change ``seq``) told to the addressed agencies."""
    topic = WITHDRAWN if alert.status == codes.Status.WITHDRAWN else CHANGED
    told = 0
    for agency in addressed_here(alert):
        told += notifications.notify(
            readers(agency),
            topic,
            key=f"{alert.obj.uid}:{seq}",
            url=url(alert),
            params=params(alert),
        )
    return told


def acknowledged(alert: Alert, ack: Acknowledgement) -> int:
    """The issuing agency, if it lives here: the alert's author and its supervisors."""
    issuer = Agency.objects.filter(code=alert.origin_agency, node_code=settings.NODE.code).first()
    if issuer is None:
        return 0
    people = {u.pk: u for u in notified.users_with(Permission.ALERTS_RELEASE, issuer.pk)}
    draft = AlertDraft.objects.filter(alert_uid=alert.obj.uid).select_related("author").first()
    if draft is not None and draft.author.is_active:
        people[draft.author.pk] = draft.author
    answer = in_languages(codes.AckKind(ack.kind).label)
    agency = Agency.objects.filter(code=ack.agency).first()
    return notifications.notify(
        list(people.values()),
        ACKNOWLEDGED,
        key=f"{alert.obj.uid}:{ack.uid}",
        url=url(alert) + "#acknowledgements",
        params={
            "agency": agency.abbreviation if agency is not None else ack.agency,
            "title": alert.title,
            "answer": answer,
        },
    )


def unacknowledged(alert: Alert, agency: Agency, now: dt.datetime | None = None) -> int:
    """The addressed agency's supervisors, once per alert and agency."""
    supervisors = list(notified.users_with(Permission.ALERTS_RELEASE, agency.pk))
    return notifications.notify(
        supervisors,
        UNACKNOWLEDGED,
        key=f"{alert.obj.uid}:{agency.code}",
        url=url(alert),
        params=params(alert),
        now=now or timezone.now(),
    )
