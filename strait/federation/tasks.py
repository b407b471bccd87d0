"""Background work of federation: deliver the outbox (the worker runs this in a tight loop)."""

from __future__ import annotations

from datetime import timedelta

import httpx

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
    # deliver_all keeps going (up to 50 batches per peer) while a backlog lasts, so a drain is
    # not paced by the poll interval.
    delivery.deliver_all(client())
