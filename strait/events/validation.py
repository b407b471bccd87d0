"""The ops' checks: what an event (or the knowledge base) refuses, whoever proposes and wherever.

Each runs on the proposer's node (the form shows the refusal at once) and, authoritatively, at
the home before the change is ordered; each raises a ``Refused`` subclass, nothing is written.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from strait.events import codes, wire
from strait.events.models import AfterAction, AlertLink, Entry, Event, Fixture, KnowledgeLink, Venue
from strait.refusals import Refused
from strait.sharing.effects import body_of

if TYPE_CHECKING:
    from strait.sharing.registry import Applied


class OutsideHosts(Refused):
    """A venue in a country that does not host the event."""

    code = "outside_hosts"


class VenueExists(Refused):
    code = "venue_exists"


class UnknownVenue(Refused):
    code = "unknown_venue"


class UnknownFixture(Refused):
    code = "unknown_fixture"


class OutsideEvent(Refused):
    code = "outside_event"


class InFuture(Refused):
    code = "in_future"


class AlreadyLinked(Refused):
    code = "already_linked"


class ReportExists(Refused):
    code = "report_exists"


# A log entry may carry a time a few minutes ahead of the home's clock (clocks drift), not more.
_SKEW = dt.timedelta(minutes=5)


def _event(applied: Applied) -> Event:
    return Event.objects.get(obj=applied.obj)


def _fixture(applied: Applied, uid: Any) -> Fixture:
    found = Fixture.objects.filter(event__obj=applied.obj, uid=uid).first()
    if found is None:
        raise UnknownFixture(
            _("There is no such match in this event."),
            problems=[("fixture", _("Choose a match of the event."))],
        )
    return found


def check_add_venue(applied: Applied) -> None:
    body: wire.AddVenue = body_of(applied, wire.AddVenue)
    event = _event(applied)
    if body.country not in event.hosts:
        raise OutsideHosts(
            _("%(country)s does not host this event: a venue must be in a host country.")
            % {"country": codes.COUNTRY_NAMES.get(body.country, body.country)},
            problems=[("country", _("Choose a host country."))],
        )
    if Venue.objects.filter(event=event, code=body.code).exists():
        raise VenueExists(
            _("A venue with the code %(code)s is already in this event.") % {"code": body.code},
            problems=[("code", _("This code is taken."))],
        )


def check_add_fixture(applied: Applied) -> None:
    body: wire.AddFixture = body_of(applied, wire.AddFixture)
    event = _event(applied)
    if not Venue.objects.filter(event=event, code=body.venue).exists():
        raise UnknownVenue(
            _("There is no venue %(code)s in this event.") % {"code": body.venue},
            problems=[("venue", _("Choose a venue of the event."))],
        )
    # The day in UTC, a day of slack either side (an evening kick-off in another time zone).
    day = body.kick_off.astimezone(dt.UTC).date()
    if not event.starts - dt.timedelta(days=1) <= day <= event.ends + dt.timedelta(days=1):
        raise OutsideEvent(
            _("The kick-off is outside the event (%(starts)s to %(ends)s).")
            % {"starts": event.starts, "ends": event.ends},
            problems=[("kick_off", _("Give a time during the event."))],
        )


def check_set_risk(applied: Applied) -> None:
    body: wire.SetRisk = body_of(applied, wire.SetRisk)
    _fixture(applied, body.fixture)


def check_log(applied: Applied) -> None:
    body: wire.LogInformation = body_of(applied, wire.LogInformation)
    if body.fixture is not None:
        _fixture(applied, body.fixture)
    if body.at > applied.at + _SKEW or (body.passed_at and body.passed_at > applied.at + _SKEW):
        raise InFuture(
            _("The time is in the future."), problems=[("at", _("Give a time that has passed."))]
        )


def check_assess(applied: Applied) -> None:
    body: wire.Assess = body_of(applied, wire.Assess)
    _fixture(applied, body.fixture)


def check_link_alert(applied: Applied) -> None:
    body: wire.LinkAlert = body_of(applied, wire.LinkAlert)
    if AlertLink.objects.filter(event__obj=applied.obj, alert=body.alert).exists():
        raise AlreadyLinked(_("This alert is already linked to the event."))


def check_link_knowledge(applied: Applied) -> None:
    body: wire.LinkKnowledge = body_of(applied, wire.LinkKnowledge)
    if KnowledgeLink.objects.filter(event__obj=applied.obj, entry=body.entry).exists():
        raise AlreadyLinked(_("This entry is already linked to the event."))


def check_after_action(applied: Applied) -> None:
    if AfterAction.objects.filter(event__obj=applied.obj).exists():
        raise ReportExists(_("The event already has its after-action report."))


def check_add_entry(applied: Applied) -> None:
    body: wire.AddEntry = body_of(applied, wire.AddEntry)
    if Entry.objects.filter(base__obj=applied.obj, uid=body.uid).exists():
        raise AlreadyLinked(_("This entry is already in the knowledge base."))
