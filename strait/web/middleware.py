"""Cross-cutting HTTP concerns: a request id on every request, strict security headers, and
the slots of a process's threads that ordinary requests may use."""

from __future__ import annotations

import re
import secrets
import threading
from collections.abc import Callable

from django.db import connection
from django.http import HttpRequest, HttpResponse

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

# No 'unsafe-inline' anywhere (IO-01): scripts and styles come only from our static files.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class RequestIdMiddleware:
    """Tag each request with an id (kept from a well-formed X-Request-ID) for audit and logs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _REQUEST_ID.match(incoming) else secrets.token_hex(12)
        request.request_id = request_id  # type: ignore[attr-defined]
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            # Pages with protected data must not linger in shared caches or the back button.
            response.setdefault("Cache-Control", "no-store")
        return response


class PageSlotsMiddleware:
    """At most ``PAGE_THREADS`` requests of this process at work at once, and at most that many
    threads keeping a database connection between requests.

    ``strait serve --streams`` gives each worker a thread per open event stream on top of its
    ``--threads`` (a stream waits without the database). Without this gate a burst of ordinary
    requests (the 200 pages that fetch their fragment when an alert comes) would run in all
    those threads at once, each opening a connection it keeps for ``CONN_MAX_AGE``: past
    PostgreSQL's ``max_connections``. Here, beyond ``PAGE_THREADS`` they wait their turn, as
    they did in gunicorn's queue before the streams' threads existed. ``PAGE_THREADS`` None (the
    default outside ``strait serve``: tests, runserver): no gate."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        from django.conf import settings

        self.get_response = get_response
        self.size: int | None = settings.PAGE_THREADS
        self.slots = threading.BoundedSemaphore(self.size or 1)
        self.lock = threading.Lock()
        self.keepers: set[int] = set()  # threads that may keep their connection

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.size is None:
            return self.get_response(request)
        with self.slots:
            response = self.get_response(request)
            if not self._keeps_connection():
                connection.close()
        return response

    def _keeps_connection(self) -> bool:
        me = threading.get_ident()
        with self.lock:
            if me in self.keepers or len(self.keepers) < (self.size or 0):
                self.keepers.add(me)
                return True
        return False
