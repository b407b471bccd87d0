"""What the JSON API takes and gives for the exchange (``exchange/api.py``).

Inputs are bounded like the wire format (``wire.py``); outputs are built field by field from the
rows, so nothing internal (``search_text``, users' accounts) can slip out. Text is returned as
plain JSON strings, never as HTML.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
import uuid
from typing import Annotated, Any, Literal

import pydantic
from ninja import Schema

from strait.api_errors import Error
from strait.exchange import attachments, codes
from strait.exchange.models import Attachment, Channel, Consent, Message, Recipient
from strait.markings import Markings

Code = Annotated[str, pydantic.Field(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$", max_length=40)]
Language = Literal["ar", "es", "fr", "en"]

# The whole JSON body must stay under Django's DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MiB by default),
# and base64 adds a third: larger files go through the web page.
ATTACHMENTS_TOTAL_BYTES = 1536 * 1024


class _In(Schema):
    model_config = pydantic.ConfigDict(extra="forbid")


def _decode(value: Any) -> bytes:
    if not isinstance(value, str):
        raise ValueError("base64 text expected")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValueError("not valid base64") from exc


Base64Data = Annotated[
    bytes,
    pydantic.BeforeValidator(_decode),
    pydantic.Field(min_length=1, max_length=ATTACHMENTS_TOTAL_BYTES),
    pydantic.WithJsonSchema({"type": "string", "contentEncoding": "base64"}),
]


_DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}")


def _date_and_time(value: Any) -> Any:
    # pydantic would also take a number as seconds since 1970: the description says a date and
    # time (ISO 8601), and a number is more likely a mistake than a timestamp.
    if not isinstance(value, str | dt.datetime) or (
        isinstance(value, str) and not _DATE_TIME.match(value.strip())
    ):
        raise ValueError("a date and time in ISO 8601 is expected, e.g. 2026-01-31T12:00:00Z")
    return value


def _in_utc(value: dt.datetime) -> dt.datetime:
    # In UTC before it reaches the database: PostgreSQL refuses offsets past ±15:59 (Python
    # takes up to ±23:59), and a time without an offset is taken as UTC.
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    try:
        return value.astimezone(dt.UTC)
    except OverflowError as exc:  # 9999-12-31T23:59-10:00 is past the year 9999 in UTC
        raise ValueError("a date and time between the years 1 and 9999 is expected") from exc


# A point in time the caller gives (``before``): ISO 8601 only, never a number; in UTC.
DateTimeIn = Annotated[
    dt.datetime, pydantic.BeforeValidator(_date_and_time), pydantic.AfterValidator(_in_utc)
]


class AboutIn(_In):
    kind: codes.AboutKind
    value: str = pydantic.Field(min_length=1, max_length=200)


class AttachmentIn(_In):
    filename: str = pydantic.Field(min_length=1, max_length=200)
    data: Base64Data


def _total_size(items: list[AttachmentIn]) -> list[AttachmentIn]:
    if sum(len(a.data) for a in items) > ATTACHMENTS_TOTAL_BYTES:
        raise ValueError(
            f"attachments may total at most {ATTACHMENTS_TOTAL_BYTES // 1024} KiB through the API"
        )
    return items


Attachments = Annotated[
    list[AttachmentIn],
    pydantic.Field(default_factory=list, max_length=attachments.MAX_PER_MESSAGE),
    pydantic.AfterValidator(_total_size),
]


class _Markings(_In):
    handling_conditions: str = pydantic.Field(default="", max_length=500)
    tlp: codes.TLP | Literal[""] = ""
    source_reliability: codes.SourceReliability | Literal[""] = ""
    information_credibility: codes.InformationCredibility | Literal[""] = ""
    about: list[AboutIn] = pydantic.Field(default_factory=list, max_length=20)
    attachments: Attachments


class NewMessageIn(_Markings):
    """Information or a request, opening a thread."""

    channel: Code
    kind: Literal["information", "request"]
    recipients: list[Code] = pydantic.Field(min_length=1, max_length=20)
    subject: str = pydantic.Field(min_length=1, max_length=300)
    body: str = pydantic.Field(min_length=1, max_length=20000)
    language: Language
    crime_area: codes.CrimeArea
    urgency: codes.Urgency = codes.Urgency.NORMAL
    handling: codes.HandlingCode
    purpose: str = pydantic.Field(min_length=1, max_length=300)
    subject_category: codes.SubjectCategory
    fact_or_assessment: codes.FactOrAssessment
    review_date: dt.date
    retention_date: dt.date

    def markings(self) -> Markings:
        return Markings(**{name: getattr(self, name) for name in Markings.FIELDS})


class ReplyIn(_Markings):
    """A reply or acknowledgement; what is left out is taken from the item answered."""

    kind: Literal["reply", "acknowledgement"] = "reply"
    body: str = pydantic.Field(min_length=1, max_length=20000)
    subject: str | None = pydantic.Field(default=None, min_length=1, max_length=300)
    language: Language | None = None
    crime_area: codes.CrimeArea | None = None
    urgency: codes.Urgency = codes.Urgency.NORMAL
    handling: codes.HandlingCode | None = None
    purpose: str | None = pydantic.Field(default=None, min_length=1, max_length=300)
    subject_category: codes.SubjectCategory | None = None
    fact_or_assessment: codes.FactOrAssessment | None = None
    review_date: dt.date | None = None
    retention_date: dt.date | None = None


class CorrectionIn(_In):
    kind: Literal["rectification", "erasure", "restriction"]
    text: str = pydantic.Field(min_length=1, max_length=20000)


class ConsentIn(_In):
    purpose: Literal["forward", "export"]
    third_party: Code | None = None
    reason: str = pydantic.Field(min_length=1, max_length=2000)


class ConsentAnswerIn(_In):
    granted: bool
    note: str = pydantic.Field(default="", max_length=2000)


class ForwardIn(_In):
    channel: Code
    to: Code
    note: str = pydantic.Field(default="", max_length=2000)
    handling: codes.HandlingCode = codes.HandlingCode.H0


# Outputs.


# Every error answer, 400 included: the API's one shape (``strait.api_errors``).
Refusal = Error


class ChannelOut(Schema):
    code: str
    name: str
    kind: str
    allowed_kinds: list[str]
    max_handling: str
    agencies: list[str]
    active: bool


class MessageSummary(Schema):
    uid: uuid.UUID
    thread_uid: uuid.UUID
    in_reply_to_uid: uuid.UUID | None
    channel: str
    kind: str
    sender_agency: str
    sender_name: str
    subject: str
    language: str
    urgency: str
    handling: str
    created_at: dt.datetime
    deadline: dt.datetime | None
    answered_at: dt.datetime | None
    escalated_at: dt.datetime | None
    rectified_at: dt.datetime | None
    restricted_at: dt.datetime | None
    erased_at: dt.datetime | None


class InboxItem(MessageSummary):
    delivered_at: dt.datetime | None
    read_at: dt.datetime | None


class SentItem(MessageSummary):
    recipients: list[str]


class InboxPage(Schema):
    items: list[InboxItem]
    next_before: dt.datetime | None = pydantic.Field(
        description="Pass as `before` for the next page; null on the last page."
    )


class SentPage(Schema):
    items: list[SentItem]
    next_before: dt.datetime | None


class DeadlineItem(MessageSummary):
    overdue: bool


class DeadlinesOut(Schema):
    incoming: list[DeadlineItem]
    outgoing: list[DeadlineItem]


class RecipientOut(Schema):
    agency: str
    delivered_at: dt.datetime | None
    read_at: dt.datetime | None
    read_by_name: str


class AttachmentOut(Schema):
    uid: uuid.UUID
    filename: str
    content_type: str
    size: int
    complete: bool


class AboutOut(Schema):
    kind: str
    value: str


class MessageDetail(MessageSummary):
    body: str
    forwarded_from_uid: uuid.UUID | None
    consent_uid: uuid.UUID | None
    crime_area: str
    handling_conditions: str
    tlp: str
    source_reliability: str
    information_credibility: str
    purpose: str
    subject_category: str
    fact_or_assessment: str
    review_date: dt.date
    retention_date: dt.date
    recipients: list[RecipientOut]
    attachments: list[AttachmentOut]
    about: list[AboutOut]


class ConsentOut(Schema):
    uid: uuid.UUID
    message: uuid.UUID
    purpose: str
    status: str
    requester_agency: str
    requester_name: str
    third_party: str | None
    reason: str
    answered_by_name: str
    answered_at: dt.datetime | None
    answer_note: str
    created_at: dt.datetime


class ConsentsOut(Schema):
    to_answer: list[ConsentOut]
    asked: list[ConsentOut]


class ExportOut(Schema):
    uid: uuid.UUID
    text: str


# What a download answers with 200: the file itself, with the type it was accepted as.
ATTACHMENT_FILE = {
    "description": "The file: its own type when it is one this node accepts, else "
    "application/octet-stream.",
    "content": {
        content_type: {"schema": {"type": "string", "format": "binary"}}
        for content_type in [*sorted(attachments.ALLOWED), "application/octet-stream"]
    },
}


# Rows → outputs, field by field.


def channel_out(channel: Channel) -> ChannelOut:
    return ChannelOut(
        code=channel.code,
        name=channel.name,
        kind=channel.kind,
        allowed_kinds=list(channel.allowed_kinds),
        max_handling=channel.max_handling,
        agencies=sorted(a.code for a in channel.agencies.all()),
        active=channel.active,
    )


def _summary_fields(m: Message) -> dict[str, Any]:
    return {
        "uid": m.uid,
        "thread_uid": m.thread_uid,
        "in_reply_to_uid": m.in_reply_to_uid,
        "channel": m.channel.code,
        "kind": m.kind,
        "sender_agency": m.sender_agency.code,
        "sender_name": m.sender_name,
        "subject": m.subject,
        "language": m.language,
        "urgency": m.urgency,
        "handling": m.handling,
        "created_at": m.created_at,
        "deadline": m.deadline,
        "answered_at": m.answered_at,
        "escalated_at": m.escalated_at,
        "rectified_at": m.rectified_at,
        "restricted_at": m.restricted_at,
        "erased_at": m.erased_at,
    }


def summary(m: Message) -> MessageSummary:
    return MessageSummary(**_summary_fields(m))


def inbox_item(r: Recipient) -> InboxItem:
    return InboxItem(**_summary_fields(r.message), delivered_at=r.delivered_at, read_at=r.read_at)


def sent_item(m: Message) -> SentItem:
    return SentItem(**_summary_fields(m), recipients=[r.agency.code for r in m.recipients.all()])


def deadline_item(m: Message, now: dt.datetime) -> DeadlineItem:
    return DeadlineItem(**_summary_fields(m), overdue=m.is_overdue(now))


def _attachment_out(a: Attachment) -> AttachmentOut:
    return AttachmentOut(
        uid=a.uid,
        filename=a.filename,
        content_type=a.content_type,
        size=a.size,
        complete=a.complete,
    )


def _markings_fields(m: Message) -> dict[str, Any]:
    """The markings of a row by ``Markings.FIELDS`` (``handling`` is in the summary already),
    read as stored: an answer never fails on a row written before a rule existed."""
    return {name: getattr(m, name) for name in Markings.FIELDS if name != "handling"}


def detail(m: Message) -> MessageDetail:
    return MessageDetail(
        **_summary_fields(m),
        body=m.body,
        forwarded_from_uid=m.forwarded_from_uid,
        consent_uid=m.consent_uid,
        crime_area=m.crime_area,
        **_markings_fields(m),
        recipients=[
            RecipientOut(
                agency=r.agency.code,
                delivered_at=r.delivered_at,
                read_at=r.read_at,
                read_by_name=r.read_by_name,
            )
            for r in m.recipients.all()
        ],
        attachments=[_attachment_out(a) for a in m.attachments.all()],
        about=[AboutOut(kind=a.kind, value=a.value) for a in m.about.all()],
    )


def consent_out(c: Consent) -> ConsentOut:
    return ConsentOut(
        uid=c.uid,
        message=c.message.uid,
        purpose=c.purpose,
        status=c.status,
        requester_agency=c.requester_agency.code,
        requester_name=c.requester_name,
        third_party=c.third_party.code if c.third_party else None,
        reason=c.reason,
        answered_by_name=c.answered_by_name,
        answered_at=c.answered_at,
        answer_note=c.answer_note,
        created_at=c.created_at,
    )


class SearchIn(Schema):
    """The search's query parameters (``searching.Criteria``); an empty one does not filter."""

    q: str = pydantic.Field("", max_length=200)
    channel: Code | Literal[""] = ""
    partner: Code | Literal[""] = ""
    kind: codes.MessageKind | Literal[""] = ""
    urgency: codes.Urgency | Literal[""] = ""
    crime_area: codes.CrimeArea | Literal[""] = ""
    since: dt.date | None = None
    until: dt.date | None = None
    sort: Literal["newest", "oldest"] = "newest"
    page: int = pydantic.Field(1, ge=1, le=20)
