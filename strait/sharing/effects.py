"""What every shared type's ``effects`` (and ``validation``) read of an applied op: its body in
the op's wire shape, who made it, and the body's fields a row keeps under the same names.
Reads only the change: no clock, no database."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

import pydantic

if TYPE_CHECKING:
    from strait.sharing.registry import Applied

Shape = TypeVar("Shape", bound=pydantic.BaseModel)


def body_of(applied: Applied, shape: type[Shape]) -> Shape:
    """The body as ``shape`` (a body arrived from another node is still a dict)."""
    body: Any = applied.body
    return body if isinstance(body, shape) else shape.model_validate(body)


def by_name(applied: Applied) -> str:
    """Who made the change, as the copies show it: the name, else the username."""
    return applied.by_name or applied.by_user


def same_names(body: pydantic.BaseModel, *names: str) -> dict[str, Any]:
    """The body's fields ``names`` as they are, for a row's fields of the same names."""
    return {name: getattr(body, name) for name in names}
