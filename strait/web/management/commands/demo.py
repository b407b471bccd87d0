"""``strait manage demo``: create this demo node's users and print their logins.

``strait demo`` runs this for every demo node, then serves them (see strait/demo/launcher.py).
"""

from __future__ import annotations

import importlib
import json
from dataclasses import asdict
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from strait.demo.world import NotADemoNode, ensure_demo_world

# The stages of issue 16, each an app with ``demo.seed_demo_<app>(node_code)``: run in this
# order by `strait demo` after the governance stage (the screening meets the alerts' demo).
STAGES = {
    "ports": "port cooperation centres",
    "transit": "transit operation",
    "events": "major events",
}


class Command(BaseCommand):
    help = "Create this demo node's users (once) and print their logins and TOTP secrets."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="print the logins as JSON")
        parser.add_argument(
            "--operations",
            action="store_true",
            help="add this node's part of the demo's joint operations (once the nodes are peers)",
        )
        parser.add_argument(
            "--alerts",
            action="store_true",
            help="add this node's part of the demo's alerts (once the nodes are peers)",
        )
        parser.add_argument(
            "--governance",
            action="store_true",
            help="add this node's part of the demo's governance (once the nodes are peers)",
        )
        for stage, what in STAGES.items():
            parser.add_argument(
                f"--{stage}",
                action="store_true",
                help=f"add this node's part of the demo's {what} (once the nodes are peers)",
            )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["operations"]:
            self.seed_operations()
            return
        if options["alerts"]:
            self.seed_alerts()
            return
        if options["governance"]:
            self.seed_governance()
            return
        for stage in STAGES:
            if options[stage]:
                self.seed_stage(stage)
                return
        try:
            logins = ensure_demo_world()
        except NotADemoNode as exc:
            raise CommandError(f"refused: {exc}") from exc
        if options["json"]:
            payload = {"node": settings.NODE.code, "url": settings.NODE.base_url}
            self.stdout.write(json.dumps({**payload, "logins": [asdict(x) for x in logins]}))
            return
        for login in logins:
            self.stdout.write(
                f"{login.username:<16} {login.password:<18} {login.role:<24} "
                f"{login.agency:<10} {login.totp_secret}"
            )

    def seed_operations(self) -> None:
        from strait.demo.world import require_demo_mode
        from strait.operations.demo import seed_demo_operations

        try:
            require_demo_mode()
        except NotADemoNode as exc:
            raise CommandError(f"refused: {exc}") from exc
        for line in seed_demo_operations(settings.NODE.code):
            self.stdout.write(line)
        # The situation picture of the Strait, home on ma, in the same stage (after peering).
        from strait.situation.demo import seed_demo_situation

        for line in seed_demo_situation(settings.NODE.code):
            self.stdout.write(line)

    def seed_alerts(self) -> None:
        from strait.alerts.demo import seed_demo_alerts
        from strait.demo.world import require_demo_mode

        try:
            require_demo_mode()
        except NotADemoNode as exc:
            raise CommandError(f"refused: {exc}") from exc
        for line in seed_demo_alerts(settings.NODE.code):
            self.stdout.write(line)

    def seed_governance(self) -> None:
        from strait.demo.world import require_demo_mode
        from strait.governance.demo import seed_demo_governance

        try:
            require_demo_mode()
        except NotADemoNode as exc:
            raise CommandError(f"refused: {exc}") from exc
        for line in seed_demo_governance(settings.NODE.code):
            self.stdout.write(line)

    def seed_stage(self, stage: str) -> None:
        """An app's part of the demo: its ``demo.seed_demo_<stage>(node_code)``, through its
        actions, printing what it did."""
        from strait.demo.world import require_demo_mode

        try:
            require_demo_mode()
        except NotADemoNode as exc:
            raise CommandError(f"refused: {exc}") from exc
        module = importlib.import_module(f"strait.{stage}.demo")
        for line in getattr(module, f"seed_demo_{stage}")(settings.NODE.code):
            self.stdout.write(line)
