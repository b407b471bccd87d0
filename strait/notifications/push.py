"""Push: an open page hears of its user's new notifications at once (Server-Sent Events).

Our nodes run gunicorn with several worker processes on SQLite or PostgreSQL and no message
broker, so a notification written by one process (an arrival in the worker, an action in
another web process) cannot be handed to a stream in this one. Instead one watcher thread per
process reads the ``Notification`` table for rows newer than the last it saw (one indexed query
every ``NOTIFICATIONS_STREAM_POLL_SECONDS``) and wakes only the streams of the users those rows
are for. An idle process (no open stream) does not poll at all.

A stream holds a server thread but no database connection while it waits; it tells its page
"something is new for you": the ids of the user's new notifications and, for those whose topic
is an alert's (level "alert"), the banner's text in the reader's language, rendered from the
topic and its parameters without the database, so the page draws the banner the moment the
event comes (``push.js``, as text, never HTML) instead of after the fragment it then fetches as
it would on a poll (that fetch, when 200 pages make it at once, takes seconds).

A process holds about ``NOTIFICATIONS_STREAM_MAX`` streams (a soft cap: streams opening at the
same instant may pass it by a few; the threads are sized with room to spare); beyond it the view
answers 204 and the page keeps polling (``strait serve --streams``).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.db.models import Max
from django.utils import translation

from strait.notifications import topics
from strait.notifications.models import Notification

log = logging.getLogger(__name__)

# At most this many new rows per look (a burst is read over several looks, oldest first).
BATCH = 2000


@dataclass(frozen=True)
class Found:
    """A new notification as the watcher read it: enough to draw its banner without the
    database (its topic's text and parameters, the path it opens)."""

    pk: int
    topic: str
    params: dict[str, object]
    url: str


@dataclass(eq=False)
class Listener:
    """One open stream of one user: what the watcher has found for it since it last looked."""

    user_id: int
    lock: threading.Lock  # its hub's: the watcher fills ``found`` under it
    woken: threading.Event = field(default_factory=threading.Event)
    found: list[Found] = field(default_factory=list)

    def wait(self, seconds: float) -> list[Found]:
        """The user's new notifications, or [] if none came within ``seconds``."""
        if not self.woken.wait(seconds):
            return []
        with self.lock:
            found, self.found = self.found, []
            self.woken.clear()
        return found


class Hub:
    """The streams open in this process, by user, and the watcher thread that wakes them."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.listeners: dict[int, set[Listener]] = {}
        self.count = 0
        self.last_id: int | None = None
        self.watcher: threading.Thread | None = None

    def full(self, limit: int) -> bool:
        with self.lock:
            return self.count >= limit

    def open(self, user_id: int) -> Listener:
        """Register a stream for ``user_id``.

        The first stream of an idle process reads the newest id here, in the request's thread
        and before the stream answers: a notification written after this moment is pushed,
        one written before is in the fragment the page fetches when its stream opens.
        """
        with self.lock:
            if self.last_id is None:
                self.last_id = Notification.objects.aggregate(top=Max("id"))["top"] or 0
            listener = Listener(user_id, self.lock)
            self.listeners.setdefault(user_id, set()).add(listener)
            self.count += 1
            if self.watcher is None:
                self.watcher = threading.Thread(
                    target=self._watch, name="strait-push-watcher", daemon=True
                )
                self.watcher.start()
            return listener

    def close(self, listener: Listener) -> None:
        with self.lock:
            mine = self.listeners.get(listener.user_id)
            if mine is None or listener not in mine:
                return
            mine.discard(listener)
            if not mine:
                del self.listeners[listener.user_id]
            self.count -= 1

    def open_count(self) -> int:
        with self.lock:
            return self.count

    def look(self) -> int:
        """Read the rows newer than the last seen and wake their users' streams: how many."""
        with self.lock:
            last = self.last_id or 0
        rows = list(
            Notification.objects.filter(id__gt=last)
            .order_by("id")
            .values_list("id", "user_id", "topic", "params", "url")[:BATCH]
        )
        if not rows:
            return 0
        with self.lock:
            self.last_id = rows[-1][0]
            for pk, user_id, topic, params, url in rows:
                for listener in self.listeners.get(user_id, ()):
                    listener.found.append(Found(pk, topic, params or {}, url))
                    listener.woken.set()
        return len(rows)

    def _watch(self) -> None:
        interval = settings.NOTIFICATIONS_STREAM_POLL_SECONDS
        try:
            while True:
                with self.lock:
                    if not self.count:
                        # Idle: stop; the next stream starts a watcher and a fresh baseline.
                        self.watcher = None
                        self.last_id = None
                        return
                try:
                    if self.look() >= BATCH:
                        continue  # a burst: read on at once
                except Exception:  # a broken connection, a locked database: look again
                    log.exception("push: could not read new notifications")
                    connection.close()  # a broken connection: the next look opens a new one
                time.sleep(interval)
        finally:
            connection.close()


_hub = Hub()


def hub() -> Hub:
    return _hub


class Stream:
    """The body of one event stream: a first event once the stream is registered, an event
    each time the user has something new, a comment now and then so a dead client is noticed
    (the write fails) and proxies keep the line open; it ends after ``seconds`` and the browser
    reconnects, passing the session checks again. ``close`` (the server calls it when the
    response ends, whatever ended it) unregisters it."""

    def __init__(
        self, user_id: int, seconds: float, heartbeat: float, language: str = "en"
    ) -> None:
        self.user_id = user_id
        self.language = language
        self.listener: Listener | None = None
        self.seconds = seconds
        self.heartbeat = heartbeat
        self.body: Generator[bytes] = self._events()

    def __iter__(self) -> Iterator[bytes]:
        return self

    def __next__(self) -> bytes:
        return next(self.body)

    def _events(self) -> Generator[bytes]:
        # Registered when the server starts sending, not in the view: a response never sent
        # (a test's client that reads no further) holds no place.
        self.listener = listener = _hub.open(self.user_id)
        # No database while waiting: 200 open pages must not hold 200 connections. (A test's
        # transaction is left alone: closing inside it would break the test's rollback.)
        if not connection.in_atomic_block:
            connection.close()
        retry = int(settings.NOTIFICATIONS_STREAM_RETRY_SECONDS * 1000)
        yield f"retry: {retry}\nevent: ready\ndata: \n\n".encode()
        deadline = time.monotonic() + self.seconds
        while (left := deadline - time.monotonic()) > 0:
            found = listener.wait(min(left, self.heartbeat))
            if found:
                yield f"event: notification\ndata: {self.payload(found)}\n\n".encode()
            else:
                yield b": still here\n\n"

    def payload(self, found: list[Found]) -> str:
        """The event's data, one line of JSON: ``{"ids": [...], "banners": [{"id", "text",
        "url"}]}``, the banners' text in the reader's language."""
        banners = []
        with translation.override(self.language):
            for row in found:
                topic = topics.get(row.topic)
                if topic is None or topic.level != "alert":
                    continue
                # Our own paths only, as the notification's "open" checks.
                url = row.url if row.url.startswith("/") and not row.url.startswith("//") else ""
                banners.append({"id": row.pk, "text": topic.render(row.params), "url": url})
        return json.dumps({"ids": [row.pk for row in found], "banners": banners})

    def close(self) -> None:
        if self.listener is not None:
            _hub.close(self.listener)
        self.body.close()
