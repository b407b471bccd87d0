"""Background work of the accounts app (run by ``strait worker``)."""

from __future__ import annotations

from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.sessions.models import Session

from strait.accounts.models import UserSession
from strait.worker import periodic


@periodic(every=timedelta(minutes=15), name="accounts.clear_expired_sessions")
def clear_expired_sessions() -> int:
    """Delete expired session rows and the user links left pointing at them."""
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
    orphans = UserSession.objects.exclude(session_key__in=Session.objects.values("session_key"))
    deleted, _ = orphans.delete()
    return deleted
