"""Creating a node home: ``node.toml`` and the secret key, before Django settings load.

Kept free of Django so ``strait init`` can prepare a home whose settings could not load yet (a
production node.toml without its secret key refuses to start, by design).
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

from strait import node


@dataclass(frozen=True)
class HomeSpec:
    code: str = "dev"
    name: str = "Strait development node"
    country: str = ""
    host: str = "127.0.0.1"
    port: int = 8000
    mode: str = "development"


@dataclass(frozen=True)
class InitResult:
    home: Path
    wrote_toml: bool


def add_init_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``strait init``, shared by the CLI pre-step and the management command."""
    default = HomeSpec()
    parser.add_argument("--node", dest="code", default=default.code, help="node code, e.g. ma")
    parser.add_argument("--name", default=default.name, help="display name of the node")
    parser.add_argument("--country", default=default.country, help="ISO 3166 code, e.g. MA")
    parser.add_argument("--host", default=default.host, help="address `strait serve` binds")
    parser.add_argument("--port", type=int, default=default.port, help="port `strait serve` binds")
    parser.add_argument("--mode", choices=node.MODES, default=default.mode)


def spec_from_options(options: dict[str, object] | argparse.Namespace) -> HomeSpec:
    values = vars(options) if isinstance(options, argparse.Namespace) else options
    default = HomeSpec()
    return HomeSpec(
        code=str(values.get("code") or default.code),
        name=str(values.get("name") or default.name),
        country=str(values.get("country") or default.country).upper(),
        host=str(values.get("host") or default.host),
        port=int(str(values.get("port") or default.port)),
        mode=str(values.get("mode") or default.mode),
    )


def render_toml(spec: HomeSpec) -> str:
    # json.dumps quotes a string the way TOML basic strings expect (same escapes for our values).
    lines = [
        "# Identity and mode of this Strait node. Secrets live in ./secret_key, never here.",
        f"node = {json.dumps(spec.code)}",
        f"name = {json.dumps(spec.name, ensure_ascii=False)}",
        f"country = {json.dumps(spec.country)}",
        f"mode = {json.dumps(spec.mode)}",
        f"host = {json.dumps(spec.host)}",
        f"port = {spec.port}",
    ]
    return "\n".join(lines) + "\n"


# Homes whose node.toml this process wrote: `strait init` writes it before settings load and
# the init command, called next in the same process, reports it as written, not as found.
_written_here: set[Path] = set()


def init_home(home: Path, spec: HomeSpec) -> InitResult:
    """Write node.toml if missing (an existing one is never overwritten) and the secret key."""
    if spec.mode not in node.MODES:
        raise node.NodeConfigError(f"mode must be one of {', '.join(node.MODES)}")
    home = home.resolve()
    home.mkdir(parents=True, exist_ok=True)
    toml_path = home / "node.toml"
    if not toml_path.exists():
        toml_path.write_text(render_toml(spec), encoding="utf-8")
        _written_here.add(home)
    node.ensure_secret_key(home)
    return InitResult(home=home, wrote_toml=home in _written_here)


def configured_mode(home: Path) -> str | None:
    """The mode a home's node.toml declares, or None when there is no node.toml."""
    if not (home / "node.toml").exists():
        return None
    return str(node.read_toml(home).get("mode", "development"))
