"""Helpers for driving the real two-step login through the test client."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from strait.accounts.models import User
from strait.audit.models import AuditEntry
from tests.factories import PASSWORD, AgencyFactory, TOTPDeviceFactory, UserFactory


def code_for(device: TOTPDevice, drift: int = 0) -> str:
    """The device's current code (drift=1: the next one, still inside the tolerance window)."""
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, drift):06d}"


def password_step(client: Client, username: str, password: str = PASSWORD, **extra: Any) -> Any:
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, **extra
    )


def code_step(client: Client, code: str, url: str = "accounts:verify") -> Any:
    return client.post(reverse(url), {"code": code})


def log_in(client: Client, user: User, device: TOTPDevice, drift: int = 0) -> Any:
    """Both steps; each code is accepted once, so a second login in a test passes drift=1."""
    response = password_step(client, user.username)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:verify")
    return code_step(client, code_for(device, drift))


def comparable(response: Any, username: str) -> str:
    """A page's HTML without its per-request CSRF tokens and with the username blanked."""
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return html.replace(username, "USERNAME")


def actions(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action).order_by("seq"))


@pytest.fixture
def local_agency(db: None) -> Any:
    return AgencyFactory(node_code=settings.NODE.code)


@pytest.fixture
def officer(local_agency: Any) -> User:
    user: User = UserFactory(username="amina.officer", agency=local_agency)
    return user


@pytest.fixture
def device(officer: User) -> TOTPDevice:
    device: TOTPDevice = TOTPDeviceFactory(user=officer)
    return device


@pytest.fixture
def no_otp_throttle(settings: Any) -> None:
    # django-otp's own exponential delay after a wrong code would refuse an immediate retry.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


@pytest.fixture
def logged_in(officer: User, device: TOTPDevice) -> Callable[..., Client]:
    def make(drift: int = 0) -> Client:
        client = Client()
        response = log_in(client, officer, device, drift)
        assert response.status_code == 302, response
        return client

    return make
