from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from strait.permissions import Permission, public, requires


@requires(Permission.HOME_VIEW)
def home(request: HttpRequest) -> HttpResponse:
    from strait.workqueue.queries import queue_for

    now = timezone.now()
    context = {"queue": queue_for(request.user, now), "now": now}  # type: ignore[arg-type]
    return render(request, "web/home.html", context)


@public
def health(request: HttpRequest) -> HttpResponse:
    """Liveness for operators and the demo launcher: the process answers and the DB is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
