"""The envelope bodies of shared objects (format v1) and the bodies of the built-in ``sharing.*``
ops. Validated on arrival before any handler runs; a body that does not fit is parked with the
reason (IO-02). Op bodies are JSON without floats (they are hashed in canonical form)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

import pydantic

from strait.sharing.models import ParticipantRole
from strait.text import has_nul


class Wire(pydantic.BaseModel):
    """Strict: unknown fields refused, no NUL in any text (PostgreSQL cannot store it)."""

    model_config = pydantic.ConfigDict(extra="forbid")

    @pydantic.model_validator(mode="before")
    @classmethod
    def _refuse_nul(cls, data: Any) -> Any:
        if has_nul(data):
            raise ValueError("a text field holds a NUL character")
        return data


AgencyCode = Annotated[str, pydantic.StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$")]
NodeCode = Annotated[str, pydantic.StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,19}$")]
OpName = Annotated[str, pydantic.StringConstraints(pattern=r"^[a-z_]+\.[a-z_]{1,60}$")]
Handling = Literal["H0", "H1", "H2", "H3"]
Hex64 = Annotated[str, pydantic.StringConstraints(pattern=r"^[0-9a-f]{64}$")]


class ChangeWire(Wire):
    """One ordered change as the home signed it (``sharing.changes``)."""

    seq: int = pydantic.Field(ge=1)
    op: OpName
    body: dict[str, Any]
    by_agency: AgencyCode
    by_user: str = pydantic.Field(max_length=150)
    by_name: str = pydantic.Field(max_length=200)
    at: str = pydantic.Field(max_length=40)  # ISO 8601, UTC, kept as text: it is hashed
    proposal: str = pydantic.Field(
        pattern=r"^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})?$"
    )
    digest: Hex64
    signature: str = pydantic.Field(max_length=100)
    key_id: str = pydantic.Field(max_length=16)


class ChangeEnvelope(Wire):
    """``sharing.change``, home -> every node with an active participant agency."""

    object: uuid.UUID
    kind: str = pydantic.Field(max_length=64)
    home: NodeCode
    home_agency: AgencyCode
    ceiling: Handling
    change: ChangeWire


class ProposalEnvelope(Wire):
    """``sharing.proposal``, participant node -> home."""

    proposal: uuid.UUID
    object: uuid.UUID
    op: OpName
    body: dict[str, Any]
    by_agency: AgencyCode
    by_user: str = pydantic.Field(max_length=150)
    by_name: str = pydantic.Field(max_length=200)


class RefusalEnvelope(Wire):
    """``sharing.refusal``, home -> the proposer's node."""

    proposal: uuid.UUID
    code: str = pydantic.Field(max_length=40)
    reason: str = pydantic.Field(max_length=500)


# Bodies of the built-in ops (every shared type has them).


class ParticipantBody(Wire):
    agency: AgencyCode
    role: ParticipantRole


class AgencyBody(Wire):
    agency: AgencyCode


class MemberBody(Wire):
    agency: AgencyCode
    username: str = pydantic.Field(min_length=1, max_length=150)
    name: str = pydantic.Field(min_length=1, max_length=200)


class MemberRefBody(Wire):
    agency: AgencyCode
    username: str = pydantic.Field(min_length=1, max_length=150)


class CeilingBody(Wire):
    handling: Handling
