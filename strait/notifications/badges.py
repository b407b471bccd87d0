"""Counts the open page shows next to the notifications, each from the app that knows it (the
alerts not yet acknowledged by my agency): an app registers a badge at start-up (``register``),
the live fragment shows every badge whose count is not zero and refreshes it with the rest.
Notifications name no app: the count comes through the function the app gives."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.urls import NoReverseMatch, reverse

if TYPE_CHECKING:
    from strait.accounts.models import User


@dataclass(frozen=True)
class Badge:
    code: str  # "alerts.unacknowledged": the app's name, then what it counts
    label: Any  # a lazy translation: what the count is of
    count: Callable[[User], int]  # for one user, what they may see only
    url: str = ""  # a URL name: where the count leads ("" for none)


_badges: dict[str, Badge] = {}


def register(code: str, label: Any, count_fn: Callable[[User], int], *, url: str = "") -> Badge:
    badge = Badge(code, label, count_fn, url)
    existing = _badges.get(code)
    if existing is not None and existing.count is not count_fn:
        raise ValueError(f"two badges are named {code!r}")
    _badges[code] = badge
    return badge


def unregister(code: str) -> None:
    _badges.pop(code, None)


def all_badges() -> list[Badge]:
    return sorted(_badges.values(), key=lambda b: b.code)


def shown(user: User) -> list[dict[str, Any]]:
    """The badges with a count for ``user``, in code order, each with its link when it has one."""
    out = []
    for badge in all_badges():
        count = badge.count(user)
        if not count:
            continue
        try:
            url = reverse(badge.url) if badge.url else ""
        except NoReverseMatch:
            url = ""
        out.append({"code": badge.code, "label": badge.label, "count": count, "url": url})
    return out
