"""The ops' checks: what the picture refuses, whoever proposes and wherever.

Each runs on the proposer's node (the form shows the refusal at once) and, authoritatively, at
the home before the change is ordered; each raises a ``Refused`` subclass, nothing is written.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from strait.refusals import Refused
from strait.sharing.effects import body_of
from strait.situation import wire
from strait.situation.models import Segment

if TYPE_CHECKING:
    from strait.sharing.registry import Applied


class UnknownSegment(Refused):
    code = "unknown_segment"
    status = 400


class SegmentExists(Refused):
    code = "segment_exists"
    status = 400


class NotOwner(Refused):
    """Only the segment's owner agency sets its impact level."""

    code = "not_owner"
    status = 403


class InFuture(Refused):
    code = "in_future"
    status = 400


# A report may carry a time a few minutes ahead of the home's clock (clocks drift), not more.
_SKEW = dt.timedelta(minutes=5)


def _segment(applied: Applied, code: str) -> Segment | None:
    return Segment.objects.filter(picture__obj=applied.obj, code=code).first()


def check_add_segment(applied: Applied) -> None:
    body: wire.AddSegment = body_of(applied, wire.AddSegment)
    if Segment.objects.filter(picture__obj=applied.obj, code=body.code).exists():
        raise SegmentExists(
            _("A segment with the code %(code)s is already on the map.") % {"code": body.code},
            problems=[("code", _("This code is taken."))],
        )


def check_set_level(applied: Applied) -> None:
    body: wire.SetLevel = body_of(applied, wire.SetLevel)
    segment = _segment(applied, body.segment)
    if segment is None:
        raise UnknownSegment(
            _("There is no segment %(code)s on the map.") % {"code": body.segment},
            problems=[("segment", _("Choose a segment of the map."))],
        )
    if segment.owner_agency != applied.by_agency.code:
        raise NotOwner(
            _("Only %(owner)s sets the impact level of %(code)s.")
            % {"owner": segment.owner_agency, "code": segment.code}
        )


def check_report_crossing(applied: Applied) -> None:
    body: wire.ReportCrossing = body_of(applied, wire.ReportCrossing)
    if body.segment and _segment(applied, body.segment) is None:
        raise UnknownSegment(
            _("There is no segment %(code)s on the map.") % {"code": body.segment},
            problems=[("segment", _("Choose a segment of the map."))],
        )
    if body.at > applied.at + _SKEW:
        raise InFuture(
            _("The crossing's time is in the future."),
            problems=[("at", _("Give a time that has passed."))],
        )
