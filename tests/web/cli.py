"""Run the real ``strait`` command in a subprocess, as an operator would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def clean_env(**extra: str) -> dict[str, str]:
    """The caller's environment without STRAIT_* or Django settings: the home decides."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("STRAIT_") and key != "DJANGO_SETTINGS_MODULE"
    }
    return {**env, **extra}


def strait(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 (our own interpreter and arguments)
        [sys.executable, "-m", "strait", *args],
        cwd=ROOT,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
