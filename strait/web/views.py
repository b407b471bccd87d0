from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from strait.permissions import Permission, public, requires


@requires(Permission.HOME_VIEW)
def home(request: HttpRequest) -> HttpResponse:
    from strait.exchange.queries import summary

    return render(request, "web/home.html", {"exchange": summary(request.user)})  # type: ignore[arg-type]


@public
def health(request: HttpRequest) -> HttpResponse:
    """Liveness for operators and the demo launcher: the process answers and the DB is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
