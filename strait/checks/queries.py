"""Every read of checks, scoped to the user: an agency sees the checks it sent, and (for its
analysts and supervisors) the partners' checks of its own records. Anything else is "not found".
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, QuerySet

from strait.checks.models import (
    Candidate,
    Check,
    CheckAnswer,
    CheckOpening,
    IncomingCheck,
    Result,
)
from strait.decisions import queries as decisions
from strait.decisions.models import MatchDecision
from strait.entities import queries as entities
from strait.exchange import about
from strait.exchange import queries as exchange_queries
from strait.exchange.models import Channel, Message
from strait.permissions import Permission

if TYPE_CHECKING:
    from strait.accounts.models import User

PAGE = 50


def checks_visible_to(user: User) -> QuerySet[Check]:
    if not user.has_permission(Permission.CHECKS_SEND):
        return Check.objects.none()
    return (
        Check.objects.filter(agency=user.agency)
        .select_related("channel", "user")
        .prefetch_related(
            Prefetch("answers", queryset=CheckAnswer.objects.select_related("agency"))
        )
    )


def my_checks(user: User) -> list[Check]:
    """The user's agency's checks, the newest first; a batch's items are shown with what they
    screen (a sailing), a hit among them here once the batch is erased."""
    return list(checks_visible_to(user).filter(batch=None)[:PAGE])


def check(user: User, uid: uuid.UUID | str) -> Check | None:
    return checks_visible_to(user).filter(uid=uid).first()


def incoming_visible_to(user: User) -> QuerySet[IncomingCheck]:
    if not user.has_permission(Permission.CHECKS_ANSWER):
        return IncomingCheck.objects.none()
    # A partner's batch item without a hit keeps nothing to show (batch_federation.py).
    return (
        IncomingCheck.objects.filter(agency=user.agency)
        .exclude(batch_uid__isnull=False, result=Result.NO_HIT)
        .select_related("requester", "channel")
    )


def incoming_queue(user: User) -> list[IncomingCheck]:
    """Partners' checks of the agency, the newest first."""
    rows = incoming_visible_to(user).prefetch_related("candidates")
    return list(rows.order_by("-received_at", "-id")[:PAGE])


def incoming(user: User, uid: uuid.UUID | str) -> IncomingCheck | None:
    return incoming_visible_to(user).filter(uid=uid).prefetch_related("candidates").first()


def candidate(incoming_check: IncomingCheck, candidate_id: int) -> Candidate | None:
    return incoming_check.candidates.filter(pk=candidate_id).first()


def decision_history(
    user: User, incoming_check: IncomingCheck, record_uid: uuid.UUID
) -> list[MatchDecision]:
    return decisions.history(user.agency_id, record_uid, f"check:{incoming_check.check_uid}")


def details_requests(user: User, incoming_check: IncomingCheck) -> list[Message]:
    """The partner's requests quoting the check's reference, which the user may read."""
    key = about.key("case", incoming_check.reference)
    return list(
        exchange_queries.messages_visible_to(user)
        .filter(about__kind="case", about__key=key, sender_agency=incoming_check.requester)
        .order_by("created_at")[:5]
    )


@dataclass(frozen=True)
class CandidateRecord:
    """The record a candidate is, as the answering analyst may read it (through the entities'
    own scoped queries: without the permission to read records, there is none)."""

    kind: str
    record: Any
    person: Any  # the person the record is or belongs to, if any
    documents: list[Any]

    @property
    def birth_dates(self) -> list[str]:
        return list(self.person.birth_dates) if self.person is not None else []


def candidate_record(user: User, found: Candidate) -> CandidateRecord | None:
    record = entities.record(user, found.record_kind, found.record_uid)
    if record is None:
        return None
    person = record if found.record_kind == "person" else getattr(record, "person", None)
    if person is not None:
        documents = entities.belongings(person)["documents"]
    else:
        documents = [record] if found.record_kind == "document" else []
    return CandidateRecord(found.record_kind, record, person, documents)


@dataclass(frozen=True)
class IncomingStatus:
    """Where a partner's check stands for the answering agency: after a hit, whether every
    candidate has a decision, and whether the partner asked for the details (and got them)."""

    awaiting_decision: bool = False
    details_asked: bool = False
    details_answered: bool = False


def incoming_statuses(user: User, rows: list[IncomingCheck]) -> dict[int, IncomingStatus]:
    """The status of each partner's check listed, in three queries whatever their number."""
    hits = [i for i in rows if i.result == Result.HIT]
    if not hits:
        return {}
    decided = set(
        MatchDecision.objects.filter(
            agency_id=user.agency_id, counterpart__in=[f"check:{i.check_uid}" for i in hits]
        ).values_list("counterpart", "record_uid")
    )
    keys = {about.key("case", i.reference): i for i in hits}
    asked: dict[int, bool] = {}
    for key, sender, answered_at in (
        exchange_queries.messages_visible_to(user)
        .filter(about__kind="case", about__key__in=list(keys), kind="request")
        .values_list("about__key", "sender_agency_id", "answered_at")
    ):
        incoming_check = keys[key]
        if sender == incoming_check.requester_id:
            asked[incoming_check.pk] = asked.get(incoming_check.pk, False) or (
                answered_at is not None
            )
    return {
        i.pk: IncomingStatus(
            awaiting_decision=any(
                (f"check:{i.check_uid}", c.record_uid) not in decided for c in i.candidates.all()
            ),
            details_asked=i.pk in asked,
            details_answered=asked.get(i.pk, False),
        )
        for i in hits
    }


def openings(user: User) -> QuerySet[CheckOpening]:
    if not user.has_permission(Permission.CHECKS_OPEN):
        return CheckOpening.objects.none()
    return CheckOpening.objects.filter(agency=user.agency).select_related("partner", "channel")


def opening(user: User, uid: uuid.UUID | str) -> CheckOpening | None:
    return openings(user).filter(uid=uid).first()


def check_channels(user: User) -> list[Channel]:
    """The channels the user may send checks on: those they work with partner agencies."""
    return exchange_queries.channels_for(user)


def opening_channels(user: User) -> QuerySet[Channel]:
    if not user.has_permission(Permission.CHECKS_OPEN):
        return Channel.objects.none()
    return Channel.objects.filter(agencies=user.agency, active=True).prefetch_related("agencies")
