"""What one side of a centre screened, for the centre's counters: sailings and travellers
screened, checks asked of the partner and answered for it, hits (own records and alerts at
screening, and the partner's hits as they came back).

Read from the audit chain, not from the sailings: a manifest is erased after the centre's rule
(48 hours by default) while the counters cover months. The entries hold counts only:
``ports.manifest_screened`` (centre, rows, hits, checks asked, the batch), the checks' batch
entries ``checks.batch_answered`` (items answered for a partner on the centre's channel) and
``checks.batch_answer_received`` (the partner's hits of our batch).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from strait.audit.events import AuditAction
from strait.audit.models import AuditEntry

__all__ = ["Figures", "counts", "figures"]


@dataclass(frozen=True)
class Figures:
    sailings: int = 0
    travellers: int = 0  # rows screened: travellers and vehicles
    asked: int = 0  # hit/no-hit checks asked of the partner
    answered: int = 0  # the partner's checks answered by this agency on the centre's channel
    hits: int = 0  # own records and alerts at screening, and the partner's hits


def _window(since: dt.date, until: dt.date) -> tuple[dt.datetime, dt.datetime]:
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(since, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return start, end


def figures(centre: Any, agency: str, since: dt.date, until: dt.date) -> Figures:
    """The agency's figures at the centre from ``since`` to ``until`` (both days included)."""
    start, end = _window(since, until)
    entries = AuditEntry.objects.filter(occurred_at__gte=start, occurred_at__lt=end, agency=agency)
    screened = list(
        entries.filter(
            action=AuditAction.PORTS_MANIFEST_SCREENED, details__centre=centre.code
        ).values_list("details", flat=True)
    )
    batches = [d.get("batch") for d in screened if d.get("batch")]
    partner_hits = 0
    if batches:
        for details in AuditEntry.objects.filter(
            action=AuditAction.CHECK_BATCH_ANSWER_RECEIVED, target__in=batches, agency=agency
        ).values_list("details", flat=True):
            partner_hits += int(details.get("hits", 0))
    answered = 0
    if centre.channel:
        for details in entries.filter(
            action=AuditAction.CHECK_BATCH_ANSWERED, details__channel=centre.channel
        ).values_list("details", flat=True):
            answered += int(details.get("items", 0))
    return Figures(
        sailings=len(screened),
        travellers=sum(int(d.get("rows", 0)) for d in screened),
        asked=sum(int(d.get("asked", 0)) for d in screened),
        answered=answered,
        hits=sum(int(d.get("hits", 0)) for d in screened) + partner_hits,
    )


def counts(centre: Any, agency: str, since: dt.date, until: dt.date) -> dict[str, int]:
    """The figures with their labels in the reader's language, for the counters page."""
    found = asdict(figures(centre, agency, since, until))
    labels = {
        "sailings": _("Sailings screened"),
        "travellers": _("Travellers and vehicles screened"),
        "asked": _("Checks asked of the partner"),
        "answered": _("Partner's checks answered"),
        "hits": _("Hits"),
    }
    return {str(labels[key]): value for key, value in found.items()}
