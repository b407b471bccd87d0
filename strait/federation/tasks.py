"""Background work of federation: deliver the outbox (the worker runs this in a tight loop)."""

from __future__ import annotations

from datetime import timedelta

import httpx
from django.conf import settings

from strait.federation import delivery
from strait.worker import periodic

_client: httpx.Client | None = None


def client() -> httpx.Client:
    # One client per worker process: connections to peers are kept alive between passes.
    global _client
    if _client is None:
        _client = httpx.Client()
    return _client


@periodic(every=timedelta(milliseconds=50), name="federation.deliver")
def deliver() -> None:
    # Keep going while there is a full backlog, so a drain is not paced by the poll interval.
    for _ in range(50):
        reports = delivery.deliver_all(client())
        if not any(r.delivered + r.parked >= settings.FEDERATION_BATCH_SIZE for r in reports):
            return
