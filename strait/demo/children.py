"""Child processes run in the foreground: output prefixed by name, stopped together on exit."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from typing import IO


class Child:
    def __init__(self, label: str, argv: Sequence[str], env: dict[str, str]) -> None:
        self.label = label
        self.process = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
            list(argv),
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            bufsize=1,
        )
        self._pump = threading.Thread(target=self._copy_output, daemon=True)
        self._pump.start()

    def _copy_output(self) -> None:
        stream: IO[str] | None = self.process.stdout
        if stream is None:
            return
        for line in stream:
            sys.stdout.write(f"[{self.label}] {line}")
            sys.stdout.flush()

    @property
    def running(self) -> bool:
        return self.process.poll() is None


class ChildGroup:
    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.children: list[Child] = []

    def start(self, label: str, argv: Sequence[str]) -> Child:
        child = Child(label, argv, self.env)
        self.children.append(child)
        return child

    def first_exited(self) -> Child | None:
        return next((child for child in self.children if not child.running), None)

    def stop(self, timeout: float = 15.0) -> None:
        """SIGTERM every child still running; SIGKILL what has not exited after ``timeout``."""
        for child in self.children:
            if child.running:
                child.process.terminate()
        deadline = time.monotonic() + timeout
        for child in self.children:
            try:
                child.process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.process.kill()
                child.process.wait()
        for child in self.children:
            child._pump.join(timeout=2)
            if child.process.stdout is not None:
                child.process.stdout.close()
