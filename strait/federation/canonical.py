"""Canonical JSON: the one byte form of a JSON value that signatures and digests are made over.

Sorted keys, no insignificant whitespace, UTF-8, no floats (headers and receipts hold only
strings, integers, booleans, null, lists and objects), so both nodes produce the same bytes.
"""

from __future__ import annotations

import json
from typing import Any


class NotCanonical(ValueError):
    pass


def _check(value: Any) -> None:
    if isinstance(value, float):
        raise NotCanonical("floats have no canonical form here; use strings or integers")
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise NotCanonical("object keys must be strings")
            _check(item)
    elif isinstance(value, list):
        for item in value:
            _check(item)


def dumps(value: Any) -> bytes:
    _check(value)
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")
