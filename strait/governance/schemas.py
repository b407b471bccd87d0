"""The governance API's bounded inputs and outputs."""

from __future__ import annotations

import datetime as dt
import uuid

from ninja import Schema

from strait.governance.models import Body


class BodyOut(Schema):
    uid: uuid.UUID
    code: str
    name: str
    names: dict[str, str]
    kind: str
    area: str
    founded_on: dt.date
    cadence: str
    cadence_months: int | None
    co_chairs: list[str]
    home: str

    @classmethod
    def of(cls, body: Body) -> BodyOut:
        return cls(
            uid=body.obj.uid,
            code=body.code,
            name=body.name,
            names={"ar": body.name_ar, "es": body.name_es, "fr": body.name_fr, "en": body.name_en},
            kind=body.kind,
            area=body.area,
            founded_on=body.founded_on,
            cadence=body.cadence,
            cadence_months=body.cadence_months,
            co_chairs=list(body.co_chairs),
            home=body.obj.home,
        )
