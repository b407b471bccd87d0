"""Calling the JSON API in tests as a user does: with a personal bearer token."""

from __future__ import annotations

from typing import Any

from django.test import Client

from strait.accounts import tokens


def bearer(user: Any, name: str = "test") -> dict[str, str]:
    """The Authorization header of a fresh token of ``user``."""
    _token, secret = tokens.create_token(user, name=name, acting_user=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


class Api:
    """A client that sends one user's bearer token (none for ``None``) with every request to
    paths under ``base``."""

    base = "/api/v1"

    def __init__(self, user: Any | None) -> None:
        self.client = Client()
        self.headers: dict[str, str] = bearer(user) if user is not None else {}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"{self.base}{path}", params, **self.headers)

    def post(self, path: str, body: dict[str, Any]) -> Any:
        return self.client.post(
            f"{self.base}{path}", body, content_type="application/json", **self.headers
        )

    def delete(self, path: str) -> Any:
        return self.client.delete(f"{self.base}{path}", **self.headers)
