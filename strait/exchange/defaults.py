"""What an answer, a notice or a passed-on copy takes from the item it follows, in one place:
the pages and the API build their drafts here, so both fill in the same way (a test says so)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils import timezone

from strait.agencies.models import Agency
from strait.exchange import attachments, codes
from strait.exchange.drafts import Draft
from strait.exchange.models import Channel, Message
from strait.markings import Markings, stricter, stricter_tlp


def today() -> dt.date:
    """The node's today: review and retention dates are not moved before it."""
    return timezone.localdate()


def reply_subject(original: Message) -> str:
    """An answer keeps its original's subject as written: the "Re:" a reader sees is drawn from
    the answer's kind in the reader's language (``Message.answer_prefix``), so no English
    prefix is stored and travels to an Arabic or Spanish reader."""
    return original.subject[:300]


def conditions(original: str, given: str) -> str:
    """An answer's handling conditions: the original's, plus any the answerer adds."""
    original, given = original.strip(), given.strip()
    if not given or given == original:
        return original
    return f"{original}; {given}" if original else given


def reply(
    original: Message,
    *,
    kind: str,
    body: str,
    language: str | None = None,
    subject: str | None = None,
    crime_area: str | None = None,
    urgency: str | None = None,
    handling: str | None = None,
    handling_conditions: str = "",
    tlp: str = "",
    source_reliability: str = "",
    information_credibility: str = "",
    purpose: str | None = None,
    subject_category: str | None = None,
    fact_or_assessment: str | None = None,
    review_date: dt.date | None = None,
    retention_date: dt.date | None = None,
    about: Sequence[tuple[str, str]] = (),
    uploads: Sequence[attachments.Upload] = (),
) -> Draft:
    """A reply or acknowledgement: what is not given comes from the item answered; its dates
    are kept at least until today. Every marking of the original is kept unless the answer
    narrows it: a handling code or TLP given is taken only where it is stricter, conditions
    given are added to the original's. The evaluation is the answer's own (it grades the
    answer's source, not the original's)."""
    now = today()
    markings = Markings(
        handling=stricter(original.handling, handling) if handling else original.handling,
        handling_conditions=conditions(original.handling_conditions, handling_conditions),
        tlp=stricter_tlp(original.tlp, tlp),
        source_reliability=source_reliability,
        information_credibility=information_credibility,
        purpose=purpose or original.purpose,
        subject_category=subject_category or original.subject_category,
        fact_or_assessment=fact_or_assessment or original.fact_or_assessment,
        review_date=review_date or max(original.review_date, now),
        retention_date=retention_date or max(original.retention_date, now),
    )
    return Draft(
        channel=original.channel,
        kind=kind,
        recipients=[original.sender_agency],
        subject=subject or reply_subject(original),
        body=body,
        language=language or original.language,
        crime_area=crime_area or original.crime_area,
        urgency=urgency or codes.Urgency.NORMAL,
        markings=markings,
        about=about,
        uploads=uploads,
    )


def notice_markings(item: Message) -> Markings:
    """A rectification, erasure or restriction notice keeps the item's markings but no TLP or
    evaluation of its own."""
    return Markings.from_model(item).replace(
        tlp="", source_reliability="", information_credibility=""
    )


# An erasure notice's subject: it must not carry on the subject it erases (DP-03).
ERASED_SUBJECT = "—"


def notice_subject(kind: str, original: Message) -> str:
    """A notice keeps its item's subject as written; what kind of notice it is, a reader sees in
    their own language (``Message.answer_prefix``), as for an answer's "Re:"."""
    if kind == codes.MessageKind.ERASURE:
        return ERASED_SUBJECT
    return original.subject[:300]


def forward(original: Message, *, channel: Channel, to: Agency, note: str, handling: str) -> Draft:
    """A copy passed on as information: the original's markings, narrowed to ``handling`` if
    that is stricter, with an evaluation (X4 when the original had none)."""
    markings = (
        Markings.from_model(original)
        .replace(
            source_reliability=original.source_reliability or codes.SourceReliability.X,
            information_credibility=original.information_credibility
            or codes.InformationCredibility.FOUR,
        )
        .narrowed_to(handling)
        .kept_until_at_least(today())
    )
    body = original.body if not note.strip() else f"{note.strip()}\n\n———\n{original.body}"
    return Draft(
        channel=channel,
        kind=codes.MessageKind.INFORMATION,
        recipients=[to],
        subject=original.subject,
        body=body[:20000],
        language=original.language,
        crime_area=original.crime_area,
        markings=markings,
        forwarded_from=original,
    )
