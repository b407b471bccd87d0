"""Checks every way in (pages, API bodies, imports, envelopes) applies to text alike."""

from __future__ import annotations

from typing import Any


def has_nul(value: Any) -> bool:
    """True when a string, or any string in a list, tuple or dict (keys included), holds a NUL
    character: no text field may store one, and PostgreSQL refuses it outright (IO-02)."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list | tuple):
        return any(has_nul(v) for v in value)
    if isinstance(value, dict):
        return any(has_nul(k) or has_nul(v) for k, v in value.items())
    return False
