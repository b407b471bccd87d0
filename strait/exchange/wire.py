"""What an exchange looks like in an envelope body (format v1). Validated on arrival before any
handler runs; a body that does not fit is parked with the reason (IO-02)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

import pydantic

from strait.exchange import codes

_strict = pydantic.ConfigDict(extra="forbid", str_strip_whitespace=False)

Code = pydantic.constr(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$")


class AboutWire(pydantic.BaseModel):
    model_config = _strict
    kind: codes.AboutKind
    value: str = pydantic.Field(min_length=1, max_length=200)


class AttachmentWire(pydantic.BaseModel):
    model_config = _strict
    uid: uuid.UUID
    filename: str = pydantic.Field(min_length=1, max_length=200)
    content_type: str = pydantic.Field(max_length=100)
    size: int = pydantic.Field(ge=1, le=5 * 1024 * 1024)
    sha256: str = pydantic.Field(pattern=r"^[0-9a-f]{64}$")
    parts: int = pydantic.Field(ge=1, le=64)


class MessageWire(pydantic.BaseModel):
    model_config = _strict

    uid: uuid.UUID
    thread_uid: uuid.UUID
    in_reply_to_uid: uuid.UUID | None = None
    forwarded_from_uid: uuid.UUID | None = None
    consent_uid: uuid.UUID | None = None
    channel: Code  # type: ignore[valid-type]
    kind: codes.MessageKind
    sender_agency: Code  # type: ignore[valid-type]
    sender_name: str = pydantic.Field(max_length=200)
    recipients: list[Code] = pydantic.Field(min_length=1, max_length=20)  # type: ignore[valid-type]
    subject: str = pydantic.Field(min_length=1, max_length=300)
    body: str = pydantic.Field(min_length=1, max_length=20000)
    language: Literal["ar", "es", "fr", "en"]
    crime_area: codes.CrimeArea
    urgency: codes.Urgency
    handling: codes.HandlingCode
    handling_conditions: str = pydantic.Field(default="", max_length=500)
    tlp: codes.TLP | Literal[""] = ""
    source_reliability: codes.SourceReliability | Literal[""] = ""
    information_credibility: codes.InformationCredibility | Literal[""] = ""
    purpose: str = pydantic.Field(min_length=1, max_length=300)
    subject_category: codes.SubjectCategory
    fact_or_assessment: codes.FactOrAssessment
    review_date: dt.date
    retention_date: dt.date
    created_at: dt.datetime
    about: list[AboutWire] = pydantic.Field(default_factory=list, max_length=20)
    attachments: list[AttachmentWire] = pydantic.Field(default_factory=list, max_length=5)


class AttachmentPartWire(pydantic.BaseModel):
    model_config = _strict
    attachment: uuid.UUID
    part: int = pydantic.Field(ge=0, le=63)
    data: pydantic.Base64Bytes


class ReceiptWire(pydantic.BaseModel):
    model_config = _strict
    message: uuid.UUID
    agency: Code  # type: ignore[valid-type]
    event: Literal["delivered", "read"]
    at: dt.datetime
    by: str = pydantic.Field(default="", max_length=200)


class ConsentRequestWire(pydantic.BaseModel):
    model_config = _strict
    uid: uuid.UUID
    message: uuid.UUID
    purpose: Literal["forward", "export"]
    requester_agency: Code  # type: ignore[valid-type]
    requester_name: str = pydantic.Field(max_length=200)
    third_party: Code | None = None  # type: ignore[valid-type]
    reason: str = pydantic.Field(min_length=1, max_length=2000)
    created_at: dt.datetime


class ConsentAnswerWire(pydantic.BaseModel):
    model_config = _strict
    uid: uuid.UUID
    status: Literal["granted", "refused"]
    answered_by: str = pydantic.Field(max_length=200)
    answered_at: dt.datetime
    note: str = pydantic.Field(default="", max_length=2000)


class ThreadStateWire(pydantic.BaseModel):
    """A thread closed or reopened by one of its parties (``exchange.thread_state``)."""

    model_config = _strict
    thread_uid: uuid.UUID
    closed: bool
    agency: Code  # type: ignore[valid-type]
    by: str = pydantic.Field(max_length=200)
    at: dt.datetime
