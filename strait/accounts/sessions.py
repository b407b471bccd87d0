"""Server-side sessions of logged-in users: registered at login, ended on the server (AUTH-03).

Each login writes a UserSession row naming its Django session key, so logout, deactivation or a
password change can delete the session rows themselves, not just forget a cookie.
"""

from __future__ import annotations

import time
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase

from strait.accounts.models import User, UserSession

# When the user completed both factors, as a Unix timestamp: the 12-hour clock starts here.
LOGIN_AT_SESSION_KEY = "strait_login_at"


def register_session(session: SessionBase, user: User, ip: str | None = None) -> UserSession:
    """Mark a freshly logged-in session: start the absolute clock and link it to the user."""
    session[LOGIN_AT_SESSION_KEY] = int(time.time())
    if session.session_key is None:
        session.save()  # assigns the key
    user_session, _ = UserSession.objects.update_or_create(
        session_key=str(session.session_key), defaults={"user": user, "ip": ip}
    )
    return user_session


def absolute_lifetime_over(session: SessionBase) -> bool:
    """True when the session is older than SESSION_ABSOLUTE_SECONDS, or has no start time.

    A logged-in session without a start time did not come through our login: end it.
    """
    started: Any = session.get(LOGIN_AT_SESSION_KEY)
    if not isinstance(started, int | float):
        return True
    return time.time() - started > settings.SESSION_ABSOLUTE_SECONDS


def forget_session(session_key: str | None) -> None:
    if session_key:
        UserSession.objects.filter(session_key=session_key).delete()


def end_all_sessions(user: User) -> int:
    """Delete every server-side session of the user; their cookies then open nothing."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    for key in keys:
        store(session_key=key).delete()
    UserSession.objects.filter(user=user).delete()
    return len(keys)
