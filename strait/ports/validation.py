"""The centre's ops' checks: what the centre refuses, whoever proposes and wherever.

Each runs on the proposer's node (the form shows the refusal at once) and, authoritatively, at
the home before the change is ordered; each raises a ``Refused`` subclass, nothing is written.
They read only the copy and the ``Applied`` (so the home decides as the proposer's node did).

Who is on the roster: a posting carries the agent's agency and username (usernames are each
node's own, and a node speaks for its users), so a duty log entry or an incident is accepted
only when ``applied.by_user`` of ``applied.by_agency`` is posted to the centre, not ended, and
on a shift of the roster covering the entry's time.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from strait import timefmt
from strait.ports import wire
from strait.ports.models import Centre, Incident, LogEntry, Posting, Shift
from strait.refusals import Refused
from strait.sharing.effects import body_of
from strait.sharing.models import Participant

if TYPE_CHECKING:
    from strait.sharing.registry import Applied


class NotOnRoster(Refused):
    """A duty log entry (or an incident) by someone not on a shift covering its time."""

    code = "not_on_roster"
    status = 403


class NotTakingPart(Refused):
    """A posting of an agency that does not take part in the centre."""

    code = "agency_not_in_centre"
    status = 400


class NotYourAgency(Refused):
    """Only the agency itself (or the host) posts and recalls its agents; only the recording
    agency updates its incident."""

    code = "not_your_agency"
    status = 403


class UnknownPosting(Refused):
    code = "unknown_posting"
    status = 400


class UnknownIncident(Refused):
    code = "unknown_incident"
    status = 400


class Duplicate(Refused):
    code = "duplicate"
    status = 400


class InFuture(Refused):
    code = "in_future"
    status = 400


# An entry may carry a time a few minutes ahead of the home's clock (clocks drift), not more.
_SKEW = dt.timedelta(minutes=5)


def _is_host(applied: Applied) -> bool:
    return bool(applied.obj.home_agency_id == applied.by_agency.pk)


def on_roster(applied: Applied, at: dt.datetime) -> bool:
    """Whether the proposing user is posted to the centre and on a shift covering ``at``."""
    return Shift.objects.filter(
        centre__obj=applied.obj,
        starts_at__lte=at,
        ends_at__gt=at,
        postings__username=applied.by_user,
        postings__agency=applied.by_agency.code,
        postings__ended_at__isnull=True,
    ).exists()


def _require_roster(applied: Applied, at: dt.datetime) -> None:
    if at > applied.at + _SKEW:
        raise InFuture(
            _("The entry's time is in the future."),
            problems=[("at", _("Give a time that has passed."))],
        )
    if not on_roster(applied, at):
        raise NotOnRoster(
            _("You are not on the roster: no shift of this centre has you on duty at that time.")
        )


def check_post_agent(applied: Applied) -> None:
    body: wire.PostAgent = body_of(applied, wire.PostAgent)
    if body.agency != applied.by_agency.code and not _is_host(applied):
        raise NotYourAgency(_("Each agency posts its own agents (the host posts anyone's)."))
    taking_part = Participant.objects.filter(
        obj=applied.obj, agency__code=body.agency, active=True
    ).exists()
    if not taking_part:
        raise NotTakingPart(
            _("%(agency)s does not take part in this centre.") % {"agency": body.agency},
            problems=[("agency", _("Choose an agency of the centre."))],
        )
    if Posting.objects.filter(centre__obj=applied.obj, uid=body.uid).exists():
        raise Duplicate(_("This posting is already recorded."))


def check_end_posting(applied: Applied) -> None:
    body: wire.EndPosting = body_of(applied, wire.EndPosting)
    posting = Posting.objects.filter(
        centre__obj=applied.obj, uid=body.posting, ended_at__isnull=True
    ).first()
    if posting is None:
        raise UnknownPosting(_("There is no such current posting in this centre."))
    if posting.agency != applied.by_agency.code and not _is_host(applied):
        raise NotYourAgency(_("Each agency recalls its own agents (the host anyone's)."))


def check_add_shift(applied: Applied) -> None:
    body: wire.AddShift = body_of(applied, wire.AddShift)
    if Shift.objects.filter(centre__obj=applied.obj, uid=body.uid).exists():
        raise Duplicate(_("This shift is already on the roster."))
    # The day at the port: a shift at Algeciras starting at 00:30 Madrid time is that day's,
    # though it is still the day before in UTC (postings run from and until local dates).
    centre = Centre.objects.filter(obj=applied.obj).only("country").first()
    zone = timefmt.zone(timefmt.zone_for_country(centre.country if centre else ""))
    day = body.starts_at.astimezone(zone).date()
    current = set(
        Posting.objects.filter(
            centre__obj=applied.obj, uid__in=body.postings, ended_at__isnull=True, starts__lte=day
        )
        .exclude(until__lt=day)
        .values_list("uid", flat=True)
    )
    missing = [str(uid) for uid in body.postings if uid not in current]
    if missing:
        raise UnknownPosting(
            _("Some agents of the shift are not posted to this centre on that day."),
            problems=[("postings", _("Choose agents posted to the centre."))],
        )


def check_log_entry(applied: Applied) -> None:
    body: wire.LogEntry = body_of(applied, wire.LogEntry)
    if LogEntry.objects.filter(centre__obj=applied.obj, uid=body.uid).exists():
        raise Duplicate(_("This entry is already in the log."))
    _require_roster(applied, body.at)


def check_record_incident(applied: Applied) -> None:
    body: wire.RecordIncident = body_of(applied, wire.RecordIncident)
    if Incident.objects.filter(centre__obj=applied.obj, uid=body.uid).exists():
        raise Duplicate(_("This incident is already recorded."))
    if LogEntry.objects.filter(centre__obj=applied.obj, uid=body.entry).exists():
        raise Duplicate(_("This entry is already in the log."))
    _require_roster(applied, body.at)


def check_update_incident(applied: Applied) -> None:
    body: wire.UpdateIncident = body_of(applied, wire.UpdateIncident)
    incident = Incident.objects.filter(centre__obj=applied.obj, uid=body.incident).first()
    if incident is None:
        raise UnknownIncident(_("There is no such incident in this centre."))
    if incident.agency != applied.by_agency.code:
        raise NotYourAgency(_("Only the agency that recorded the incident updates it."))
