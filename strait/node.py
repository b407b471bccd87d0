"""Where a node lives on disk and what it is: read once, before Django settings load.

A node's home directory (``STRAIT_HOME``, default ``var/dev``) holds ``node.toml`` (its identity
and mode), ``secret_key`` (created by ``strait init``, mode 0600) and, on SQLite, ``db.sqlite3``.
Environment variables override the file so tests and deployments can set values without files.
"""

from __future__ import annotations

import os
import secrets
import tomllib
from dataclasses import dataclass
from pathlib import Path

MODES = ("development", "demo", "production")


class NodeConfigError(RuntimeError):
    """The node cannot start: a required value is missing or wrong."""


@dataclass(frozen=True)
class NodeConfig:
    home: Path
    code: str
    name: str
    country: str
    mode: str
    host: str
    port: int
    base_url: str
    database_url: str
    secret_key: str
    allowed_hosts: tuple[str, ...]

    @property
    def is_production(self) -> bool:
        return self.mode == "production"


def home_dir() -> Path:
    return Path(os.environ.get("STRAIT_HOME", "var/dev")).resolve()


def read_toml(home: Path) -> dict[str, object]:
    path = home / "node.toml"
    if not path.exists():
        return {}
    with path.open("rb") as fh:
        return tomllib.load(fh)


def secret_key_path(home: Path) -> Path:
    return home / "secret_key"


def ensure_secret_key(home: Path) -> str:
    """Create the node secret once (0600); later calls return the same value."""
    path = secret_key_path(home)
    if not path.exists():
        home.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(64))
    return path.read_text().strip()


def load() -> NodeConfig:
    home = home_dir()
    raw = read_toml(home)

    def get(key: str, default: str = "") -> str:
        env = os.environ.get(f"STRAIT_{key.upper()}")
        return env if env is not None else str(raw.get(key, default))

    mode = get("mode", "development")
    if mode not in MODES:
        raise NodeConfigError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    host = get("host", "127.0.0.1")
    port = int(get("port", "8000"))
    secret = os.environ.get("STRAIT_SECRET_KEY", "")
    if not secret and secret_key_path(home).exists():
        secret = secret_key_path(home).read_text().strip()
    if not secret:
        if mode == "production":
            raise NodeConfigError(
                f"no secret key: set STRAIT_SECRET_KEY or run `strait init` ({home})"
            )
        # Development and tests only: a throwaway key, never written anywhere.
        secret = secrets.token_urlsafe(64)
    database_url = get("database_url", f"sqlite:///{home / 'db.sqlite3'}")
    allowed = tuple(h for h in get("allowed_hosts", f"{host},localhost").split(",") if h)
    if mode == "production" and (not raw and "STRAIT_NODE" not in os.environ):
        raise NodeConfigError(f"no node.toml in {home}: run `strait init` first")
    return NodeConfig(
        home=home,
        code=get("node", "dev"),
        name=get("name", "Strait development node"),
        country=get("country", ""),
        mode=mode,
        host=host,
        port=port,
        base_url=get("base_url", f"http://{host}:{port}"),
        database_url=database_url,
        secret_key=secret,
        allowed_hosts=allowed,
    )
