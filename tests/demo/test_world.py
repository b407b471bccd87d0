"""The demo users: created once per node, with a working password and second factor."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.test import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from strait.accounts.models import User
from strait.agencies.seed import seed_reference_data
from strait.audit.events import AuditAction
from strait.audit.models import AuditEntry
from strait.demo.world import (
    DEMO_PASSWORD,
    DEMO_USERS,
    NotADemoNode,
    current_code,
    ensure_demo_world,
)


@pytest.fixture
def demo_node(db: None) -> Iterator[None]:
    seed_reference_data()
    with override_settings(NODE=dataclasses.replace(settings.NODE, mode="demo", code="es")):
        yield


@pytest.mark.usefixtures("demo_node")
def test_demo_world_is_created_once() -> None:
    first = ensure_demo_world()
    second = ensure_demo_world()

    assert [login.username for login in first] == [u.username for u in DEMO_USERS["es"]]
    assert all(login.created for login in first)
    assert not any(login.created for login in second)
    assert [x.totp_secret for x in first] == [x.totp_secret for x in second]
    assert User.objects.count() == len(DEMO_USERS["es"])
    assert TOTPDevice.objects.filter(confirmed=True).count() == len(DEMO_USERS["es"])
    created = AuditEntry.objects.filter(action=AuditAction.USER_CREATED)
    assert created.count() == len(DEMO_USERS["es"])


@pytest.mark.usefixtures("demo_node")
def test_demo_logins_work_with_the_printed_password_and_secret() -> None:
    logins = {login.username: login for login in ensure_demo_world()}
    officer = User.objects.get(username="gc.officer")

    assert officer.agency.code == "es-gc"
    assert officer.unit is not None
    assert officer.unit.code == "algeciras-port"
    assert officer.check_password(DEMO_PASSWORD)
    login = logins["gc.officer"]
    assert login.otpauth_uri.startswith("otpauth://totp/")
    assert f"secret={login.totp_secret}" in login.otpauth_uri
    device = TOTPDevice.objects.get(user=officer)
    assert device.verify_token(current_code(device))


def test_every_role_has_a_demo_user_on_each_node() -> None:
    from strait.permissions import Role

    for users in DEMO_USERS.values():
        assert {user.role for user in users} == set(Role)


@pytest.mark.parametrize("mode", ["development", "production"])
@pytest.mark.django_db
def test_demo_world_refuses_outside_demo_mode(mode: str) -> None:
    seed_reference_data()
    node = dataclasses.replace(settings.NODE, mode=mode, code="ma")
    with override_settings(NODE=node), pytest.raises(NotADemoNode):
        ensure_demo_world()
    assert not User.objects.exists()


def test_every_demo_agency_with_users_has_its_own_administrator() -> None:
    """A node administrator manages only their own agency's users (issue 11), so each agency
    the demo gives users to has an administrator of its own."""
    from strait.permissions import Role

    for users in DEMO_USERS.values():
        agencies = {user.agency for user in users}
        administered = {user.agency for user in users if user.role == Role.NODE_ADMIN}
        assert agencies == administered


@pytest.mark.django_db
def test_the_portuguese_node_has_psp_users_in_lisbon_time() -> None:
    seed_reference_data()
    node = dataclasses.replace(settings.NODE, mode="demo", code="pt")
    with override_settings(NODE=node):
        logins = {login.username: login for login in ensure_demo_world()}

    assert set(logins) == {u.username for u in DEMO_USERS["pt"]}
    analyst = User.objects.select_related("agency", "unit").get(username="psp.analyst")
    assert analyst.agency.code == "pt-psp"
    assert analyst.agency.node_code == "pt"
    assert analyst.agency.time_zone == "Europe/Lisbon"
    assert analyst.unit is not None
    assert analyst.unit.code == "intelligence"
    assert logins["psp.analyst"].agency == "PSP"


@pytest.mark.usefixtures("demo_node")
def test_the_demo_command_prints_each_login_once_as_text_or_json() -> None:
    import json
    from io import StringIO

    from django.core.management import call_command

    text, as_json = StringIO(), StringIO()
    call_command("demo", stdout=text)
    call_command("demo", "--json", stdout=as_json)
    names = {spec.username for spec in DEMO_USERS["es"]}
    assert {line.split()[0] for line in text.getvalue().splitlines()} == names
    payload = json.loads(as_json.getvalue())
    assert payload["node"] == "es"
    assert {login["username"] for login in payload["logins"]} == names


@pytest.mark.parametrize(
    "args",
    [
        (),
        ("--operations",),
        ("--governance",),
        ("--alerts",),
        ("--ports",),
        ("--transit",),
        ("--events",),
    ],
)
def test_the_demo_command_refuses_a_node_not_in_demo_mode(db: None, args: tuple[str, ...]) -> None:
    from django.core.management import call_command
    from django.core.management.base import CommandError

    node = dataclasses.replace(settings.NODE, mode="production", code="ma")
    with override_settings(NODE=node), pytest.raises(CommandError, match="refused"):
        call_command("demo", *args)
    assert not User.objects.exists()


def test_the_demo_command_adds_the_nodes_part_of_the_operations(db: None) -> None:
    from io import StringIO

    from django.core.management import call_command

    seed_reference_data()
    out = StringIO()
    with override_settings(NODE=dataclasses.replace(settings.NODE, mode="demo", code="pt")):
        call_command("demo", "--operations", stdout=out)  # the observer's node makes nothing
    assert out.getvalue() == ""
