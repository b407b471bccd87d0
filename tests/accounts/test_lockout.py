"""Axes lockout per normalised username (AUTH-02), fed by both login steps."""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from strait.accounts.models import User
from strait.audit.events import AuditAction
from tests.accounts.conftest import actions, code_for, code_step, comparable, password_step
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

SPELLINGS = [
    "amina.officer",
    " AMINA.officer",
    "Amina.Officer  ",
    "amina.OFFICER",
    "\tamina.officer",
]


def test_five_failures_lock_out_whatever_the_spelling(officer: User, device: TOTPDevice) -> None:
    for spelling in SPELLINGS[:4]:
        response = password_step(Client(), spelling, "wrong password 123")
        assert response.status_code == 200
    response = password_step(Client(), SPELLINGS[4], "wrong password 123")
    assert response.status_code == 429
    assert [e.target for e in actions(AuditAction.LOCKOUT)] == ["amina.officer"]

    # Locked: even the right password is refused, with the lockout page and no pending login.
    client = Client()
    response = password_step(client, "AMINA.OFFICER", PASSWORD)
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "strait_pending_user" not in client.session
    assert client.get(reverse("accounts:verify"))["Location"] == reverse("accounts:login")


def test_lockout_page_does_not_reveal_whether_the_account_exists(officer: User) -> None:
    for _ in range(5):
        known = password_step(Client(), officer.username, "wrong password 123")
        unknown = password_step(Client(), "nobody.here", "wrong password 123")
    assert known.status_code == unknown.status_code == 429
    assert comparable(known, officer.username) == comparable(unknown, "nobody.here")
    assert {e.target for e in actions(AuditAction.LOCKOUT)} == {officer.username, "nobody.here"}


def test_lockout_ends_after_the_cool_off(officer: User, device: TOTPDevice, time_machine) -> None:
    time_machine.move_to("2030-01-01 10:00:00Z", tick=False)
    for _ in range(5):
        password_step(Client(), officer.username, "wrong password 123")
    assert password_step(Client(), officer.username).status_code == 429
    time_machine.move_to("2030-01-01 10:16:00Z", tick=False)
    assert password_step(Client(), officer.username)["Location"] == reverse("accounts:verify")


def test_wrong_codes_count_toward_the_lockout(officer: User, device: TOTPDevice) -> None:
    client = Client()
    password_step(client, officer.username)
    wrong = f"{(int(code_for(device)) + 7) % 1_000_000:06d}"
    for _ in range(4):
        assert code_step(client, wrong).status_code == 200
    response = code_step(client, wrong)
    assert response.status_code == 429
    assert len(actions(AuditAction.SECOND_FACTOR_FAILED)) == 5
    assert [e.target for e in actions(AuditAction.LOCKOUT)] == [officer.username]
    # The pending login is gone, and a fresh start with the right password is refused.
    assert code_step(client, code_for(device))["Location"] == reverse("accounts:login")
    assert SESSION_KEY not in client.session
    assert password_step(Client(), officer.username).status_code == 429


def test_password_and_code_failures_add_up(
    officer: User, device: TOTPDevice, no_otp_throttle: None
) -> None:
    for _ in range(3):
        password_step(Client(), officer.username, "wrong password 123")
    client = Client()
    password_step(client, officer.username)
    wrong = f"{(int(code_for(device)) + 7) % 1_000_000:06d}"
    assert code_step(client, wrong).status_code == 200
    assert code_step(client, wrong).status_code == 429


def test_lockout_is_checked_before_a_code_is_tried(
    officer: User, device: TOTPDevice, no_otp_throttle: None
) -> None:
    client = Client()
    password_step(client, officer.username)
    # Meanwhile someone else exhausts the username's attempts.
    for _ in range(5):
        password_step(Client(), officer.username, "wrong password 123")
    response = code_step(client, code_for(device))
    assert response.status_code == 429
    assert SESSION_KEY not in client.session
    assert not actions(AuditAction.LOGIN)


def test_successful_login_resets_the_failure_count(
    officer: User, device: TOTPDevice, no_otp_throttle: None
) -> None:
    for _ in range(4):
        password_step(Client(), officer.username, "wrong password 123")
    client = Client()
    password_step(client, officer.username)
    code_step(client, code_for(device))
    assert SESSION_KEY in client.session
    for _ in range(4):
        assert password_step(Client(), officer.username, "wrong password 123").status_code == 200
