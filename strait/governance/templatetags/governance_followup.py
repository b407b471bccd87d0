"""Template filters of the governance dashboard and follow-up pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template

from strait.governance import followup
from strait.governance.models import ActionItem, in_language

register = template.Library()


@register.filter
def texts(value: Any) -> str:
    """A ``{"ar": …, "es": …}`` text in the reader's language (the first written otherwise)."""
    return in_language(value) if isinstance(value, dict) else ""


@register.filter
def days_late(action: ActionItem, today: dt.date) -> int:
    return followup.days_late(action, today)
