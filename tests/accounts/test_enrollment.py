"""First login without a confirmed TOTP device: enrol one, then you are in."""

from __future__ import annotations

import base64
import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from strait.accounts.models import User
from strait.audit.events import AuditAction
from tests.accounts.conftest import actions, code_for, code_step, password_step

pytestmark = pytest.mark.django_db


def test_user_without_device_enrols_then_is_logged_in(officer: User) -> None:
    client = Client()
    assert password_step(client, officer.username)["Location"] == reverse("accounts:enroll")
    page = client.get(reverse("accounts:enroll"))
    html = page.content.decode()
    assert page.status_code == 200
    # The QR code is an inline SVG data URI (the CSP allows img-src data:), with the key beside it.
    assert re.search(r'<img src="data:image/svg\+xml[^"]+"', html)
    device = TOTPDevice.objects.get(user=officer)
    assert not device.confirmed
    secret = base64.b32encode(device.bin_key).decode()
    assert secret[:4] + " " + secret[4:8] in html

    # Visiting again reuses the same unconfirmed device.
    client.get(reverse("accounts:enroll"))
    assert TOTPDevice.objects.filter(user=officer).count() == 1

    response = code_step(client, code_for(device), "accounts:enroll")
    assert response["Location"] == reverse("web:home")
    device.refresh_from_db()
    assert device.confirmed
    assert SESSION_KEY in client.session
    assert [e.target for e in actions(AuditAction.SECOND_FACTOR_ENROLLED)] == [officer.username]
    assert len(actions(AuditAction.LOGIN)) == 1
    assert client.get(reverse("web:home")).status_code == 200


def test_wrong_enrolment_code_is_refused_and_counted(officer: User) -> None:
    client = Client()
    password_step(client, officer.username)
    client.get(reverse("accounts:enroll"))
    device = TOTPDevice.objects.get(user=officer)
    wrong = f"{(int(code_for(device)) + 3) % 1_000_000:06d}"
    for _ in range(4):
        response = code_step(client, wrong, "accounts:enroll")
        assert "Invalid code." in response.content.decode()
    assert code_step(client, wrong, "accounts:enroll").status_code == 429
    device.refresh_from_db()
    assert not device.confirmed
    assert len(actions(AuditAction.SECOND_FACTOR_FAILED)) == 5


def test_enrolled_user_cannot_enrol_again(officer: User, device: TOTPDevice) -> None:
    client = Client()
    password_step(client, officer.username)
    assert client.get(reverse("accounts:enroll"))["Location"] == reverse("accounts:verify")
    assert TOTPDevice.objects.filter(user=officer).count() == 1


def test_verify_sends_an_unenrolled_user_to_enrolment(officer: User) -> None:
    client = Client()
    password_step(client, officer.username)
    assert client.get(reverse("accounts:verify"))["Location"] == reverse("accounts:enroll")


def test_enrolment_needs_the_password_step(officer: User) -> None:
    assert Client().get(reverse("accounts:enroll"))["Location"] == reverse("accounts:login")
    assert not TOTPDevice.objects.exists()
