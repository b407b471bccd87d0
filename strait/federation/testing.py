"""Real nodes on loopback, for the federation tests and benchmarks: each node is its own
``strait serve`` and ``strait worker`` processes with its own database (an SQLite file, or a
fresh PostgreSQL database when ``STRAIT_DATABASE_URL`` points at a PostgreSQL server)."""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx

from strait.federation.faultproxy import FaultPlan, FaultProxy


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def postgres_server_url() -> str | None:
    url = os.environ.get("STRAIT_DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def create_postgres_database(server_url: str, name: str) -> str:
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')  # name is ours: letters, digits, underscore
    parts = urlsplit(server_url)
    return urlunsplit(parts._replace(path=f"/{name}"))


class MigratedTemplate:
    """A database migrated once per process, that every node of this process starts from.

    Migrating costs most of ``strait init`` (about 6 of its 8 seconds, several times that
    under coverage on a loaded machine) and a test starts two or three nodes: each node's
    database is now a copy of this one (a file copy on SQLite, ``CREATE DATABASE … TEMPLATE``
    on PostgreSQL), and ``strait init`` still runs ``migrate`` (nothing left to apply) and
    seeds the reference data and the node's own keys. Only the schema is shared: nothing
    a node owns (keys, agencies, users) is in the template."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sqlite: Path | None = None
        self._postgres: dict[str, str] = {}

    def _migrate(self, home: Path, database_url: str) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("STRAIT_")}
        env.update(
            STRAIT_HOME=str(home),
            STRAIT_DATABASE_URL=database_url,
            DJANGO_SETTINGS_MODULE="strait.settings",
        )
        subprocess.run(  # noqa: S603 (our own interpreter and arguments)
            [sys.executable, "-m", "strait", "--home", str(home), "manage", "migrate", "-v0"],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=True,
        )

    def sqlite_copy(self, target: Path) -> None:
        """Copy the migrated SQLite file to ``target`` (migrating it first if need be)."""
        with self._lock:
            if self._sqlite is None:
                home = Path(tempfile.mkdtemp(prefix="strait-template-"))
                atexit.register(shutil.rmtree, home, True)
                self._migrate(home, f"sqlite:///{home / 'db.sqlite3'}")
                self._sqlite = home / "db.sqlite3"
            shutil.copyfile(self._sqlite, target)

    def postgres_database(self, server_url: str, name: str) -> str:
        """Create database ``name`` as a copy of the migrated one; return its URL."""
        import psycopg

        # One copy at a time: PostgreSQL refuses to copy a template another session is in.
        with self._lock:
            template = self._postgres.get(server_url)
            if template is None:
                template = f"strait_template_{uuid.uuid4().hex[:8]}"
                url = create_postgres_database(server_url, template)
                self._migrate(Path(tempfile.mkdtemp(prefix="strait-template-")), url)
                self._postgres[server_url] = template
            with psycopg.connect(server_url, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        parts = urlsplit(server_url)
        return urlunsplit(parts._replace(path=f"/{name}"))


TEMPLATE = MigratedTemplate()


@dataclass
class LocalNode:
    code: str
    home: Path
    country: str = ""
    port: int = field(default_factory=free_port)
    database_url: str = ""
    settings_env: dict[str, str] = field(default_factory=dict)
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        server = postgres_server_url()
        if not self.database_url:
            if server:
                name = f"strait_{self.code}_{uuid.uuid4().hex[:8]}"
                self.database_url = TEMPLATE.postgres_database(server, name)
            else:
                database = self.home / "db.sqlite3"
                if not database.exists():
                    TEMPLATE.sqlite_copy(database)
                self.database_url = f"sqlite:///{database}"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            STRAIT_HOME=str(self.home),
            STRAIT_DATABASE_URL=self.database_url,
            STRAIT_PORT=str(self.port),
            STRAIT_NODE=self.code,
            STRAIT_BASE_URL=self.url,
            DJANGO_SETTINGS_MODULE="strait.settings",
        )
        env.update(self.settings_env)
        return env

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run ``strait ARGS`` against this node and return what happened."""
        return subprocess.run(  # noqa: S603 (our own interpreter and arguments)
            [sys.executable, "-m", "strait", "--home", str(self.home), *args],
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    def strait(self, *args: str) -> str:
        """Run ``strait ARGS`` against this node; fail loudly if it fails."""
        result = self.run(*args)
        if result.returncode != 0:
            raise RuntimeError(f"strait {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def init(self) -> None:
        self.strait(
            "init",
            "--node",
            self.code,
            "--name",
            f"Node {self.code}",
            "--country",
            self.country or self.code.upper(),
            "--port",
            str(self.port),
            "--mode",
            "demo",
        )

    def fingerprint(self) -> str:
        for line in self.strait("keys", "show").splitlines():
            if line.startswith("fingerprint"):
                return line.split()[1]
        raise RuntimeError("no fingerprint in `strait keys show`")

    def add_peer(self, other: LocalNode, via_url: str = "") -> None:
        self.strait("peer", "add", via_url or other.url, "--fingerprint", other.fingerprint())

    def _spawn(self, name: str, *args: str) -> None:
        with (self.home / f"{name}.log").open("ab") as log:  # the child keeps its own copy
            self.processes[name] = subprocess.Popen(  # noqa: S603
                [sys.executable, "-m", "strait", "--home", str(self.home), *args],
                env=self.env(),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: kill() reaches gunicorn's workers
            )

    def start_server(self, workers: int = 2, threads: int = 4) -> None:
        self._spawn("serve", "serve", "--workers", str(workers), "--threads", str(threads))
        self.wait_healthy()

    def start_worker(self) -> None:
        self._spawn("worker", "worker")

    def wait_healthy(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + "/health/", timeout=2.0).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"node {self.code} did not become healthy; see {self.home}/serve.log")

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        process = self.processes.pop(name, None)
        if process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)

    def stop(self) -> None:
        for name in list(self.processes):
            self.kill(name, signal.SIGTERM)

    # --- reading the node's database directly, for assertions -----------------------------
    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        if self.database_url.startswith("sqlite"):
            path = self.database_url.removeprefix("sqlite:///")
            with sqlite3.connect(path, timeout=30) as conn:
                return list(conn.execute(sql, params).fetchall())
        import psycopg

        with psycopg.connect(self.database_url) as conn:
            cursor = conn.execute(sql.replace("?", "%s"), params)
            return list(cursor.fetchall()) if cursor.description is not None else []


@dataclass
class Mesh:
    """Nodes that are all peers of one another, each link through its own fault proxy.

    ``links[(a, b)]`` is the proxy in front of node ``b`` that node ``a`` posts to (its peer
    URL for ``b``), so a test can fault or cut each direction of each pair on its own:
    ``partition("pt")`` cuts every link to and from ``pt`` while ``ma`` and ``es`` still talk.
    """

    nodes: dict[str, LocalNode]
    plan: FaultPlan = field(default_factory=FaultPlan)
    links: dict[tuple[str, str], FaultProxy] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for n, (a, b) in enumerate(self.pairs()):
            plan = FaultPlan(
                dict(self.plan.rates),
                seed=self.plan.seed + n,
                max_delay=self.plan.max_delay,
                late_by=self.plan.late_by,
            )
            self.links[(a, b)] = FaultProxy(self.nodes[b].port, plan)

    def pairs(self) -> list[tuple[str, str]]:
        return [(a, b) for a in self.nodes for b in self.nodes if a != b]

    def start(self) -> None:
        """Start the proxies, every node's server and worker, and join every pair as peers
        (by hand, over the proxies with their faults off: faults are for delivery)."""
        for proxy in self.links.values():
            proxy.start()
            proxy.enabled = False
        for node in self.nodes.values():
            node.start_server()
        for a, b in self.pairs():
            self.nodes[a].add_peer(
                self.nodes[b], via_url=f"http://127.0.0.1:{self.links[a, b].port}"
            )
        for node in self.nodes.values():
            node.start_worker()

    def faults(self, on: bool) -> None:
        for proxy in self.links.values():
            proxy.enabled = on

    def partition(self, code: str, cut: bool = True) -> None:
        """Cut (or, with ``cut=False``, heal) every link to and from node ``code``."""
        for (a, b), proxy in self.links.items():
            if code in (a, b):
                proxy.partitioned = cut

    def heal(self, code: str) -> None:
        self.partition(code, cut=False)

    def counts(self) -> dict[str, int]:
        """Every fault met on every link, summed."""
        total: dict[str, int] = {}
        for proxy in self.links.values():
            for name, count in proxy.counts.items():
                total[name] = total.get(name, 0) + count
        return total

    def stop(self) -> None:
        # Each node waits for its processes to exit: stop them side by side.
        with ThreadPoolExecutor(max_workers=len(self.nodes) or 1) as pool:
            list(pool.map(LocalNode.stop, self.nodes.values()))
        for proxy in self.links.values():
            proxy.stop()
