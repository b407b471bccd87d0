"""The registry of envelope kinds: each app registers how its kind is applied on arrival.

    @handles(EnvelopeKind.EXCHANGE_MESSAGE, body=MessageBody)
    def apply_message(envelope: Arrival) -> None: ...

Every kind is a member of ``kinds.EnvelopeKind`` and has exactly one handler: registering a kind
that is not a member, or a second handler for one, raises at import.

A handler runs inside the inbox transaction (with the audit entry and the inbox row), so its
effect commits together with them or not at all. Raise ``Rejected`` for an envelope that can never
be applied (it is parked with the reason); any other exception rolls back and is retried.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pydantic

from strait.federation.kinds import EnvelopeKind
from strait.federation.models import Peer


class Rejected(Exception):
    """The envelope is well-formed and authentic, but can never be applied here."""


@dataclass(frozen=True)
class Arrival:
    """What a handler gets: who sent it, the verified header and the validated body."""

    peer: Peer
    header: dict[str, Any]
    body: Any

    @property
    def envelope_id(self) -> str:
        return str(self.header["id"])

    @property
    def seq(self) -> int:
        return int(self.header["seq"])


@dataclass(frozen=True)
class Kind:
    name: EnvelopeKind
    body: type[pydantic.BaseModel]
    apply: Callable[[Arrival], None]


class RegistryError(RuntimeError):
    """A handler for a kind that is not an ``EnvelopeKind``, or a second one for a kind."""


_KINDS: dict[EnvelopeKind, Kind] = {}


def handles(
    name: EnvelopeKind, *, body: type[pydantic.BaseModel]
) -> Callable[[Callable[[Arrival], None]], Callable[[Arrival], None]]:
    try:
        member = EnvelopeKind(name)
    except ValueError:
        raise RegistryError(
            f"{name!r} is not an envelope kind: add it to strait/federation/kinds.py"
        ) from None

    def register(apply: Callable[[Arrival], None]) -> Callable[[Arrival], None]:
        if member in _KINDS:
            raise RegistryError(
                f"envelope kind {member.value!r} already has a handler "
                f"({_KINDS[member].apply.__module__}.{_KINDS[member].apply.__qualname__})"
            )
        _KINDS[member] = Kind(member, body, apply)
        return apply

    return register


def kind(name: str) -> Kind | None:
    """The handler of a kind named in a header (a string), if this node has one."""
    try:
        return _KINDS.get(EnvelopeKind(name))
    except ValueError:
        return None


def validate_body(spec: Kind, body: dict[str, Any]) -> pydantic.BaseModel:
    try:
        return spec.body.model_validate(body, strict=False)
    except pydantic.ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()[:5]
        )
        raise Rejected(f"body does not match {spec.name}: {problems}") from exc


def registered() -> dict[EnvelopeKind, Kind]:
    """Every kind with its handler (a copy)."""
    return dict(_KINDS)
