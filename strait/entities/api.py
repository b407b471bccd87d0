"""Entities in the JSON API (``/api/v1/entities/``): the same reads, writes and rules as the
pages. Reads go through ``queries`` (another agency's record is "not found"), writes through
``actions`` and ``imports``; a refused input answers 400 and writes nothing."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

import pydantic
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Query, Router, Schema, Status

from strait.accounts.api_auth import api_user, requires_token
from strait.api_errors import Error
from strait.entities import actions, exports, imports, queries
from strait.entities.csv_format import FileRefused
from strait.entities.csv_format import read as read_csv
from strait.entities.ftm import read as read_ftm
from strait.entities.models import ExportRequest, Person, Record
from strait.entities.validation import (
    FIELDS,
    KINDS,
    IdentifierDraft,
    Markings,
    NameDraft,
    PersonDraft,
    kind_of,
)
from strait.permissions import Permission

router = Router(tags=["entities"])

READ = requires_token(Permission.ENTITIES_READ)
WRITE = requires_token(Permission.ENTITIES_WRITE)
IMPORT = requires_token(Permission.ENTITIES_IMPORT)
APPROVE = requires_token(Permission.ENTITIES_EXPORT_APPROVE)


class _In(Schema):
    model_config = pydantic.ConfigDict(extra="forbid")


class MarkingsIn(_In):
    purpose: str = pydantic.Field(min_length=1, max_length=300)
    subject_category: str = pydantic.Field(max_length=12)
    fact_or_assessment: str = pydantic.Field(max_length=12)
    source_reliability: str = pydantic.Field(max_length=1)
    information_credibility: str = pydantic.Field(max_length=1)
    handling: str = pydantic.Field(max_length=2)
    handling_conditions: str = pydantic.Field(default="", max_length=500)
    review_date: dt.date
    retention_date: dt.date
    open_to_checks: bool = True

    def markings(self) -> Markings:
        return Markings(**self.model_dump())


class NameIn(_In):
    full_name: str = pydantic.Field(min_length=1, max_length=300)
    language: str = pydantic.Field(default="", max_length=3)
    kind: Literal["primary", "alias"] = "primary"
    script: Literal["", "Arab", "Latn", "Zyyy"] = ""


class IdentifierIn(_In):
    kind: Literal["phone", "email", "document"]
    value: str = pydantic.Field(min_length=1, max_length=200)
    country: str = pydantic.Field(default="", max_length=2)
    document_kind: str = pydantic.Field(default="", max_length=10)


class PersonIn(_In):
    markings: MarkingsIn
    names: list[NameIn] = pydantic.Field(min_length=1, max_length=20)
    gender: Literal["", "female", "male", "other"] = ""
    birth_dates: list[str] = pydantic.Field(default_factory=list, max_length=10)
    place_of_birth: str = pydantic.Field(default="", max_length=200)
    nationalities: list[str] = pydantic.Field(default_factory=list, max_length=10)
    identifiers: list[IdentifierIn] = pydantic.Field(default_factory=list, max_length=50)


class ImportIn(_In):
    format: Literal["csv", "ftm"]
    filename: str = pydantic.Field(default="api", max_length=255)
    # The whole JSON body is bounded by DATA_UPLOAD_MAX_MEMORY_SIZE (413 beyond it).
    text: str = pydantic.Field(min_length=1, max_length=imports.API_MAX_BYTES)
    markings: MarkingsIn
    # Rows the agency already holds (a file imported again): refuse and list them, update
    # the records, or skip the rows.
    on_existing: Literal["ask", "update", "skip"] = "ask"


class NameOut(Schema):
    full_name: str
    script: str
    language: str
    kind: str


class EntityOut(Schema):
    kind: str
    uid: uuid.UUID
    label: str
    purpose: str
    subject_category: str
    fact_or_assessment: str
    source_reliability: str
    information_credibility: str
    handling: str
    review_date: dt.date
    retention_date: dt.date
    open_to_checks: bool
    provenance: str
    created_at: dt.datetime
    names: list[NameOut] = []
    birth_dates: list[str] = []
    nationalities: list[str] = []
    fields: dict[str, Any] = {}
    owner: uuid.UUID | None = None


class EntityLabelOut(Schema):
    """A record as a list shows it: what it is and its markings, not its content (LOG-01)."""

    kind: str
    uid: uuid.UUID
    label: str
    subject_category: str
    fact_or_assessment: str
    source_reliability: str
    information_credibility: str
    handling: str
    review_date: dt.date
    retention_date: dt.date
    review_overdue: bool
    open_to_checks: bool
    created_at: dt.datetime
    owner: uuid.UUID | None = None


class ImportOut(Schema):
    uid: uuid.UUID
    status: str
    total_rows: int
    created_count: int
    updated_count: int = 0
    skipped_count: int = 0
    refusals: list[dict[str, Any]]


# Every error answer, 400 included: the API's one shape (``strait.api_errors``).
Refusal = Error


def entity_out(record: Record) -> EntityOut:
    kind = kind_of(record)
    values: dict[str, Any] = {
        name: getattr(record, name)
        for name in EntityOut.model_fields
        if name not in ("kind", "label", "names", "fields", "owner") and hasattr(record, name)
    }
    values |= {"kind": kind, "label": str(record)}
    if isinstance(record, Person):
        values["names"] = [
            NameOut(full_name=n.full_name, script=n.script, language=n.language, kind=n.kind)
            for n in record.names.all()
        ]
    else:
        values["fields"] = {name: getattr(record, name) for name in FIELDS[kind]}
        values["owner"] = _owner_uid(record)
    return EntityOut(**values)


def _owner_uid(record: Record) -> uuid.UUID | None:
    owner = getattr(record, "person", None) or getattr(record, "organisation", None)
    return owner.uid if owner is not None else None


def _record(request: HttpRequest, kind: str, uid: uuid.UUID) -> Record:
    found = queries.record(api_user(request), kind, uid)
    if found is None:
        raise Http404
    return found


@router.get(
    "/",
    response=list[EntityLabelOut],
    auth=READ,
    summary="Search your agency's records (labels)",
    description=(
        "By name in any script or spelling (the matcher's index), by phone in any format, "
        "document, plate or other identifier, or by words. 100 a page; a shorter page is the "
        "last. `sort`: newest or oldest first."
    ),
)
def entity_list(
    request: HttpRequest,
    q: str = "",
    kind: str = "",
    sort: Literal["newest", "oldest"] = "newest",
    page: int = Query(1, ge=1, le=queries.MAX_PAGE),
) -> list[EntityLabelOut]:
    user = api_user(request)
    rows = queries.find(user, q[:200], kind, sort=sort, page=page).rows
    actions.consult_list(rows, query=q[:200], kind=kind, acting_user=user, request=request)
    return [
        EntityLabelOut(
            kind=r.kind,
            uid=r.record.uid,
            label=r.display,
            review_overdue=r.record.review_overdue,
            owner=_owner_uid(r.record),
            **{
                name: getattr(r.record, name)
                for name in EntityLabelOut.model_fields
                if name not in ("kind", "uid", "label", "review_overdue", "owner")
            },
        )
        for r in rows
    ]


@router.post(
    "/persons",
    response={201: EntityOut, 400: Refusal},
    auth=WRITE,
    summary="Record a person with names and identifiers",
)
def create_person(request: HttpRequest, data: PersonIn) -> Status:
    draft = PersonDraft(
        markings=data.markings.markings(),
        names=[NameDraft(**n.model_dump()) for n in data.names],
        gender=data.gender,
        birth_dates=data.birth_dates,
        place_of_birth=data.place_of_birth,
        nationalities=data.nationalities,
        identifiers=[IdentifierDraft(**i.model_dump()) for i in data.identifiers],
    )
    # A refusal (``Invalid``, a ``Refused``) is answered by the API's one handler (strait.api).
    person = actions.create_person(draft, acting_user=api_user(request), request=request)
    return Status(201, entity_out(person))


@router.post(
    "/import",
    response={200: ImportOut, 400: Refusal},
    auth=IMPORT,
    summary="Import CSV or FtM JSON lines, all or nothing",
)
def import_text(request: HttpRequest, data: ImportIn) -> Status:
    user = api_user(request)
    batch = imports.open_batch(
        user,
        filename=data.filename,
        fmt=data.format,
        on_existing=data.on_existing,
        request=request,
    )
    reader = read_csv if data.format == "csv" else read_ftm
    try:
        items = reader(data.text, data.markings.markings())
    except FileRefused as exc:
        imports.refuse_file(batch, [exc.message], row=exc.row)
    else:
        imports.run(batch, items, user)  # a failure of the write marks the batch refused
    batch.refresh_from_db()
    return Status(
        200,
        ImportOut(
            uid=batch.uid,
            status=batch.status,
            total_rows=batch.total_rows,
            created_count=batch.created_count,
            updated_count=batch.updated_count,
            skipped_count=batch.skipped_count,
            refusals=batch.refusals,
        ),
    )


class ExportRequestIn(_In):
    justification: str = pydantic.Field(min_length=1, max_length=1000)


class ExportDecisionIn(_In):
    note: str = pydantic.Field(default="", max_length=1000)


class ExportRequestOut(Schema):
    uid: uuid.UUID
    status: str
    justification: str
    requested_by: str
    created_at: dt.datetime
    decided_by: str = ""
    decided_at: dt.datetime | None = None
    decision_note: str = ""
    expires_at: dt.datetime | None = None


# What a download answers with 200: the records, one FtM entity per line.
EXPORT_FILE = {
    "description": "The records, one FollowTheMoney entity (JSON) per line.",
    "content": {"application/x-ndjson": {"schema": {"type": "string"}}},
}


def export_out(asked: ExportRequest) -> ExportRequestOut:
    return ExportRequestOut(
        uid=asked.uid,
        status=asked.status,
        justification=asked.justification,
        requested_by=asked.requested_by.username,
        created_at=asked.created_at,
        decided_by=asked.decided_by.username if asked.decided_by else "",
        decided_at=asked.decided_at,
        decision_note=asked.decision_note,
        expires_at=asked.expires_at,
    )


@router.post(
    "/export/requests",
    response={201: ExportRequestOut, 400: Refusal},
    auth=IMPORT,
    summary="Ask for an export of your agency's records (a supervisor approves it)",
)
def export_request(request: HttpRequest, data: ExportRequestIn) -> Status:
    asked = exports.request_export(api_user(request), data.justification, request=request)
    return Status(201, export_out(asked))


@router.get(
    "/export/requests",
    response=list[ExportRequestOut],
    auth=IMPORT,
    summary="Your export requests (and, for supervisors, the agency's)",
)
def export_requests(request: HttpRequest) -> list[ExportRequestOut]:
    return [export_out(r) for r in exports.visible(api_user(request))]


def _export_request(request: HttpRequest, uid: uuid.UUID) -> ExportRequest:
    found = exports.find(api_user(request), uid)
    if found is None:
        raise Http404
    return found


def _decide(request: HttpRequest, uid: uuid.UUID, data: ExportDecisionIn, approve: bool) -> Status:
    asked = _export_request(request, uid)
    decided = exports.decide(
        asked, api_user(request), approve=approve, note=data.note, request=request
    )
    return Status(200, export_out(decided))


@router.post(
    "/export/requests/{uid}/approve",
    response={200: ExportRequestOut, 400: Refusal},
    auth=APPROVE,
    summary="Approve another user's export request",
)
def export_approve(request: HttpRequest, uid: uuid.UUID, data: ExportDecisionIn) -> Status:
    return _decide(request, uid, data, approve=True)


@router.post(
    "/export/requests/{uid}/refuse",
    response={200: ExportRequestOut, 400: Refusal},
    auth=APPROVE,
    summary="Refuse an export request",
)
def export_refuse(request: HttpRequest, uid: uuid.UUID, data: ExportDecisionIn) -> Status:
    return _decide(request, uid, data, approve=False)


@router.get(
    "/export/requests/{uid}/download",
    response={200: None, 400: Refusal},
    auth=IMPORT,
    summary="Download an approved export, once (FtM JSON lines)",
    openapi_extra={"responses": {200: EXPORT_FILE}},
)
def export_download(request: HttpRequest, uid: uuid.UUID) -> HttpResponse | Status:
    user = api_user(request)
    asked = _export_request(request, uid)
    if asked.requested_by_id != user.pk:
        raise Http404
    body = exports.download(asked, user, request=request)
    response = HttpResponse(body, content_type="application/x-ndjson; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(user)}"'
    return response


@router.get("/{kind}/{uid}", response=EntityOut, auth=READ, summary="One record (consulted)")
def get_entity(request: HttpRequest, kind: str, uid: uuid.UUID) -> EntityOut:
    if kind not in KINDS:
        raise Http404
    record = _record(request, kind, uid)
    actions.consult(record, acting_user=api_user(request), request=request)
    return entity_out(record)


@router.delete("/{kind}/{uid}", response={204: None}, auth=WRITE, summary="Erase a record")
def erase_entity(request: HttpRequest, kind: str, uid: uuid.UUID) -> Status:
    if kind not in KINDS:
        raise Http404
    record = _record(request, kind, uid)
    actions.erase(record, acting_user=api_user(request), request=request)
    return Status(204, None)
