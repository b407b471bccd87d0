"""The after-action report as a PDF (WeasyPrint through the project's renderer), in the
reader's language or one asked for (Arabic right to left)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from strait import pdf
from strait.audit.events import AuditAction
from strait.audit.log import record as audit
from strait.events import codes, queries
from strait.events.models import in_language

if TYPE_CHECKING:
    from django.http import HttpRequest

    from strait.accounts.models import User
    from strait.events.models import Event


def after_action_pdf(user: User, ev: Event, language: str) -> bytes:
    """The event's after-action report for ``user`` (its linked alerts resolved for them)."""
    report = queries.after_action(ev)
    language = language if language in codes.LANGUAGES else "en"

    def text(texts: dict[str, str] | None) -> str:
        return in_language(texts or {}, language)

    context = {
        "event": ev,
        "event_name": in_language(ev.names, language) or ev.code,
        "report": report,
        "summary": text(report.summary if report else None),
        "went_well": text(report.went_well if report else None),
        "to_improve": text(report.to_improve if report else None),
        "fixtures": queries.fixtures(ev),
        "venues": {v.code: in_language(v.names, language) for v in queries.venues(ev)},
        "log_count": ev.log.count(),
        "lessons": [
            (in_language(e.titles, language), in_language(e.texts, language))
            for e in queries.linked_entries(user, ev)
        ],
    }
    return pdf.render("events/after_action_pdf.html", context, language=language)


def export(user: User, ev: Event, language: str, request: HttpRequest | None = None) -> bytes:
    """The PDF for a page, and an audit entry of who exported which, in which language."""
    data = after_action_pdf(user, ev, language)
    audit(
        AuditAction.EVENTS_REPORT_EXPORTED,
        request=request,
        actor=user,
        target=f"events.event:{ev.uid}",
        details={"language": language if language in codes.LANGUAGES else "en"},
    )
    return data
