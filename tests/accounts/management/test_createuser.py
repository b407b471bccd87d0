"""`createuser`: the operator's way to add a user (the first node administrator, say)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from strait.accounts.models import User
from strait.audit.events import AuditAction
from tests.accounts.conftest import actions
from tests.factories import AgencyFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "harbour lights of ceuta 7"


def run(monkeypatch: pytest.MonkeyPatch, *args: str, stdin: str = PASSWORD + "\n") -> str:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    out = io.StringIO()
    call_command("createuser", *args, stdout=out)
    return out.getvalue()


def test_creates_a_user_from_stdin_password(
    monkeypatch: pytest.MonkeyPatch, local_agency: Any
) -> None:
    unit = UnitFactory(agency=local_agency, code="tangier")
    out = run(
        monkeypatch,
        "Omar.Fassi",
        "--full-name",
        "Omar Fassi",
        "--agency",
        local_agency.code,
        "--unit",
        "tangier",
        "--role",
        "node_admin",
        "--password-stdin",
    )
    user = User.objects.get(username="omar.fassi")
    assert (user.full_name, user.agency, user.unit, user.role) == (
        "Omar Fassi",
        local_agency,
        unit,
        "node_admin",
    )
    assert user.check_password(PASSWORD)
    assert "enrol their TOTP second factor at their first login" in out
    [created] = actions(AuditAction.USER_CREATED)
    assert (created.actor, created.target) == ("", "omar.fassi")


def test_prompts_for_the_password_twice(monkeypatch: pytest.MonkeyPatch, local_agency: Any) -> None:
    answers = iter([PASSWORD, PASSWORD])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    call_command(
        "createuser",
        "prompted",
        "--full-name",
        "P",
        "--agency",
        local_agency.code,
        "--role",
        "officer",
        stdout=io.StringIO(),
    )
    assert User.objects.get(username="prompted").check_password(PASSWORD)


def test_differing_prompted_passwords_are_refused(
    monkeypatch: pytest.MonkeyPatch, local_agency: Any
) -> None:
    answers = iter([PASSWORD, PASSWORD + "x"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    with pytest.raises(CommandError, match="differ"):
        call_command(
            "createuser",
            "prompted",
            "--full-name",
            "P",
            "--agency",
            local_agency.code,
            "--role",
            "officer",
        )
    assert not User.objects.filter(username="prompted").exists()


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["--agency", "nowhere"], PASSWORD, "Unknown agency 'nowhere'"),
        (["--unit", "nowhere"], PASSWORD, "Unknown unit 'nowhere'"),
        (["--role", "king"], PASSWORD, "Unknown role 'king'"),
        ([], "short", "too short"),
        ([], "", "password is required"),
    ],
)
def test_clear_errors(
    monkeypatch: pytest.MonkeyPatch,
    local_agency: Any,
    args: list[str],
    stdin: str,
    message: str,
) -> None:
    base = {"--agency": local_agency.code, "--role": "officer"}
    for flag, value in zip(args[::2], args[1::2], strict=True):
        base[flag] = value
    argv = ["newbie", "--full-name", "N", "--password-stdin"]
    for flag, value in base.items():
        argv += [flag, value]
    with pytest.raises(CommandError, match=message):
        run(monkeypatch, *argv, stdin=stdin + "\n")
    assert not User.objects.filter(username="newbie").exists()
    assert not actions(AuditAction.USER_CREATED)


def test_duplicate_username_is_refused(monkeypatch: pytest.MonkeyPatch, local_agency: Any) -> None:
    UserFactory(username="taken", agency=local_agency)
    with pytest.raises(CommandError, match="already exists"):
        run(
            monkeypatch,
            " TAKEN",
            "--full-name",
            "T",
            "--agency",
            local_agency.code,
            "--role",
            "officer",
            "--password-stdin",
        )


def test_agency_of_another_node_is_refused(monkeypatch: pytest.MonkeyPatch, db: None) -> None:
    elsewhere = AgencyFactory(node_code="elsewhere")
    with pytest.raises(CommandError, match="not kept on this node"):
        run(
            monkeypatch,
            "far",
            "--full-name",
            "F",
            "--agency",
            elsewhere.code,
            "--role",
            "officer",
            "--password-stdin",
        )
