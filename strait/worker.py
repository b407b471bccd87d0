"""The background worker: runs registered periodic tasks until told to stop.

Apps register their idempotent background work in their own ``tasks.py`` with
``@periodic(every=...)``; ``strait worker`` imports every app's ``tasks`` module and runs each
task when it falls due. One process, one thread: a task that runs long delays the others, so
tasks do a bounded batch per run and leave the rest for the next one.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from types import FrameType
from typing import Any, TypeVar

from django.db import close_old_connections

logger = logging.getLogger("strait.worker")

TaskFunc = TypeVar("TaskFunc", bound=Callable[[], Any])


@dataclass(frozen=True)
class PeriodicTask:
    name: str
    every: timedelta
    func: Callable[[], Any]


@dataclass
class Registry:
    tasks: dict[str, PeriodicTask] = field(default_factory=dict)

    def periodic(self, *, every: timedelta, name: str = "") -> Callable[[TaskFunc], TaskFunc]:
        """Register the decorated function to run every ``every`` (and once at worker start)."""
        if every <= timedelta(0):
            raise ValueError("a periodic task needs a positive interval")

        def decorate(func: TaskFunc) -> TaskFunc:
            task_name = name or f"{func.__module__}.{func.__qualname__}"
            existing = self.tasks.get(task_name)
            if existing is not None and existing.func is not func:
                raise ValueError(f"two periodic tasks are named {task_name!r}")
            self.tasks[task_name] = PeriodicTask(task_name, every, func)
            return func

        return decorate

    def all(self) -> list[PeriodicTask]:
        return sorted(self.tasks.values(), key=lambda task: task.name)


registry = Registry()
periodic = registry.periodic


def discover() -> list[PeriodicTask]:
    """Import every installed app's ``tasks`` module so its tasks register themselves."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("tasks")
    return registry.all()


class Worker:
    def __init__(
        self,
        tasks: Iterable[PeriodicTask],
        *,
        clock: Callable[[], float] = time.monotonic,
        tidy: Callable[[], None] | None = None,
    ) -> None:
        self.tasks = list(tasks)
        self.clock = clock
        # Between tasks, drop broken or expired DB connections, as Django does between requests.
        self.tidy = tidy or close_old_connections
        start = clock()
        # Everything runs once at start: a worker restarted after a long stop catches up at once.
        self.next_due = {task.name: start for task in self.tasks}

    def run_task(self, task: PeriodicTask) -> bool:
        """Run one task; a failure is logged and retried at its next turn, never fatal."""
        self.tidy()
        try:
            task.func()
        except Exception:
            logger.exception("periodic task %s failed", task.name)
            return False
        finally:
            self.tidy()
        return True

    def run_due(self) -> dict[str, bool]:
        """Run the tasks that are due now; return whether each succeeded, by name."""
        ran = {}
        for task in self.tasks:
            if self.clock() >= self.next_due[task.name]:
                ran[task.name] = self.run_task(task)
                self.next_due[task.name] = self.clock() + task.every.total_seconds()
        return ran

    def seconds_until_next(self) -> float:
        if not self.tasks:
            return 60.0
        return max(0.0, min(self.next_due.values()) - self.clock())

    def run(self, stop: threading.Event) -> None:
        names = ", ".join(task.name for task in self.tasks) or "none"
        logger.info("worker started; tasks: %s", names)
        while not stop.is_set():
            self.run_due()
            stop.wait(self.seconds_until_next())
        logger.info("worker stopped")


def stop_on_signals(stop: threading.Event) -> None:
    """SIGTERM and SIGINT end the loop after the running task, so no task is cut in half."""

    def handle(signum: int, frame: FrameType | None) -> None:
        logger.info("received %s, stopping", signal.Signals(signum).name)
        stop.set()

    signal.signal(signal.SIGTERM, handle)
    signal.signal(signal.SIGINT, handle)
