"""``strait worker``: run the periodic background tasks of every app until SIGTERM/SIGINT."""

from __future__ import annotations

import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from strait.worker import Worker, discover, stop_on_signals


class Command(BaseCommand):
    help = "Run the registered periodic tasks (session clean-up, audit self-check, ...)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="run every task once and exit (for cron or tests)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        worker = Worker(discover())
        if options["once"]:
            results = worker.run_due()
            for name, ok in results.items():
                self.stdout.write(f"{name}: {'ok' if ok else 'FAILED (see log)'}")
            if not all(results.values()):
                raise CommandError("a periodic task failed")
            return
        stop = threading.Event()
        stop_on_signals(stop)
        worker.run(stop)
