"""Demo records benchmark: how long the synthetic records of a demo node take to write.

    python benchmarks/entities_demo.py [--quick] [--runs N] [--node ma|es] [--max-seconds S]

``strait.entities.demo.seed_demo_entities`` writes each demo agency's synthetic persons (300 per
agency), their names, a few phones, vehicles and vessels through ``entities.actions.add_in_bulk``
(one audit entry per batch), and on ``ma`` the checks scenario's person. ``strait demo`` and
every demo node run it at start, so it must stay quick: this benchmark holds the wall-clock
bound that ``tests/entities/test_demo.py`` used to assert (under 3 s), out of the test suite
where a loaded machine made it flaky.

What it does, printing one ``figure: value unit`` line per figure:

- creates a throwaway SQLite database in a temporary directory (``migrate``, the reference
  data: countries and agencies), in this process;
- runs ``seed_demo_entities(node)`` N times (default 5, ``--quick`` 3), each inside a
  transaction rolled back afterwards so every run starts from no demo records; the first run
  is not set apart (the demo runs once, cold);
- prints the records written per run, the median and the slowest run's time, and records per
  second at the median. Exits 1 when the median is over ``--max-seconds`` (default 3).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def figure(name: str, value: float | int | str, unit: str) -> None:
    if isinstance(value, float):
        value = (
            f"{value:.3f}"
            if abs(value) < 10
            else f"{value:.1f}"
            if abs(value) < 100
            else f"{value:.0f}"
        )
    print(f"{name}: {value} {unit}".rstrip(), flush=True)


class _Rollback(Exception):
    """Leaves the run's transaction so that nothing it wrote stays."""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="3 runs instead of 5")
    parser.add_argument("--runs", type=int, help="how many times to write the demo records")
    parser.add_argument("--node", choices=("ma", "es"), default="ma", help="the demo node")
    parser.add_argument("--max-seconds", type=float, default=3.0, help="bound on the median")
    options = parser.parse_args()
    runs = options.runs or (3 if options.quick else 5)

    with tempfile.TemporaryDirectory(prefix="strait-bench-demo-") as tmp:
        home = Path(tmp)
        os.environ.update(
            STRAIT_HOME=str(home),
            STRAIT_DATABASE_URL=f"sqlite:///{home / 'db.sqlite3'}",
            STRAIT_NODE=options.node,
            DJANGO_SETTINGS_MODULE="strait.settings",
        )
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import transaction

        from strait.agencies.seed import seed_reference_data
        from strait.entities.demo import seed_demo_entities

        call_command("migrate", verbosity=0)
        seed_reference_data()

        seconds: list[float] = []
        created = 0
        for _run in range(runs):
            try:
                with transaction.atomic():
                    started = time.perf_counter()
                    created = seed_demo_entities(options.node)
                    seconds.append(time.perf_counter() - started)
                    raise _Rollback
            except _Rollback:
                pass

    median = statistics.median(seconds)
    figure("node", options.node, "")
    figure("runs", runs, "")
    figure("demo records written per run", created, "records")
    figure("demo seed time median", median, "s")
    figure("demo seed time max", max(seconds), "s")
    figure("demo seed rate at the median", created / median if median else 0.0, "records/s")
    figure("bound on the median", options.max_seconds, "s")
    if median > options.max_seconds:
        print(f"over the bound: {median:.3f} s > {options.max_seconds} s", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
