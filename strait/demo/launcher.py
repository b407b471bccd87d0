"""``strait demo``: prepare the Moroccan, Spanish and Portuguese demo nodes; run them until Ctrl-C.

Each node is its own Django process tree (settings load once per process), so every step runs
as ``python -m strait --home var/<node> ...``: init, the demo users, then the web server and the
worker as children. Running it again reuses the homes and creates nothing twice.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

from strait.demo.children import ChildGroup
from strait.node_init import configured_mode


class DemoError(RuntimeError):
    """The demo cannot start; the message says why and what to do."""


@dataclass(frozen=True)
class DemoNode:
    code: str
    name: str
    country: str
    port: int
    agencies: str

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"


DEMO_NODES = (
    DemoNode("ma", "Strait Maroc", "MA", 8001, "DGSN, DGST"),
    DemoNode("es", "Strait España", "ES", 8002, "Policía Nacional with its CGI, Guardia Civil"),
    DemoNode("pt", "Strait Portugal", "PT", 8003, "PSP, Polícia Judiciária"),
)

HEALTH_TIMEOUT = 60.0

# Who to log in as to follow the joint operation AZAHAR across the three nodes.
OPERATION_LOGINS = (
    ("ma", "dgst.analyst", "DGST, the lead: opens the operation"),
    ("ma", "dgsn.officer", "DGSN, participant: sees what the CGI adds"),
    ("es", "cgi.analyst", "CGI, participant: adds relations and outcomes from es"),
    ("pt", "psp.analyst", "PSP, observer: reads the operation and its link chart, cannot edit"),
)
# Who plays the alerts' walk-through (README): a surge drafted, released, acknowledged.
ALERT_LOGINS = (
    ("ma", "dgsn.officer", "DGSN, Tangier: drafts a surge alert for Tangier-Fnideq, submits it"),
    ("ma", "dgsn.supervisor", "DGSN: releases it (Alerts, To review; never the author)"),
    ("es", "gc.officer", "Guardia Civil, Algeciras: sees it arrive, acknowledges it"),
    ("es", "gc.supervisor", "Guardia Civil: releases the Guardia Civil's own alerts"),
)
# Who plays the governance walk-through (README): recommendations, evidence, co-signed minutes.
GOVERNANCE_LOGINS = (
    ("ma", "ma.secretary", "DGSN, follow-up committee's secretary: the dashboard, follow-up"),
    ("ma", "ma.chair", "DGSN's director general: signed the Marrakech 2014 minutes"),
    ("es", "es.secretary", "Policía Nacional's secretary: linked ATALAYA as evidence"),
    ("es", "es.chair", "Policía Nacional's director general: co-signed the minutes"),
    ("pt", "pt.secretary", "PSP: the 2030 World Cup's joint security committee"),
)
# Who plays the ports', transit's and events' walk-through (README, issue 16).
PORT_LOGINS = (
    ("es", "gc.officer", "Guardia Civil, Algeciras, on duty: uploads the next sailing's manifest"),
    ("ma", "dgsn.coordinator", "DGSN, coordinator at Algeciras: reads the shared duty log"),
    ("ma", "dgsn.supervisor", "DGSN: the transit dashboard, the season against earlier years"),
    ("pt", "psp.liaison", "PSP liaison: logs in the World Cup's cooperation centre"),
    ("es", "pn.liaison", "Policía Nacional liaison: reads the centre's log on es"),
)


def child_env() -> dict[str, str]:
    # Each node reads its own home; a STRAIT_* variable from the caller's shell (a database URL,
    # a mode) would otherwise point every demo node at the same place.
    env = {key: value for key, value in os.environ.items() if not key.startswith("STRAIT_")}
    env["PYTHONUNBUFFERED"] = "1"
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def strait_argv(home: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "strait", "--home", str(home), *args]


def shown_command() -> str:
    """How the reader should call strait again, as they did to start the demo."""
    argv0 = Path(sys.argv[0])
    if argv0.name == "strait" and argv0.exists():
        return short_path(argv0)
    return "python -m strait"


def short_path(path: Path) -> str:
    """Relative to the current directory when below it (var/ma), absolute otherwise."""
    relative = os.path.relpath(path)
    return str(path.resolve()) if relative.startswith("..") else relative


def check_homes(var: Path) -> None:
    """Refuse before touching anything: a demo must never run on a real node's home."""
    for node in DEMO_NODES:
        home = var / node.code
        mode = configured_mode(home)
        if mode == "production":
            raise DemoError(
                f'{home} holds a production node (node.toml: mode = "production"); the demo '
                "will not touch it. Use another directory: strait demo --var DIR"
            )
        if mode not in (None, "demo"):
            raise DemoError(
                f"{home} holds a node in {mode} mode, not a demo node; remove it or use "
                "strait demo --var DIR"
            )


def prepare(node: DemoNode, home: Path, env: dict[str, str]) -> dict[str, Any]:
    """Init the node home (migrate, reference data) and its demo users; return their logins."""
    init = [
        *("init", "--node", node.code, "--name", node.name, "--country", node.country),
        *("--port", str(node.port), "--mode", "demo"),
    ]
    print(f"Preparing node {node.code} in {home} ...", flush=True)
    result = subprocess.run(strait_argv(home, *init), env=env, check=False)  # noqa: S603
    if result.returncode != 0:
        raise DemoError(f"`strait init` failed for node {node.code} (exit {result.returncode})")
    users = subprocess.run(  # noqa: S603
        strait_argv(home, "manage", "demo", "--json"),
        env=env,
        check=False,
        capture_output=True,
        text=True,
    )
    if users.returncode != 0:
        sys.stderr.write(users.stderr)
        raise DemoError(f"creating the demo users failed for node {node.code}")
    data: dict[str, Any] = json.loads(users.stdout.strip().splitlines()[-1])
    return data


def print_logins(node: DemoNode, home: Path, data: dict[str, Any]) -> None:
    logins = data["logins"]
    print()
    print(f"== {node.code} - {node.name} - {node.agencies} - {data['url']}")
    columns = ("username", "password", "role", "agency", "unit", "totp_secret")
    headers = ("Username", "Password", "Role", "Agency", "Unit", "TOTP secret (base32)")
    rows = [headers, *([str(login[c]) for c in columns] for login in logins)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(columns))]
    for row in rows:
        cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        print(("  " + "  ".join(cells)).rstrip())
    print("  otpauth URIs (paste into an authenticator app, or use the command below):")
    for login in logins:
        print(f"    {login['otpauth_uri']}")
    example = logins[0]["username"] if logins else "USERNAME"
    print(f"  Current code: {shown_command()} --home {short_path(home)} totp {example}")


def wait_healthy(group: ChildGroup, node: DemoNode, stop: threading.Event) -> None:
    deadline = time.monotonic() + HEALTH_TIMEOUT
    url = node.url + "health/"
    while time.monotonic() < deadline and not stop.is_set():
        exited = group.first_exited()
        if exited is not None:
            raise DemoError(
                f"{exited.label} exited with status {exited.process.returncode} "
                f"(is port {node.port} already in use?)"
            )
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        stop.wait(0.5)
    if not stop.is_set():
        raise DemoError(f"node {node.code} did not answer {url} within {HEALTH_TIMEOUT:.0f}s")


def check_ports_free() -> None:
    """A port already taken (often: a demo still running) would answer our health checks."""
    for node in DEMO_NODES:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", node.port))
            except OSError as exc:
                raise DemoError(
                    f"port {node.port} (node {node.code}) is in use: is a demo already running?"
                ) from exc


def fingerprint(home: Path, env: dict[str, str]) -> str:
    shown = subprocess.run(  # noqa: S603
        strait_argv(home, "keys", "show"), env=env, check=False, capture_output=True, text=True
    )
    for line in shown.stdout.splitlines():
        if line.startswith("fingerprint"):
            return line.split()[1]
    raise DemoError(f"no fingerprint from `strait keys show` in {home}: {shown.stderr}")


def join_as_peers(var: Path, env: dict[str, str]) -> None:
    """What operators do by phone: read fingerprints, then `strait peer add`; every pair of
    nodes, both ways. Idempotent."""
    prints = {node.code: fingerprint(var / node.code, env) for node in DEMO_NODES}
    for node in DEMO_NODES:
        for other in DEMO_NODES:
            if other is node:
                continue
            added = subprocess.run(  # noqa: S603
                strait_argv(
                    var / node.code, "peer", "add", other.url, "--fingerprint", prints[other.code]
                ),
                env=env,
                check=False,
                capture_output=True,
                text=True,
            )
            if added.returncode != 0:
                raise DemoError(f"peering {node.code} → {other.code} failed: {added.stderr}")
    listing = ", ".join(f"{code} {fp}" for code, fp in prints.items())
    print(f"\nNodes are peers; fingerprints: {listing}")


def seed_operations(var: Path, env: dict[str, str], stage: str = "--operations") -> None:
    """The joint operations: made on the home (ma), then the partners' part proposed from es
    (``stage="--alerts"``: the demo alerts, released on ma, acknowledged and answered from es).
    After join_as_peers: the home sends every change to the participants' nodes. Idempotent."""
    for node in DEMO_NODES:
        seeded = subprocess.run(  # noqa: S603
            strait_argv(var / node.code, "manage", "demo", stage),
            env=env,
            check=False,
            capture_output=True,
            text=True,
        )
        if seeded.returncode != 0:
            sys.stderr.write(seeded.stderr)
            raise DemoError(f"the demo {stage.removeprefix('--')} failed on node {node.code}")
        for line in seeded.stdout.splitlines():
            print(f"  {node.code}: {line}")


def serve_until_stopped(var: Path, env: dict[str, str]) -> int:
    stop = threading.Event()

    def handle(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGINT, handle)
    signal.signal(signal.SIGTERM, handle)
    group = ChildGroup(env)
    try:
        for node in DEMO_NODES:
            home = var / node.code
            group.start(f"{node.code} web", strait_argv(home, "serve"))
            group.start(f"{node.code} worker", strait_argv(home, "worker"))
        for node in DEMO_NODES:
            wait_healthy(group, node, stop)
        if stop.is_set():
            return 130
        join_as_peers(var, env)
        print("Joint operations (strait manage demo --operations):", flush=True)
        seed_operations(var, env)
        print("Alerts (strait manage demo --alerts):", flush=True)
        seed_operations(var, env, "--alerts")
        print("Governance (strait manage demo --governance):", flush=True)
        seed_operations(var, env, "--governance")
        for stage, what in (
            ("--ports", "Port cooperation centres"),
            ("--transit", "Transit operation"),
            ("--events", "Major events"),
        ):
            print(f"{what} (strait manage demo {stage}):", flush=True)
            seed_operations(var, env, stage)
        print()
        for node in DEMO_NODES:
            print(f"Node {node.code} ({node.agencies}) is up: {node.url}")
        print("Joint operation AZAHAR (Operations), its members on each node:")
        for node_code, username, what in OPERATION_LOGINS:
            print(f"  {node_code}  {username:<13} {what}")
        print("Alerts (Alerts in the menu):")
        for node_code, username, what in ALERT_LOGINS:
            print(f"  {node_code}  {username:<15} {what}")
        print("Governance (Cooperation → Governance in the menu):")
        for node_code, username, what in GOVERNANCE_LOGINS:
            print(f"  {node_code}  {username:<15} {what}")
        print("Ports, transit and the World Cup (Cooperation in the menu):")
        for node_code, username, what in PORT_LOGINS:
            print(f"  {node_code}  {username:<16} {what}")
        print("Press Ctrl-C to stop every node.", flush=True)
        while not stop.wait(0.5):
            exited = group.first_exited()
            if exited is not None:
                code = exited.process.returncode
                raise DemoError(f"{exited.label} exited unexpectedly with status {code}")
        return 0
    finally:
        print("Stopping the demo nodes ...", flush=True)
        group.stop()
        print("Stopped.", flush=True)


def run(var: Path, *, serve: bool = True) -> int:
    """Prepare the demo nodes under ``var`` and, with ``serve``, run them until stopped."""
    var = var.resolve()
    check_homes(var)
    env = child_env()
    prepared = [(node, prepare(node, var / node.code, env)) for node in DEMO_NODES]
    print()
    print("Demo logins (synthetic users; demo mode only - never do this on a real node):")
    for node, data in prepared:
        print_logins(node, var / node.code, data)
    print(flush=True)
    if not serve:
        return 0
    check_ports_free()
    return serve_until_stopped(var, env)
