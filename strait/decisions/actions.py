"""Recording analysts' decisions and redacting them on erasure (the only writer of
MatchDecision); reading them is ``queries``."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q

from strait.audit.events import AuditAction
from strait.audit.log import record
from strait.decisions import queries
from strait.decisions.models import MatchDecision, Verdict
from strait.permissions import Permission, require

if TYPE_CHECKING:
    from django.http import HttpRequest

    from strait.accounts.models import User


def _lock_current(agency_id: int, record_uid: uuid.UUID, counterpart: str) -> MatchDecision | None:
    """The decision in force on a pair, locked: a second analyst deciding the same pair at the
    same moment waits here, then supersedes the first one's decision instead of colliding with
    it on the one-to-one ``supersedes``."""
    for _attempt in range(20):
        current = queries.current_decision(agency_id, record_uid, counterpart)
        if current is None:
            return None
        MatchDecision.objects.select_for_update().filter(pk=current.pk).values_list("pk").first()
        latest = queries.current_decision(agency_id, record_uid, counterpart)
        if latest is not None and latest.pk == current.pk:
            return latest
    raise RuntimeError("the decisions on this pair keep changing; try again")


@transaction.atomic
def decide(
    user: User,
    record_uid: uuid.UUID,
    counterpart: str,
    verdict: str,
    *,
    label: str = "",
    note: str = "",
    score: float | None = None,
    request: HttpRequest | None = None,
) -> MatchDecision:
    """Record ``user``'s decision on a pair, with its audit row (MATCH_DECIDED); it supersedes
    the one in force, never overwrites.

    The caller has already checked that the record is the user's agency's (queries scope it);
    the decision is always the user's agency's.
    """
    require(user, Permission.CHECKS_ANSWER)
    Verdict(verdict)  # ValueError for anything else
    previous = _lock_current(user.agency_id, record_uid, counterpart)
    decision = MatchDecision.objects.create(
        agency_id=user.agency_id,
        record_uid=record_uid,
        counterpart=counterpart,
        counterpart_label=label[:300],
        verdict=verdict,
        note=note,
        score=score,
        decided_by=user,
        supersedes=previous,
    )
    record(
        AuditAction.MATCH_DECIDED,
        request=request,
        actor=user,
        target=str(record_uid),
        details={
            "counterpart": counterpart,
            "verdict": verdict,
            "score": score,
            "supersedes": previous.pk if previous is not None else None,
        },
    )
    return decision


def redact(record_uid: uuid.UUID | str) -> int:
    """An erased record's decisions (as the record decided on, or as the other record of a
    pair held here, "person:<uid>") keep who decided what and when, not what was said: blank
    the counterpart's label (the partner's words, naming the person) and the note. The only
    change the database lets through (migration 0002). Returns how many decisions changed."""
    about = Q(record_uid=record_uid) | Q(counterpart__endswith=f":{record_uid}")
    return (
        MatchDecision.objects.filter(about)
        .exclude(counterpart_label="", note="")
        .update(counterpart_label="", note="")
    )
