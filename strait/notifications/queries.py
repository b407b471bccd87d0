"""Every read of notifications: a user reads their own, nobody else's."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from strait.notifications import topics
from strait.notifications.models import Notification, Preferences
from strait.permissions import ROLE_PERMISSIONS, Permission

if TYPE_CHECKING:
    from strait.accounts.models import User

SHOWN = 5
PAGE = 50


def default_email_topics() -> list[str]:
    return [t.code for t in topics.all_topics() if t.email_by_default]


def email_topics_of(users: list[User]) -> dict[int, list[str]]:
    """The topics each user chose by e-mail (users without a choice are left out)."""
    return dict(Preferences.objects.filter(user__in=users).values_list("user_id", "email_topics"))


def email_topics_for(user: User) -> list[str]:
    return email_topics_of([user]).get(user.pk, default_email_topics())


def mine(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user)


def unread(
    user: User, limit: int = SHOWN, *, only: list[str] | None = None, but: list[str] | None = None
) -> list[Notification]:
    """The user's newest unread notifications: ``only`` of these topics, ``but`` not of these."""
    rows = mine(user).filter(read_at__isnull=True)
    if only is not None:
        rows = rows.filter(topic__in=only)
    if but:
        rows = rows.exclude(topic__in=but)
    return list(rows.order_by("-created_at", "-id")[:limit])


def unread_count(user: User) -> int:
    return mine(user).filter(read_at__isnull=True)[:100].count()


def recent(user: User, limit: int = PAGE) -> list[Notification]:
    return list(mine(user).order_by("-created_at", "-id")[:limit])


def users_with(permission: Permission, agency_id: int | None = None) -> QuerySet[User]:
    """Active users whose role holds ``permission`` (of one agency when given): whom an app
    notifies, before narrowing by its own object rules."""
    from strait.accounts.models import User

    roles = [role for role, held in ROLE_PERMISSIONS.items() if permission in held]
    rows = User.objects.filter(is_active=True, role__in=roles)
    if agency_id is not None:
        rows = rows.filter(agency_id=agency_id)
    return rows


def notified(topic: str, since: dt.datetime) -> list[Notification]:
    """The notifications of ``topic`` created since ``since``, with their users: what a task
    that follows up on them (a late message finally delivered) looks at."""
    return list(
        Notification.objects.filter(topic=topic, created_at__gte=since).select_related("user")
    )
