"""Each side's screening counts published into the centre, so both sides' counters show both.

The counts of a day (checks asked of the partner, the partner's checks answered, hits) are read
from this node's audit entries (``screening_counts.figures``: they outlive the erased manifests)
and proposed into the centre by ``actions.report_counts`` as the agency's coordinator or deputy
posted there (``queries.reporting_user``). Only a day whose figures differ from what the centre
already holds is proposed again: an hourly run sends nothing when nothing changed.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.utils import timezone

from strait.agencies.models import Agency
from strait.ports import actions, queries, screening_counts
from strait.ports.models import Centre, CountReport
from strait.refusals import Refused
from strait.sharing.queries import local_node

log = logging.getLogger(__name__)


def _local_agencies(centre: Centre) -> list[Agency]:
    """The agencies of this node taking part in the centre."""
    return list(
        Agency.objects.filter(
            node_code=local_node(), pk__in=centre.obj.participants.values("agency")
        ).order_by("code")
    )


def publish(*, days: int = 2, today: dt.date | None = None) -> int:
    """Propose the counts of the last ``days`` days (today included) of every local agency at
    every centre, where they changed; return how many were proposed. A refusal (the agency has
    left the centre, no user may report) is logged and the others go on."""
    today = today or timezone.localdate()
    proposed = 0
    for centre in Centre.objects.select_related("obj"):
        for agency in _local_agencies(centre):
            user = queries.reporting_user(centre, agency)
            if user is None:
                continue
            held = {
                r.day: (r.asked, r.answered, r.hits)
                for r in CountReport.objects.filter(centre=centre, agency=agency.code)
            }
            for back in range(days):
                day = today - dt.timedelta(days=back)
                found = screening_counts.figures(centre, agency.code, day, day)
                counts = (found.asked, found.answered, found.hits)
                if counts == held.get(day, (0, 0, 0)):
                    continue
                try:
                    actions.report_counts(
                        user, centre, day=day, asked=counts[0], answered=counts[1], hits=counts[2]
                    )
                except Refused as refusal:
                    log.warning("counts of %s at %s not published: %s", agency, centre, refusal)
                    continue
                proposed += 1
    return proposed
