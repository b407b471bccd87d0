"""The bodies of governance's ops, as they travel in proposals and changes.

Each body is validated when proposed and again when applied on every node. Every text and list
is bounded; nothing is a float (bodies are hashed in canonical form). These shapes are part of
the wire format: add optional fields, never rename.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

import pydantic
from django.utils.translation import gettext as _

from strait.governance import codes
from strait.sharing.wire import AgencyCode, Wire

Name = Annotated[str, pydantic.StringConstraints(strip_whitespace=True, max_length=200)]
RequiredName = Annotated[
    str, pydantic.StringConstraints(strip_whitespace=True, min_length=1, max_length=200)
]
LongText = Annotated[str, pydantic.StringConstraints(strip_whitespace=True, max_length=4000)]
Code = Annotated[str, pydantic.StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,59}$")]
Language = Annotated[str, pydantic.StringConstraints(pattern=r"^(ar|es|fr|en)$")]


class Body(Wire):
    """Strict (unknown fields and NUL refused, as every shared body) and frozen."""

    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)


class Texts(Body):
    """One text in up to four languages; at least one written."""

    ar: LongText = ""
    es: LongText = ""
    fr: LongText = ""
    en: LongText = ""

    @pydantic.model_validator(mode="after")
    def _one_written(self) -> Texts:
        if not (self.ar or self.es or self.fr or self.en):
            raise ValueError(_("Write the text in at least one language."))
        return self


class CreateBody(Body):
    """``governance.create``: change 1 of a body's shared object."""

    code: Code
    name_ar: RequiredName
    name_es: RequiredName
    name_fr: Name = ""
    name_en: Name = ""
    kind: codes.BodyKind
    area: codes.Area = codes.Area.GENERAL
    parent_uid: uuid.UUID | None = None
    co_chairs: Annotated[list[AgencyCode], pydantic.Field(min_length=1, max_length=4)]
    mandate: LongText = ""
    founded_on: dt.date
    cadence: codes.Cadence
    cadence_months: Annotated[int, pydantic.Field(ge=1, le=120)] | None = None
    warn_months: Annotated[int, pydantic.Field(ge=0, le=120)] | None = None

    @pydantic.model_validator(mode="after")
    def _cadence(self) -> CreateBody:
        if self.cadence == codes.Cadence.MONTHS and not self.cadence_months:
            raise ValueError(_("Say every how many months the body must meet."))
        months = self.months()
        if months and self.warn_months is not None and self.warn_months >= months:
            raise ValueError(_("The warning must come before the meeting is overdue."))
        if len(set(self.co_chairs)) != len(self.co_chairs):
            raise ValueError(_("A co-chair is named twice."))
        return self

    def months(self) -> int | None:
        """At most this many months between meetings (None: when needed)."""
        if self.cadence == codes.Cadence.YEARLY:
            return 12
        if self.cadence == codes.Cadence.MONTHS:
            return self.cadence_months
        return None
