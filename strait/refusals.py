"""One refusal type for the whole project.

Every action that says no raises ``Refused`` (or a subclass): a permission missing, a rule of a
channel broken, a draft that does not validate, a file that cannot be read. It carries a stable
``code`` for machines (the API's ``error`` field) and a translated ``message`` for people, and
optionally ``problems``: ``(field, message)`` pairs when a form or a file has several things
wrong. It is mapped once to an API error (``strait.api``) and once to a page message
(``strait.web.refusals``); views and API operations never invent their own refusal shapes.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.functional import Promise


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
