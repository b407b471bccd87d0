"""The page slots (strait/web/middleware.py): with threads raised for event streams, ordinary
requests still run at most ``PAGE_THREADS`` at once and only that many threads keep a database
connection between requests, so a burst cannot exhaust PostgreSQL's connections."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from strait.accounts.models import User
from strait.web.middleware import PageSlotsMiddleware

# Real commits seen by other threads; the flush at the end passes the append-only triggers.
pytestmark = pytest.mark.usefixtures("_flushable", "transactional_flush")


def test_beyond_the_slots_requests_wait_and_leave_no_connection_open(settings: Any) -> None:
    settings.PAGE_THREADS = 2
    running, most = 0, 0
    lock = threading.Lock()

    def view(request: HttpRequest) -> HttpResponse:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        User.objects.exists()  # a query: this thread now holds a connection
        time.sleep(0.1)  # holds its slot a while: without the gate the eight would overlap
        with lock:
            running -= 1
        return HttpResponse("ok")

    gate = PageSlotsMiddleware(view)
    kept: dict[int, bool] = {}
    done = threading.Barrier(8)

    def request(n: int) -> None:
        try:
            gate(RequestFactory().get("/"))
            kept[n] = connection.connection is not None
            done.wait(timeout=30)  # all eight threads alive till the end, as a worker's are
        finally:
            connection.close()

    # Eight requests at once in eight threads, as the streams' threads would serve a burst:
    # two slots, so at most two at work at once, and two threads keep their connection.
    threads = [threading.Thread(target=request, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(kept) == 8
    assert most <= 2
    assert len(gate.keepers) == 2
    in_memory = getattr(connection, "is_in_memory_db", lambda: False)()
    if not in_memory:  # SQLite's in-memory test database is never closed
        assert sum(kept.values()) == 2


def test_without_page_threads_there_is_no_gate(settings: Any) -> None:
    settings.PAGE_THREADS = None
    gate = PageSlotsMiddleware(lambda request: HttpResponse("ok"))
    assert gate(RequestFactory().get("/")).status_code == 200
