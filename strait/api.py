"""The JSON API, ``/api/v1/``: one NinjaAPI, one router per app, bearer tokens only.

Callers authenticate with a personal token (``Authorization: Bearer strait_…``, created on the
API tokens page) and act as its user with exactly their role's permissions. The session cookie
is never accepted here, so there is no CSRF question. The OpenAPI description is at
``/api/v1/openapi.json``; ninja's interactive docs page is off because it needs scripts and
styles our Content-Security-Policy does not allow.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Router
from ninja.errors import HttpError
from ninja.parser import Parser

from strait.accounts.api_auth import TokenAuth
from strait.checks.api import router as checks_router
from strait.entities.api import router as entities_router
from strait.exchange.api import router as exchange_router
from strait.permissions import Permission, public
from strait.refusals import Refused
from strait.text import has_nul


class NulInBody(ValueError):
    """A string of a JSON body holds a NUL character: no text field can store one and
    PostgreSQL fails on it (IO-02)."""


class _Parser(Parser):
    """JSON bodies, refused whole when any string holds NUL, so every router answers the same
    clear 400 (see ``parse_refused``) before any schema or view sees the body."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        body = super().parse_body(request)
        if has_nul(body):
            raise NulInBody
        return body


api = NinjaAPI(
    parser=_Parser(),
    title="Strait",
    version="1",
    description=(
        "Federated exchange of police information. Authenticate with a personal API token: "
        "`Authorization: Bearer strait_…`. A token carries its user's role permissions; "
        "another agency's items answer 404."
    ),
    urls_namespace="api",
    # An operation that forgot its permission authenticates but is refused (fail closed).
    auth=TokenAuth(None),
    docs_url=None,
    # The description of the API holds no data: anyone may fetch it.
    docs_decorator=public,
)

# (prefix, router): the harness walks these to check every operation's declaration.
ROUTERS: list[tuple[str, Router]] = [
    ("/", exchange_router),
    ("/checks/", checks_router),
    ("/entities/", entities_router),
]
for _prefix, _router in ROUTERS:
    api.add_router(_prefix, _router)


@api.exception_handler(Refused)
def refused(request: HttpRequest, exc: Refused) -> HttpResponse:
    """Every refusal of every router, one shape: ``{"error": code, "detail": …}``."""
    return api.create_response(request, exc.as_dict(), status=exc.status)


@api.exception_handler(HttpError)
def parse_refused(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # ninja turns any parser exception into "Cannot parse request body"; say what is wrong
    # when it is a NUL character, and answer every other HttpError as ninja does.
    if isinstance(exc.__cause__, NulInBody):
        detail = _("A text in the request contains a NUL character (\\x00), which is refused.")
        return api.create_response(request, {"error": "refused", "detail": detail}, status=400)
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(RequestDataTooBig)
def too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    detail = "The request body is larger than this node accepts."
    return api.create_response(request, {"error": "too_large", "detail": detail}, status=413)


@dataclass(frozen=True)
class Declared:
    """One API operation and the permission it declares (None: it declares none)."""

    url_name: str
    path: str
    methods: tuple[str, ...]
    permission: Permission | None


def operations() -> Iterator[Declared]:
    for prefix, router in ROUTERS:
        for path, view in router.path_operations.items():
            for operation in view.operations:
                declared = [a for a in operation.auth_callbacks if isinstance(a, TokenAuth)]
                permission = declared[0].permission if len(declared) == 1 else None
                if len(declared) != len(operation.auth_callbacks):
                    permission = None  # another way in besides the token: not declared
                yield Declared(
                    url_name=getattr(operation, "url_name", None) or operation.view_func.__name__,
                    path=f"{prefix.rstrip('/')}{path}",
                    methods=tuple(operation.methods),
                    permission=permission,
                )


def urls() -> tuple[list[URLResolver | URLPattern], str, str]:
    """``api.urls`` with each URL's view carrying its operation's permission, as every view of
    the project does (``strait_permission``), so the URL-wide harness sees the API too."""
    patterns, app_name, namespace = api.urls
    declared = {d.url_name: d.permission for d in operations()}
    for pattern in patterns:
        if not isinstance(pattern, URLPattern):
            continue
        callback: Any = pattern.callback
        if pattern.name == "api-root":
            # Only lets ninja work out its own prefix; it answers 404 to everyone.
            public(callback)
        elif declared.get(pattern.name or "") is not None:
            callback.strait_permission = declared[pattern.name or ""]
            callback.strait_api = True
    return patterns, app_name, namespace
