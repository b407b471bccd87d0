"""Background work of federation: deliver the outbox (the worker runs this in a tight loop), probe
peers that stopped answering, and record the inbox's aggregated security events once each minute
is over."""

from __future__ import annotations

from datetime import datetime, timedelta

import httpx

from strait.federation import delivery, throttle
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


@periodic(every=timedelta(seconds=1), name="federation.probe")
def probe() -> None:
    # A peer that did not answer is asked every FEDERATION_PROBE_SECONDS whether it is back,
    # so a healed partition does not wait out a back-off of up to five minutes.
    delivery.probe_all(client())


@periodic(every=timedelta(seconds=10), name="federation.security_events")
def record_security_events(now: datetime | None = None) -> None:
    throttle.record_security_events(now=now)
