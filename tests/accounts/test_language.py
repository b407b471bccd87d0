"""The language switch sticks: in the cookie, and on the account when logged in."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from strait.accounts.models import User

pytestmark = pytest.mark.django_db


def test_switch_saves_the_language_on_the_account(
    logged_in: Callable[..., Client], officer: User
) -> None:
    client = logged_in()
    response = client.post(reverse("set_language"), {"language": "ar", "next": "/"})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "ar"
    officer.refresh_from_db()
    assert officer.language == "ar"
    assert 'dir="rtl"' in client.get("/").content.decode()


def test_anonymous_switch_sets_only_the_cookie(officer: User) -> None:
    response = Client().post(reverse("set_language"), {"language": "fr", "next": "/"})
    assert response.cookies["django_language"].value == "fr"
    officer.refresh_from_db()
    assert officer.language == ""


def test_unknown_language_changes_nothing(logged_in: Callable[..., Client], officer: User) -> None:
    client = logged_in()
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    officer.refresh_from_db()
    assert officer.language == ""
