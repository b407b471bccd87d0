"""The committee report, the training plan and the good-practice library in the JSON API
(``/api/v1/governance/``). Thin like the pages: ``report`` makes (and audits) the PDF,
``training`` and ``library`` read through the reader's bodies."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Query, Router, Schema

from strait.accounts.api_auth import api_user, requires_token
from strait.api_errors import Error
from strait.governance import actions, codes, library, queries, report, training
from strait.governance.models import Body
from strait.permissions import Permission

router = Router(tags=["governance"])

READ = requires_token(Permission.GOVERNANCE_READ)

REPORT_FILE = {
    "description": "The committee report (PDF).",
    "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
}


class GovernanceReportIn(Schema):
    body: uuid.UUID
    start: dt.date
    end: dt.date
    language: Literal["ar", "es", "fr", "en"]


@router.post(
    "/reports",
    response={200: None, 400: Error, 404: Error},
    auth=READ,
    summary="A committee report for a body and a period, as a PDF (audited)",
    openapi_extra={"responses": {200: REPORT_FILE}},
)
def governance_report(request: HttpRequest, data: GovernanceReportIn) -> HttpResponse:
    user = api_user(request)
    body = queries.body(user, data.body)
    pdf = report.generate(user, body, data.start, data.end, data.language, request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = report.filename(body, data.start, data.end, data.language)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class TrainingTotalsOut(Schema):
    key: str
    label: str
    courses: int
    delivered: int
    participants: int
    mean_score: float | None


class TrainingPlanOut(Schema):
    total: TrainingTotalsOut
    by_year: list[TrainingTotalsOut]
    by_topic: list[TrainingTotalsOut]


class TrainingFilter(Schema):
    body: uuid.UUID | None = None


def _totals(row: training.Totals) -> TrainingTotalsOut:
    return TrainingTotalsOut(
        key=row.key,
        label=row.label,
        courses=row.courses,
        delivered=row.delivered,
        participants=row.participants,
        mean_score=row.mean_score,
    )


def _body_or_none(request: HttpRequest, uid: uuid.UUID | None) -> Body | None:
    return queries.body(api_user(request), uid) if uid else None


@router.get(
    "/training",
    response={200: TrainingPlanOut, 404: Error},
    auth=READ,
    summary="The training plan's totals, per year and per topic",
)
def governance_training(request: HttpRequest, filters: Query[TrainingFilter]) -> TrainingPlanOut:
    body = _body_or_none(request, filters.body)
    plan = training.totals(training.courses_visible_to(api_user(request), body))
    return TrainingPlanOut(
        total=_totals(plan.total),
        by_year=[_totals(r) for r in plan.by_year],
        by_topic=[_totals(r) for r in plan.by_topic],
    )


class TrainingCourseOut(Schema):
    uid: uuid.UUID
    body: uuid.UUID
    topic: str
    title: dict[str, str]
    host_agency: str
    starts_on: dt.date
    ends_on: dt.date
    place: str
    status: str
    participants: int


@router.get(
    "/training/courses",
    response={200: list[TrainingCourseOut], 404: Error},
    auth=READ,
    summary="The courses of the bodies you take part in (the latest 500)",
)
def governance_courses(
    request: HttpRequest, filters: Query[TrainingFilter]
) -> list[TrainingCourseOut]:
    body = _body_or_none(request, filters.body)
    rows = training.with_participants(training.courses_visible_to(api_user(request), body))
    return [
        TrainingCourseOut(
            uid=c.uid,
            body=c.body.obj.uid,
            topic=c.topic,
            title=c.title,
            host_agency=c.host_agency,
            starts_on=c.starts_on,
            ends_on=c.ends_on,
            place=c.place,
            status=c.status,
            participants=c.people,  # type: ignore[attr-defined]
        )
        for c in rows.select_related("body__obj").order_by("-starts_on", "id")[:500]
    ]


class LibraryFilter(Schema):
    area: codes.Area | None = None
    language: Literal["ar", "es", "fr", "en"] | None = None
    body: uuid.UUID | None = None


class LibraryDocumentOut(Schema):
    uid: uuid.UUID
    body: uuid.UUID
    area: str
    language: str
    title: dict[str, str]
    summary: dict[str, str]
    translation_of: uuid.UUID | None
    filename: str
    content_type: str
    size: int
    sha256: str
    complete: bool
    by_agency: str
    added_at: dt.datetime


@router.get(
    "/library",
    response={200: list[LibraryDocumentOut], 404: Error},
    auth=READ,
    summary="The good-practice library's documents (the latest 500)",
)
def governance_library(
    request: HttpRequest, filters: Query[LibraryFilter]
) -> list[LibraryDocumentOut]:
    user = api_user(request)
    if filters.body and not queries.bodies(user).filter(obj__uid=filters.body).exists():
        raise Http404
    rows = library.documents_visible_to(
        user,
        area=filters.area or "",
        language=filters.language or "",
        body_uid=str(filters.body or ""),
    )
    return [
        LibraryDocumentOut(
            uid=d.uid,
            body=d.body.obj.uid,
            area=d.area,
            language=d.language,
            title=d.title,
            summary=d.summary or {},
            translation_of=d.translation_of,
            filename=d.filename,
            content_type=d.content_type,
            size=d.size,
            sha256=d.sha256,
            complete=library.complete(d),
            by_agency=d.by_agency,
            added_at=d.added_at,
        )
        for d in rows.select_related("body__obj")[:500]
    ]


DOCUMENT_FILE = {
    "description": "The document's file, as it was added (checked against its digest).",
    "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
}


@router.get(
    "/library/{uuid:uid}/download",
    response={200: None, 400: Error, 404: Error},
    auth=READ,
    summary="Download a library document (audited; refused while its parts are arriving)",
    openapi_extra={"responses": {200: DOCUMENT_FILE}},
)
def governance_document_download(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    user = api_user(request)
    found = library.document(user, uid)
    data = actions.read_document(user, found)
    response = HttpResponse(data, content_type=found.content_type)
    # Always a download, never rendered (as exchange attachments).
    response["Content-Disposition"] = f'attachment; filename="{found.uid}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
