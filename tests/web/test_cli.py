"""The ``strait`` command: init, the production guard, serve, and the demo-only commands."""

from __future__ import annotations

import dataclasses
import socket
import sqlite3
import stat
import sys
import time
import tomllib
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from strait import node
from strait.accounts.models import User
from strait.demo.children import ChildGroup
from tests.web.cli import clean_env, strait


def init_args(home: Path, mode: str = "demo") -> list[str]:
    return [
        *("--home", str(home), "init", "--node", "ma", "--name", "Strait Maroc"),
        *("--country", "ma", "--port", "8001", "--mode", mode),
    ]


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One initialised demo home for the tests that only read it (init migrates: ~2 s)."""
    home = tmp_path_factory.mktemp("ma")
    result = strait(*init_args(home))
    assert result.returncode == 0, result.stderr
    return home


def test_init_writes_node_toml_secret_and_database(demo_home: Path) -> None:
    config = tomllib.loads((demo_home / "node.toml").read_text())
    assert config == {
        "node": "ma",
        "name": "Strait Maroc",
        "country": "MA",
        "mode": "demo",
        "host": "127.0.0.1",
        "port": 8001,
    }
    secret = demo_home / "secret_key"
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    assert len(secret.read_text().strip()) >= 50
    with sqlite3.connect(demo_home / "db.sqlite3") as db:
        agencies = {row[0] for row in db.execute("SELECT code FROM agencies_agency")}
    assert {"ma-dgsn", "ma-dgst", "es-pn-cgi", "es-gc"} <= agencies


def test_init_again_keeps_node_toml_and_secret(tmp_path: Path) -> None:
    home = tmp_path / "node"
    assert strait(*init_args(home)).returncode == 0
    toml_before = (home / "node.toml").read_text()
    secret_before = (home / "secret_key").read_text()

    again = strait(*init_args(home, mode="production"))

    assert again.returncode == 0, again.stderr
    assert "kept the existing" in again.stdout
    assert (home / "node.toml").read_text() == toml_before
    assert (home / "secret_key").read_text() == secret_before


def test_production_node_refuses_to_start_without_secret_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "node.toml").write_text('node = "ma"\nmode = "production"\n')
    for key in ("STRAIT_SECRET_KEY", "STRAIT_MODE", "STRAIT_NODE"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("STRAIT_HOME", str(tmp_path))

    with pytest.raises(node.NodeConfigError, match="no secret key"):
        node.load()

    result = strait("--home", str(tmp_path), "manage", "check")
    assert result.returncode == 2
    assert "no secret key" in result.stderr
    assert "Traceback" not in result.stderr


def test_init_gives_a_production_node_its_secret_key(tmp_path: Path) -> None:
    (tmp_path / "node.toml").write_text('node = "ma"\nmode = "production"\n')

    result = strait("--home", str(tmp_path), "init")

    assert result.returncode == 0, result.stderr
    assert (tmp_path / "secret_key").exists()
    assert strait("--home", str(tmp_path), "manage", "check").returncode == 0


def test_help_lists_the_operator_commands() -> None:
    result = strait("--help")
    assert result.returncode == 0
    for command in ("init", "serve", "worker", "createuser", "audit", "demo", "totp", "manage"):
        assert f"  {command} " in result.stdout


def test_totp_prints_the_current_code_on_a_demo_node(demo_home: Path) -> None:
    assert strait("--home", str(demo_home), "manage", "demo").returncode == 0

    result = strait("--home", str(demo_home), "totp", "DGST.Analyst")

    assert result.returncode == 0, result.stderr
    code = result.stdout.strip()
    assert len(code) == 6
    assert code.isdigit()


def demo_mode(mode: str) -> Callable[..., object]:
    from django.conf import settings

    return override_settings(NODE=dataclasses.replace(settings.NODE, mode=mode, code="ma"))


@pytest.mark.parametrize("mode", ["development", "production"])
@pytest.mark.django_db
def test_totp_refuses_outside_demo_mode(mode: str, make_user: Callable[..., User]) -> None:
    user = make_user(username="dgst.analyst")
    with demo_mode(mode), pytest.raises(CommandError, match="refused"):
        call_command("totp", user.username)


@pytest.mark.django_db
def test_totp_names_an_unknown_user_or_one_without_a_device(make_user: Callable[..., User]) -> None:
    make_user(username="no.device")
    TOTPDevice.objects.filter(user__username="no.device").delete()
    with demo_mode("demo"), pytest.raises(CommandError, match="does not exist"):
        call_command("totp", "nobody")
    with demo_mode("demo"), pytest.raises(CommandError, match="has no confirmed TOTP device"):
        call_command("totp", "no.device")


@pytest.mark.django_db
def test_totp_code_is_accepted_by_the_device(
    make_user: Callable[..., User], capsys: pytest.CaptureFixture[str]
) -> None:
    user = make_user(username="dgst.analyst")
    with demo_mode("demo"):
        call_command("totp", "dgst.analyst")
    device = TOTPDevice.objects.get(user=user)
    assert device.verify_token(capsys.readouterr().out.strip())


@pytest.mark.parametrize("mode", ["development", "production"])
@pytest.mark.django_db
def test_demo_command_refuses_outside_demo_mode(mode: str) -> None:
    with demo_mode(mode), pytest.raises(CommandError, match="refused"):
        call_command("demo")
    assert not User.objects.exists()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_answers_health_and_stops_on_sigterm(demo_home: Path) -> None:
    port = free_port()
    group = ChildGroup(clean_env())
    argv = [sys.executable, "-m", "strait", "--home", str(demo_home), "serve"]
    child = group.start("web", [*argv, "--port", str(port), "--workers", "1"])
    try:
        status = None
        deadline = time.monotonic() + 30
        while status is None and time.monotonic() < deadline and child.running:
            try:
                url = f"http://127.0.0.1:{port}/health/"
                with urllib.request.urlopen(url, timeout=2) as response:
                    status = response.status
            except OSError:
                time.sleep(0.2)
        assert status == 200
    finally:
        group.stop(timeout=15)  # SIGTERM: gunicorn's graceful shutdown
    assert child.process.returncode == 0


def test_other_commands_run_the_management_command_of_that_name(demo_home: Path) -> None:
    shown = strait("--home", str(demo_home), "showmigrations", "accounts")
    assert shown.returncode == 0, shown.stderr
    assert "[X] 0001_initial" in shown.stdout
    unknown = strait("--home", str(demo_home), "no-such-command")
    assert unknown.returncode == 1
    assert "Unknown command" in unknown.stderr


@pytest.mark.django_db
def test_init_tells_the_apps_the_node_is_initialised(tmp_path: Path) -> None:
    from django.conf import settings

    from strait.web.signals import node_initialised

    received: list[node.NodeConfig] = []

    def receiver(sender: object, node: node.NodeConfig, **kwargs: object) -> None:
        received.append(node)

    node_initialised.connect(receiver)
    config = dataclasses.replace(settings.NODE, home=tmp_path)
    try:
        with override_settings(NODE=config):
            call_command("init", verbosity=0)
    finally:
        node_initialised.disconnect(receiver)
    assert received == [config]
    assert (tmp_path / "node.toml").exists()
