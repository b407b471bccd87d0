"""Ports benchmark: a sailing's manifest screened, with the partner's answers from a real node.

    python benchmarks/ports.py [--quick] [--persons N] [--sailings M] [--keep DIR] [--no-partner]

Issue 16: a ferry's manifest (1,500 passengers and 400 vehicles) is screened in under 30 s
against a million persons, and a peak day's 80,000 passengers in under 10 minutes. Two
throwaway nodes on SQLite, each its own ``strait serve`` (one gunicorn worker) and ``strait
worker`` (``strait.federation.testing.LocalNode``), peers of each other:

- ``es``: the Guardia Civil holds N synthetic persons (default 1,000,000; ``--quick`` 20,000),
  20,000 vehicles (``--quick`` 2,000), and 500 active alerts (``--quick`` 100) are addressed to
  it; the centre at Algeciras has DGSN as its partner on the Tanger Med/Algeciras port channel;
- ``ma``: DGSN holds N other synthetic persons (the same generator, another seed), opened to the
  Guardia Civil on that channel (the demo's opening), loaded by this script re-run in ma's
  environment (``--load-partner``, hidden), side by side with es's loading in this process.

The officer uploads each sailing in this process (``screening.upload`` with the screening
inline, as the API's ``wait`` runs it): every row checked and stored, then screened against the
own records and the alerts, and the partner's batch queued (``partner_step``). es's worker
delivers the ``checks.batch_query`` envelopes, ma's server answers them (its index, its
matcher, its rows), ma's worker delivers the ``checks.batch_answer`` envelopes, and es's server
writes them onto the sailing's partner findings. A sailing is timed from the upload to the
moment none of its partner findings is PENDING any more (es's database polled every 50 ms):
``this node's screening per sailing`` is the upload call, ``partner answer per sailing (real
node ma)`` the rest. The manifests: 2 % of the passengers are persons es holds, 1 % persons
DGSN holds, each under another spelling or script (``query_variant``) with their date of
birth, 1 % the persons of alerts, the rest other synthetic persons (namesakes are common);
2 % of the plates are es's.

Before timing, both nodes' indexes are built: es's in this process (``person_index``, timed
on its own), ma's in its server by a small warm-up sailing (50 passengers, 10 vehicles, not
counted). At 1,000,000 persons that build (about 90 s alone) outlasts the sender's 30 s HTTP
timeout and the envelope is delivered again: the timed sailings start once both nodes' outboxes
are empty, and the deliveries that failed are counted apart (warm-up, timed). The batch rate
limit per peer is raised on both nodes (``STRAIT_CHECKS_BATCH_ITEMS_PER_PEER_PER_MINUTE``), and
the officer's per-minute limit in this process: a peak day asks far more than the defaults (a
refused item would leave its partner finding pending).

Two runs. ``sailing screening: N s``: three sailings one at a time, each uploaded once the
previous one is answered (what the officer at the quay waits for, nothing else queued), the
mean from the upload to the last partner answer (its max too). ``peak day screening: N s``:
M sailings (default the day's 54 of 1,500 passengers for 80,000; ``--quick`` 3) uploaded back
to back, each as soon as the previous upload returns, as a centre with the day's manifests in
hand would, the partner answering meanwhile: from the first upload to the last partner answer,
scaled to 54 sailings when fewer ran (and it says so). Then ``transit dashboard p95: N ms``
(``benchmarks/transit_dashboard.py``'s ``dashboard_p95``). ``--no-partner``: es alone, no
servers, this node's part only (the day is its sailings' sum, scaled).
``benchmarks/checks_batch.py`` measures the answering node's server time alone.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.checks import SEED, figure, load_persons  # noqa: E402
from strait.federation.testing import LocalNode  # noqa: E402
from strait.matching.synthetic import (  # noqa: E402
    SyntheticPerson,
    generate_persons,
    query_variant,
)

AGENCY = "es-gc"
PARTNER = "ma-dgsn"
CHANNEL = "port-tanger-med-algeciras"
PASSENGERS = 1500
VEHICLES = 400
PEAK_DAY = 80_000
PARTNER_SEED = SEED + 1000
# Raised on both nodes: a peak day's sailings are far more items a minute than the default.
LIMITS = {"STRAIT_CHECKS_BATCH_ITEMS_PER_PEER_PER_MINUTE": "1000000000"}
POLL = 0.05
# The warm-up sailing waits for ma's index build (minutes at 1,000,000 persons).
WARM_UP_WITHIN = 1800.0
ANSWER_WITHIN = 600.0
# Sailings timed one at a time (the day runs them back to back).
ALONE = 3


def load_vehicles(agency: Any, count: int) -> list[str]:
    from django.utils import timezone

    from strait.entities.models import Vehicle
    from strait.matching import identifier_key

    rng = random.Random(SEED + 7)
    today = timezone.localdate()
    letters = ("BCDFGHJ", "KLMNP", "RSTV")
    plates = sorted(
        {
            f"{rng.randint(1000, 9999)} " + "".join(rng.choice(pool) for pool in letters)
            for _ in range(count)
        }
    )
    Vehicle.objects.bulk_create(
        [
            Vehicle(
                agency=agency,
                purpose="Benchmark",
                subject_category="suspect",
                fact_or_assessment="fact",
                source_reliability="B",
                information_credibility="2",
                handling="H0",
                review_date=today + dt.timedelta(days=365),
                retention_date=today + dt.timedelta(days=365),
                value=plate,
                key=identifier_key("plate", plate),
            )
            for plate in plates
        ],
        batch_size=1000,
    )
    return plates


def load_alerts(agency: Any, issuer: Any, count: int) -> list[tuple[str, str]]:
    """``count`` active wanted-person alerts issued by DGSN and addressed to the agency."""
    from django.utils import timezone

    from strait.alerts.models import Alert
    from strait.sharing.models import Participant, ParticipantRole, SharedObject

    now = timezone.now()
    people = list(generate_persons(count, seed=SEED + 55))
    objs = SharedObject.objects.bulk_create(
        [
            SharedObject(
                kind="alerts.alert", home="ma", home_agency=issuer, digest="0" * 64, ceiling="H1"
            )
            for _ in people
        ]
    )
    objs = list(SharedObject.objects.filter(kind="alerts.alert").order_by("id"))
    Participant.objects.bulk_create(
        [
            Participant(obj=o, agency=agency, role=ParticipantRole.PARTICIPANT, since=now)
            for o in objs
        ]
    )
    Alert.objects.bulk_create(
        [
            Alert(
                obj=o,
                type="wanted",
                title=f"Wanted {n}",
                handling="H1",
                area_kind="territory",
                valid_from=now - dt.timedelta(hours=1),
                valid_until=now + dt.timedelta(days=7),
                origin_agency=PARTNER,
                released_at=now,
                released_by="bench",
                drafted_by="bench",
                entity={
                    "kind": "person",
                    "names": list(p.names[:1]),
                    "birth_dates": list(p.birth_dates),
                },
                updated_at=now,
            )
            for n, (o, p) in enumerate(zip(objs, people, strict=True))
        ]
    )
    return [(p.names[0], p.birth_dates[0] if p.birth_dates else "") for p in people]


def centre(agency: Any, partner: Any) -> Any:
    from django.utils import timezone

    from strait.ports.models import Centre
    from strait.sharing.models import Participant, ParticipantRole, SharedObject

    now = timezone.now()
    obj = SharedObject.objects.create(
        kind="ports.centre", home="es", home_agency=agency, digest="0" * 64, ceiling="H1"
    )
    Participant.objects.create(obj=obj, agency=agency, role=ParticipantRole.LEAD, since=now)
    Participant.objects.create(obj=obj, agency=partner, role=ParticipantRole.PARTICIPANT, since=now)
    names = dict.fromkeys(("name_ar", "name_es", "name_fr", "name_en"), "Algeciras")
    return Centre.objects.create(
        obj=obj,
        code="algeciras",
        port="ESALG",
        country="ES",
        host_agency=agency.code,
        channel=CHANNEL,
        created_at=now,
        **names,
    )


def manifest(
    rng: random.Random,
    held: list[Any],
    partner_held: list[SyntheticPerson],
    others: list[SyntheticPerson],
    plates: list[str],
    wanted: list[tuple[str, str]],
    passengers: int = PASSENGERS,
    vehicles: int = VEHICLES,
) -> list[dict[str, str]]:
    rows = []
    for n in range(passengers):
        draw = rng.random()
        if draw < 0.02 or (draw < 0.04 and partner_held):
            person = rng.choice(held)[0] if draw < 0.02 else rng.choice(partner_held)
            name, _dates = query_variant(person, rng)  # the date as on the travel document
            born = person.birth_dates[0] if person.birth_dates else ""
        elif draw < 0.03:
            name, born = rng.choice(wanted)
        else:
            person = rng.choice(others)
            name, born = person.names[0], person.birth_dates[0] if person.birth_dates else ""
        row = {"name": name, "birth_date": born}
        if n < vehicles:
            row["plate"] = (
                rng.choice(plates)
                if rng.random() < 0.02
                else f"{rng.randint(10000, 99999)}-A-{rng.randint(1, 80)}"
            )
        rows.append(row)
    return rows


# -- the partner node ma -----------------------------------------------------------------------


def load_partner(n_persons: int, sample: Path) -> None:
    """In ma's environment (``--load-partner``): DGSN's persons and its opening to the Guardia
    Civil on the port channel; a sample of the persons written to ``sample`` for the manifests."""
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    from strait.agencies.models import Agency
    from strait.checks.demo import seed_demo_openings

    mark = time.monotonic()
    held = load_persons(Agency.objects.get(code=PARTNER), n_persons, 500, seed=PARTNER_SEED)
    seed_demo_openings(settings.NODE.code)
    figure("partner persons (ma-dgsn)", n_persons, "count")
    figure("partner load time", time.monotonic() - mark, "s")
    sample.write_text(json.dumps([dataclasses.asdict(person) for person, _uid in held]))
    connection.close()


def start_partner_load(ma: LocalNode, n_persons: int, sample: Path) -> subprocess.Popen[str]:
    args = [sys.executable, str(Path(__file__).resolve()), "--load-partner", str(n_persons)]
    with (ma.home / "load.log").open("a") as log:
        return subprocess.Popen(  # noqa: S603 (this script, our arguments)
            [*args, "--sample", str(sample)],
            env=ma.env(),
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
        )


def read_sample(path: Path) -> list[SyntheticPerson]:
    return [
        SyntheticPerson(
            id=p["id"],
            nationality=p["nationality"],
            names=tuple(p["names"]),
            birth_dates=tuple(p["birth_dates"]),
            other_spellings=tuple(p["other_spellings"]),
        )
        for p in json.loads(path.read_text())
    ]


def start_pair(es: LocalNode, ma: LocalNode) -> None:
    """Servers (one gunicorn worker each: one index in memory), peers, then workers."""
    for node in (es, ma):
        node.start_server(workers=1, threads=4)
    es.add_peer(ma)
    ma.add_peer(es)
    for node in (es, ma):
        node.start_worker()


def resident_mb(node: LocalNode, name: str = "serve") -> tuple[float, float]:
    """Resident memory now and at its peak (MB), summed over a node process's group."""
    process = node.processes.get(name)
    if process is None:
        return 0.0, 0.0
    now = peak = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[2]) != process.pid:
                continue
            for line in (stat.parent / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    now += int(line.split()[1]) / 1024
                elif line.startswith("VmHWM:"):
                    peak += int(line.split()[1]) / 1024
        except (OSError, IndexError, ValueError):
            continue
    return now, peak


def wait_answered(es: LocalNode, sailing: Any, within: float) -> float:
    """The moment (``time.monotonic``) none of the sailing's partner findings is pending,
    read from es's database as its server writes the answers."""
    from strait.ports.manifest_models import Finding

    if sailing.partner_note or not sailing.partner_asked:
        raise SystemExit(
            f"sailing {sailing.vessel}: the partner was not asked: {sailing.partner_note}"
        )
    sql = (
        f"SELECT count(*) FROM {Finding._meta.db_table} "  # noqa: S608 (our names)
        "WHERE sailing_id = ? AND source = ? AND result = ?"
    )
    params = (sailing.pk, Finding.Source.PARTNER.value, Finding.Result.PENDING.value)
    start = time.monotonic()
    while es.query(sql, params)[0][0]:
        if time.monotonic() - start > within:
            raise SystemExit(
                f"sailing {sailing.vessel}: partner findings still pending after {within:.0f} s"
                f" (refused answers stay pending); logs in {es.home} and {es.home.parent / 'ma'}"
            )
        time.sleep(POLL)
    return time.monotonic()


def wait_delivered(node: LocalNode, within: float) -> None:
    """Until nothing waits in the node's outbox: a delivery that timed out during the warm-up
    (ma building its index) may be backed off for minutes, which no timed sailing should meet."""
    from strait.federation.models import OutboxEnvelope, OutboxStatus

    sql = f"SELECT count(*) FROM {OutboxEnvelope._meta.db_table} WHERE status = ?"  # noqa: S608
    start = time.monotonic()
    while node.query(sql, (OutboxStatus.PENDING.value,))[0][0]:
        if time.monotonic() - start > within:
            raise SystemExit(f"node {node.code}: envelopes still undelivered after {within:.0f} s")
        time.sleep(POLL)


def failed_deliveries(*nodes: LocalNode) -> int:
    """Deliveries the nodes' workers logged as failed (an HTTP timeout: a batch the peer took
    longer than 30 s to apply; a locked database), each retried later."""
    count = 0
    for node in nodes:
        log = node.home / "worker.log"
        if log.exists():
            count += len(re.findall(r"delivery to \w+ failed", log.read_text(errors="replace")))
    return count


# -- the run ---------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="20,000 persons each side, 3 sailings")
    parser.add_argument("--persons", type=int, help="persons held on each side")
    parser.add_argument("--sailings", type=int, help="sailings of the peak day to screen")
    parser.add_argument("--keep", help="keep the nodes' homes in this directory")
    parser.add_argument("--no-partner", action="store_true", help="es alone: its own part only")
    parser.add_argument("--load-partner", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--sample", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.load_partner is not None:
        load_partner(options.load_partner, Path(options.sample))
        return
    os.environ.pop("STRAIT_DATABASE_URL", None)
    n_persons = options.persons or (20_000 if options.quick else 1_000_000)
    n_vehicles = 2_000 if options.quick else 20_000
    n_alerts = 100 if options.quick else 500
    per_sailing = PASSENGERS + VEHICLES
    day_sailings = -(-PEAK_DAY // PASSENGERS)
    n_sailings = options.sailings or (3 if options.quick else day_sailings)
    real = not options.no_partner

    started = time.monotonic()
    home = Path(options.keep or tempfile.mkdtemp(prefix="strait-bench-ports-"))
    es = LocalNode("es", home / "es", country="ES", settings_env=LIMITS)
    ma = LocalNode("ma", home / "ma", country="MA", settings_env=LIMITS)
    try:
        run(options, es, ma if real else None, n_persons, n_vehicles, n_alerts, n_sailings)
    finally:
        es.stop()
        ma.stop()
    figure("peak day sailings", day_sailings, f"of {PASSENGERS} passengers, {per_sailing} rows")
    figure("total run", time.monotonic() - started, "s")
    if options.keep is None:
        import shutil

        shutil.rmtree(home, ignore_errors=True)


def run(
    options: argparse.Namespace,
    es: LocalNode,
    ma: LocalNode | None,
    n_persons: int,
    n_vehicles: int,
    n_alerts: int,
    n_sailings: int,
) -> None:
    es.init()
    sample = es.home.parent / "ma-sample.json"
    loader = None
    if ma is not None:
        ma.init()
        loader = start_partner_load(ma, n_persons, sample)
    os.environ.update(es.env())

    import django

    django.setup()
    import logging

    from django.conf import settings
    from django.db import connection
    from django.utils import timezone

    from strait.accounts.models import User
    from strait.agencies.models import Agency
    from strait.entities import person_index
    from strait.permissions import Role
    from strait.ports import screening

    logging.getLogger("httpx").setLevel(logging.WARNING)  # a line per health probe
    settings.PORTS_SCREENING_INLINE = True
    settings.CHECKS_PER_USER_PER_MINUTE = 1_000_000_000  # each sailing's batch counts as one
    figure("database", connection.vendor, "(each node)")
    agency = Agency.objects.get(code=AGENCY)
    partner = Agency.objects.get(code=PARTNER)
    mark = time.monotonic()
    held = load_persons(agency, n_persons, 500)
    plates = load_vehicles(agency, n_vehicles)
    wanted = load_alerts(agency, partner, n_alerts)
    figure("own persons", n_persons, "count" + (" (--quick)" if options.quick else ""))
    figure("own vehicles", len(plates), "count")
    figure("active alerts", n_alerts, "count")
    figure("load time", time.monotonic() - mark, "s")
    at = centre(agency, partner)
    officer = User.objects.create(
        username="bench.officer", full_name="Bench Officer", agency=agency, role=Role.OFFICER
    )
    others = list(generate_persons(20_000, seed=SEED + 99))
    partner_held: list[SyntheticPerson] = []
    if loader is not None and ma is not None:
        out, _err = loader.communicate()
        print(out, end="", flush=True)
        if loader.returncode != 0:
            raise SystemExit(f"loading ma failed: see {ma.home / 'load.log'}")
        figure("both sides loaded (side by side)", time.monotonic() - mark, "s")
        partner_held = read_sample(sample)
        connection.close()
        start_pair(es, ma)
    # What a serving process has loaded before its first upload: the URLconf (a hit's link).
    from django.urls import reverse

    reverse("web:home")
    mark = time.monotonic()
    person_index.person_index(agency.pk)
    figure("own index build (first screening of a process)", time.monotonic() - mark, "s")

    rng = random.Random(SEED + 3)
    failed_before = 0

    def upload(name: str, rows: list[dict[str, str]]) -> Any:
        sailing = screening.upload(
            officer,
            centre=at,
            vessel=name,
            rotation=name,
            departs_at=timezone.now() + dt.timedelta(hours=1),
            from_port="ESALG",
            to_port="MAPTM",
            rows=rows,
        )
        if sailing.status != "done":
            raise SystemExit(f"sailing {name} ended {sailing.status}")
        return sailing

    if ma is not None:
        rows = manifest(rng, held, partner_held, others, plates, wanted, 50, 10)
        mark = time.monotonic()
        warm = upload("Warm-up", rows)
        wait_answered(es, warm, WARM_UP_WITHIN)
        figure("warm-up sailing, not counted (ma's index built)", time.monotonic() - mark, "s")
        for node in (es, ma):
            wait_delivered(node, WARM_UP_WITHIN)
        failed_before = failed_deliveries(es, ma)
        figure("failed deliveries in the warm-up (retried)", failed_before, "count")
        now, peak = resident_mb(ma)
        figure("ma server resident after its index build", now, f"MB (peak {peak:.0f} MB)")

    # One sailing at a time, each once the previous one is answered: what the officer waits for.
    own: list[float] = []
    answer: list[float] = []
    whole: list[float] = []
    hits: list[int] = []
    partner_hits: list[int] = []
    alone = min(n_sailings, ALONE) if ma is not None else n_sailings
    for n in range(alone):
        rows = manifest(rng, held, partner_held, others, plates, wanted)
        mark = time.monotonic()
        sailing = upload(f"Alone {n}", rows)
        uploaded = time.monotonic()
        own.append(uploaded - mark)
        if ma is not None:
            answered = wait_answered(es, sailing, ANSWER_WITHIN)
            answer.append(answered - uploaded)
            whole.append(answered - mark)
            sailing.refresh_from_db()
            partner_hits.append(sailing.partner_hits)
        else:
            whole.append(own[-1])
        hits.append(sailing.hits)
    figure("sailings screened one at a time", alone, f"of {PASSENGERS + VEHICLES} rows")
    figure("this node's screening per sailing (mean)", statistics.fmean(own), "s")
    figure("this node's screening per sailing (max)", max(own), "s")
    if ma is not None:
        figure("partner answer per sailing (real node ma, mean)", statistics.fmean(answer), "s")
        figure("partner answer per sailing (real node ma, max)", max(answer), "s")
        figure("partner hits per sailing (mean)", statistics.fmean(partner_hits), "count")
        figure("sailing screening (max)", max(whole), "s")
    figure("rows with a hit per sailing (mean, every source)", statistics.fmean(hits), "count")
    part = "" if ma is not None else " (this node's part only: --no-partner)"
    print(f"sailing screening: {statistics.fmean(whole):.1f} s{part}", flush=True)

    # The day: each sailing uploaded as soon as the previous upload returns, as a centre would
    # with the manifests in hand; the partner's answers come back meanwhile.
    day_sailings = -(-PEAK_DAY // PASSENGERS)
    scaled = "" if n_sailings >= day_sailings else f" (scaled from {n_sailings} sailings)"
    if ma is None:
        day = sum(whole) * (day_sailings / n_sailings)
    else:
        manifests = [
            manifest(rng, held, partner_held, others, plates, wanted) for _ in range(n_sailings)
        ]
        mark = time.monotonic()
        queued = [upload(f"Day {n}", rows) for n, rows in enumerate(manifests)]
        uploaded = done = time.monotonic()
        for sailing in queued:
            done = wait_answered(es, sailing, ANSWER_WITHIN * len(queued))
        figure("day's sailings uploaded back to back", n_sailings, "sailings")
        figure("day's uploads (this node's screening)", uploaded - mark, "s")
        figure("day's last partner answer after the last upload", done - uploaded, "s")
        day = (done - mark) * (day_sailings / n_sailings)
        now, peak = resident_mb(ma)
        figure("ma server resident", now, f"MB (peak {peak:.0f} MB)")
        failed = failed_deliveries(es, ma) - failed_before
        figure("failed deliveries while timed (retried; see worker.log)", failed, "count")
    print(f"peak day screening: {day:.1f} s{scaled}{part}", flush=True)
    connection.close()
    try:
        from benchmarks.transit_dashboard import dashboard_p95

        p95 = dashboard_p95(options.quick)
        print(f"transit dashboard p95: {p95:.1f} ms")
    except ImportError as error:
        print(f"transit dashboard p95: n/a ms ({error})")


if __name__ == "__main__":
    main()
