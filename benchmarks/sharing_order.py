"""Sharing cost benchmark (issue 13): what ordering one change costs at the home and applying
one costs at a participant, in process, without HTTP or the delivery worker.

    python benchmarks/sharing_order.py [--changes N] [--postgres]

A throwaway node ``ma`` (``strait init``, SQLite; ``--postgres``: a throwaway PostgreSQL through
``bin/with-postgres``) holds a test note (``tests.sharing.conftest``'s type) led by one of its
agencies with three partner nodes taking part (two participants, one observer), as in the
three-node benchmark. Figures:

- ``order one change``: median time of ``sharing.actions.propose`` by a member at the home:
  the checks, the apply, the signature, one ``sharing.change`` per partner node queued in the
  outbox, the audit entry, the commit;
- ``changes ordered per second``: N changes one after another, divided by their total time;
- ``apply one change``: median time of one ``sharing.change`` envelope from a partner home
  handed alone to ``federation.inbox.receive_batch`` (signature checks, the inbox transaction,
  the handler, the receipt, the commit; sealing not timed);
- ``changes applied per second in batches``: the same in batches of 50 (one inbox transaction);
- ``statements to order one change`` and ``statements to apply one change``: the database
  statements of one more of each (savepoints included): the figure the machine's load does not
  move (``tests/sharing/test_query_counts.py`` pins it).

The times move with the machine's load: compare runs made one after the other.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from strait.federation.testing import LocalNode, postgres_server_url  # noqa: E402


def figure(name: str, value: float, unit: str) -> None:
    shown = f"{value:.0f}" if not unit else f"{value:.1f}"
    print(f"{name}: {shown} {unit}".rstrip(), flush=True)


def setup() -> None:
    home = Path(tempfile.mkdtemp(prefix="strait-bench-sharing-"))
    node = LocalNode("ma", home / "ma", country="MA")
    node.init()
    os.environ.update(node.env())
    import django

    django.setup()


def run(count: int) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from strait.federation import inbox, keys
    from strait.permissions import Role
    from strait.sharing import actions
    from strait.sharing.models import Change, ParticipantRole, SharedObject
    from tests.factories import AgencyFactory, CountryFactory, UserFactory
    from tests.sharing.conftest import ADD_LINE, CREATE, NOTE, HomeStream, remote_peer

    keys.ensure_keys()
    country = CountryFactory(code="MA")
    lead = AgencyFactory(code="bench-lead", node_code="ma", country=country)
    user = UserFactory(agency=lead, role=Role.ANALYST, username="bench-analyst")
    peers = {code: remote_peer(code, "MA") for code in ("b1", "b2", "b3")}
    partner = {
        code: AgencyFactory(code=f"{code}-agency", node_code=code, country=country)
        for code in peers
    }
    roles = [ParticipantRole.PARTICIPANT, ParticipantRole.PARTICIPANT, ParticipantRole.OBSERVER]
    obj = actions.create(
        user,
        NOTE,
        create_op=CREATE,
        body={"title": "Benchmark"},
        ceiling="H1",
        participants=list(zip(partner.values(), roles, strict=True)),
    )
    times: list[float] = []
    for i in range(count):
        started = time.perf_counter()
        change = actions.propose(user, obj, ADD_LINE, {"text": f"line {i}"})
        times.append(time.perf_counter() - started)
        if not isinstance(change, Change):
            raise RuntimeError(f"not ordered at once: {change}")
    figure("order one change", statistics.median(times) * 1000, "ms")
    with CaptureQueriesContext(connection) as ctx:
        actions.propose(user, obj, ADD_LINE, {"text": "counted"})
    figure("statements to order one change", len(ctx), "")
    figure("changes ordered per second", count / sum(times), "changes/s")

    # A partner's note with this node's agency taking part: its changes arrive here.
    stream = HomeStream(peers["b1"], "b1-agency")
    remote = peers["b1"]
    opening = [
        stream.change(CREATE, {"title": "Partner's"}),
        stream.change("sharing.add_participant", {"agency": "b1-agency", "role": "lead"}),
        stream.change("sharing.add_participant", {"agency": "bench-lead", "role": "participant"}),
    ]
    inbox.receive_batch([remote.envelope(b, kind="sharing.change") for b in opening])
    envelopes: list[dict[str, Any]] = [
        remote.envelope(stream.change(ADD_LINE, {"text": f"line {i}"}), kind="sharing.change")
        for i in range(count)
    ]
    times = []
    for envelope in envelopes:
        started = time.perf_counter()
        inbox.receive_batch([envelope])
        times.append(time.perf_counter() - started)
    figure("apply one change", statistics.median(times) * 1000, "ms")
    with CaptureQueriesContext(connection) as ctx:
        inbox.receive_batch(
            [remote.envelope(stream.change(ADD_LINE, {"text": "counted"}), kind="sharing.change")]
        )
    figure("statements to apply one change", len(ctx), "")
    figure("changes applied per second one at a time", count / sum(times), "changes/s")
    envelopes = [
        remote.envelope(stream.change(ADD_LINE, {"text": f"more {i}"}), kind="sharing.change")
        for i in range(count)
    ]
    started = time.perf_counter()
    for start in range(0, count, 50):
        inbox.receive_batch(envelopes[start : start + 50])
    figure("changes applied per second in batches", count / (time.perf_counter() - started),
           "changes/s")  # fmt: skip
    copy = SharedObject.objects.get(uid=stream.uid)
    if copy.seq != stream.seq:
        raise RuntimeError(f"the copy is at change {copy.seq}, the stream at {stream.seq}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--changes", type=int, default=300)
    parser.add_argument("--postgres", action="store_true")
    options = parser.parse_args()
    if options.postgres and not postgres_server_url():
        helper = ROOT / "bin" / "with-postgres"
        this = str(Path(__file__).resolve())
        os.execv(helper, [str(helper), sys.executable, this, *sys.argv[1:]])  # noqa: S606
    setup()
    run(options.changes)


if __name__ == "__main__":
    main()
