"""Whom the checks notify (``strait.notifications``): when a partner's check hits one of the
agency's records, the agency's analysts and supervisors, who decide on the candidates. Called in
the inbox transaction that answered the check."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from strait.checks.models import IncomingCheck, Result
from strait.notifications import actions as notifications
from strait.notifications import queries as notified
from strait.notifications.topics import Topic, register
from strait.permissions import Permission

AWAITING_DECISION = register(
    Topic(
        "checks.awaiting_decision",
        _("Partner's check to decide"),
        _("A check by %(requester)s hit one of your records: decide on the candidates"),
        level="warning",
    )
)


def answered(incoming: IncomingCheck) -> int:
    if incoming.result != Result.HIT:
        return 0
    return notifications.notify(
        notified.users_with(Permission.CHECKS_ANSWER, incoming.agency_id),
        AWAITING_DECISION,
        key=str(incoming.uid),
        url=reverse("checks:incoming", args=[incoming.uid]),
        params={"requester": incoming.requester.abbreviation, "reference": incoming.reference},
    )
