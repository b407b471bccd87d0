"""Ports benchmark: a sailing's manifest screened, a peak day of sailings, the transit dashboard.

    python benchmarks/ports.py [--quick] [--persons N] [--sailings M] [--keep DIR]

Issue 16. On a throwaway node ``es`` (SQLite), the Guardia Civil holds N synthetic persons
(default 1,000,000; ``--quick`` 20,000) and 20,000 vehicles (``--quick`` 2,000), and 500 active
alerts (``--quick`` 100) are addressed to it. Its officer uploads a sailing of 1,500 passengers
and 400 vehicles at Algeciras: 2 % of the passengers are held persons under another spelling or
script, the rest other synthetic persons (namesakes are common), 2 % of the plates are held,
and 1 % of the passengers are the persons of alerts. Timed: from the upload (every row checked,
the rows stored) to the sailing screened against the own records and the alerts and its
partner batch queued (``screening.upload`` then ``screening.screen``, in this process).

The partner's hit/no-hit answers come from the other node: ``benchmarks/checks_batch.py``
measures that node answering a manifest against a million persons (H3). Here the partner's
part is added as its items over that benchmark's ``batch check answer`` rate, run with the same
``--quick`` (and said so): ``sailing screening`` = this node's screening + the partner's answer.

Prints ``sailing screening: N s``, ``peak day screening: N s`` (80,000 passengers across
sailings; ``--quick`` screens 3 sailings and scales their time to the day, and says so) and
``transit dashboard p95: N ms`` (``benchmarks/transit_dashboard.py``'s ``dashboard_p95``).
"""

from __future__ import annotations

import argparse
import datetime as dt
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
from strait.matching.synthetic import generate_persons, query_variant  # noqa: E402

AGENCY = "es-gc"
PARTNER = "ma-dgsn"
CHANNEL = "port-tanger-med-algeciras"
PASSENGERS = 1500
VEHICLES = 400
PEAK_DAY = 80_000


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
    others: list[Any],
    plates: list[str],
    wanted: list[tuple[str, str]],
    passengers: int = PASSENGERS,
    vehicles: int = VEHICLES,
) -> list[dict[str, str]]:
    rows = []
    for n in range(passengers):
        draw = rng.random()
        if draw < 0.02:
            person, _uid = rng.choice(held)
            name = query_variant(person, rng)
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


def partner_rate(quick: bool) -> tuple[float, str]:
    """The answering node's rate (items/s) from ``benchmarks/checks_batch.py``."""
    args = [sys.executable, str(ROOT / "benchmarks" / "checks_batch.py")]
    if quick:
        args.append("--quick")
    done = subprocess.run(args, capture_output=True, text=True, check=False, timeout=3600)  # noqa: S603
    found = re.search(r"^batch check answer: ([0-9.]+)", done.stdout, re.MULTILINE)
    if not found:
        return 0.0, "checks_batch.py printed no rate"
    return float(found.group(1)), "checks_batch.py" + (" --quick" if quick else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="20,000 persons, 3 sailings")
    parser.add_argument("--persons", type=int, help="persons held by the Guardia Civil")
    parser.add_argument("--sailings", type=int, help="sailings of the peak day to screen")
    parser.add_argument("--keep", help="keep the node home in this directory")
    parser.add_argument("--no-partner", action="store_true", help="skip checks_batch.py")
    options = parser.parse_args()
    os.environ.pop("STRAIT_DATABASE_URL", None)
    n_persons = options.persons or (20_000 if options.quick else 1_000_000)
    n_vehicles = 2_000 if options.quick else 20_000
    n_alerts = 100 if options.quick else 500
    per_sailing = PASSENGERS + VEHICLES
    day_sailings = -(-PEAK_DAY // PASSENGERS)
    n_sailings = options.sailings or (3 if options.quick else day_sailings)

    started = time.monotonic()
    home = Path(options.keep or tempfile.mkdtemp(prefix="strait-bench-ports-"))
    node = LocalNode("es", home / "es", country="ES")
    node.init()
    os.environ.update(node.env())

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.utils import timezone

    from strait.accounts.models import User
    from strait.agencies.models import Agency
    from strait.entities import person_index
    from strait.permissions import Role
    from strait.ports import screening

    settings.PORTS_SCREENING_INLINE = True
    settings.CHECKS_BATCH_ITEMS_PER_PEER_PER_MINUTE = 1_000_000_000
    figure("database", connection.vendor, "")
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
    # What a serving process has loaded before its first upload: the URLconf (a hit's link).
    from django.urls import reverse

    reverse("web:home")
    mark = time.monotonic()
    person_index.person_index(agency.pk)
    figure("own index build (first screening of a process)", time.monotonic() - mark, "s")

    rng = random.Random(SEED + 3)
    seconds: list[float] = []
    hits: list[int] = []
    for n in range(n_sailings):
        rows = manifest(rng, held, others, plates, wanted)
        mark = time.monotonic()
        sailing = screening.upload(
            officer,
            centre=at,
            vessel=f"Bench {n}",
            rotation=f"R-{n}",
            departs_at=timezone.now() + dt.timedelta(hours=1),
            from_port="ESALG",
            to_port="MAPTM",
            rows=rows,
        )
        seconds.append(time.monotonic() - mark)
        hits.append(sailing.hits)
        if sailing.status != "done":
            raise SystemExit(f"sailing {n} ended {sailing.status}")
    local = statistics.fmean(seconds)
    figure("rows per sailing", per_sailing, "count")
    figure("this node's screening per sailing (mean)", local, "s")
    figure("this node's screening per sailing (max)", max(seconds), "s")
    figure("rows with a hit per sailing (mean)", statistics.fmean(hits), "count")
    rate, source = (0.0, "skipped") if options.no_partner else partner_rate(options.quick)
    partner = per_sailing / rate if rate else 0.0
    figure("partner answer rate", rate, f"items/s ({source})")
    figure("partner answer per sailing", partner, "s")
    print(f"sailing screening: {local + partner:.1f} s")
    day_local = sum(seconds) * (day_sailings / n_sailings)
    scaled = "" if n_sailings >= day_sailings else f" (scaled from {n_sailings} sailings)"
    figure("peak day sailings", day_sailings, f"of {PASSENGERS} passengers{scaled}")
    print(f"peak day screening: {day_local + partner * day_sailings:.1f} s{scaled}")
    try:
        from benchmarks.transit_dashboard import dashboard_p95

        p95 = dashboard_p95(options.quick)
        print(f"transit dashboard p95: {p95:.1f} ms")
    except ImportError as error:
        print(f"transit dashboard p95: n/a ms ({error})")
    figure("total run", time.monotonic() - started, "s")
    connection.close()
    if options.keep is None:
        import shutil

        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
