"""Template filters of the governance pages (bodies, meetings, recommendations)."""

from __future__ import annotations

from typing import Any

from django import template

from strait.governance.models import in_language

register = template.Library()


@register.filter
def in_reader_language(value: Any) -> str:
    """A ``{"ar": …, "es": …}`` text in the reader's language (the first written otherwise)."""
    return in_language(value) if isinstance(value, dict) else ""


@register.filter
def language_of(value: Any) -> str:
    """The language of the text ``in_reader_language`` picks, for its ``lang`` attribute."""
    if not isinstance(value, dict):
        return ""
    picked = in_language(value)
    return next((code for code, text in value.items() if text == picked), "")


@register.filter
def lookup(mapping: Any, key: Any) -> Any:
    return mapping.get(key, key) if isinstance(mapping, dict) else key
