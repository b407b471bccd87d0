"""Reads of accounts data, scoped to what the reader may see."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet

from strait.accounts.models import User
from strait.agencies.models import Agency
from strait.permissions import Permission, user_has


def local_agencies() -> QuerySet[Agency]:
    """Agencies whose users live on this node: the only ones a node administrator manages."""
    return Agency.objects.filter(node_code=settings.NODE.code).select_related("country")


def users_manageable_by(user: User) -> QuerySet[User]:
    """Every user for a node administrator (a node holds only its own users); none otherwise."""
    if not user_has(user, Permission.USERS_MANAGE):
        return User.objects.none()
    return User.objects.select_related("agency", "unit")
