"""The permission harness (AC-01): every URL declares a permission, and each page is checked as
anonymous, as a user without the permission, and as a user with it.

A new URL with path parameters must be given sample arguments in SAMPLE_KWARGS below; the
harness fails until it is, so no page escapes the check.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from strait.accounts.models import User
from strait.accounts.permissions import ROLE_PERMISSIONS, Permission, Role

# Views we do not own and that are not pages (none today). Keep this empty if you can.
EXEMPT: set[str] = set()


@dataclass(frozen=True)
class Route:
    name: str
    callback: Any
    params: tuple[str, ...]


def walk(patterns: list[Any], namespace: str = "") -> Iterator[Route]:
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from walk(p.url_patterns, ns)
        elif isinstance(p, URLPattern):
            params = tuple(p.pattern.converters) if hasattr(p.pattern, "converters") else ()
            yield Route(f"{namespace}{p.name}", p.callback, params)


def routes() -> list[Route]:
    return [r for r in walk(get_resolver().url_patterns) if r.name not in EXEMPT]


def sample_kwargs(make_user: Callable[..., User]) -> dict[str, Callable[[], dict[str, Any]]]:
    """How to fill each parametric URL with an object the permitted user may see."""
    from strait.audit.events import AuditAction
    from strait.audit.log import record

    def audit_entry() -> dict[str, Any]:
        return {"seq": record(AuditAction.LOGIN, target="harness").seq}

    def agency() -> dict[str, Any]:
        from tests.factories import AgencyFactory

        return {"code": AgencyFactory().code}

    def user() -> dict[str, Any]:
        return {"pk": make_user().pk}

    def peer() -> dict[str, Any]:
        from strait.federation.models import Peer

        code = f"p{Peer.objects.count()}"
        Peer.objects.create(code=code, name=code, country="ES", base_url="http://127.0.0.1:9")
        return {"code": code}

    return {
        "federation:peer": peer,
        "federation:peer_retry": peer,
        "audit:entry": audit_entry,
        "agencies:agency": agency,
        "accounts:user_edit": user,
    }


def test_every_url_declares_a_permission() -> None:
    missing = [r.name for r in routes() if not hasattr(r.callback, "strait_permission")]
    assert not missing, f"views without @requires or @public: {missing}"


def role_with(permission: Permission) -> str:
    return next(role for role, perms in ROLE_PERMISSIONS.items() if permission in perms)


def role_without(permission: Permission) -> str | None:
    return next((r for r, perms in ROLE_PERMISSIONS.items() if permission not in perms), None)


def is_login_redirect(response: Any) -> bool:
    return response.status_code == 302 and reverse("accounts:login") in response["Location"]


@pytest.mark.django_db
def test_every_page_as_anonymous_without_and_with_permission(
    make_user: Callable[..., User], verified_client: Callable[..., Client]
) -> None:
    from strait.federation.keys import ensure_keys

    ensure_keys()
    samples = sample_kwargs(make_user)
    checked = 0
    for route in routes():
        declared = route.callback.strait_permission
        if route.params and route.name not in samples:
            pytest.fail(f"{route.name} has parameters {route.params}: add it to SAMPLE_KWARGS")
        url = reverse(route.name, kwargs=samples[route.name]() if route.params else None)

        anonymous = Client().get(url)
        if declared == "signed":  # node-to-node: no session; each envelope is signed
            assert anonymous.status_code in (200, 405), (route.name, anonymous.status_code)
            continue
        if declared == "public":
            assert anonymous.status_code in (200, 302, 405), (route.name, anonymous.status_code)
            continue

        assert is_login_redirect(anonymous), (route.name, "anonymous", anonymous.status_code)

        # Password alone (no second factor) is not enough for any protected page.
        half = Client()
        half.force_login(make_user(role=role_with(declared)))
        assert is_login_redirect(half.get(url)), (route.name, "password only")

        lacking = role_without(declared)
        if lacking is not None:
            denied = verified_client(role=lacking).get(url)
            assert denied.status_code in (403, 404), (route.name, lacking, denied.status_code)

        allowed = verified_client(role=role_with(declared)).get(url)
        # 405: a POST-only action reached past the permission check.
        assert allowed.status_code in (200, 302, 405), (route.name, allowed.status_code)
        checked += 1
    assert checked >= 5


@pytest.mark.django_db
def test_deactivated_user_is_refused_everywhere(
    make_user: Callable[..., User], verified_client: Callable[..., Client]
) -> None:
    user = make_user(role=Role.NODE_ADMIN)
    client = verified_client(user)
    assert client.get(reverse("web:home")).status_code == 200
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert is_login_redirect(client.get(reverse("web:home")))
