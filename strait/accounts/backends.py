from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from strait.accounts.models import normalise_username


class NormalisedUsernameBackend(ModelBackend):
    """Password check on the normalised username, so 'Ahmed', ' ahmed' and 'AHMED' are one."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if username is None or password is None:
            return None
        return super().authenticate(
            request, username=normalise_username(username), password=password, **kwargs
        )


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """Axes counts failures per normalised username, whichever spelling or method was used."""
    raw = (credentials or {}).get("username") or request.POST.get("username") or ""
    return normalise_username(str(raw))
