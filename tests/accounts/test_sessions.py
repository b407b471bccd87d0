"""Session lifetime (AUTH-03): 15 minutes idle, 12 hours absolute, ended on the server."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from strait.accounts.actions import do_deactivate_user, do_set_password
from strait.accounts.models import User, UserSession
from strait.audit.events import AuditAction
from tests.accounts.conftest import actions

pytestmark = pytest.mark.django_db

HOME = "/"


def is_login_redirect(response: Any) -> bool:
    return response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:login")
    )


def test_idle_session_expires_after_15_minutes(
    logged_in: Callable[..., Client], time_machine: Any
) -> None:
    time_machine.move_to("2030-01-01 10:00:00Z", tick=False)
    client = logged_in()
    time_machine.move_to("2030-01-01 10:14:00Z", tick=False)
    assert client.get(HOME).status_code == 200  # activity renews the idle clock
    time_machine.move_to("2030-01-01 10:28:00Z", tick=False)
    assert client.get(HOME).status_code == 200
    time_machine.move_to("2030-01-01 10:43:01Z", tick=False)
    assert is_login_redirect(client.get(HOME))


def test_session_ends_12_hours_after_login_despite_activity(
    logged_in: Callable[..., Client], officer: User, time_machine: Any
) -> None:
    time_machine.move_to("2030-01-01 00:00:00Z", tick=False)
    client = logged_in()
    key = client.session.session_key
    for minutes in range(10, 12 * 60, 10):  # active every 10 minutes, never idle
        time_machine.move_to(f"2030-01-01 {minutes // 60:02d}:{minutes % 60:02d}:00Z")
        assert client.get(HOME).status_code == 200, minutes
    time_machine.move_to("2030-01-01 12:00:01Z", tick=False)
    response = client.get(HOME)
    assert is_login_redirect(response)
    [expired] = actions(AuditAction.SESSION_EXPIRED)
    assert expired.actor == officer.username
    assert not Session.objects.filter(session_key=key).exists()
    assert not UserSession.objects.filter(session_key=key).exists()
    assert is_login_redirect(client.get(HOME))


def test_logged_in_session_without_a_start_time_is_ended(officer: User, device: TOTPDevice) -> None:
    from django_otp import DEVICE_ID_SESSION_KEY

    client = Client()
    client.force_login(officer)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    assert is_login_redirect(client.get(HOME))


def test_logout_deletes_the_server_side_session(
    logged_in: Callable[..., Client], officer: User
) -> None:
    client = logged_in()
    key = client.session.session_key
    stolen = Client()
    stolen.cookies["sessionid"] = key  # a copy of the cookie, as an attacker might hold
    assert stolen.get(HOME).status_code == 200

    response = client.post(reverse("accounts:logout"))
    assert response["Location"] == reverse("accounts:login")
    assert not Session.objects.filter(session_key=key).exists()
    assert not UserSession.objects.filter(user=officer).exists()
    assert is_login_redirect(stolen.get(HOME))
    [logout] = actions(AuditAction.LOGOUT)
    assert logout.actor == officer.username


def test_logout_is_post_only(logged_in: Callable[..., Client]) -> None:
    client = logged_in()
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.get(HOME).status_code == 200


def test_deactivation_ends_every_session_of_the_user(
    logged_in: Callable[..., Client], officer: User
) -> None:
    first, second = logged_in(), logged_in(drift=1)
    assert UserSession.objects.filter(user=officer).count() == 2
    do_deactivate_user(officer, acting_user=None)
    assert not UserSession.objects.filter(user=officer).exists()
    for client in (first, second):
        assert not Session.objects.filter(session_key=client.cookies["sessionid"].value).exists()
        assert is_login_redirect(client.get(HOME))


def test_password_change_ends_every_session_of_the_user(
    logged_in: Callable[..., Client], officer: User
) -> None:
    client = logged_in()
    key = client.session.session_key
    do_set_password(officer, "a brand new passphrase 42", acting_user=None)
    assert not Session.objects.filter(session_key=key).exists()
    assert is_login_redirect(client.get(HOME))
    [changed] = actions(AuditAction.PASSWORD_CHANGED)
    assert changed.details["sessions_ended"] == 1
