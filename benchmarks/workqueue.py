"""Work-queue benchmark: the home page of a CGI analyst whose agency has 10,000 open items.

Prints one ``figure: value unit`` line per figure, among them ``work queue p95: N ms`` (issue
12's target: under 150 ms), the server time of the home page (the work queue) requested through
Django's test client as a logged-in analyst (every middleware, the view, its queries and its
template); the same for the queue's query alone (``workqueue.queries.queue_for``) and for the
notification fragment an open page polls (``/notifications/live/``).

    python benchmarks/workqueue.py [--quick] [--background N] [--runs N]

It needs PostgreSQL: it re-runs itself under ``bin/with-postgres`` when STRAIT_DATABASE_URL does
not name a PostgreSQL server. The agency's open items: 10,000 unanswered requests from Moroccan
agencies (a fifth overdue, three tenths urgent, the rest normal), 300 items of its own still in
the outbox for a partner that does not answer, 300 partners' hits waiting for a decision; around
them ``--background`` answered requests and information between the other agencies (100,000 by
default, 20,000 with ``--quick``). Synthetic text only.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from strait.federation.testing import LocalNode, postgres_server_url  # noqa: E402

SEED = 20261203
OPEN_ITEMS = 10_000
USER_AGENCY = "es-pn-cgi"
BATCH = 5_000


def figure(name: str, value: float | int | str, unit: str) -> None:
    if isinstance(value, float):
        value = f"{value:.1f}"
    print(f"{name}: {value} {unit}", flush=True)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def measure(name: str, runs: int, call: Callable[[int], object]) -> tuple[float, float]:
    for i in range(min(10, runs)):  # warm-up: caches, templates, the connection
        call(i)
    times = []
    for i in range(runs):
        started = time.perf_counter()
        call(i)
        times.append((time.perf_counter() - started) * 1000)
    p50, p95 = statistics.median(times), percentile(times, 0.95)
    figure(f"{name} p50", p50, "ms")
    figure(f"{name} p95", p95, "ms")
    return p50, p95


def load(background: int) -> Any:
    """The agency's open items and the background; returns the analyst."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from strait.accounts.models import User
    from strait.agencies.models import Agency
    from strait.checks.models import Candidate, IncomingCheck
    from strait.exchange import codes
    from strait.exchange.models import Channel, Message, Recipient
    from strait.federation.models import OutboxEnvelope, Peer
    from strait.permissions import Role

    rnd = random.Random(SEED)
    now = timezone.now()
    cgi = Agency.objects.get(code=USER_AGENCY)
    channels = [
        c
        for c in Channel.objects.filter(active=True, agencies=cgi)
        .exclude(kind=codes.ChannelKind.LIAISON)
        .prefetch_related("agencies")
    ]
    senders = {c.pk: [a for a in c.agencies.all() if a.node_code == "ma"] for c in channels}
    channels = [c for c in channels if senders[c.pk]]
    if not channels:
        raise SystemExit(f"no channel between {USER_AGENCY} and a Moroccan agency")
    others = list(Agency.objects.exclude(pk=cgi.pk))

    def message(**fields: Any) -> Message:
        uid = uuid.uuid4()
        values: dict[str, Any] = {
            "uid": uid,
            "thread_uid": uid,
            "kind": "request",
            "sender_name": "Bench sender",
            "subject": f"Solicitud {rnd.randrange(10**6)}",
            "body": "Texto sintético.",
            "language": "es",
            "crime_area": "drugs",
            "urgency": "normal",
            "handling": "H0",
            "purpose": "Benchmark",
            "subject_category": "suspect",
            "fact_or_assessment": "fact",
            "review_date": now.date() + timedelta(days=90),
            "retention_date": now.date() + timedelta(days=365),
        }
        values.update(fields)
        values.setdefault("origin_node", values["sender_agency"].node_code)
        return Message(**values)

    def store(rows: list[tuple[Message, list[Agency]]]) -> None:
        Message.objects.bulk_create([m for m, _r in rows], batch_size=BATCH)
        Recipient.objects.bulk_create(
            [
                Recipient(message=m, agency=a, created_at=m.created_at, delivered_at=m.created_at)
                for m, to in rows
                for a in to
            ],
            batch_size=BATCH,
        )

    started = time.perf_counter()
    rows: list[tuple[Message, list[Agency]]] = []
    for n in range(OPEN_ITEMS):
        channel = rnd.choice(channels)
        kind = "overdue" if n % 5 == 0 else ("urgent" if n % 10 < 5 else "normal")
        urgency = {"overdue": "urgent", "urgent": "urgent", "normal": "normal"}[kind]
        sent = now - timedelta(minutes=rnd.randrange(1, 60 * 24))
        if kind == "overdue":
            sent -= timedelta(days=4)
        rows.append(
            (
                message(
                    channel=channel,
                    sender_agency=rnd.choice(senders[channel.pk]),
                    urgency=urgency,
                    created_at=sent,
                    deadline=codes.deadline_for(urgency, sent),
                ),
                [cgi],
            )
        )
        if len(rows) >= BATCH:
            store(rows)
            rows = []
    for n in range(background):
        channel = rnd.choice(channels)
        sent = now - timedelta(minutes=rnd.randrange(1, 60 * 24 * 700))
        sender = rnd.choice(others)
        to = [a for a in rnd.sample(others, 2) if a.pk != sender.pk][:1] or [cgi]
        answered = n % 3 != 0 or to == [cgi]
        rows.append(
            (
                message(
                    channel=channel,
                    sender_agency=sender,
                    kind="request" if n % 2 else "information",
                    created_at=sent,
                    deadline=codes.deadline_for("normal", sent) if n % 2 else None,
                    answered_at=sent + timedelta(hours=5) if answered else None,
                ),
                to,
            )
        )
        if len(rows) >= BATCH:
            store(rows)
            rows = []
    store(rows)
    figure("load: messages", time.perf_counter() - started, "s")

    # Items of the agency a partner node has not received: 300 envelopes waiting for "ma".
    peer = Peer.objects.create(
        code="ma",
        name="Node ma",
        country="MA",
        base_url="http://127.0.0.1:9",
        fingerprint="0" * 40,
        agencies=[a.code for a in Agency.objects.filter(node_code="ma")],
    )
    waiting = [
        message(
            channel=c,
            sender_agency=cgi,
            urgency="urgent",
            created_at=now - timedelta(minutes=30),
            deadline=now + timedelta(days=2),
        )
        for c in (rnd.choice(channels) for _ in range(300))
    ]
    Message.objects.bulk_create(waiting)
    Recipient.objects.bulk_create(
        Recipient(message=m, agency=senders[m.channel_id][0], created_at=m.created_at)
        for m in waiting
    )
    OutboxEnvelope.objects.bulk_create(
        OutboxEnvelope(
            peer=peer,
            envelope_id=uuid.uuid4(),
            seq=i + 1,
            kind="exchange.message",
            body={"uid": str(m.uid)},
            created_at=m.created_at,
        )
        for i, m in enumerate(waiting)
    )
    # Partners' hits on the agency's records, waiting for a decision.
    hits = IncomingCheck.objects.bulk_create(
        IncomingCheck(
            check_uid=uuid.uuid4(),
            origin_node="ma",
            requester=senders[channels[0].pk][0],
            requester_name="Bench",
            agency=cgi,
            channel=channels[0],
            kind="person",
            label=f"Persona {n}",
            result="hit",
            received_at=now - timedelta(hours=n % 200),
        )
        for n in range(300)
    )
    Candidate.objects.bulk_create(
        Candidate(
            incoming=h,
            record_kind="person",
            record_uid=uuid.uuid4(),
            record_label="Candidato",
            score=0.9,
        )
        for h in hits
    )
    from django.db import connection

    with connection.cursor() as cursor:
        # A node in use has been vacuumed since its rows arrived (autovacuum): the visibility
        # map is set, so index-only scans read no table page (message_open_due_idx).
        cursor.execute("VACUUM ANALYZE")
        cursor.execute("SELECT count(*) FROM exchange_message")
        figure("messages", f"{cursor.fetchone()[0]:,}", "rows")
    return User.objects.create(
        username="bench.cgi",
        full_name="Bench CGI Analyst",
        agency=cgi,
        role=Role.ANALYST,
        password=make_password(None),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="20,000 background messages")
    parser.add_argument("--background", type=int, help="background messages (default 100,000)")
    parser.add_argument("--runs", type=int, help="requests per figure (default 200)")
    options = parser.parse_args()

    if not postgres_server_url():
        helper = ROOT / "bin" / "with-postgres"
        this = str(Path(__file__).resolve())
        os.execv(helper, [str(helper), sys.executable, this, *sys.argv[1:]])  # noqa: S606
    background = options.background or (20_000 if options.quick else 100_000)
    runs = options.runs or (50 if options.quick else 200)

    home = Path(tempfile.mkdtemp(prefix="strait-bench-workqueue-"))
    node = LocalNode("es", home / "es", country="ES")
    node.init()
    os.environ.update(node.env())

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from strait.accounts.sessions import register_session
    from strait.workqueue.queries import counts_for, queue_for

    user = load(background)
    from strait.exchange.workqueue import incoming_open

    figure("open requests to the agency", f"{incoming_open(user).count():,}", "items")
    counts = counts_for(user)
    figure("open items", f"{sum(counts.values()):,}", "(counts stop at 100 per section)")
    for code, count in sorted(counts.items()):
        figure(f"section {code}", count, "items")
    device = TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    client = Client()
    client.force_login(user, backend="strait.accounts.backends.NormalisedUsernameBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    register_session(session, user)
    session.save()
    home_url, poll_url = reverse("web:home"), reverse("notifications:poll")
    for url in (home_url, poll_url):
        status = client.get(url).status_code
        if status != 200:
            raise SystemExit(f"{url} answered {status}")

    from django.utils import timezone

    from strait.workqueue.registry import sources_for

    for source in sources_for(user):
        measure(
            f"source {source.code}",
            max(5, runs // 5),
            # A new moment each time: a source's rows are kept per request and moment.
            lambda i, s=source: s.items(user, timezone.now(), 50),
        )
    measure("query work queue", runs, lambda i: queue_for(user))
    _p50, p95 = measure("page work queue", runs, lambda i: client.get(home_url))
    measure("notification fragment", runs, lambda i: client.get(poll_url))
    # What any page costs here (middleware, session, second factor, layout): a small page.
    baseline = reverse("notifications:preferences")
    measure("page baseline (preferences)", runs, lambda i: client.get(baseline))
    figure("work queue", p95, "ms p95 (home page, target 150 ms)")
    print(f"work queue p95: {p95:.0f} ms", flush=True)
    figure("database", f"PostgreSQL {connection.pg_version // 10000}", "")  # type: ignore[attr-defined]
    node.stop()


if __name__ == "__main__":
    main()
