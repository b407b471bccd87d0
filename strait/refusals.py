"""One refusal type for the whole project.

Every action that says no raises ``Refused`` (or a subclass): a permission missing, a rule of a
channel broken, a draft that does not validate, a file that cannot be read. It carries a stable
``code`` for machines (the API's ``error`` field) and a translated ``message`` for people, and
optionally ``problems``: ``(field, message)`` pairs when a form or a file has several things
wrong. It is mapped once to an API error (``strait.api``) and once to a page message
(``show_refusal`` below); views and API operations never invent their own refusal shapes.
It sits at the bottom of the package, below every app, so any app's views may use it without
an import between apps.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.http import HttpRequest
from django.utils.functional import Promise

if TYPE_CHECKING:
    import pydantic


class Refused(Exception):
    """An action refused, with a code for machines and a message for people."""

    code: str = "refused"
    status: int = 400

    def __init__(
        self,
        message: str | Promise = "",
        *,
        code: str | None = None,
        problems: Iterable[tuple[str, str | Promise]] = (),
    ) -> None:
        self.problems: list[tuple[str, str]] = [(f, str(m)) for f, m in problems]
        if not message and self.problems:
            message = "; ".join(m for _f, m in self.problems)
        super().__init__(str(message))
        self.message = str(message)
        if code is not None:
            self.code = code

    def as_dict(self) -> dict[str, object]:
        body: dict[str, object] = {"error": self.code, "detail": self.message}
        if self.problems:
            body["problems"] = [{"field": f, "message": m} for f, m in self.problems]
        return body


class NotPermitted(Refused):
    """The user's role lacks the permission an action needs (pages answer 403, the API 403)."""

    code = "forbidden"
    status = 403


def problems_of(exc: pydantic.ValidationError) -> list[tuple[str, str]]:
    """A body's validation errors as a refusal's problems: each on its top-level field (a
    list's index left out), without pydantic's "Value error, " prefix."""
    problems = []
    for error in exc.errors():
        loc = [str(part) for part in error.get("loc", ()) if not isinstance(part, int)]
        message = str(error.get("msg", "")).removeprefix("Value error, ")
        problems.append((loc[0] if loc else "", message))
    return problems


def show_refusal(request: HttpRequest, refusal: Refused, form: Any = None) -> None:
    """Put a refusal on the page: on the form's fields it names when there is a form (problems
    without a known field, or with none, become the form's non-field errors), otherwise as an
    error message at the top of the next page."""
    if form is None:
        messages.error(request, refusal.message)
        return
    problems = refusal.problems or [("", refusal.message)]
    for field, message in problems:
        form.add_error(field if field in form.fields else None, message)


@dataclass(frozen=True)
class Submitted:
    """What became of a page's form: ``ok`` with the action's ``result``, or not, with the
    status to render the form again with (200 before any POST, 400 after an invalid or refused
    one)."""

    ok: bool
    status: int
    result: Any = None


Refuse = Callable[[HttpRequest, Refused, Any], None]


def submit(
    request: HttpRequest, form: Any, act: Callable[[], Any], refuse: Refuse = show_refusal
) -> Submitted:
    """A page's form posted: when it is valid, run ``act`` (the one action, which reads the
    form's cleaned data); a refusal goes on the form (``refuse``, ``show_refusal`` unless the
    page spells its fields otherwise). The view says what success is and renders the rest."""
    if request.method != "POST":
        return Submitted(ok=False, status=200)
    if form.is_valid():
        try:
            result = act()
        except Refused as exc:
            refuse(request, exc, form)
        else:
            return Submitted(ok=True, status=200, result=result)
    return Submitted(ok=False, status=400)
