"""API tokens: created with their secret shown once, only a digest stored, refused when revoked,
expired or their user is deactivated; the page where each user manages their own."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from strait.accounts import tokens
from strait.accounts.models import ApiToken, User
from strait.audit.events import AuditAction
from strait.audit.models import AuditEntry
from strait.permissions import Role
from strait.refusals import Refused
from tests.conftest import login_verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(make_user: Callable[..., User]) -> User:
    return make_user(role=Role.OFFICER)


def create(user: User, **kwargs: object) -> tuple[ApiToken, str]:
    return tokens.create_token(user, name=str(kwargs.pop("name", "script")), acting_user=user)


def test_a_token_is_shown_once_and_only_its_digest_is_stored(officer: User) -> None:
    token, secret = create(officer)
    scheme, prefix, rest = secret.split("_", 2)
    assert (scheme, prefix) == ("strait", token.prefix)
    assert token.secret_hash == hashlib.sha256(rest.encode()).hexdigest()
    row = ApiToken.objects.filter(pk=token.pk).values().get()
    assert not any(rest in str(value) for value in row.values())
    assert token.expires_at - token.created_at == dt.timedelta(days=90)
    entry = AuditEntry.objects.get(action=AuditAction.API_TOKEN_CREATED)
    assert entry.actor == officer.username
    assert entry.details["prefix"] == token.prefix
    assert rest not in str(entry.details)


def test_authenticate_finds_the_user_and_notes_the_use(officer: User) -> None:
    token, secret = create(officer)
    found = tokens.authenticate(secret)
    assert found is not None
    assert found.user == officer
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.parametrize(
    "mangle",
    [
        lambda s: s[:-1] + ("A" if s[-1] != "A" else "B"),  # wrong secret
        lambda s: s.replace("strait_", "other_", 1),  # wrong scheme
        lambda s: s.rsplit("_", 1)[0],  # secret missing
        lambda s: "strait_000000000000_" + s.split("_", 2)[2],  # unknown prefix
        lambda s: "",
        lambda s: s + "x" * 300,
    ],
)
def test_a_wrong_token_is_refused(officer: User, mangle: Callable[[str], str]) -> None:
    _token, secret = create(officer)
    assert tokens.authenticate(mangle(secret)) is None


def test_revoked_expired_and_deactivated_tokens_are_refused(
    officer: User, make_user: Callable[..., User]
) -> None:
    revoked, revoked_secret = create(officer, name="a")
    tokens.revoke_token(revoked, acting_user=officer)
    assert tokens.authenticate(revoked_secret) is None
    assert AuditEntry.objects.filter(action=AuditAction.API_TOKEN_REVOKED).count() == 1
    tokens.revoke_token(revoked, acting_user=officer)  # idempotent: no second entry
    assert AuditEntry.objects.filter(action=AuditAction.API_TOKEN_REVOKED).count() == 1

    expired, expired_secret = create(officer, name="b")
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now())
    assert tokens.authenticate(expired_secret) is None

    other = make_user(role=Role.ANALYST)
    _live, live_secret = create(other)
    User.objects.filter(pk=other.pk).update(is_active=False)
    assert tokens.authenticate(live_secret) is None


@pytest.mark.parametrize(("days", "ok"), [(1, True), (365, True), (0, False), (366, False)])
def test_lifetime_is_bounded(officer: User, days: int, ok: bool) -> None:
    if ok:
        token, _secret = tokens.create_token(officer, name="x", days=days, acting_user=officer)
        assert token.expires_at - token.created_at == dt.timedelta(days=days)
    else:
        with pytest.raises(Refused):
            tokens.create_token(officer, name="x", days=days, acting_user=officer)
        assert not ApiToken.objects.exists()


def test_nobody_creates_or_revokes_another_users_token(
    officer: User, make_user: Callable[..., User]
) -> None:
    other = make_user(role=Role.NODE_ADMIN)
    with pytest.raises(Refused):
        tokens.create_token(officer, name="x", acting_user=other)
    token, secret = create(officer)
    with pytest.raises(Refused):
        tokens.revoke_token(token, acting_user=other)
    assert tokens.authenticate(secret) is not None


def test_active_tokens_per_user_are_limited(officer: User) -> None:
    for n in range(tokens.MAX_ACTIVE_PER_USER):
        create(officer, name=f"t{n}")
    with pytest.raises(Refused):
        create(officer, name="one too many")


def test_the_page_shows_the_secret_once_and_lists_own_tokens_only(
    officer: User, make_user: Callable[..., User]
) -> None:
    other = make_user()
    create(other, name="someone else's")
    client = login_verified(Client(), officer)
    url = reverse("accounts:api_tokens")
    response = client.post(url, {"name": "nightly <b>sync</b>", "days": 30})
    assert response.status_code == 200
    page = response.content.decode()
    token = ApiToken.objects.get(user=officer)
    assert f"strait_{token.prefix}_" in page
    assert "nightly &lt;b&gt;sync&lt;/b&gt;" in page
    assert response["Cache-Control"] == "no-store"

    again = client.get(url).content.decode()
    assert f"strait_{token.prefix}_…" in again
    secret_part = page.split(f"strait_{token.prefix}_", 1)[1].split("<", 1)[0]
    assert secret_part not in again
    assert "someone else" not in again


def test_the_page_refuses_a_bad_lifetime(officer: User) -> None:
    client = login_verified(Client(), officer)
    response = client.post(reverse("accounts:api_tokens"), {"name": "x", "days": 400})
    assert response.status_code == 200
    assert not ApiToken.objects.exists()


def test_revoking_from_the_page_only_reaches_own_tokens(
    officer: User, make_user: Callable[..., User]
) -> None:
    mine, my_secret = create(officer)
    other = make_user()
    theirs, their_secret = create(other)
    client = login_verified(Client(), officer)

    response = client.post(reverse("accounts:api_token_revoke", args=[theirs.pk]))
    assert response.status_code == 404
    assert tokens.authenticate(their_secret) is not None

    response = client.post(reverse("accounts:api_token_revoke", args=[mine.pk]))
    assert response.status_code == 302
    assert tokens.authenticate(my_secret) is None
    assert "revoked" in response["Location"]


def test_the_settings_page_leads_to_the_api_tokens_and_the_header_menu_does_not(
    make_user: Callable[..., User], verified_client: Callable[..., Client]
) -> None:
    # The header menu stands on one line at 1280 px (tests/browser/test_header_menu.py): the
    # tokens, a setting of one's own, are reached from "Your settings".
    page = verified_client(make_user()).get(reverse("accounts:preferences")).content.decode()
    tokens = reverse("accounts:api_tokens")
    assert page.count(f'href="{tokens}"') == 1
    assert f'href="{tokens}"' in page.split('<main id="main">', 1)[1]
