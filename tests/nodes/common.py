"""Look-ups the node-side code of the two-node tests shares."""

from __future__ import annotations

from strait.accounts.models import User
from strait.agencies.models import Agency


def user(name: str) -> User:
    return User.objects.select_related("agency").get(username=name)


def agency(code: str) -> Agency:
    return Agency.objects.get(code=code)
