"""``strait``: the operator's command. Picks the node home, then runs a Django command in it.

    strait [--home DIR] init | serve | worker | createuser | audit verify | totp | manage ...
    strait [--home DIR] <any management command>
    strait demo [--var DIR]

``--home`` (else ``$STRAIT_HOME``, else ``var/dev``) selects the node; every command except
``demo`` works on that one node. ``demo`` prepares and runs three nodes as child processes.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from strait import node

COMMANDS = {
    "init": "create node.toml and the secret key if missing, migrate, seed reference data",
    "serve": "run this node's web server (gunicorn)",
    "worker": "run this node's background worker until SIGTERM/Ctrl-C",
    "createuser": "create a user of this node",
    "audit": "audit log tools: `strait audit verify` checks the hash chain",
    "totp": "print a demo user's current TOTP code (demo mode only)",
    "keys": "this node's keys: `strait keys show | rotate [--overlap 7d] | revoke KEY_ID`",
    "peer": "peer nodes: `strait peer add URL --fingerprint FP | list`",
    "entities": "records: `strait entities import FILE --agency CODE --user NAME ...`",
    "demo": "prepare the three demo nodes (ma, es, pt) and run them until Ctrl-C",
    "manage": "run any Django management command, e.g. `strait manage showmigrations`",
}


def build_parser() -> argparse.ArgumentParser:
    listing = "\n".join(f"  {name:<11} {text}" for name, text in COMMANDS.items())
    parser = argparse.ArgumentParser(
        prog="strait",
        description="Run and administer a Strait node.",
        epilog=(
            f"commands:\n{listing}\n\nAny other COMMAND runs the management command of that "
            "name (`strait manage help` lists them).\n`strait COMMAND --help` describes a command."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--home", help="node home directory (default: $STRAIT_HOME, else var/dev)")
    # Any other name runs the Django management command of that name (`strait keys show`):
    # apps add operator commands as management commands, without touching this file.
    parser.add_argument("command", metavar="COMMAND")
    parser.add_argument("args", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    return parser


def run_demo(args: Sequence[str]) -> int:
    from strait.demo import launcher

    parser = argparse.ArgumentParser(prog="strait demo", description=COMMANDS["demo"])
    parser.add_argument(
        "--var", default="var", help="directory of the node homes ma/, es/, pt/ (default var)"
    )
    parser.add_argument(
        "--no-serve", action="store_true", help="prepare the nodes and print the logins only"
    )
    options = parser.parse_args(args)
    try:
        return launcher.run(Path(options.var), serve=not options.no_serve)
    except launcher.DemoError as exc:
        print(f"strait demo: {exc}", file=sys.stderr)
        return 1


def prepare_home(args: Sequence[str]) -> None:
    """The file part of ``strait init``, before settings load (they may need the secret)."""
    from strait.node_init import add_init_arguments, init_home, spec_from_options

    if "-h" in args or "--help" in args:
        return
    parser = argparse.ArgumentParser(prog="strait init", add_help=False)
    add_init_arguments(parser)
    options, _unknown = parser.parse_known_args(args)
    init_home(node.home_dir(), spec_from_options(options))


def django_command(command: str, args: Sequence[str]) -> int:
    from django.core.management import execute_from_command_line

    argv = ["strait", *args] if command == "manage" else ["strait", command, *args]
    if len(argv) == 1:
        argv.append("help")
    execute_from_command_line(argv)
    return 0


def dispatch(options: argparse.Namespace) -> int:
    if options.command == "demo":
        if options.home:
            print(
                "strait demo: --home does not apply; use `strait demo --var DIR`", file=sys.stderr
            )
            return 2
        return run_demo(options.args)
    if options.home:
        os.environ["STRAIT_HOME"] = str(Path(options.home).resolve())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "strait.settings")
    if options.command == "init":
        prepare_home(options.args)
    return django_command(options.command, options.args)


def main(argv: Sequence[str] | None = None) -> int:
    options = build_parser().parse_args(argv)
    try:
        return dispatch(options)
    except node.NodeConfigError as exc:
        print(f"strait: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
