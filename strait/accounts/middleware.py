from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from strait import timefmt
from strait.accounts import actions, sessions


class SessionLifetimeMiddleware:
    """Ends a session 12 hours after login whatever the activity (AUTH-03).

    Idle expiry needs no code: the session row lives SESSION_COOKIE_AGE seconds and every
    request renews it. This covers the other clock, which activity must not reset.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and sessions.absolute_lifetime_over(request.session):
            actions.do_end_expired_session(request)
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)


class UserTimeZoneMiddleware:
    """Pages show times on the reader's clock: the user's chosen zone, else the agency's (UTC
    for someone not logged in). Only the display changes: stored times stay UTC."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            timezone.activate(timefmt.zone(user.zone_name))
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            # A worker thread serves the next request, maybe someone else's: leave no zone.
            timezone.deactivate()
