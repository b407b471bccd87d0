"""The tooling around the code: bin/with-postgres, bin/test and the Makefile."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.web.cli import ROOT, clean_env

WITH_POSTGRES = ROOT / "bin" / "with-postgres"

# Run inside the throwaway cluster: prove the URL works, then report where the cluster lives.
PROBE = """
import os, sys, psycopg
with psycopg.connect(os.environ["STRAIT_DATABASE_URL"]) as conn:
    version = conn.execute("SHOW server_version_num").fetchone()[0]
print(os.environ["STRAIT_PG_DIR"], version, flush=True)
sys.exit(int(sys.argv[1]))
"""


def run_with_postgres(*cmd: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [str(WITH_POSTGRES), *cmd],
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_with_postgres_runs_the_command_against_a_fresh_cluster_and_removes_it() -> None:
    result = run_with_postgres(sys.executable, "-c", PROBE, "0")

    assert result.returncode == 0, result.stderr
    pg_dir, version = result.stdout.split()
    assert int(version) >= 150000
    assert not Path(pg_dir).exists()


def test_with_postgres_passes_a_failure_through_and_still_cleans_up() -> None:
    result = run_with_postgres(sys.executable, "-c", PROBE, "3")

    assert result.returncode == 3
    pg_dir = result.stdout.split()[0]
    assert not Path(pg_dir).exists()


def test_with_postgres_cleans_up_when_terminated() -> None:
    script = "import os, time; print(os.environ['STRAIT_PG_DIR'], flush=True); time.sleep(120)"
    process = subprocess.Popen(  # noqa: S603
        [str(WITH_POSTGRES), sys.executable, "-c", script],
        env=clean_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    pg_dir = Path(process.stdout.readline().strip())
    assert (pg_dir / "data" / "postmaster.pid").exists()

    process.send_signal(signal.SIGTERM)
    process.communicate(timeout=60)

    assert process.returncode == 128 + signal.SIGTERM
    assert not pg_dir.exists()


def test_with_postgres_needs_a_command() -> None:
    result = run_with_postgres()
    assert result.returncode == 2
    assert "usage" in result.stderr


def test_bin_test_rejects_an_unknown_step() -> None:
    result = subprocess.run(  # noqa: S603
        [str(ROOT / "bin" / "test"), "everything"],
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 2
    assert "unknown step" in result.stderr


def test_make_help_is_the_default_and_lists_every_target() -> None:
    result = subprocess.run(
        ["make", "--no-print-directory"],  # noqa: S607 (make from PATH, as a developer runs it)
        cwd=ROOT,
        env={**clean_env(), "MAKEFLAGS": ""},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    makefile = (ROOT / "Makefile").read_text()
    phony = re.search(r"^\.PHONY: (.*)$", makefile, re.MULTILINE)
    assert phony is not None
    for target in phony.group(1).split():
        assert re.search(rf"^  make {re.escape(target)} +\S", result.stdout, re.MULTILINE), target


def test_scripts_are_executable() -> None:
    for script in ("bin/test", "bin/with-postgres", "bin/coverage-floors", ".ci/run"):
        assert os.access(ROOT / script, os.X_OK), script


def test_coverage_is_branch_coverage_of_every_process_with_rising_floors() -> None:
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    run = config["tool"]["coverage"]["run"]
    assert run["branch"] is True
    assert run["parallel"] is True
    # The node processes of the two-node tests and gunicorn's forked workers are measured too.
    assert {"subprocess", "fork"} <= set(run["patch"])
    assert config["tool"]["coverage"]["report"]["fail_under"] > 0
    floors = config["tool"]["strait"]["coverage-floors"]
    for package in ("strait/exchange", "strait/checks", "strait/federation", "strait/entities"):
        assert floors[package] >= 90, package
    for package in floors:
        assert (ROOT / package).is_dir(), package


def test_bin_coverage_floors_without_data_fails(tmp_path: Path) -> None:
    result = subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "bin" / "coverage-floors")],
        cwd=tmp_path,
        env={**clean_env(), "COVERAGE_FILE": str(tmp_path / ".coverage")},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "no coverage data" in result.stderr


@pytest.mark.xdist_group("infra-groups")
def test_an_xdist_group_reaches_the_scheduler(request: pytest.FixtureRequest) -> None:
    """Under ``--dist loadgroup`` (bin/test) a grouped test's id carries ``@group``, which is
    all the scheduler reads to keep a group on one worker (tests/conftest.py: pytest 9 lost
    pytest-xdist's own suffix, and the nodes of every grouped module started on both workers)."""
    grouped = bool(getattr(request.config.option, "loadgroup", False))
    assert request.node.nodeid.endswith("@infra-groups") is grouped
