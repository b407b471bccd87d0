"""The exchange in the JSON API (``/api/v1/``): every action of the pages, for programs.

Thin like the views: each operation declares its permission (``requires_token``), reads through
``queries`` (scoped to the token's user, so another agency's item is "not found") and writes
through ``actions`` and ``onward``. A refused rule answers 400 (``strait/api.py``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from strait.accounts.api_auth import api_user, requires_token
from strait.accounts.models import User
from strait.agencies.models import Agency
from strait.exchange import (
    actions,
    attachments,
    defaults,
    effects,
    onward,
    queries,
    searching,
)
from strait.exchange import schemas as s
from strait.exchange.drafts import Draft
from strait.exchange.models import Channel, Message
from strait.exchange.rules import RuleViolation
from strait.permissions import Permission

router = Router(tags=["exchange"])

READ = requires_token(Permission.MESSAGES_READ)
SEND = requires_token(Permission.MESSAGES_SEND)


def _message(user: User, uid: uuid.UUID) -> Message:
    message = queries.message(user, uid)
    if message is None:
        raise Http404
    return message


def _channel(user: User, code: str) -> Channel:
    for channel in queries.channels_for(user):
        if channel.code == code:
            return channel
    raise RuleViolation(_("Unknown channel, or not one you work: %(code)s.") % {"code": code})


def _agencies(codes_: Sequence[str]) -> list[Agency]:
    found = effects.agencies_by_code(list(codes_))
    return [found[code] for code in codes_]


def _uploads(items: list[s.AttachmentIn]) -> list[attachments.Upload]:
    return [attachments.Upload(filename=a.filename, data=a.data) for a in items]


def _about(items: list[s.AboutIn]) -> list[tuple[str, str]]:
    return [(str(a.kind), a.value) for a in items]


def _next_before(rows: Sequence[object], last: dt.datetime | None) -> dt.datetime | None:
    return last if len(rows) >= queries.PAGE else None


@router.get(
    "/channels",
    response=list[s.ChannelOut],
    auth=requires_token(Permission.CHANNELS_VIEW),
    summary="Channels of your agency",
)
def channels(request: HttpRequest) -> list[s.ChannelOut]:
    return [s.channel_out(c) for c in queries.channels_visible_to(api_user(request))]


@router.get("/messages/inbox", response=s.InboxPage, auth=READ, summary="Items sent to you")
def inbox(request: HttpRequest, before: s.DateTimeIn | None = None) -> s.InboxPage:
    rows = queries.inbox(api_user(request), before)
    last = rows[-1].created_at if rows else None
    return s.InboxPage(items=[s.inbox_item(r) for r in rows], next_before=_next_before(rows, last))


@router.get("/messages/sent", response=s.SentPage, auth=READ, summary="Items you sent")
def sent(request: HttpRequest, before: s.DateTimeIn | None = None) -> s.SentPage:
    rows = queries.sent(api_user(request), before)
    last = rows[-1].created_at if rows else None
    return s.SentPage(items=[s.sent_item(m) for m in rows], next_before=_next_before(rows, last))


@router.post(
    "/messages",
    response={201: s.MessageDetail, 400: s.Refusal},
    auth=SEND,
    summary="Send information or a request",
)
def send_message(request: HttpRequest, data: s.NewMessageIn) -> Status:
    user = api_user(request)
    draft = Draft(
        channel=_channel(user, data.channel),
        kind=data.kind,
        recipients=_agencies(data.recipients),
        subject=data.subject,
        body=data.body,
        language=data.language,
        crime_area=str(data.crime_area),
        urgency=str(data.urgency),
        markings=data.markings(),
        about=_about(data.about),
        uploads=_uploads(data.attachments),
    )
    message = actions.send_message(draft, acting_user=user, request=request)
    return Status(201, s.detail(message))


@router.get(
    "/messages/{uuid:uid}",
    response=s.MessageDetail,
    auth=READ,
    summary="One item (a consultation, in the audit log)",
)
def message(request: HttpRequest, uid: uuid.UUID) -> s.MessageDetail:
    user = api_user(request)
    found = _message(user, uid)
    actions.mark_read([found], acting_user=user, request=request)
    return s.detail(found)


@router.get(
    "/threads/{uuid:thread_uid}",
    response=list[s.MessageDetail],
    auth=READ,
    summary="A whole thread (a consultation of each item)",
)
def thread(request: HttpRequest, thread_uid: uuid.UUID) -> list[s.MessageDetail]:
    user = api_user(request)
    items = queries.thread(user, thread_uid)
    if not items:
        raise Http404
    actions.mark_read(items, acting_user=user, request=request)
    return [s.detail(m) for m in items]


@router.post(
    "/messages/{uuid:uid}/reply",
    response={201: s.MessageDetail, 400: s.Refusal},
    auth=SEND,
    summary="Reply to or acknowledge an item",
)
def reply(request: HttpRequest, uid: uuid.UUID, data: s.ReplyIn) -> Status:
    user = api_user(request)
    original = _message(user, uid)
    draft = defaults.reply(
        original,
        kind=data.kind,
        body=data.body,
        subject=data.subject,
        language=data.language,
        crime_area=data.crime_area,
        urgency=data.urgency,
        handling=data.handling,
        handling_conditions=data.handling_conditions,
        tlp=data.tlp,
        source_reliability=data.source_reliability,
        information_credibility=data.information_credibility,
        purpose=data.purpose,
        subject_category=data.subject_category,
        fact_or_assessment=data.fact_or_assessment,
        review_date=data.review_date,
        retention_date=data.retention_date,
        about=_about(data.about),
        uploads=_uploads(data.attachments),
    )
    answer = actions.reply(original, draft, acting_user=user, request=request)
    return Status(201, s.detail(answer))


@router.post(
    "/messages/{uuid:uid}/corrections",
    response={201: s.MessageDetail, 400: s.Refusal},
    auth=SEND,
    summary="Rectify, erase or restrict one of your agency's items",
)
def correct(request: HttpRequest, uid: uuid.UUID, data: s.CorrectionIn) -> Status:
    user = api_user(request)
    notice = actions.correct(
        _message(user, uid), data.kind, data.text, acting_user=user, request=request
    )
    return Status(201, s.detail(notice))


@router.post(
    "/messages/{uuid:uid}/consents",
    response={201: s.ConsentOut, 400: s.Refusal},
    auth=SEND,
    summary="Ask the originator's consent to forward or export an item",
)
def ask_consent(request: HttpRequest, uid: uuid.UUID, data: s.ConsentIn) -> Status:
    user = api_user(request)
    original = _message(user, uid)
    third_party = _agencies([data.third_party])[0] if data.third_party else None
    consent = onward.request_consent(
        original,
        purpose=data.purpose,
        third_party=third_party,
        reason=data.reason,
        acting_user=user,
        request=request,
    )
    return Status(201, s.consent_out(consent))


@router.get("/consents", response=s.ConsentsOut, auth=READ, summary="Consent requests, both ways")
def consents(request: HttpRequest) -> s.ConsentsOut:
    user = api_user(request)
    return s.ConsentsOut(
        to_answer=[s.consent_out(c) for c in queries.consents_to_answer(user)[:200]],
        asked=[s.consent_out(c) for c in queries.consents_asked(user)[:200]],
    )


@router.post(
    "/consents/{uuid:uid}/answer",
    response={200: s.ConsentOut, 400: s.Refusal},
    auth=requires_token(Permission.CONSENT_ANSWER),
    summary="Grant or refuse a consent request about your agency's item",
)
def answer_consent(request: HttpRequest, uid: uuid.UUID, data: s.ConsentAnswerIn) -> s.ConsentOut:
    user = api_user(request)
    consent = queries.consent(user, uid)
    if consent is None:
        raise Http404
    answered = onward.answer_consent(
        consent, granted=data.granted, note=data.note, acting_user=user, request=request
    )
    return s.consent_out(answered)


@router.post(
    "/messages/{uuid:uid}/forward",
    response={201: s.MessageDetail, 400: s.Refusal},
    auth=SEND,
    summary="Pass an item on to another agency",
)
def forward(request: HttpRequest, uid: uuid.UUID, data: s.ForwardIn) -> Status:
    user = api_user(request)
    original = _message(user, uid)
    copy = onward.forward(
        original,
        channel=_channel(user, data.channel),
        to=_agencies([data.to])[0],
        note=data.note,
        handling=str(data.handling),
        acting_user=user,
        request=request,
    )
    return Status(201, s.detail(copy))


@router.get(
    "/messages/{uuid:uid}/export",
    response={200: s.ExportOut, 400: s.Refusal},
    auth=requires_token(Permission.MESSAGES_EXPORT),
    summary="An item as plain text (audited)",
)
def export(request: HttpRequest, uid: uuid.UUID) -> s.ExportOut:
    user = api_user(request)
    found = _message(user, uid)
    return s.ExportOut(uid=found.uid, text=onward.export(found, acting_user=user, request=request))


@router.get(
    "/deadlines", response=s.DeadlinesOut, auth=READ, summary="Open requests, soonest first"
)
def deadlines(request: HttpRequest) -> s.DeadlinesOut:
    found = queries.open_requests(api_user(request))
    now = timezone.now()
    return s.DeadlinesOut(
        incoming=[s.deadline_item(m, now) for m in found["incoming"]],
        outgoing=[s.deadline_item(m, now) for m in found["outgoing"]],
    )


@router.get(
    "/search",
    response=list[s.MessageSummary],
    auth=READ,
    summary="Search messages: words, case references, subjects, names across scripts, filters",
    description=(
        "The same search as the page (`searching.find`), audited. A page holds at most 50 "
        "items; a shorter page is the last. `sort`: newest or oldest first."
    ),
)
def search(request: HttpRequest, filters: Query[s.SearchIn]) -> list[s.MessageSummary]:
    criteria = searching.criteria_from(filters.model_dump())
    found = actions.search(criteria, acting_user=api_user(request), request=request)
    return [s.summary(m) for m in found.items]


@router.get(
    "/attachments/{uuid:uid}",
    response={400: s.Refusal},
    auth=READ,
    summary="Download an attachment (audited)",
    openapi_extra={"responses": {200: s.ATTACHMENT_FILE}},
)
def attachment(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    user = api_user(request)
    found = queries.attachment(user, uid)
    if found is None:
        raise Http404
    data = actions.download_attachment(found, acting_user=user, request=request)
    # The type a partner declared is trusted only if it is one we accept ourselves.
    content_type = (
        found.content_type
        if found.content_type in attachments.ALLOWED
        else "application/octet-stream"
    )
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, found.filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response
