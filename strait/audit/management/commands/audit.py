"""``manage.py audit verify`` (and ``strait audit verify``): recompute the hash chain.

Verification only reads: an operator can run it on a read-only copy or a backup, and its
outcome is the exit status (0 intact, 1 broken) for scripts and monitoring.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from strait.audit.log import verify_stored


class Command(BaseCommand):
    help = "Audit log tools. 'verify' recomputes the hash chain and reports the first break."

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        subcommands.add_parser(
            "verify",
            help="Recompute the chain; exit 0 when intact, 1 at the first break.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "verify":
            self.verify()

    def verify(self) -> None:
        result = verify_stored()
        if result.first_break is None:
            self.stdout.write(f"audit chain OK: {result.checked} entries")
            return
        brk = result.first_break
        self.stderr.write(f"audit chain BROKEN at entry {brk.seq}: {brk.reason}")
        self.stderr.write(f"intact entries before the break: {result.checked}")
        sys.exit(1)
