"""Every read of alerts, scoped to the reader: an alert is seen by the users of its issuing and
addressed agencies (``sharing.queries.visible``); anything else is "not found" (``Http404``).
Drafts are their author's, and their agency's supervisors' while under review."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from strait.alerts import codes
from strait.alerts.models import Acknowledgement, Alert, AlertDraft, AlertHit
from strait.approvals import queries as approvals
from strait.permissions import Permission
from strait.sharing import queries as sharing
from strait.sharing.models import Change, Participant, ParticipantRole

if TYPE_CHECKING:
    from strait.accounts.models import User

KIND = "alerts.alert"  # ``ops.KIND`` (not imported: ops imports the after hooks' modules)
RELEASE = "alerts.release"  # the approval kind (``actions``)
DRAFT_SUBJECT = "alerts.draft:"


def visible(user: User) -> QuerySet[Alert]:
    """The alerts the user may read (issued by or addressed to their agency)."""
    if not user.has_permission(Permission.ALERTS_READ):
        return Alert.objects.none()
    return Alert.objects.filter(obj__in=sharing.visible(user, KIND)).select_related(
        "obj", "obj__home_agency"
    )


def _active(now: dt.datetime) -> Q:
    return Q(status=codes.Status.ACTIVE, valid_from__lte=now, valid_until__gt=now)


def board(
    user: User, *, type: str | None = None, area: str | None = None, now: dt.datetime | None = None
) -> list[Alert]:
    """Active alerts addressed to or issued by the user's agency, newest first; ``type`` an
    alert type, ``area`` an area kind (ports, coast, territory) or a place code."""
    moment = now or timezone.now()
    rows = visible(user).filter(_active(moment))
    if type:
        rows = rows.filter(type=type)
    found = list(rows.order_by("-released_at", "-id"))
    if area:
        found = [a for a in found if a.area_kind == area or area in (a.area_codes or [])]
    return found


def alert(user: User, uid: uuid.UUID | str) -> Alert:
    """The alert, or ``Http404`` when it does not exist or the user may not read it."""
    if not user.has_permission(Permission.ALERTS_READ):
        raise Http404("no such alert")
    obj = sharing.get_visible(user, uid, KIND)
    found = Alert.objects.select_related("obj", "obj__home_agency").filter(obj=obj).first()
    if found is None:
        raise Http404("no such alert")
    return found


def drafts(user: User) -> QuerySet[AlertDraft]:
    """The user's own drafts, not yet released (newest first)."""
    if not user.has_permission(Permission.ALERTS_DRAFT):
        return AlertDraft.objects.none()
    return (
        AlertDraft.objects.filter(author=user, agency_id=user.agency_id)
        .exclude(status=codes.DraftStatus.RELEASED)
        .select_related("approval")
    )


def released_drafts(user: User) -> QuerySet[AlertDraft]:
    return AlertDraft.objects.filter(
        author=user, agency_id=user.agency_id, status=codes.DraftStatus.RELEASED
    )


def to_review(user: User) -> list[AlertDraft]:
    """Drafts of the user's agency waiting for the user's review (never their own)."""
    if not user.has_permission(Permission.ALERTS_RELEASE):
        return []
    subjects = [
        a.subject.removeprefix(DRAFT_SUBJECT) for a in approvals.waiting_for(user, kind=RELEASE)
    ]
    return list(
        AlertDraft.objects.filter(
            uid__in=subjects, agency_id=user.agency_id, status=codes.DraftStatus.SUBMITTED
        )
        .select_related("author", "approval")
        .order_by("updated_at", "id")
    )


def draft(user: User, uid: uuid.UUID | str) -> AlertDraft:
    """A draft its author reads, or a supervisor of its agency (``Http404`` for anyone else)."""
    try:
        key = uuid.UUID(str(uid))
    except ValueError:
        raise Http404("no such draft") from None
    found = (
        AlertDraft.objects.select_related("author", "approval", "agency")
        .filter(uid=key, agency_id=user.agency_id)
        .first()
    )
    if found is None or not user.has_permission(Permission.ALERTS_DRAFT):
        raise Http404("no such draft")
    if found.author_id != user.pk and not user.has_permission(Permission.ALERTS_RELEASE):
        raise Http404("no such draft")
    return found


def draft_of(alert: Alert) -> AlertDraft | None:
    """The draft this node released as ``alert`` (on the issuing node only)."""
    return AlertDraft.objects.filter(alert_uid=alert.obj.uid).select_related("author").first()


def acknowledgements(alert: Alert) -> list[Acknowledgement]:
    return list(alert.acknowledgements.order_by("at", "id"))


def acknowledged_by(alert: Alert, agency_code: str) -> list[Acknowledgement]:
    return [a for a in acknowledgements(alert) if a.agency == agency_code]


def history(alert: Alert) -> list[Change]:
    """Every change of the alert, in order (its release, updates, acknowledgements …)."""
    return list(sharing.changes(alert.obj))


def measures(alert: Alert) -> list[Change]:
    """The measures each side logged (the rapid-reaction log), in order."""
    return [c for c in history(alert) if c.op == "alerts.add_measure"]


def addressees(alert: Alert) -> list[Any]:
    """The addressed agencies (active participants that are not the issuer)."""
    return [
        p.agency for p in sharing.participants(alert.obj) if p.role == ParticipantRole.PARTICIPANT
    ]


def unacknowledged(user: User, now: dt.datetime | None = None) -> QuerySet[Alert]:
    """Active alerts addressed to the user's agency that it has not acknowledged."""
    if not user.has_permission(Permission.ALERTS_READ) or user.agency_id is None:
        return Alert.objects.none()
    moment = now or timezone.now()
    return (
        Alert.objects.filter(
            _active(moment),
            obj__participants__agency_id=user.agency_id,
            obj__participants__active=True,
            obj__participants__role=ParticipantRole.PARTICIPANT,
        )
        .exclude(acknowledgements__agency=user.agency.code)
        .distinct()
    )


def unacknowledged_count(user: User) -> int:
    """The banner's count."""
    return unacknowledged(user)[:100].count()


def hits(user: User, alert: Alert) -> list[AlertHit]:
    """What this node found for the user's agency (records or checks matching the alert)."""
    if user.agency_id is None:
        return []
    return list(AlertHit.objects.filter(alert=alert, agency_id=user.agency_id))


def escalation_due(now: dt.datetime) -> list[tuple[Alert, Any]]:
    """(alert, agency) for each active alert addressed to an agency on this node that has not
    acknowledged it past the type's time: what the escalation task tells. Three queries
    whatever the number of alerts (the alerts, their addressees, their acknowledgements)."""
    here = sharing.local_node()
    soonest = min([*codes.ESCALATE_AFTER.values(), codes.ESCALATE_AFTER_DEFAULT])
    addressed_here = Participant.objects.filter(
        active=True, role=ParticipantRole.PARTICIPANT, agency__node_code=here
    ).select_related("agency")
    rows = (
        Alert.objects.filter(
            _active(now),
            released_at__lte=now - soonest,
            obj__participants__agency__node_code=here,
            obj__participants__active=True,
            obj__participants__role=ParticipantRole.PARTICIPANT,
        )
        .select_related("obj")
        .prefetch_related(
            "acknowledgements", Prefetch("obj__participants", queryset=addressed_here)
        )
        .distinct()
        .order_by("released_at", "id")
    )
    due = []
    for found in rows:
        after = codes.ESCALATE_AFTER.get(found.type, codes.ESCALATE_AFTER_DEFAULT)
        if found.released_at + after > now:
            continue
        answered = {a.agency for a in found.acknowledgements.all()}
        for participant in found.obj.participants.all():
            agency = participant.agency
            if agency.code not in answered:
                due.append((found, agency))
    return due
