"""The two-step login: password, then TOTP; nobody is logged in before the second factor."""

from __future__ import annotations

from typing import Any

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from strait.accounts.models import User, UserSession
from strait.accounts.sessions import LOGIN_AT_SESSION_KEY
from strait.audit.events import AuditAction
from tests.accounts.conftest import (
    actions,
    code_for,
    code_step,
    comparable,
    log_in,
    password_step,
)

pytestmark = pytest.mark.django_db


def test_password_and_totp_log_the_user_in(officer: User, device: TOTPDevice) -> None:
    client = Client()
    response = password_step(client, officer.username)
    assert response["Location"] == reverse("accounts:verify")
    # Password alone logs nobody in.
    assert SESSION_KEY not in client.session
    assert client.get(reverse("web:home")).status_code == 302

    response = code_step(client, code_for(device))
    assert response.status_code == 302
    assert response["Location"] == reverse("web:home")
    assert client.get(reverse("web:home")).status_code == 200

    session = client.session
    assert UserSession.objects.get(user=officer).session_key == session.session_key
    assert isinstance(session[LOGIN_AT_SESSION_KEY], int)
    [login] = actions(AuditAction.LOGIN)
    assert login.actor == officer.username
    assert login.ip == "127.0.0.1"


def test_username_iscomparable(officer: User, device: TOTPDevice) -> None:
    client = Client()
    response = password_step(client, "  AMINA.Officer ")
    assert response["Location"] == reverse("accounts:verify")


def test_session_key_changes_at_each_step(officer: User, device: TOTPDevice) -> None:
    client = Client()
    client.get(reverse("accounts:login"))
    client.session.save()
    first = client.session.session_key
    password_step(client, officer.username)
    second = client.session.session_key
    code_step(client, code_for(device))
    assert len({first, second, client.session.session_key}) == 3


def test_next_is_followed_only_within_the_site(officer: User, device: TOTPDevice) -> None:
    client = Client()
    client.post(
        reverse("accounts:login"),
        {
            "username": officer.username,
            "password": "correct horse battery staple",
            "next": "https://evil.example/",
        },
    )
    assert code_step(client, code_for(device))["Location"] == reverse("web:home")

    other = Client()
    other.post(
        reverse("accounts:login") + "?next=/agencies/",
        {"username": officer.username, "password": "correct horse battery staple"},
    )
    assert code_step(other, code_for(device, 1))["Location"] == "/agencies/"


def test_unknown_user_and_wrong_password_get_the_same_answer(officer: User) -> None:
    unknown = password_step(Client(), "nobody.here", "whatever password 1")
    wrong = password_step(Client(), officer.username, "whatever password 1")
    assert unknown.status_code == wrong.status_code == 200
    assert "Invalid username or password." in unknown.content.decode()
    assert comparable(unknown, "nobody.here") == comparable(wrong, officer.username)


def test_failed_login_is_audited_with_the_normalised_username(officer: User) -> None:
    password_step(Client(), " Amina.OFFICER", "not the password 12")
    password_step(Client(), "Ghost", "not the password 12")
    entries = actions(AuditAction.LOGIN_FAILED)
    assert [e.target for e in entries] == ["amina.officer", "ghost"]
    assert all(e.actor == "" for e in entries)
    assert "not the password" not in str([e.details for e in entries])


def test_wrong_code_gives_a_generic_error_and_an_audit_entry(
    officer: User, device: TOTPDevice
) -> None:
    client = Client()
    password_step(client, officer.username)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = code_step(client, wrong)
    assert response.status_code == 200
    assert "Invalid code." in response.content.decode()
    assert SESSION_KEY not in client.session
    [entry] = actions(AuditAction.SECOND_FACTOR_FAILED)
    assert entry.target == officer.username


def test_wrong_code_then_right_code(
    officer: User, device: TOTPDevice, no_otp_throttle: None
) -> None:
    client = Client()
    password_step(client, officer.username)
    code_step(client, f"{(int(code_for(device)) + 1) % 1_000_000:06d}")
    assert code_step(client, code_for(device))["Location"] == reverse("web:home")


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"username": "x"},
        {"password": "y"},
        {"username": "a" * 151, "password": "y"},
        {"username": "amina.officer", "password": "p" * 1025},
    ],
)
def test_malformed_login_forms_answer_with_form_errors(officer: User, data: dict) -> None:
    response = Client().post(reverse("accounts:login"), data)
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert not actions(AuditAction.LOGIN_FAILED)


@pytest.mark.parametrize("code", ["", "abcdef", "12345", "1234567", "9" * 50, "12 34 5x"])
def test_malformed_codes_answer_with_form_errors(
    officer: User, device: TOTPDevice, code: str
) -> None:
    client = Client()
    password_step(client, officer.username)
    response = code_step(client, code)
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()


def test_code_with_spaces_is_accepted(officer: User, device: TOTPDevice) -> None:
    client = Client()
    password_step(client, officer.username)
    code = code_for(device)
    assert code_step(client, f"{code[:3]} {code[3:]}")["Location"] == reverse("web:home")


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE"])
@pytest.mark.parametrize("url", ["accounts:login", "accounts:verify", "accounts:enroll"])
def test_other_methods_get_405_and_check_no_password(officer: User, method: str, url: str) -> None:
    client = Client()
    for password in ("correct horse battery staple", "wrong password 123"):
        response = client.generic(
            method,
            reverse(url),
            f"username=amina.officer&password={password}",
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code == 405
    assert SESSION_KEY not in client.session
    assert "strait_pending_user" not in client.session
    assert not AccessAttempt.objects.exists()
    assert not actions(AuditAction.LOGIN_FAILED)


def test_verify_without_password_step_goes_back_to_login(db: None) -> None:
    response = Client().get(reverse("accounts:verify"))
    assert response["Location"] == reverse("accounts:login")


def test_pending_login_expires_after_five_minutes(
    officer: User, device: TOTPDevice, time_machine: Any
) -> None:
    time_machine.move_to("2030-01-01 10:00:00Z", tick=False)
    client = Client()
    password_step(client, officer.username)
    time_machine.move_to("2030-01-01 10:05:01Z", tick=False)
    response = code_step(client, code_for(device))
    assert response["Location"] == reverse("accounts:login") + "?expired=1"
    assert SESSION_KEY not in client.session
    page = client.get(response["Location"])
    assert "took too long" in page.content.decode()
    # The pending state is gone: the verify page now sends to a plain login.
    assert client.get(reverse("accounts:verify"))["Location"] == reverse("accounts:login")


def test_pending_login_of_a_deactivated_user_is_dropped(officer: User, device: TOTPDevice) -> None:
    client = Client()
    password_step(client, officer.username)
    User.objects.filter(pk=officer.pk).update(is_active=False)
    response = code_step(client, code_for(device))
    assert response["Location"] == reverse("accounts:login")


def test_deactivated_user_cannot_log_in(officer: User, device: TOTPDevice) -> None:
    User.objects.filter(pk=officer.pk).update(is_active=False)
    response = password_step(Client(), officer.username)
    assert response.status_code == 200
    assert "Invalid username or password." in response.content.decode()


def test_login_sets_the_users_language(officer: User, device: TOTPDevice) -> None:
    User.objects.filter(pk=officer.pk).update(language="ar")
    client = Client()
    response = log_in(client, officer, device)
    assert response.cookies["django_language"].value == "ar"
    page = client.get(reverse("web:home"))
    assert '<html lang="ar" dir="rtl">' in page.content.decode()


def test_login_page_redirects_a_logged_in_user(logged_in: Any) -> None:
    client = logged_in()
    assert client.get(reverse("accounts:login"))["Location"] == reverse("web:home")
