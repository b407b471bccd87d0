"""Checks in the JSON API (``/api/v1/checks/``): send a check, read the answers, ask for the
details after a hit; for analysts, the partners' checks with their candidates and decisions.

Thin like the views: each operation declares its permission, reads through ``queries`` (another
agency's check is "not found") and writes through ``actions``; a refusal answers 400.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

import pydantic
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from strait.accounts.api_auth import api_user, requires_token
from strait.accounts.models import User
from strait.checks import actions, queries
from strait.checks.models import Check, IncomingCheck, RecordKind
from strait.exchange import codes, effects
from strait.exchange.models import Channel
from strait.exchange.rules import RuleViolation
from strait.exchange.schemas import Code, Refusal
from strait.permissions import Permission

router = Router(tags=["checks"])

SEND = requires_token(Permission.CHECKS_SEND)
ANSWER = requires_token(Permission.CHECKS_ANSWER)


class _In(Schema):
    model_config = pydantic.ConfigDict(extra="forbid")


class CheckIn(_In):
    channel: Code
    recipients: list[Code] = pydantic.Field(min_length=1, max_length=20)
    kind: RecordKind
    names: list[str] = pydantic.Field(default_factory=list, max_length=actions.MAX_NAMES)
    birth_date: str = pydantic.Field(default="", max_length=20)
    value: str = pydantic.Field(default="", max_length=100)
    # The country a phone number without "+" is read in; left out, the sender's own.
    country: str | None = pydantic.Field(default=None, max_length=2)
    purpose: str = pydantic.Field(min_length=1, max_length=300)
    crime_area: codes.CrimeArea = codes.CrimeArea.OTHER


class DetailsIn(_In):
    agency: Code
    urgency: codes.Urgency = codes.Urgency.NORMAL
    question: str = pydantic.Field(default="", max_length=actions.MAX_QUESTION)


class DecisionIn(_In):
    candidate: int
    verdict: Literal["match", "no_match", "unsure"]
    note: str = pydantic.Field(default="", max_length=2000)


class AnswerOut(Schema):
    agency: str
    result: str
    reference: str
    reason: str
    answered_at: dt.datetime | None
    details_thread_uid: uuid.UUID | None


class CheckOut(Schema):
    uid: uuid.UUID
    kind: str
    label: str
    channel: str
    purpose: str
    created_at: dt.datetime
    answers: list[AnswerOut]


class DecisionOut(Schema):
    verdict: str
    note: str
    decided_by: str
    decided_at: dt.datetime
    superseded: bool


class CandidateOut(Schema):
    id: int
    record_kind: str
    record_uid: uuid.UUID
    record_label: str
    score: float
    features: dict[str, float]
    explanation: str
    # The same evidence as data (names as written, how each part matched, the date relation).
    evidence: dict[str, Any]
    decisions: list[DecisionOut]


class IncomingOut(Schema):
    uid: uuid.UUID
    reference: str
    requester: str
    requester_name: str
    channel: str
    kind: str
    label: str
    purpose: str
    result: str
    received_at: dt.datetime


class IncomingDetail(IncomingOut):
    birth_date: str
    candidates: list[CandidateOut]
    details_threads: list[uuid.UUID]


class DetailsOut(Schema):
    thread_uid: uuid.UUID
    message_uid: uuid.UUID


def check_out(c: Check) -> CheckOut:
    return CheckOut(
        uid=c.uid,
        kind=c.kind,
        label=c.label,
        channel=c.channel.code,
        purpose=c.purpose,
        created_at=c.created_at,
        answers=[
            AnswerOut(
                agency=a.agency.code,
                result=a.result,
                reference=a.reference,
                reason=a.reason,
                answered_at=a.answered_at,
                details_thread_uid=a.details_thread_uid,
            )
            for a in c.answers.all()
        ],
    )


def incoming_out(i: IncomingCheck) -> IncomingOut:
    return IncomingOut(
        uid=i.uid,
        reference=i.reference,
        requester=i.requester.code,
        requester_name=i.requester_name,
        channel=i.channel.code,
        kind=i.kind,
        label=i.label,
        purpose=i.purpose,
        result=i.result,
        received_at=i.received_at,
    )


def incoming_detail(user: User, i: IncomingCheck) -> IncomingDetail:
    candidates = []
    for c in i.candidates.all():
        history = queries.decision_history(user, i, c.record_uid)
        candidates.append(
            CandidateOut(
                id=c.pk,
                record_kind=c.record_kind,
                record_uid=c.record_uid,
                record_label=c.record_label,
                score=c.score,
                features=c.features,
                explanation=c.explanation,
                evidence=c.evidence,
                decisions=[
                    DecisionOut(
                        verdict=d.verdict,
                        note=d.note,
                        decided_by=d.decided_by.full_name,
                        decided_at=d.decided_at,
                        superseded=n > 0,
                    )
                    for n, d in enumerate(history)
                ],
            )
        )
    return IncomingDetail(
        **incoming_out(i).model_dump(),
        birth_date=str(i.query.get("birth_date", "")),
        candidates=candidates,
        details_threads=[m.thread_uid for m in queries.details_requests(user, i)],
    )


def _channel(user: User, code: str) -> Channel:
    for channel in queries.check_channels(user):
        if channel.code == code:
            return channel
    raise RuleViolation(_("Unknown channel, or not one you work: %(code)s.") % {"code": code})


def _check(user: User, uid: uuid.UUID) -> Check:
    found = queries.check(user, uid)
    if found is None:
        raise Http404
    return found


def _incoming(user: User, uid: uuid.UUID) -> IncomingCheck:
    found = queries.incoming(user, uid)
    if found is None:
        raise Http404
    return found


@router.post(
    "", response={201: CheckOut, 400: Refusal}, auth=SEND, summary="Send a hit/no-hit check"
)
def send_check(request: HttpRequest, data: CheckIn) -> Status:
    user = api_user(request)
    ask = actions.Ask(
        kind=str(data.kind),
        channel=_channel(user, data.channel),
        recipients=list(effects.agencies_by_code(list(data.recipients)).values()),
        purpose=data.purpose,
        crime_area=str(data.crime_area),
        names=data.names,
        birth_date=data.birth_date,
        value=data.value,
        country=data.country,
    )
    sent = actions.send_check(ask, acting_user=user, request=request)
    return Status(201, check_out(_check(user, sent.uid)))


@router.get("", response=list[CheckOut], auth=SEND, summary="Your agency's checks and answers")
def list_checks(request: HttpRequest) -> list[CheckOut]:
    return [check_out(c) for c in queries.my_checks(api_user(request))]


@router.get("/{uuid:uid}", response=CheckOut, auth=SEND, summary="One check and its answers")
def get_check(request: HttpRequest, uid: uuid.UUID) -> CheckOut:
    return check_out(_check(api_user(request), uid))


@router.post(
    "/{uuid:uid}/details",
    response={201: DetailsOut, 400: Refusal},
    auth=SEND,
    summary="After a hit, ask the answering agency for the details",
)
def ask_details(request: HttpRequest, uid: uuid.UUID, data: DetailsIn) -> Status:
    user = api_user(request)
    found = _check(user, uid)
    answer = next((a for a in found.answers.all() if a.agency.code == data.agency), None)
    if answer is None:
        raise Http404
    message = actions.ask_for_details(
        answer,
        urgency=str(data.urgency),
        question=data.question,
        acting_user=user,
        request=request,
    )
    return Status(201, DetailsOut(thread_uid=message.thread_uid, message_uid=message.uid))


@router.get(
    "/incoming",
    response=list[IncomingOut],
    auth=ANSWER,
    summary="Partners' checks of our records (a consultation, in the audit log)",
)
def incoming_queue(request: HttpRequest) -> list[IncomingOut]:
    user = api_user(request)
    rows = queries.incoming_queue(user)
    actions.consult_list(rows, acting_user=user, request=request)
    return [incoming_out(i) for i in rows]


@router.get(
    "/incoming/{uuid:uid}",
    response=IncomingDetail,
    auth=ANSWER,
    summary="A partner's check with its candidates (a consultation, in the audit log)",
)
def incoming(request: HttpRequest, uid: uuid.UUID) -> IncomingDetail:
    user = api_user(request)
    found = _incoming(user, uid)
    actions.consult(found, acting_user=user, request=request)
    return incoming_detail(user, found)


@router.post(
    "/incoming/{uuid:uid}/decisions",
    response={201: IncomingDetail, 400: Refusal},
    auth=ANSWER,
    summary="Record a decision on a candidate: match, no match or unsure",
)
def decide(request: HttpRequest, uid: uuid.UUID, data: DecisionIn) -> Status:
    user = api_user(request)
    found = _incoming(user, uid)
    candidate = queries.candidate(found, data.candidate)
    if candidate is None:
        raise Http404
    actions.decide(candidate, data.verdict, note=data.note, acting_user=user, request=request)
    return Status(201, incoming_detail(user, found))
