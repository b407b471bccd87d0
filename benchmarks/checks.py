"""Checks benchmark: a partner's person check answered by a node holding one million persons.

    python benchmarks/checks.py [--quick] [--persons N] [--checks M] [--batch B] [--postgres]
                                [--keep DIR]
    make bench-checks                       (QUICK=1: --quick; POSTGRES=1: --postgres)

Issue 5 at node level (``benchmarks/matching.py`` measures the library ``Index`` alone): a check
against one million persons answers in under 50 ms at p99, the node sustains at least 250 checks
per second, the index builds in under 5 minutes and under 3 GB.

What it does, printing one ``figure: value unit`` line per figure:

- creates a throwaway node ``ma`` (``strait init``: migrations, agencies, channels, keys) on
  SQLite, or with ``--postgres`` on a throwaway PostgreSQL (it re-runs itself under
  ``bin/with-postgres`` when STRAIT_DATABASE_URL names no PostgreSQL server);
- loads N synthetic persons (``strait.matching.synthetic``, never real people; default
  1,000,000, ``--quick`` 20,000) into DGSN (``ma-dgsn``), names as held in Arabic and/or Latin
  script with a date of birth, by ``executemany`` INSERT on SQLite and COPY on PostgreSQL, in
  one transaction, ids given by the script: *load time*;
- adds the peer node ``es`` (a signing key held only by this script) and the demo opening:
  DGSN opens its persons to the Guardia Civil (``es-gc``) on the Tanger Med/Algeciras port
  channel (``strait.checks.demo``);
- builds DGSN's person index from the database, as the first check of a worker would
  (``strait.checks.matcher.person_index``): *build time* and *resident memory growth* (VmRSS
  before and after, and the process peak VmHWM). The growth is the index plus whatever
  Python's allocator keeps of the rows the build read in chunks; the library index alone is
  in ``docs/matching.md``;
- sends M checks (default 2,000; ``--quick`` 300) as the Guardia Civil would: another spelling
  or the other script of a loaded person, with the date of birth as the partner holds it
  (``strait.matching.synthetic.query_variant``: exact, day and month swapped, year only, none).
  Each check is a sealed ``checks.query`` envelope (signed by the peer, encrypted to the node;
  sealing is not timed) handed to ``strait.federation.inbox.receive_batch`` alone, as a
  one-envelope batch from the peer. The timed part is the whole arrival on the answering
  node except HTTP and gunicorn: schema, signature and clock checks, decryption, the inbox
  transaction (peer lock, duplicate check, sequence), the ``checks.query`` handler (agencies,
  channel rules, repeated uid, the per-peer rate-limit count, the opening, the matcher with its
  stamp and the candidates read back from the database, the ``IncomingCheck`` and ``Candidate``
  rows, the ``checks.answered`` audit entry, the ``checks.answer`` envelope queued in the
  outbox), the signed receipt, the inbox row, the ``federation.envelope_received`` audit entry,
  and the commit. Not included: HTTP, the sender's sealing, delivering the answer (the worker).

CHECKS_PER_PEER_PER_MINUTE is raised to 1,000,000,000 for the run (the default 120 would refuse
all but the first 120 checks), so the rate-limit count reads every check of the last minute:
thousands of rows here, at most about 120 with the default limit.

Figures: p50, p95, p99, p99.9 and max of the server time per check; checks per second for one
process (checks divided by the sum of their server times: one process, checks one after another);
of each check, the time in ``matcher.look_up`` and in ``Index.search``; how many times the
index's change counter was read (every check unless ``STAMP_TTL`` says otherwise) and its cost;
the hit rate (answered hit, and the true person is the best candidate); the number and length of
Python's full garbage collections during the checks. Then the same persons are checked again
with the envelopes arriving in batches (``--batch``, default 50, one inbox transaction per
batch, as the sender's worker delivers when checks queue up): checks per second.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from strait.federation.testing import LocalNode, postgres_server_url  # noqa: E402
from strait.matching.synthetic import (  # noqa: E402 (plain Python, no Django)
    SyntheticPerson,
    generate_persons,
    query_variant,
)

SEED = 20250415
AGENCY = "ma-dgsn"
PARTNER = "es-gc"
CHANNEL = "port-tanger-med-algeciras"
WARM_UP = 10
BATCH = 5000


def figure(name: str, value: float | int | str, unit: str) -> None:
    if isinstance(value, float):
        value = (
            f"{value:.3f}"
            if abs(value) < 10
            else f"{value:.1f}"
            if abs(value) < 100
            else f"{value:.0f}"
        )
    print(f"{name}: {value} {unit}", flush=True)


def status_mb(field: str) -> float:
    """A line of /proc/self/status in megabytes (VmRSS: resident now, VmHWM: resident peak)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} in /proc/self/status")


def percentile(ordered: list[float], q: float) -> float:
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


# -- loading ---------------------------------------------------------------------------------


class Table:
    """Rows for one model's table: constant columns prepared once, the rest per row."""

    def __init__(self, model: Any, constant: dict[str, Any], varying: list[str]) -> None:
        from django.db import connection

        self.connection = connection
        self.fields = {f.attname: f for f in model._meta.concrete_fields}
        self.table = model._meta.db_table
        self.columns = [f.column for f in self.fields.values()]
        template: list[Any] = []
        for name, f in self.fields.items():
            if name in varying or name == "id":
                template.append(None)
            elif name in constant:
                template.append(f.get_db_prep_save(constant[name], connection))
            else:
                template.append(f.get_db_prep_save(f.get_default(), connection))
        self.template = template
        names = list(self.fields)
        self.slots = [(names.index(v), self.fields[v]) for v in ["id", *varying]]

    def row(self, values: list[Any]) -> list[Any]:
        row = self.template.copy()
        for (slot, f), value in zip(self.slots, values, strict=True):
            row[slot] = f.get_db_prep_save(value, self.connection)
        return row

    def write(self, rows: list[list[Any]]) -> None:
        if not rows:
            return
        with self.connection.cursor() as cursor:
            columns = ", ".join(f'"{c}"' for c in self.columns)
            if self.connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {self.table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(self.columns))
                sql = f"INSERT INTO {self.table} ({columns}) VALUES ({marks})"  # noqa: S608 (our names)
                cursor.executemany(sql, rows)

    def reset_sequence(self) -> None:
        if self.connection.vendor == "postgresql":
            with self.connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{self.table}', 'id'), "  # noqa: S608
                    f"(SELECT max(id) FROM {self.table}))"
                )


def load_persons(
    agency: Any, n_persons: int, n_sample: int, seed: int = SEED
) -> list[tuple[SyntheticPerson, uuid.UUID]]:
    """N synthetic persons of the agency with their names; returns a sample to check for.
    Another ``seed``: other persons (drawn from the same name pools), as another node holds."""
    from django.db import transaction
    from django.utils import timezone

    from strait.entities.models import Person, PersonName
    from strait.entities.validation import detect_script
    from strait.exchange.search import fold

    today = timezone.localdate()
    now = timezone.now()
    persons = Table(
        Person,
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
        ["uid", "birth_dates", "nationalities", "gender", "search_text"],
    )
    names = Table(PersonName, {"kind": "primary"}, ["person_id", "full_name", "script", "language"])
    scripts: dict[str, str] = {}
    rng = random.Random(seed + 1)
    sample: list[tuple[SyntheticPerson, uuid.UUID]] = []
    first_person = (Person.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    name_id = (PersonName.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    with transaction.atomic():
        person_rows: list[list[Any]] = []
        name_rows: list[list[Any]] = []
        for number, p in enumerate(generate_persons(n_persons, seed=seed)):
            person_id = first_person + number
            uid = uuid.UUID(int=rng.getrandbits(128), version=4)
            person_rows.append(
                persons.row(
                    [
                        person_id,
                        uid,
                        list(p.birth_dates),
                        [p.nationality],
                        rng.choice(("female", "male")),
                        fold(" ".join(p.names)),
                    ]
                )
            )
            for name in p.names:
                script = scripts.get(name)
                if script is None:
                    script = scripts[name] = detect_script(name)
                language = "ar" if script == "Arab" else ""
                name_rows.append(names.row([name_id, person_id, name, script, language]))
                name_id += 1
            if rng.random() < n_sample * 3 / n_persons and len(sample) < n_sample:
                sample.append((p, uid))
            if len(person_rows) >= BATCH:
                persons.write(person_rows)
                names.write(name_rows)
                person_rows.clear()
                name_rows.clear()
        persons.write(person_rows)
        names.write(name_rows)
        persons.reset_sequence()
        names.reset_sequence()
    if connection_vendor() == "postgresql":
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Person._meta.db_table}")
            cursor.execute(f"ANALYZE {PersonName._meta.db_table}")
    return sample


def connection_vendor() -> str:
    from django.db import connection

    return str(connection.vendor)


# -- the partner node ------------------------------------------------------------------------


class Partner:
    """The peer node ``es`` as seen from ``ma``: its private signing key lives only here."""

    def __init__(self) -> None:
        from strait.agencies.models import Agency
        from strait.federation import crypto, keys
        from strait.federation.models import KeyKind, NodeKey, Peer, PeerKey

        keys.ensure_keys()
        self.peer = Peer.objects.create(
            code="es",
            name="Node es",
            country="ES",
            base_url="http://127.0.0.1:9",
            fingerprint="0" * 40,
            agencies=list(Agency.objects.filter(node_code="es").values_list("code", flat=True)),
        )
        self.signing = crypto.new_signing_key()
        public = crypto.public_raw(self.signing)
        PeerKey.objects.create(
            peer=self.peer, kind=KeyKind.SIGNING, key_id=crypto.key_id(public), public=public
        )
        ours = NodeKey.objects.get(kind=KeyKind.ENCRYPTION, valid_until=None, revoked_at=None)
        self.encryption = bytes(ours.public)
        self.seq = 0

    def check(self, name: str, dates: tuple[str, ...]) -> tuple[uuid.UUID, dict[str, Any]]:
        """A sealed ``checks.query`` for one person, from a Guardia Civil officer."""
        from django.conf import settings

        from strait.federation.envelope import new_id, seal

        check_uid = uuid.uuid4()
        now = dt.datetime.now(dt.UTC)
        body = {
            "uid": str(check_uid),
            "channel": CHANNEL,
            "requester_agency": PARTNER,
            "requester_name": "Agente Bench",
            "recipients": [AGENCY],
            "kind": "person",
            "names": [name],
            "birth_date": dates[0] if dates else "",
            "value": "",
            "country": "ES",
            "purpose": "Control de pasajeros en el puerto de Algeciras",
            "crime_area": "migrant_smuggling",
            "created_at": now.isoformat(),
        }
        self.seq += 1
        envelope = seal(
            envelope_id=new_id(),
            origin="es",
            recipient=settings.NODE.code,
            kind="checks.query",
            created=now,
            seq=self.seq,
            handling="H0",
            body=body,
            signing_key=self.signing,
            recipient_encryption_key=self.encryption,
        )
        return check_uid, envelope


# -- measuring -------------------------------------------------------------------------------


class Collections:
    """How long each of Python's full (generation 2) garbage collections took."""

    def __init__(self) -> None:
        self.times: list[float] = []
        self.started = 0.0
        gc.callbacks.append(self.callback)

    def callback(self, phase: str, info: dict[str, int]) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            self.started = time.perf_counter()
        else:
            self.times.append(time.perf_counter() - self.started)

    def stop(self) -> None:
        gc.callbacks.remove(self.callback)


class Stopwatch:
    """Wraps a function (by module attribute) and keeps how long each call took."""

    def __init__(self, owner: Any, name: str) -> None:
        self.owner, self.name = owner, name
        self.original: Callable[..., Any] = getattr(owner, name)
        self.times: list[float] = []
        original = self.original

        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.times.append(time.perf_counter() - started)

        setattr(owner, name, timed)

    def restore(self) -> None:
        setattr(self.owner, self.name, self.original)


def run_checks(partner: Partner, sample: list[tuple[SyntheticPerson, uuid.UUID]]) -> None:
    from strait.checks import matcher
    from strait.checks.models import Candidate, IncomingCheck
    from strait.entities import person_index
    from strait.federation import inbox
    from strait.matching import Index

    rng = random.Random(SEED + 2)
    asked: list[tuple[uuid.UUID, uuid.UUID]] = []
    latencies: list[float] = []
    started_at = time.monotonic()
    look_up = search = stamp = None
    collections = None
    for number, (person, uid) in enumerate(sample):
        if number == WARM_UP:  # first compiled queries, caches, the first stamp: not counted
            look_up = Stopwatch(matcher, "look_up")
            search = Stopwatch(Index, "search")
            stamp = Stopwatch(person_index, "_stamp")
            collections = Collections()
            started_at = time.monotonic()
        name, dates = query_variant(person, rng)
        check_uid, envelope = partner.check(name, dates)
        started = time.perf_counter()
        outcomes = inbox.receive_batch([envelope])
        elapsed = time.perf_counter() - started
        receipt = outcomes[-1].receipt
        if receipt is None or receipt["body"]["status"] != "applied":
            raise SystemExit(f"check {number} was not applied: {outcomes[-1]}")
        if number >= WARM_UP:
            latencies.append(elapsed)
            asked.append((check_uid, uid))
    wall = time.monotonic() - started_at
    if look_up is None or search is None or stamp is None or collections is None:
        raise SystemExit(f"--checks must exceed the {WARM_UP} warm-up checks")
    for watch in (look_up, search, stamp):
        watch.restore()
    collections.stop()

    ordered = sorted(latencies)
    n = len(ordered)
    figure("checks timed", n, f"count (after {WARM_UP} warm-up checks)")
    for label, q in (("p50", 0.5), ("p95", 0.95), ("p99", 0.99), ("p99.9", 0.999)):
        figure(f"check server time {label}", percentile(ordered, q) * 1000, "ms")
    figure("check server time max", ordered[-1] * 1000, "ms")
    figure("check server time mean", statistics.fmean(ordered) * 1000, "ms")
    figure("checks per second (1 process)", n / sum(ordered), "checks/s")
    figure("checks per second (1 process, wall clock with the sealing)", n / wall, "checks/s")
    for label, watch in (("matcher.look_up", look_up), ("Index.search", search)):
        times = sorted(watch.times)
        figure(f"of which {label} p50", statistics.median(times) * 1000, "ms")
        figure(f"of which {label} p99", percentile(times, 0.99) * 1000, "ms")
    figure(
        "index stamp reads",
        len(stamp.times),
        f"in {wall:.1f} s (STAMP_TTL {person_index.STAMP_TTL} s)",
    )
    if stamp.times:
        figure("index stamp read mean", statistics.fmean(stamp.times) * 1000, "ms")

    figure(
        "full garbage collections during the checks",
        len(collections.times),
        f"taking {sum(collections.times) * 1000:.0f} ms in all, the longest "
        f"{max(collections.times, default=0) * 1000:.0f} ms",
    )

    results = dict(
        IncomingCheck.objects.filter(check_uid__in=[c for c, _ in asked]).values_list(
            "check_uid", "result"
        )
    )
    best: dict[uuid.UUID, uuid.UUID] = {}  # candidates are stored best first
    for check_uid, record_uid in (
        Candidate.objects.filter(incoming__check_uid__in=[c for c, _ in asked])
        .order_by("id")
        .values_list("incoming__check_uid", "record_uid")
    ):
        best.setdefault(check_uid, record_uid)
    answered_hit = sum(results.get(c) == "hit" for c, _ in asked)
    true_first = sum(results.get(c) == "hit" and best.get(c) == u for c, u in asked)
    figure("answered hit", answered_hit / n, "ratio")
    figure("hit rate (answered hit, true person the best candidate)", true_first / n, "ratio")
    figure(
        "rate-limit window at the end",
        IncomingCheck.objects.filter(
            origin_node="es",
            received_at__gte=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1),
        ).count(),
        "checks counted per check",
    )


def run_batches(
    partner: Partner, sample: list[tuple[SyntheticPerson, uuid.UUID]], size: int
) -> None:
    """The same persons checked again, the envelopes arriving ``size`` at a time, as a busy
    sender's worker delivers them: one inbox transaction per batch."""
    from strait.federation import inbox

    rng = random.Random(SEED + 3)
    seconds = 0.0
    done = 0
    for first in range(0, len(sample), size):
        envelopes = [
            partner.check(*query_variant(person, rng))[1]
            for person, _ in sample[first : first + size]
        ]
        started = time.perf_counter()
        outcomes = inbox.receive_batch(envelopes)
        seconds += time.perf_counter() - started
        applied = [o for o in outcomes if o.receipt and o.receipt["body"]["status"] == "applied"]
        if len(applied) != len(envelopes):
            raise SystemExit(f"a batch was not applied whole: {outcomes[-1]}")
        done += len(envelopes)
    figure(
        f"checks per second (1 process, batches of {size} envelopes)", done / seconds, "checks/s"
    )
    figure(f"batch of {size} server time mean", seconds / -(-done // size) * 1000, "ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="20,000 persons, 300 checks, < 60 s")
    parser.add_argument("--persons", type=int, help="persons held by DGSN (default 1,000,000)")
    parser.add_argument("--checks", type=int, help="checks to send (default 2,000)")
    parser.add_argument(
        "--batch", type=int, default=50, help="envelopes per batch in the batched run (50)"
    )
    parser.add_argument("--postgres", action="store_true", help="on a throwaway PostgreSQL")
    parser.add_argument("--keep", help="keep the node home in this directory")
    options = parser.parse_args()

    if options.postgres and not postgres_server_url():
        helper = ROOT / "bin" / "with-postgres"
        this = str(Path(__file__).resolve())
        os.execv(helper, [str(helper), sys.executable, this, *sys.argv[1:]])  # noqa: S606
    if not options.postgres:
        os.environ.pop("STRAIT_DATABASE_URL", None)  # SQLite in the node home
    n_persons = options.persons or (20_000 if options.quick else 1_000_000)
    n_checks = (options.checks or (300 if options.quick else 2_000)) + WARM_UP

    started = time.monotonic()
    home = Path(options.keep or tempfile.mkdtemp(prefix="strait-bench-checks-"))
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
    from strait.checks.models import CheckOpening
    from strait.entities import person_index

    settings.CHECKS_PER_PEER_PER_MINUTE = 1_000_000_000
    figure("seed", SEED, "number")
    figure("database", connection.vendor, "")
    figure("node init (migrate, reference data, keys)", time.monotonic() - started, "s")

    agency = Agency.objects.get(code=AGENCY)
    mark = time.monotonic()
    sample = load_persons(agency, n_persons, n_checks)
    figure("persons loaded", n_persons, "count")
    figure("load time (generate and insert persons and names)", time.monotonic() - mark, "s")
    if len(sample) < n_checks:
        raise SystemExit(f"only {len(sample)} persons sampled for {n_checks} checks")

    partner = Partner()
    seed_demo_openings(settings.NODE.code)
    opening = CheckOpening.objects.get(agency=agency, partner__code=PARTNER)
    figure(
        "opening",
        f"{AGENCY} to {PARTNER} on {CHANNEL}",
        f"{opening.kinds} up to {opening.max_handling}",
    )

    connection.close()  # the build starts on a fresh connection, as in a new worker
    gc.collect()
    rss = status_mb("VmRSS")
    mark = time.monotonic()
    index = matcher.person_index(agency.pk)
    figure("index build time (from the database)", time.monotonic() - mark, "s")
    figure("index memory (resident growth)", status_mb("VmRSS") - rss, "MB")
    figure("process resident peak", status_mb("VmHWM"), "MB")
    figure("persons indexed", len(index), "count")
    mark = time.perf_counter()
    person_index._stamp(agency.pk)
    figure("index stamp read", (time.perf_counter() - mark) * 1000, "ms")

    run_checks(partner, sample[:n_checks])
    run_batches(partner, sample[WARM_UP:n_checks], options.batch)
    figure("total run", time.monotonic() - started, "s")
    connection.close()
    if options.keep is None:  # a PostgreSQL database goes with bin/with-postgres's cluster
        import shutil

        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
