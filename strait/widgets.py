"""Form widgets shared by every app's forms."""

from __future__ import annotations

from typing import Any

from django import forms


class DateInput(forms.DateInput):
    """A browser date picker. Its value is always ISO (2026-12-09): an ``<input type=date>``
    reads nothing else, so the language's date format (31/05/2027 in Spanish and French) would
    leave a pre-filled field blank. The browser shows the date in the reader's own way."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")
