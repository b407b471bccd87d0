"""What a check and its answer look like in an envelope body (format v1). Validated on arrival
before any handler runs; a body that does not fit (a NUL character in any text, a date of
birth that is no date) is parked with the reason, never retried (IO-02).

The answer is deliberately poor: hit, no hit or refused, and an opaque reference. No names, no
scores, no count of candidates (AC-04); ``extra="forbid"`` keeps it that way on both sides.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

import pydantic

from strait.checks.models import RecordKind
from strait.entities.validation import birth_date as valid_birth_date
from strait.exchange import codes
from strait.text import has_nul

_strict = pydantic.ConfigDict(extra="forbid")


class _Wire(pydantic.BaseModel):
    model_config = _strict

    @pydantic.model_validator(mode="before")
    @classmethod
    def _refuse_nul(cls, data: Any) -> Any:
        # No string anywhere in a body may hold NUL: PostgreSQL cannot store it (IO-02).
        if has_nul(data):
            raise ValueError("a text field holds a NUL character")
        return data


Code = pydantic.constr(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$")
Reference = pydantic.constr(pattern=r"^CK-[0-9A-F]{12}$")


class CheckQueryWire(_Wire):
    uid: uuid.UUID
    channel: Code  # type: ignore[valid-type]
    requester_agency: Code  # type: ignore[valid-type]
    requester_name: str = pydantic.Field(max_length=200)
    recipients: list[Code] = pydantic.Field(min_length=1, max_length=20)  # type: ignore[valid-type]
    kind: RecordKind
    names: list[pydantic.constr(min_length=1, max_length=200)] = pydantic.Field(  # type: ignore[valid-type]
        default_factory=list, max_length=5
    )
    birth_date: str = pydantic.Field(default="", max_length=10)
    value: str = pydantic.Field(default="", max_length=100)
    # Where a national phone number is read (the asking agency's country).
    country: str = pydantic.Field(default="", pattern=r"^([A-Z]{2})?$")
    purpose: str = pydantic.Field(min_length=1, max_length=300)
    crime_area: codes.CrimeArea
    created_at: dt.datetime

    @pydantic.field_validator("birth_date")
    @classmethod
    def _a_date_of_birth(cls, value: str) -> str:
        """Read as the asking side wrote it (strait.matching.parse_date), and a real date:
        1980-02-31 is refused here, not left to fail in the matcher."""
        if not value:
            return value
        try:
            return valid_birth_date(value)
        except ValueError as exc:
            raise ValueError(f"not a date of birth: {value!r}") from exc

    @pydantic.model_validator(mode="after")
    def _asks_something(self) -> CheckQueryWire:
        if self.kind == RecordKind.PERSON and not self.names:
            raise ValueError("a person check needs a name")
        if self.kind != RecordKind.PERSON and not self.value.strip():
            raise ValueError("an identifier check needs a value")
        return self


class CheckAnswerWire(_Wire):
    check: uuid.UUID
    agency: Code  # type: ignore[valid-type]
    result: Literal["hit", "no_hit", "refused"]
    reference: Reference  # type: ignore[valid-type]
    reason: Literal["", "rate_limited"] = ""
    answered_at: dt.datetime


# Batches (``checks.batch_query`` / ``checks.batch_answer``, strait/checks/batch_federation.py).
BATCH_ENVELOPE_ITEMS = 250


class BatchItemWire(_Wire):
    """One item of a batch: what one check asks, under the asking node's check uid."""

    uid: uuid.UUID
    kind: RecordKind
    names: list[pydantic.constr(min_length=1, max_length=200)] = pydantic.Field(  # type: ignore[valid-type]
        default_factory=list, max_length=5
    )
    birth_date: str = pydantic.Field(default="", max_length=10)
    value: str = pydantic.Field(default="", max_length=100)
    country: str = pydantic.Field(default="", pattern=r"^([A-Z]{2})?$")

    _a_date_of_birth = pydantic.field_validator("birth_date")(
        CheckQueryWire._a_date_of_birth.__func__  # type: ignore[attr-defined]
    )

    @pydantic.model_validator(mode="after")
    def _asks_something(self) -> BatchItemWire:
        if self.kind == RecordKind.PERSON and not self.names:
            raise ValueError("a person check needs a name")
        if self.kind != RecordKind.PERSON and not self.value.strip():
            raise ValueError("an identifier check needs a value")
        return self


class CheckBatchQueryWire(_Wire):
    batch: uuid.UUID
    channel: Code  # type: ignore[valid-type]
    requester_agency: Code  # type: ignore[valid-type]
    requester_name: str = pydantic.Field(max_length=200)
    recipients: list[Code] = pydantic.Field(min_length=1, max_length=20)  # type: ignore[valid-type]
    purpose: str = pydantic.Field(min_length=1, max_length=300)
    crime_area: codes.CrimeArea
    created_at: dt.datetime
    # The answering node erases the batch's checks without a hit after this (AC-04, DP-02).
    erase_after: dt.datetime
    items: list[BatchItemWire] = pydantic.Field(min_length=1, max_length=BATCH_ENVELOPE_ITEMS)


class BatchAnswerItemWire(_Wire):
    """Per item only the check, the result and a reference: nothing else travels (AC-04)."""

    check: uuid.UUID
    result: Literal["hit", "no_hit", "refused"]
    reference: Reference  # type: ignore[valid-type]


class CheckBatchAnswerWire(_Wire):
    batch: uuid.UUID
    agency: Code  # type: ignore[valid-type]
    reason: Literal["", "rate_limited"] = ""
    answered_at: dt.datetime
    items: list[BatchAnswerItemWire] = pydantic.Field(min_length=1, max_length=BATCH_ENVELOPE_ITEMS)
