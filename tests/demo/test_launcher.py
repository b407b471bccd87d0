"""``strait demo``: prepares every node idempotently and never touches a real node's home."""

from __future__ import annotations

from pathlib import Path

import pytest

from strait.demo import launcher
from tests.web.cli import strait


def test_demo_refuses_a_production_home(tmp_path: Path) -> None:
    (tmp_path / "es").mkdir()
    toml = 'node = "es"\nmode = "production"\n'
    (tmp_path / "es" / "node.toml").write_text(toml)

    result = strait("demo", "--var", str(tmp_path), "--no-serve")

    assert result.returncode == 1
    assert "production" in result.stderr
    # Refused before anything was written, for either node.
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["es", "node.toml"]
    assert (tmp_path / "es" / "node.toml").read_text() == toml


def test_demo_refuses_a_development_home(tmp_path: Path) -> None:
    (tmp_path / "ma").mkdir()
    (tmp_path / "ma" / "node.toml").write_text('node = "ma"\nmode = "development"\n')
    with pytest.raises(launcher.DemoError, match="development mode"):
        launcher.check_homes(tmp_path)


def test_demo_prepares_the_three_nodes_and_can_run_again(tmp_path: Path) -> None:
    first = strait("demo", "--var", str(tmp_path), "--no-serve", timeout=300)
    assert first.returncode == 0, first.stderr
    second = strait("demo", "--var", str(tmp_path), "--no-serve", timeout=300)
    assert second.returncode == 0, second.stderr

    for output in (first.stdout, second.stdout):
        for node in launcher.DEMO_NODES:
            assert node.url.rstrip("/") in output
        for username in ("dgst.analyst", "dgsn.officer", "ma.admin", "cgi.analyst", "es.dpo"):
            assert username in output
        for username in ("psp.analyst", "psp.officer", "pt.admin", "pt.dpo"):
            assert username in output
        assert "otpauth://totp/" in output
        assert "totp dgsn.officer" in output
    # Same TOTP secrets the second time: nothing was created again.
    secrets = [line for line in first.stdout.splitlines() if "otpauth://" in line]
    assert secrets == [line for line in second.stdout.splitlines() if "otpauth://" in line]
    for node in launcher.DEMO_NODES:
        assert strait("--home", str(tmp_path / node.code), "audit", "verify").returncode == 0


def test_the_demo_has_three_nodes_on_their_own_ports() -> None:
    assert [node.code for node in launcher.DEMO_NODES] == ["ma", "es", "pt"]
    assert len({node.port for node in launcher.DEMO_NODES}) == 3


def test_the_printed_operation_logins_are_demo_users_of_their_nodes() -> None:
    from strait.demo.world import DEMO_USERS

    logins = (
        *launcher.OPERATION_LOGINS,
        *launcher.ALERT_LOGINS,
        *launcher.GOVERNANCE_LOGINS,
        *launcher.PORT_LOGINS,
    )
    for code, username, _what in logins:
        assert username in {user.username for user in DEMO_USERS[code]}, (code, username)
