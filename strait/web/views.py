from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from strait.permissions import Permission, public, requires


@requires(Permission.HOME_VIEW)
def home(request: HttpRequest) -> HttpResponse:
    from strait.exchange.queries import channels_for
    from strait.workqueue.queries import queue_for

    user = request.user
    now = timezone.now()
    context = {
        "queue": queue_for(user, now),  # type: ignore[arg-type]
        "exchange": bool(channels_for(user)),  # type: ignore[arg-type]
        "now": now,
    }
    return render(request, "web/home.html", context)


@public
def health(request: HttpRequest) -> HttpResponse:
    """Liveness for operators and the demo launcher: the process answers and the DB is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
