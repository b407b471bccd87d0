from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse


def locked_out(request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any) -> HttpResponse:
    return HttpResponse(status=429)
