"""Person-matching benchmark: quality on ../shared/eval (with nomenklatura side by side) and speed.

Usage:  python benchmarks/matching.py [--quick] [--eval-dir DIR] [--persons N] [--no-nomenklatura]

Prints one ``figure: value unit`` line per figure. Quality follows the protocol of
``/work/shared/eval/README.md``: fixed seed, up to 250 queries per task, 1,000 distractors of
the index's script; tasks ar2lat, ar2lat_dob, lat2ar, lat2lat. Speed uses synthetic Moroccan
and Spanish persons (``strait.matching.synthetic``), never real people.
"""

from __future__ import annotations

import argparse
import gc
import json
import multiprocessing
import os
import random
import statistics
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from strait.matching import THRESHOLD, Index
from strait.matching.arabic import has_arabic
from strait.matching.synthetic import generate_persons, query_variant

SEED = 20250415
QUERIES = 250
DISTRACTORS = 1000
DEFAULT_EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
TASKS = ("ar2lat", "ar2lat_dob", "lat2ar", "lat2lat")


def figure(name: str, value: float | int | str, unit: str) -> None:
    if isinstance(value, float):
        value = f"{value:.3f}" if abs(value) < 100 else f"{value:.0f}"
    print(f"{name}: {value} {unit}", flush=True)


# -- the protocol --------------------------------------------------------------------------


@dataclass
class Entry:
    id: str
    names: list[str]
    birth_dates: list[str] = field(default_factory=list)


@dataclass
class Query:
    truth: str
    name: str
    birth_dates: list[str] = field(default_factory=list)


@dataclass
class Task:
    name: str
    index: list[Entry]
    queries: list[Query]


def _load(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _arabic_query_name(person: dict[str, Any]) -> str:
    for detail in person["name_details"]:
        if detail["kind"] == "original_script" and has_arabic(detail["name"]):
            return str(detail["name"])
    return str(person["names_arabic_script"][0])


def build_tasks(eval_dir: Path, queries: int) -> list[Task]:
    persons = _load(eval_dir / "dev-persons.jsonl")
    distractors = _load(eval_dir / "dev-distractors.jsonl")
    rng = random.Random(SEED)
    arabic_d = [d for d in distractors if has_arabic(d["names"][0])]
    latin_d = [d for d in distractors if not has_arabic(d["names"][0]) and d["names"][0].isascii()]
    latin_d += [
        d
        for d in distractors
        if not has_arabic(d["names"][0])
        and not d["names"][0].isascii()
        and all(ch.isascii() or (ch.isalpha() and ord(ch) < 0x250) for ch in d["names"][0])
    ]
    latin_d.sort(key=lambda d: d["id"])
    arabic_d = rng.sample(arabic_d, min(DISTRACTORS, len(arabic_d)))
    latin_d = rng.sample(latin_d, min(DISTRACTORS, len(latin_d)))

    def distractor_entries(pool: list[dict[str, Any]], dob: bool) -> list[Entry]:
        return [Entry(d["id"], list(d["names"]), d["birth_dates"] if dob else []) for d in pool]

    both = [p for p in persons if p["has_arabic_script"] and p["has_latin_script"]]
    latin = [p for p in persons if p["has_latin_script"]]
    tasks: list[Task] = []

    def latin_index(dob: bool) -> list[Entry]:
        entries = [
            Entry(p["id"], list(p["names_latin_script"]), p["birth_dates"] if dob else [])
            for p in latin
        ]
        return entries + distractor_entries(latin_d, dob)

    sample = rng.sample(both, min(queries, len(both)))
    tasks.append(
        Task("ar2lat", latin_index(False), [Query(p["id"], _arabic_query_name(p)) for p in sample])
    )
    with_dob = [p for p in both if p["birth_dates"]]
    sample = rng.sample(with_dob, min(queries, len(with_dob)))
    tasks.append(
        Task(
            "ar2lat_dob",
            latin_index(True),
            [Query(p["id"], _arabic_query_name(p), p["birth_dates"]) for p in sample],
        )
    )
    arabic_index = [Entry(p["id"], list(p["names_arabic_script"])) for p in both]
    sample = rng.sample(both, min(queries, len(both)))
    tasks.append(
        Task(
            "lat2ar",
            arabic_index + distractor_entries(arabic_d, False),
            [Query(p["id"], p["names_latin_script"][0]) for p in sample],
        )
    )
    multi = [p for p in latin if len(p["names_latin_script"]) > 1]
    sample = rng.sample(multi, min(queries, len(multi)))
    chosen = {p["id"]: rng.choice(p["names_latin_script"][1:]) for p in sample}
    lat_entries = [
        Entry(p["id"], [n for n in p["names_latin_script"] if n != chosen.get(p["id"])])
        for p in latin
    ]
    tasks.append(
        Task(
            "lat2lat",
            lat_entries + distractor_entries(latin_d, False),
            [Query(p["id"], chosen[p["id"]]) for p in sample],
        )
    )
    return tasks


@dataclass
class Outcome:
    rank: int | None  # 0-based rank of the true person, None if not returned
    true_score: float
    false_flag: bool


def summarise(system: str, task: str, outcomes: list[Outcome], seconds: float) -> None:
    n = len(outcomes)
    prefix = f"{task} {system}"
    figure(f"{prefix} queries", n, "count")
    figure(f"{prefix} recall@1", sum(o.rank == 0 for o in outcomes) / n, "ratio")
    figure(
        f"{prefix} recall@5",
        sum(o.rank is not None and o.rank < 5 for o in outcomes) / n,
        "ratio",
    )
    figure(
        f"{prefix} flagged", sum(o.true_score >= _threshold[system] for o in outcomes) / n, "ratio"
    )
    figure(f"{prefix} false flags", sum(o.false_flag for o in outcomes) / n, "ratio")
    figure(f"{prefix} time per query", seconds / n * 1000, "ms")


_threshold: dict[str, float] = {"strait": THRESHOLD, "nomenklatura": 0.7}


def run_strait(task: Task) -> tuple[list[Outcome], float]:
    index = Index()
    for entry in task.index:
        index.add(entry.id, entry.names, entry.birth_dates)
    outcomes = []
    start = time.perf_counter()
    for query in task.queries:
        results = index.search([query.name], query.birth_dates, limit=50)
        ids = [m.record_id for m in results]
        rank = ids.index(query.truth) if query.truth in ids else None
        true_score = results[rank].score if rank is not None else 0.0
        false_flag = any(m.flagged and m.record_id != query.truth for m in results)
        outcomes.append(Outcome(rank, true_score, false_flag))
    return outcomes, time.perf_counter() - start


def run_nomenklatura(task: Task, queries: list[Query]) -> tuple[list[Outcome], float]:
    from followthemoney import model
    from nomenklatura.matching import LogicV2

    config = LogicV2.default_config()

    def entity(entity_id: str, names: Iterable[str], dates: Iterable[str]) -> Any:
        proxy = model.make_entity("Person")
        proxy.id = entity_id  # ids must be unique: nomenklatura caches by id
        for name in names:
            proxy.add("name", name)
        for date in dates:
            proxy.add("birthDate", date)
        return proxy

    entries = [(e.id, entity(f"idx-{e.id}", e.names, e.birth_dates)) for e in task.index]
    outcomes = []
    start = time.perf_counter()
    for n, query in enumerate(queries):
        proxy = entity(f"q-{task.name}-{n}", [query.name], query.birth_dates)
        scored = sorted(
            ((LogicV2.compare(proxy, e, config).score, eid) for eid, e in entries),
            key=lambda s: -s[0],
        )
        ids = [eid for _, eid in scored]
        rank = ids.index(query.truth)
        false_flag = any(s >= 0.7 and eid != query.truth for s, eid in scored)
        outcomes.append(Outcome(rank, scored[rank][0], false_flag))
    return outcomes, time.perf_counter() - start


def quality(eval_dir: Path, quick: bool, nomenklatura: bool) -> None:
    queries = 100 if quick else QUERIES
    tasks = build_tasks(eval_dir, queries)
    figure("distractors per index", DISTRACTORS, "count")
    figure("strait threshold", THRESHOLD, "score")
    for task in tasks:
        figure(f"{task.name} index size", len(task.index), "count")
        outcomes, seconds = run_strait(task)
        summarise("strait", task.name, outcomes, seconds)
    if not nomenklatura:
        print("note: nomenklatura comparison skipped (--no-nomenklatura)")
        return
    try:
        import nomenklatura
    except ImportError:
        print("note: nomenklatura is not installed; its logic-v2 figures are skipped")
        return
    nk_queries = 4 if quick else QUERIES
    print(
        "note: nomenklatura logic-v2 compares each query with every index entry "
        f"({nk_queries} queries per task)"
    )
    for task in tasks:
        outcomes, seconds = run_nomenklatura(task, task.queries[:nk_queries])
        summarise("nomenklatura", task.name, outcomes, seconds)


# -- speed -----------------------------------------------------------------------------------


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


_SPEED_INDEX: Index | None = None


def _run_checks(queries: list[tuple[str, tuple[str, ...]]]) -> int:
    if _SPEED_INDEX is None:
        raise RuntimeError("the speed index is set before the workers fork")
    for name, dates in queries:
        _SPEED_INDEX.search([name], dates, limit=1)
    return len(queries)


def _throughput(index: Index, queries: list[tuple[str, tuple[str, ...]]], processes: int) -> float:
    """Checks per second with ``processes`` forked workers sharing the built index."""
    global _SPEED_INDEX
    _SPEED_INDEX = index
    chunks = [queries[i::processes] for i in range(processes)]
    context = multiprocessing.get_context("fork")
    with context.Pool(processes) as pool:
        pool.map(_run_checks, [chunks[0][:5]] * processes)  # start the workers
        start = time.perf_counter()
        done = sum(pool.map(_run_checks, chunks))
        return done / (time.perf_counter() - start)


def speed(n_persons: int, n_checks: int) -> None:
    rng = random.Random(SEED)
    figure("speed persons", n_persons, "count")
    gc.collect()
    before = _rss_mb()
    start = time.perf_counter()
    index = Index()
    persons = generate_persons(n_persons, seed=SEED)
    sample: list[Any] = []
    for person in persons:
        index.add(person.id, person.names, person.birth_dates)
        if rng.random() < n_checks * 3 / n_persons and len(sample) < n_checks:
            sample.append(person)
    build = time.perf_counter() - start
    figure("speed index build time", build, "s")
    figure("speed index memory", _rss_mb() - before, "MB")
    latencies: list[float] = []
    hits = 0
    queries = []
    for person in sample:
        name, dates = query_variant(person, rng)
        queries.append((name, dates))
        start = time.perf_counter()
        results = index.search([name], dates, limit=1)
        latencies.append(time.perf_counter() - start)
        hits += bool(results and results[0].record_id == person.id and results[0].flagged)
    latencies.sort()
    figure("speed checks", len(latencies), "count")
    figure("speed check hit rate", hits / len(latencies), "ratio")
    figure("speed check latency p50", statistics.median(latencies) * 1000, "ms")
    figure("speed check latency p99", latencies[int(len(latencies) * 0.99) - 1] * 1000, "ms")
    figure("speed checks per second (1 process)", len(latencies) / sum(latencies), "checks/s")
    processes = os.cpu_count() or 1
    figure(
        f"speed checks per second ({processes} processes)",
        _throughput(index, queries, processes),
        "checks/s",
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller runs, within 60 s")
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--persons", type=int, default=None, help="persons in the speed index")
    parser.add_argument("--no-nomenklatura", action="store_true")
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--skip-quality", action="store_true")
    args = parser.parse_args(argv)
    figure("seed", SEED, "number")
    if not args.skip_quality:
        quality(args.eval_dir, args.quick, not args.no_nomenklatura)
    if not args.skip_speed:
        n = args.persons or (50_000 if args.quick else 1_000_000)
        speed(n, 300 if args.quick else 2_000)


if __name__ == "__main__":
    main()
