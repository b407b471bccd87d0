"""A draft: what a user writes, before the node checks, completes and sends it."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from strait.agencies.models import Agency
from strait.exchange import attachments, codes
from strait.exchange.models import Channel, Message
from strait.markings import Markings


@dataclass(init=False)
class Draft:
    """Everything a message carries except what the node fills in. Its markings are one
    ``Markings`` value; they may also be given field by field (``handling="H0"``, …), which
    builds that value."""

    channel: Channel
    kind: str
    recipients: Sequence[Agency]
    subject: str
    body: str
    language: str
    crime_area: str
    markings: Markings
    urgency: str
    about: Sequence[tuple[str, str]]
    uploads: Sequence[attachments.Upload]
    in_reply_to: Message | None
    forwarded_from: Message | None
    consent_uid: uuid.UUID | None

    def __init__(
        self,
        *,
        channel: Channel,
        kind: str,
        recipients: Sequence[Agency],
        subject: str,
        body: str,
        language: str,
        crime_area: str,
        markings: Markings | None = None,
        urgency: str = codes.Urgency.NORMAL,
        about: Sequence[tuple[str, str]] = (),
        uploads: Sequence[attachments.Upload] = (),
        in_reply_to: Message | None = None,
        forwarded_from: Message | None = None,
        consent_uid: uuid.UUID | None = None,
        **marking_fields: Any,
    ) -> None:
        if markings is None:
            markings = Markings(**marking_fields)
        elif marking_fields:
            raise TypeError("give the markings as one Markings value or field by field, not both")
        self.channel = channel
        self.kind = kind
        self.recipients = recipients
        self.subject = subject
        self.body = body
        self.language = language
        self.crime_area = crime_area
        self.markings = markings
        self.urgency = urgency
        self.about = about
        self.uploads = uploads
        self.in_reply_to = in_reply_to
        self.forwarded_from = forwarded_from
        self.consent_uid = consent_uid
