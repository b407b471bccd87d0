"""The agency directory: who takes part, in the reader's language, and which node holds each."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from strait.agencies import queries
from strait.permissions import Permission, requires


@requires(Permission.DIRECTORY_VIEW)
@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    return render(request, "agencies/directory.html", {"countries": queries.directory()})


@requires(Permission.DIRECTORY_VIEW)
@require_GET
def agency(request: HttpRequest, code: str) -> HttpResponse:
    found = queries.agency_by_code(code)
    if found is None:
        raise Http404
    return render(request, "agencies/agency.html", {"agency": found})
