"""Batch checks benchmark: a ferry's manifest answered by a node holding one million persons.

    python benchmarks/checks_batch.py [--quick] [--persons N] [--manifests M] [--postgres]
                                      [--keep DIR]

Issue 16: a sailing's manifest (1,500 passengers and 400 vehicles) is screened in under 30 s;
the partner's hit/no-hit answer to it is part of that. This measures the answering node
(``strait/checks/batch_federation.py``), as ``benchmarks/checks.py`` measures single checks,
and reuses its loading and its peer:

- a throwaway node ``ma`` on SQLite (``--postgres``: on a throwaway PostgreSQL); DGSN holds N
  synthetic persons (default 1,000,000, ``--quick`` 20,000) and 100,000 vehicles (``--quick``
  5,000), opened to the Guardia Civil on the Tanger Med/Algeciras port channel (the demo's
  opening); its person index is built first (as a worker's first check would);
- M manifests (default 3, ``--quick`` 1), each 1,500 passengers and 400 vehicles from the peer
  ``es``: 2 % of the passengers are held persons asked under another spelling or script
  (``query_variant``), the rest are other synthetic persons (drawn from the same name pools, so
  namesakes of held persons are common), with a date of birth; 2 % of the plates are held.
  Each manifest is 8 sealed ``checks.batch_query`` envelopes of at most 250 items, handed to
  ``federation.inbox.receive_batch`` together (one inbox transaction, as the sender's worker
  delivers a queue). Timed: everything the answering node does except HTTP (signature,
  decryption, the inbox transaction, the handler: channel rules, repeated uids, the peer's
  item count, the opening, the matcher per item, the rows in bulk, one audit entry per
  envelope, the ``checks.batch_answer`` envelopes queued, the receipts, the commit).

Prints ``batch check answer: N items/s`` (items of all manifests over their server time), the
time per manifest, the share of it in ``matcher.look_up``, and the hit ratios.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.checks import (  # noqa: E402
    AGENCY,
    CHANNEL,
    PARTNER,
    SEED,
    Partner,
    Stopwatch,
    Table,
    figure,
    load_persons,
    status_mb,
)
from strait.federation.testing import LocalNode, postgres_server_url  # noqa: E402
from strait.matching.synthetic import SyntheticPerson, generate_persons, query_variant  # noqa: E402

PASSENGERS = 1500
VEHICLES = 400
HELD_SHARE = 0.02
ITEMS_PER_ENVELOPE = 250


def plate(rng: random.Random) -> str:
    letters = "BCDFGHJKLMNPRSTVWXYZ"
    return f"{rng.randrange(10_000):04d} {''.join(rng.choice(letters) for _ in range(3))}"


def load_vehicles(agency: Any, count: int) -> list[str]:
    """``count`` vehicles of the agency with Spanish-style plates; returns their plates."""
    from django.db import transaction
    from django.utils import timezone

    from strait.entities.models import Vehicle
    from strait.matching import identifier_key

    today = timezone.localdate()
    now = timezone.now()
    table = Table(
        Vehicle,
        {
            "agency_id": agency.pk,
            "purpose": "Benchmark: synthetic records",
            "subject_category": "suspect",
            "fact_or_assessment": "fact",
            "source_reliability": "B",
            "information_credibility": "2",
            "handling": "H0",
            "review_date": today + dt.timedelta(days=365),
            "retention_date": today + dt.timedelta(days=5 * 365),
            "created_at": now,
            "updated_at": now,
        },
        ["uid", "value", "key"],
    )
    rng = random.Random(SEED + 10)
    first = (Vehicle.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    plates: list[str] = []
    rows: list[list[Any]] = []
    with transaction.atomic():
        for number in range(count):
            value = plate(rng)
            plates.append(value)
            key = identifier_key("plate", value)
            rows.append(
                table.row([first + number, uuid.UUID(int=rng.getrandbits(128)), value, key])
            )
            if len(rows) >= 5000:
                table.write(rows)
                rows.clear()
        table.write(rows)
        table.reset_sequence()
    return plates


def manifest(
    rng: random.Random,
    held: list[tuple[SyntheticPerson, uuid.UUID]],
    others: list[SyntheticPerson],
    plates: list[str],
) -> tuple[list[dict[str, Any]], set[str]]:
    """The items of one sailing and the uids of those asking for something held."""
    items: list[dict[str, Any]] = []
    held_uids: set[str] = set()
    for _ in range(PASSENGERS):
        uid = str(uuid.uuid4())
        if rng.random() < HELD_SHARE:
            name, dates = query_variant(rng.choice(held)[0], rng)
            held_uids.add(uid)
        else:
            other = rng.choice(others)
            name, dates = other.names[0], other.birth_dates[:1]
        item = {
            "uid": uid,
            "kind": "person",
            "names": [name],
            "birth_date": dates[0] if dates else "",
        }
        items.append(item)
    for _ in range(VEHICLES):
        uid = str(uuid.uuid4())
        if rng.random() < HELD_SHARE:
            value = rng.choice(plates)
            held_uids.add(uid)
        else:
            value = plate(rng) + "X"  # not a plate held: an extra letter
        items.append({"uid": uid, "kind": "vehicle", "value": value})
    return items, held_uids


def envelopes(partner: Partner, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    from django.conf import settings

    from strait.federation.envelope import new_id, seal

    batch = str(uuid.uuid4())
    now = dt.datetime.now(dt.UTC)
    sealed = []
    for first in range(0, len(items), ITEMS_PER_ENVELOPE):
        body = {
            "batch": batch,
            "channel": CHANNEL,
            "requester_agency": PARTNER,
            "requester_name": "Agente Bench",
            "recipients": [AGENCY],
            "purpose": "Control del manifiesto, salida Algeciras - Tanger Med",
            "crime_area": "other",
            "created_at": now.isoformat(),
            "erase_after": (now + dt.timedelta(hours=48)).isoformat(),
            "items": [
                {"birth_date": "", "value": "", "names": [], "country": "", **item}
                for item in items[first : first + ITEMS_PER_ENVELOPE]
            ],
        }
        partner.seq += 1
        sealed.append(
            seal(
                envelope_id=new_id(),
                origin="es",
                recipient=settings.NODE.code,
                kind="checks.batch_query",
                created=now,
                seq=partner.seq,
                handling="H0",
                body=body,
                signing_key=partner.signing,
                recipient_encryption_key=partner.encryption,
            )
        )
    return sealed


def run(
    partner: Partner,
    held: list[tuple[SyntheticPerson, uuid.UUID]],
    others: list[SyntheticPerson],
    plates: list[str],
    n_manifests: int,
    profile: bool = False,
    alerts_share: bool = True,
) -> None:
    from strait.checks import batch_matcher
    from strait.checks.models import IncomingCheck
    from strait.federation import inbox

    rng = random.Random(SEED + 11)
    # A first small manifest warms the compiled queries and caches; not counted.
    warm, _ = manifest(rng, held, others, plates)
    inbox.receive_batch(envelopes(partner, warm[:20]))
    look_up = Stopwatch(batch_matcher, "look_up_hits")
    seconds: list[float] = []
    cpu_seconds: list[float] = []
    asked_held: set[str] = set()
    asked: list[str] = []
    for _ in range(n_manifests):
        items, held_uids = manifest(rng, held, others, plates)
        sealed = envelopes(partner, items)
        started, cpu = time.perf_counter(), time.process_time()
        if profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            outcomes = profiler.runcall(inbox.receive_batch, sealed)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
        else:
            outcomes = inbox.receive_batch(sealed)
        seconds.append(time.perf_counter() - started)
        cpu_seconds.append(time.process_time() - cpu)
        for outcome in outcomes:
            if outcome.receipt is None or outcome.receipt["body"]["status"] != "applied":
                raise SystemExit(f"an envelope was not applied: {outcome}")
        asked += [i["uid"] for i in items]
        asked_held |= held_uids
    look_up.restore()
    items_per_manifest = PASSENGERS + VEHICLES
    total = items_per_manifest * n_manifests
    figure("manifests answered", n_manifests, f"of {items_per_manifest} items")
    figure("manifest server time mean", statistics.fmean(seconds), "s")
    figure("manifest server time max", max(seconds), "s")
    # The machine may be shared: the process's own CPU time says what the node itself costs.
    figure("manifest CPU time mean (this process)", statistics.fmean(cpu_seconds), "s")
    matching = sum(look_up.times) / len(seconds)
    figure("of which batch_matcher.look_up_hits", matching, "s per manifest")
    figure("batch check answer", total / sum(seconds), "items/s")
    results = dict(
        IncomingCheck.objects.filter(check_uid__in=asked).values_list("check_uid", "result")
    )
    hit_held = sum(results.get(uuid.UUID(u)) == "hit" for u in asked_held)
    others_asked = [u for u in asked if u not in asked_held]
    hit_other = sum(results.get(uuid.UUID(u)) == "hit" for u in others_asked)
    figure("held items answered hit", hit_held / max(1, len(asked_held)), "ratio")
    figure("other items answered hit (namesakes)", hit_other / max(1, len(others_asked)), "ratio")

    if not alerts_share:
        return
    # The alerts' receiver of check_recorded runs per item (one query for the active alerts
    # each time): one more manifest without it says what it costs.
    from strait.checks.signals import check_recorded

    check_recorded.disconnect(dispatch_uid="alerts.matching.on_check")
    items, _ = manifest(rng, held, others, plates)
    sealed = envelopes(partner, items)
    started, cpu = time.perf_counter(), time.process_time()
    inbox.receive_batch(sealed)
    figure("manifest server time without the alerts' receiver", time.perf_counter() - started, "s")
    figure("manifest CPU time without the alerts' receiver", time.process_time() - cpu, "s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="20,000 persons, one manifest")
    parser.add_argument("--persons", type=int, help="persons held by DGSN (default 1,000,000)")
    parser.add_argument("--manifests", type=int, help="manifests to answer (default 3)")
    parser.add_argument("--postgres", action="store_true", help="on a throwaway PostgreSQL")
    parser.add_argument("--keep", help="keep the node home in this directory")
    parser.add_argument("--profile", action="store_true", help="cProfile the manifests")
    parser.add_argument(
        "--alerts-share",
        action="store_true",
        help="with --quick too: one more manifest without the alerts' receiver",
    )
    options = parser.parse_args()

    if options.postgres and not postgres_server_url():
        helper = ROOT / "bin" / "with-postgres"
        this = str(Path(__file__).resolve())
        os.execv(helper, [str(helper), sys.executable, this, *sys.argv[1:]])  # noqa: S606
    if not options.postgres:
        os.environ.pop("STRAIT_DATABASE_URL", None)
    n_persons = options.persons or (20_000 if options.quick else 1_000_000)
    n_vehicles = 5_000 if options.quick else 100_000
    n_manifests = options.manifests or (1 if options.quick else 3)

    started = time.monotonic()
    home = Path(options.keep or tempfile.mkdtemp(prefix="strait-bench-batch-"))
    node = LocalNode("ma", home / "ma", country="MA")
    node.init()
    os.environ.update(node.env())

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    from strait.agencies.models import Agency
    from strait.checks import matcher
    from strait.checks.demo import seed_demo_openings

    settings.CHECKS_BATCH_ITEMS_PER_PEER_PER_MINUTE = 1_000_000_000
    figure("database", connection.vendor, "")
    agency = Agency.objects.get(code=AGENCY)
    mark = time.monotonic()
    held = load_persons(agency, n_persons, 500)
    plates = load_vehicles(agency, n_vehicles)
    figure("persons loaded", n_persons, "count")
    figure("vehicles loaded", n_vehicles, "count")
    figure("load time", time.monotonic() - mark, "s")
    others = list(generate_persons(5000, seed=SEED + 99))

    partner = Partner()
    seed_demo_openings(settings.NODE.code)
    connection.close()
    mark = time.monotonic()
    matcher.person_index(agency.pk)
    figure("index build time (from the database)", time.monotonic() - mark, "s")
    figure("process resident peak", status_mb("VmHWM"), "MB")

    alerts_share = options.alerts_share or not options.quick  # --quick stays short
    run(partner, held, others, plates, n_manifests, options.profile, alerts_share)
    figure("total run", time.monotonic() - started, "s")
    connection.close()
    if options.keep is None:
        import shutil

        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
