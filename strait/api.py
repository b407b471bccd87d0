"""The JSON API, ``/api/v1/``: one NinjaAPI, one router per app, bearer tokens only.

Callers authenticate with a personal token (``Authorization: Bearer strait_…``, created on the
API tokens page) and act as its user with exactly their role's permissions. The session cookie
is never accepted here, so there is no CSRF question. The OpenAPI description is at
``/api/v1/openapi.json``; ninja's interactive docs page is off because it needs scripts and
styles our Content-Security-Policy does not allow.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Router
from ninja.errors import HttpError, ValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.parser import Parser

from strait import api_errors as e
from strait.accounts.api_auth import TokenAuth
from strait.alerts.api import router as alerts_router
from strait.checks.api import router as checks_router
from strait.entities.api import router as entities_router
from strait.events.api import router as events_router
from strait.exchange.api import router as exchange_router
from strait.governance.api import router as governance_router
from strait.governance.api_followup import router as governance_followup_router
from strait.governance.api_reports import router as governance_reports_router
from strait.operations.api import router as operations_router
from strait.operations.charts_api import router as operations_charts_router
from strait.permissions import Permission, public
from strait.ports.api import router as ports_router
from strait.ports.api_manifests import router as ports_manifests_router
from strait.refusals import Refused
from strait.situation.api import router as situation_router
from strait.text import has_nul
from strait.transit.api import router as transit_router


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


class _Api(NinjaAPI):
    """ninja's API with its description built once per process (it was rebuilt on every
    request: seconds under load, on a public URL) and made true about errors: every error
    status an operation can answer, each with the one ``Error`` shape (``describe_errors``)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._descriptions: dict[str, OpenAPISchema] = {}
        self._describing = threading.Lock()

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        if path_params:  # not in our URLs; never cached under another key
            return describe_errors(
                super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
            )
        if path_prefix is None:
            path_prefix = self.get_root_path({})
        found = self._descriptions.get(path_prefix)
        if found is None:
            with self._describing:  # concurrent first requests build it once
                found = self._descriptions.get(path_prefix)
                if found is None:
                    built = super().get_openapi_schema(path_prefix=path_prefix)
                    found = self._descriptions[path_prefix] = describe_errors(built)
        return found


api = _Api(
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
    ("/operations/", operations_router),
    ("/operations/", operations_charts_router),
    ("/alerts/", alerts_router),
    ("/situation/", situation_router),
    ("/governance/", governance_router),
    ("/governance/", governance_followup_router),
    ("/governance/", governance_reports_router),
    ("/ports/", ports_router),
    ("/ports/", ports_manifests_router),
    ("/transit/", transit_router),
    ("/events/", events_router),
]
for _prefix, _router in ROUTERS:
    api.add_router(_prefix, _router)


def _error(request: HttpRequest, body: dict[str, Any], status: int) -> HttpResponse:
    return api.create_response(request, body, status=status)


@api.exception_handler(Refused)
def refused(request: HttpRequest, exc: Refused) -> HttpResponse:
    """Every refusal of every router, one shape: ``{"error": code, "detail": …}``."""
    return _error(request, e.as_error(exc.as_dict()), exc.status)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """ninja's own refusals (no token, no permission, a body it cannot parse) in the API's
    one error shape, each with its code."""
    status = exc.status_code
    if status == 401:
        detail = _("Send a valid API token: Authorization: Bearer strait_…")
        response = _error(request, e.error_body(e.UNAUTHENTICATED, detail), 401)
        response["WWW-Authenticate"] = "Bearer"
        return response
    if status == 403:
        detail = _("You do not have permission to do this.")
        return _error(request, e.error_body(e.FORBIDDEN, detail), 403)
    # ninja turns any parser exception into "Cannot parse request body"; say what is wrong
    # when it is a NUL character.
    if isinstance(exc.__cause__, NulInBody):
        detail = _("A text in the request contains a NUL character (\\x00), which is refused.")
        return _error(request, e.error_body("refused", detail), 400)
    if status == 400:
        detail = _("Cannot parse request body: send one JSON object, in UTF-8.")
        return _error(request, e.error_body(e.UNPARSEABLE, detail), 400)
    return _error(request, e.error_body("refused", str(exc)), status)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    # The same answer for what does not exist and for another agency's item.
    return _error(request, e.error_body(e.NOT_FOUND, _("Not found.")), 404)


def _field(loc: list[Any] | tuple[Any, ...]) -> str:
    """``("body", "data", "recipients", 0)`` → ``recipients.0``; ``("query", "q")`` → ``q``."""
    parts = list(loc)
    skip = 2 if parts[:1] == ["body"] else 1
    return ".".join(str(p) for p in parts[skip:])


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """A request that does not match the description: 422, with one problem per field."""
    problems = [e.problem_text(_field(x.get("loc", ())), str(x.get("msg", ""))) for x in exc.errors]
    detail = _("The request does not match the API description: %(problems)s") % {
        "problems": "; ".join(problems)
    }
    return _error(request, e.error_body(e.INVALID, detail, problems), 422)


@api.exception_handler(RequestDataTooBig)
def too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    detail = _("The request body is larger than this node accepts.")
    return _error(request, e.error_body(e.TOO_LARGE, detail), 413)


# What each error status means, in the description of every operation that can answer it.
ERROR_STATUSES: dict[int, str] = {
    400: "Refused: a rule, a value or a file this node does not accept, or a body that is not "
    "JSON (`error` says which).",
    401: "No usable API token (`Authorization: Bearer strait_…`).",
    403: "The token's user lacks the permission this operation needs.",
    404: "Not found, or another agency's (the same answer).",
    413: "The request body is larger than this node accepts.",
    422: "The request does not match this description (`problems` says where).",
}
_ERROR = {"$ref": "#/components/schemas/Error"}


def _checked_by_url() -> dict[str, set[str]]:
    """Per operation id, the path parameters Django's URL converter already checks (``{uuid:uid}``:
    a malformed one never reaches ninja, so it cannot be a 422)."""
    operation_ids: dict[str, set[str]] = {}
    for _prefix, router in ROUTERS:
        for path, view in router.path_operations.items():
            converted = set(re.findall(r"{[^}:]+:([^}]+)}", path))
            for operation in view.operations:
                op_id = operation.operation_id or api.get_openapi_operation_id(operation)
                operation_ids[op_id] = converted
    return operation_ids


def _can_be_invalid(operation: dict[str, Any], checked: set[str]) -> bool:
    if "requestBody" in operation:
        return True
    for parameter in operation.get("parameters", []):
        if parameter.get("in") != "path":
            return True
        schema = parameter.get("schema", {})
        if parameter.get("name") not in checked and set(schema) - {"title", "type"}:
            return True  # a typed path parameter (a uuid) the URL does not check
        if schema.get("type", "string") != "string":
            return True
    return False


def error_statuses(path: str, operation: dict[str, Any], checked: set[str]) -> set[int]:
    """The error statuses an operation can answer, from what it takes."""
    statuses = {s for s in map(int, operation.get("responses", {})) if s >= 400}
    if operation.get("security"):
        statuses |= {401, 403}  # no usable token; a role without the permission
    if "{" in path:
        statuses.add(404)  # the object named in the path: missing, or another agency's
    if "requestBody" in operation:
        statuses |= {400, 413}  # not JSON, a NUL, a refusal; larger than the node reads
    if _can_be_invalid(operation, checked):
        statuses.add(422)
    return statuses


def describe_errors(schema: OpenAPISchema) -> OpenAPISchema:
    """Make the description true about errors: every error status each operation can answer,
    each with the one ``Error`` shape the handlers above answer."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["Error"] = e.Error.model_json_schema(ref_template="#/components/schemas/{model}")
    checked = _checked_by_url()
    for path, operations in schema.get("paths", {}).items():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for status in sorted(
                error_statuses(
                    path, operation, checked.get(operation.get("operationId", ""), set())
                )
            ):
                responses[status] = {
                    "description": ERROR_STATUSES.get(status, "Error"),
                    "content": {"application/json": {"schema": _ERROR}},
                }
            operation["responses"] = dict(sorted(responses.items(), key=lambda r: int(r[0])))
    return schema


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
