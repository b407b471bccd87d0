"""The one shape of every error the JSON API answers, whatever its status (``strait.api``).

``{"error": code, "detail": sentence, "problems": [...]}``: a stable ``code`` for programs, a
``detail`` for people, and, when several things are wrong (a form, a file, a body that does not
match the description), one text per problem. A refusal (``strait.refusals.Refused``) gives its
own code; the API's own answers use the codes below. Routers declare it for the statuses they
answer themselves; ``strait.api`` documents it for every other error status of every operation.
"""

from __future__ import annotations

from typing import Any

import pydantic
from ninja import Schema

# The API's own codes; a refusal adds its own (``refused``, ``forbidden``, a rule's code…).
UNPARSEABLE = "unparseable"
UNAUTHENTICATED = "unauthenticated"
FORBIDDEN = "forbidden"
NOT_FOUND = "not_found"
INVALID = "invalid"
TOO_LARGE = "too_large"
SERVER_ERROR = "server_error"


def problem_text(field: str, message: str) -> str:
    return f"{field}: {message}" if field else message


def _as_texts(value: Any) -> Any:
    # ``Refused.as_dict`` gives ``{"field", "message"}`` pairs; the API answers them as texts,
    # as the entities API always has.
    if isinstance(value, list):
        return [
            problem_text(str(p.get("field", "")), str(p.get("message", "")))
            if isinstance(p, dict)
            else p
            for p in value
        ]
    return value


class Error(Schema):
    """Every error of the API: `error` for programs, `detail` for people."""

    error: str = pydantic.Field(
        description=(
            "A stable code: `refused`, `forbidden`, `not_found`, `unauthenticated`, `invalid` "
            "(the request does not match this description), `unparseable`, `too_large`, or a "
            "rule's own code."
        )
    )
    detail: str = pydantic.Field(description="What went wrong, in the caller's language.")
    problems: list[str] = pydantic.Field(
        default_factory=list,
        description="When several things are wrong: one text per problem, `field: message`.",
    )

    @pydantic.field_validator("problems", mode="before")
    @classmethod
    def _problems_as_texts(cls, value: Any) -> Any:
        return _as_texts(value)


def error_body(code: str, detail: str, problems: list[str] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"error": code, "detail": detail}
    if problems is not None:
        body["problems"] = problems
    return body


def as_error(body: dict[str, Any]) -> dict[str, Any]:
    """A refusal's ``as_dict()`` in the API's shape (problems as texts; nothing else added)."""
    shaped = dict(body)
    if "problems" in shaped:
        shaped["problems"] = _as_texts(shaped["problems"])
    return shaped
