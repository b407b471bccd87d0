"""A refusal shown on a page: the one place where ``strait.refusals.Refused`` becomes what a
person sees (the API's counterpart is the handler in ``strait.api``)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest

from strait.refusals import Refused


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
