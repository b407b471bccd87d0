from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from strait.permissions import Permission, user_has


def node(request: HttpRequest) -> dict[str, Any]:
    """What every page shows: which node this is, and which menu entries the user may open."""
    user = getattr(request, "user", None)
    return {
        "node": settings.NODE,
        "demo_mode": settings.NODE.mode == "demo",
        "can": {p.name: user_has(user, p) for p in Permission},
    }
