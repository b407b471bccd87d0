"""The partner step's pending findings commit with the batch and its envelopes: an answer
applied as soon as the envelopes are committed finds its finding. On PostgreSQL an answer used
to land between the batch's commit and the findings', found no sailing to fill, and its items
stayed pending. Real commits: PostgreSQL only (after a transactional test, SQLite's flush meets
the audit log's append-only trigger)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection, transaction

from strait.checks import actions as checks_actions
from strait.checks.batch import ItemAnswer
from strait.checks.models import Check, CheckBatch
from strait.ports import screening
from strait.ports.manifest_models import Finding
from tests.checks.conftest import World
from tests.checks.conftest import world as world  # the fixture
from tests.federation.conftest import remote  # noqa: F401  (fixture)
from tests.ports.manifest_scene import make_centre
from tests.ports.test_screening_partner import upload


@pytest.fixture(autouse=True)
def _inline(settings: Any) -> None:
    settings.PORTS_SCREENING_INLINE = True


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs real commits (SQLite's flush after a transactional test meets the audit trigger)",
)
@pytest.mark.usefixtures("_flushable", "transactional_flush")  # in this order (tests/conftest.py)
def test_an_answer_arriving_as_soon_as_the_batch_commits_fills_its_finding(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An answer applied as soon as the batch's envelopes are committed (the partner's node can
    answer from then on), and read by nothing else before the screening ends, as an answer in
    another transaction on PostgreSQL is not: it must find its pending finding."""
    centre = make_centre(world.here, [world.partner], channel=world.channel.code)
    real_send = checks_actions.send_batch

    def send_and_answer_on_commit(*args: Any, **kwargs: Any) -> CheckBatch:
        sent = real_send(*args, **kwargs)
        check = Check.objects.get(batch=sent, query__names=["Abdelatif El Khattabi"])
        hit = ItemAnswer(check.batch_ref, str(check.uid), world.partner.code, "hit", "CK-EARLY")
        transaction.on_commit(lambda: screening.record_answers(sent.uid, [hit]))
        return sent

    monkeypatch.setattr(checks_actions, "send_batch", send_and_answer_on_commit)
    sailing = upload(world, centre)
    finding = Finding.objects.get(sailing=sailing, traveller__name="Abdelatif El Khattabi")
    assert (finding.source, finding.result) == (Finding.Source.PARTNER, Finding.Result.HIT)
    assert finding.reference == "CK-EARLY"
    sailing.refresh_from_db()
    # (The answer given straight, not through the batch: partner_answered counts the batch's.)
    assert (sailing.partner_hits, sailing.hits) == (1, 1)
