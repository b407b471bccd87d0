"""Manifests and their screening in the JSON API (``/api/v1/ports/``).

``POST /centres/{uid}/manifests`` takes a sailing and its rows (JSON objects with the CSV's
fields, or the CSV file's text in ``csv``), checks every row first (a broken one refuses the
whole manifest: 400 with a problem per row, nothing stored) and answers 201 with the sailing,
whose screening runs on; ``GET /manifests/{uid}`` gives its progress and, once screened, every
row with what each source said, hits first. Another agency's sailing is "not found"."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from strait.accounts.api_auth import api_user, requires_token
from strait.api_errors import Error
from strait.permissions import Permission
from strait.ports import manifests, screening
from strait.ports.manifest_models import Sailing

router = Router(tags=["ports"])

SCREEN = requires_token(Permission.PORTS_SCREEN)


class ManifestRowIn(Schema):
    name: str = Field("", max_length=400)
    birth_date: str = Field("", max_length=40)
    document_number: str = Field("", max_length=80)
    document_country: str = Field("", max_length=10)
    nationality: str = Field("", max_length=10)
    plate: str = Field("", max_length=40)
    plate_country: str = Field("", max_length=10)


class ManifestIn(Schema):
    vessel: str = Field(max_length=200)
    rotation: str = Field("", max_length=80)
    departs_at: dt.datetime
    from_port: str = Field(max_length=20)
    to_port: str = Field(max_length=20)
    rows: list[ManifestRowIn] = Field(default_factory=list)
    # Or the CSV file's text (headers in English, Spanish or French), instead of ``rows``.
    csv: str = ""


class SailingOut(Schema):
    uid: uuid.UUID
    centre: str
    vessel: str
    rotation: str
    departs_at: dt.datetime
    from_port: str
    to_port: str
    status: str
    total: int
    screened: int
    hits: int
    partner_asked: int
    partner_answered: int
    partner_note: str
    erase_after: dt.datetime


class ManifestFindingOut(Schema):
    source: str
    result: str
    reference: str
    label: str
    alert: uuid.UUID | None = None
    required_action: str = ""
    # Result not_answered: the partner's reason code (rate_limited; empty when it gave none).
    reason: str = ""


class ScreenedRowOut(Schema):
    row: int
    kind: str
    name: str = ""
    birth_date: str = ""
    plate: str = ""
    hit: bool
    findings: list[ManifestFindingOut]


class SailingResultOut(SailingOut):
    rows: list[ScreenedRowOut] = Field(default_factory=list)


def _sailing_out(sailing: Sailing) -> dict[str, Any]:
    return {
        "uid": sailing.uid,
        "centre": sailing.centre.code,
        "vessel": sailing.vessel,
        "rotation": sailing.rotation,
        "departs_at": sailing.departs_at,
        "from_port": sailing.from_port,
        "to_port": sailing.to_port,
        "status": sailing.status,
        "total": sailing.total,
        "screened": sailing.screened,
        "hits": sailing.hits,
        "partner_asked": sailing.partner_asked,
        "partner_answered": sailing.partner_answered,
        "partner_note": sailing.partner_note,
        "erase_after": sailing.erase_after,
    }


def _row_out(row: dict[str, Any]) -> dict[str, Any]:
    entry = row["entry"]
    person = row["kind"] == "person"
    return {
        "row": entry.row,
        "kind": row["kind"],
        "name": entry.name if person else "",
        "birth_date": entry.birth_date if person else "",
        "plate": "" if person else entry.plate,
        "hit": bool(row["hits"]),
        "findings": [
            {
                "source": f.source,
                "result": f.result,
                "reference": f.reference,
                "label": f.label,
                "alert": f.alert_uid,
                "required_action": str(f.required_action),
                "reason": f.reason,
            }
            for f in (row["hits"] + [f for f in row["findings"] if f not in row["hits"]])
        ],
    }


@router.post(
    "/centres/{uid}/manifests",
    response={201: SailingOut, 400: Error, 403: Error, 404: Error},
    auth=SCREEN,
    summary="Upload a sailing's manifest and screen it",
)
def ports_upload_manifest(request: HttpRequest, uid: uuid.UUID, body: ManifestIn) -> Any:
    user = api_user(request)
    centre = screening.centre_for(user, uid)
    rows = (
        manifests.read_csv(body.csv.encode("utf-8"))
        if body.csv
        else [r.model_dump() for r in body.rows]
    )
    sailing = screening.upload(
        user,
        centre=centre,
        vessel=body.vessel,
        rotation=body.rotation,
        departs_at=body.departs_at,
        from_port=body.from_port,
        to_port=body.to_port,
        rows=rows,
        request=request,
    )
    return Status(201, _sailing_out(sailing))


@router.get(
    "/manifests/{uid}",
    response={200: SailingResultOut, 404: Error},
    auth=SCREEN,
    summary="A sailing's screening: progress, then every row, hits first",
)
def ports_sailing(request: HttpRequest, uid: uuid.UUID) -> dict[str, Any]:
    sailing = screening.sailing_for(api_user(request), uid)
    out = _sailing_out(sailing)
    if sailing.status != Sailing.Status.SCREENING:
        found = screening.results(sailing)
        out["rows"] = [_row_out(r) for r in found["hits"] + found["rest"]]
    return out
