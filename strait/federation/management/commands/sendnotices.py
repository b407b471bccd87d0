"""``strait manage sendnotices --peer es --count N [--rate R]``: load for tests and benchmarks.

Refused in production mode: it exists to drive the federation fault tests and benchmark.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from strait.federation.models import Peer
from strait.federation.notices import KIND
from strait.federation.outbox import send


class Command(BaseCommand):
    help = "Queue N test notices for a peer, all at once or at a steady rate (not in production)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--peer", required=True)
        parser.add_argument("--count", type=int, required=True)
        parser.add_argument("--rate", type=float, default=0.0, help="per second; 0 = at once")
        parser.add_argument("--batch", type=int, default=500, help="per transaction, at once")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.NODE.is_production:
            raise CommandError("sendnotices is a test tool and is refused in production mode")
        try:
            peer = Peer.objects.get(code=options["peer"])
        except Peer.DoesNotExist as exc:
            raise CommandError(f"no peer {options['peer']!r}") from exc
        count, rate = options["count"], options["rate"]
        started = time.monotonic()
        if rate <= 0:
            for first in range(0, count, options["batch"]):
                with transaction.atomic():
                    for i in range(first, min(count, first + options["batch"])):
                        send(peer, KIND, {"text": f"load {i}", "author": "sendnotices"})
        else:
            for i in range(count):
                due = started + i / rate
                pause = due - time.monotonic()
                if pause > 0:
                    time.sleep(pause)
                send(peer, KIND, {"text": f"load {i}", "author": "sendnotices"})
        self.stdout.write(f"queued {count} in {time.monotonic() - started:.2f}s")
