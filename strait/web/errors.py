"""The error pages: 403, 404 and 500 in the reader's language, inside the layout.

The API keeps its own JSON errors: a path under ``/api/v1/`` gets ``{"error": …, "detail": …}``
here too. The 500 page is rendered without a request context, so it reads nothing from the
database (no user, no session, no permissions): it must show even when the database is down.
"""

from __future__ import annotations

from django.conf import settings
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseForbidden,
    HttpResponseNotFound,
    HttpResponseServerError,
    JsonResponse,
)
from django.template import loader
from django.urls import reverse
from django.utils.translation import gettext as _

from strait import api_errors as e


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith(reverse("api:api-root"))


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return JsonResponse(e.error_body(e.FORBIDDEN, _("Not permitted.")), status=403)
    page = loader.render_to_string("web/errors/403.html", request=request)
    return HttpResponseForbidden(page)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """A URL no view matched, or an object the reader may not see (another agency's answers
    "not found" too, AC-02); under the API's prefix, the API's own 404."""
    if _is_api(request):
        return JsonResponse(e.error_body(e.NOT_FOUND, _("Not found.")), status=404)
    page = loader.render_to_string("web/errors/404.html", request=request)
    return HttpResponseNotFound(page)


def server_error(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        detail = _("The node failed to answer; the error was logged.")
        return JsonResponse(e.error_body(e.SERVER_ERROR, detail), status=500)
    # No request context: no context processor runs, so nothing touches the database.
    page = loader.get_template("web/errors/500.html").render({"node": settings.NODE})
    return HttpResponseServerError(page)
