"""Reading analysts' decisions: the one in force on a pair, and its history. Callers scope the
pair to the user's agency (``agency_id``)."""

from __future__ import annotations

import uuid

from strait.decisions.models import MatchDecision


def current_decision(
    agency_id: int, record_uid: uuid.UUID, counterpart: str
) -> MatchDecision | None:
    """The decision in force on a pair: the latest one, or None if nobody decided yet."""
    return (
        MatchDecision.objects.filter(
            agency_id=agency_id, record_uid=record_uid, counterpart=counterpart
        )
        .order_by("-decided_at", "-id")
        .first()
    )


def history(agency_id: int, record_uid: uuid.UUID, counterpart: str) -> list[MatchDecision]:
    """Every decision on a pair, latest first."""
    return list(
        MatchDecision.objects.filter(
            agency_id=agency_id, record_uid=record_uid, counterpart=counterpart
        )
        .select_related("decided_by")
        .order_by("-decided_at", "-id")
    )
