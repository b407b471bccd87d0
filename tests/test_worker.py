"""The worker: its task registry, its schedule, its resilience, and how it stops."""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from strait.accounts.models import User, UserSession
from strait.worker import Registry, Worker, discover
from tests.web.cli import ROOT, clean_env, strait


def no_db() -> None:
    """These tests run plain functions; the worker's connection tidying needs no database."""


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_registered_tasks_run_at_start_and_then_every_interval() -> None:
    registry = Registry()
    calls: list[str] = []

    @registry.periodic(every=timedelta(minutes=1), name="tick")
    def tick() -> None:
        calls.append("tick")

    @registry.periodic(every=timedelta(minutes=10), name="slow")
    def slow() -> None:
        calls.append("slow")

    clock = FakeClock()
    worker = Worker(registry.all(), clock=clock, tidy=no_db)

    assert worker.run_due() == {"slow": True, "tick": True}
    clock.now += 30
    assert worker.run_due() == {}
    assert worker.seconds_until_next() == 30
    clock.now += 31
    assert worker.run_due() == {"tick": True}
    assert calls == ["slow", "tick", "tick"]


def test_a_failing_task_is_logged_and_the_others_still_run(
    caplog: pytest.LogCaptureFixture,
) -> None:
    registry = Registry()
    calls: list[str] = []

    @registry.periodic(every=timedelta(minutes=1), name="a.broken")
    def broken() -> None:
        raise RuntimeError("boom")

    @registry.periodic(every=timedelta(minutes=1), name="b.fine")
    def fine() -> None:
        calls.append("fine")

    with caplog.at_level(logging.ERROR, logger="strait.worker"):
        results = Worker(registry.all(), clock=FakeClock(), tidy=no_db).run_due()

    assert results == {"a.broken": False, "b.fine": True}
    assert calls == ["fine"]
    assert "periodic task a.broken failed" in caplog.text


def test_registry_refuses_two_tasks_with_one_name_and_empty_intervals() -> None:
    registry = Registry()
    registry.periodic(every=timedelta(seconds=1), name="x")(lambda: None)
    with pytest.raises(ValueError, match="two periodic tasks"):
        registry.periodic(every=timedelta(seconds=1), name="x")(lambda: None)
    with pytest.raises(ValueError, match="positive interval"):
        registry.periodic(every=timedelta(0))


def test_run_returns_when_stop_is_set() -> None:
    registry = Registry()
    ran = threading.Event()
    registry.periodic(every=timedelta(hours=1), name="once")(ran.set)
    stop = threading.Event()
    thread = threading.Thread(target=Worker(registry.all(), tidy=no_db).run, args=(stop,))
    thread.start()
    assert ran.wait(5)
    stop.set()  # the worker is asleep for an hour: stopping must not wait for that
    thread.join(5)
    assert not thread.is_alive()


def test_apps_register_session_cleanup_and_audit_self_check() -> None:
    names = {task.name for task in discover()}
    assert {"accounts.clear_expired_sessions", "audit.verify_chain"} <= names


@pytest.mark.django_db
def test_session_cleanup_removes_expired_sessions_and_their_user_links(
    make_user: type[User],
) -> None:
    from strait.accounts.tasks import clear_expired_sessions

    user = make_user()
    expired, live = SessionStore(), SessionStore()
    expired.create()
    live.create()
    Session.objects.filter(session_key=expired.session_key).update(
        expire_date=timezone.now() - timedelta(minutes=1)
    )
    UserSession.objects.create(user=user, session_key=expired.session_key)
    UserSession.objects.create(user=user, session_key=live.session_key)

    clear_expired_sessions()

    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]
    assert list(UserSession.objects.values_list("session_key", flat=True)) == [live.session_key]


@pytest.mark.django_db
def test_audit_self_check_reports_an_intact_chain() -> None:
    from strait.audit.events import AuditAction
    from strait.audit.log import record
    from strait.audit.tasks import verify_chain

    record(AuditAction.AUDIT_VERIFIED, target="test")
    result = verify_chain()
    assert result.ok
    assert result.checked == 1


@pytest.fixture(scope="module")
def node_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("worker-node")
    assert strait("--home", str(home), "init", "--node", "ma", "--mode", "demo").returncode == 0
    return home


def test_worker_once_runs_every_task_and_exits(node_home: Path) -> None:
    result = strait("--home", str(node_home), "worker", "--once")
    assert result.returncode == 0, result.stderr
    assert "accounts.clear_expired_sessions: ok" in result.stdout
    assert "audit.verify_chain: ok" in result.stdout


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_worker_process_stops_cleanly_on_signal(node_home: Path, signum: int) -> None:
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "strait", "--home", str(node_home), "worker"],
        cwd=ROOT,
        env=clean_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert process.stdout is not None
        deadline = time.monotonic() + 30
        for line in process.stdout:
            if "worker started" in line or time.monotonic() > deadline:
                break
        process.send_signal(signum)
        output, _ = process.communicate(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0
    assert "worker stopped" in output
