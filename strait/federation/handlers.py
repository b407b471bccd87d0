"""The registry of envelope kinds: each app registers how its kind is applied on arrival.

    @handles("exchange.message", body=MessageBody)
    def apply_message(envelope: Arrival) -> None: ...

A handler runs inside the inbox transaction (with the audit entry and the inbox row), so its
effect commits together with them or not at all. Raise ``Rejected`` for an envelope that can never
be applied (it is parked with the reason); any other exception rolls back and is retried.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pydantic

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
    name: str
    body: type[pydantic.BaseModel]
    apply: Callable[[Arrival], None]


_KINDS: dict[str, Kind] = {}


def handles(
    name: str, *, body: type[pydantic.BaseModel]
) -> Callable[[Callable[[Arrival], None]], Callable[[Arrival], None]]:
    def register(apply: Callable[[Arrival], None]) -> Callable[[Arrival], None]:
        if name in _KINDS and _KINDS[name].apply is not apply:
            raise RuntimeError(f"envelope kind {name!r} is already registered")
        _KINDS[name] = Kind(name, body, apply)
        return apply

    return register


def kind(name: str) -> Kind | None:
    return _KINDS.get(name)


def validate_body(spec: Kind, body: dict[str, Any]) -> pydantic.BaseModel:
    try:
        return spec.body.model_validate(body, strict=False)
    except pydantic.ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()[:5]
        )
        raise Rejected(f"body does not match {spec.name}: {problems}") from exc


def registered() -> list[str]:
    return sorted(_KINDS)
