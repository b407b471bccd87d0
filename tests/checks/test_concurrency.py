"""Two batches of checks from one peer at the same moment never answer more than the peer's
per-minute limit (the answering node counts with the peer's row locked: ``_over_limit``), and
two checks of one user at once never exceed the user's (``send_check`` locks the user's row).

On PostgreSQL two real transactions run in two threads, each holding its transaction open
until the other has started counting; without the lock each would count only its own rows and
both would answer their whole batch. SQLite serialises writing transactions anyway: there the
two batches run one after the other and the limit holds across them.
"""

from __future__ import annotations

import contextlib
import threading
import uuid
from typing import Any

import pytest
from django.db import connection, transaction

from strait.checks import actions, federation
from strait.checks.models import Check, IncomingCheck, Result
from strait.checks.wire import CheckQueryWire
from strait.exchange.rules import RuleViolation
from strait.federation.handlers import Arrival
from strait.federation.models import Peer
from tests.checks.conftest import World, query_body

LIMIT = 3
BATCH = 3  # each batch alone is within the limit; the two together are not
HOLD = 3.0  # seconds a batch keeps its transaction open waiting for the other


def _batch(world: World, peer: Peer) -> None:
    """One batch of checks applied in one transaction, as the inbox applies an envelope batch
    (but without the inbox's own lock: the handler must hold the limit for any caller)."""
    for _ in range(BATCH):
        body = CheckQueryWire.model_validate(query_body(world, uid=str(uuid.uuid4())))
        header = {"origin": peer.code, "id": str(uuid.uuid4()), "kind": federation.QUERY}
        federation.apply_query(Arrival(peer=peer, header=header, body=body))


def _answered() -> int:
    return IncomingCheck.objects.exclude(result=Result.REFUSED).count()


@pytest.mark.django_db
def test_two_batches_from_one_peer_never_exceed_its_limit(world: World, settings: Any) -> None:
    settings.CHECKS_PER_PEER_PER_MINUTE = LIMIT
    peer = Peer.objects.get(code=world.remote.peer.code)
    for _ in range(2):
        with transaction.atomic():
            _batch(world, peer)
    assert _answered() == LIMIT
    assert IncomingCheck.objects.filter(result=Result.REFUSED).count() == 2 * BATCH - LIMIT


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs two concurrent writing transactions"
)
@pytest.mark.usefixtures("_flushable", "transactional_flush")  # in this order (tests/conftest.py)
def test_two_concurrent_batches_from_one_peer_never_exceed_its_limit(
    world: World,
    settings: Any,
) -> None:
    settings.CHECKS_PER_PEER_PER_MINUTE = LIMIT
    started = threading.Barrier(2)
    both_counted = threading.Barrier(2)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            peer = Peer.objects.get(code=world.remote.peer.code)
            started.wait(timeout=10)
            with transaction.atomic():
                _batch(world, peer)
                # Keep this transaction open until the other batch has counted too (with the
                # lock the other one waits for this commit, and this wait times out).
                with contextlib.suppress(threading.BrokenBarrierError):
                    both_counted.wait(timeout=HOLD)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert _answered() == LIMIT
    assert IncomingCheck.objects.filter(result=Result.REFUSED).count() == 2 * BATCH - LIMIT


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs two concurrent writing transactions"
)
@pytest.mark.usefixtures("_flushable", "transactional_flush")  # in this order
def test_two_concurrent_checks_of_one_user_never_exceed_the_users_limit(
    world: World, settings: Any
) -> None:
    """The same for one user's checks: the user's row is locked while counting (send_check)."""
    settings.CHECKS_PER_USER_PER_MINUTE = 1
    started = threading.Barrier(2)
    both_counted = threading.Barrier(2)
    errors: list[BaseException] = []
    refused: list[RuleViolation] = []

    def run() -> None:
        try:
            ask = actions.Ask(
                kind="person",
                channel=world.channel,
                recipients=[world.partner],
                purpose="Border control",
                names=["Abdelatif El Khattabi"],
            )
            started.wait(timeout=10)
            with transaction.atomic():
                try:
                    actions.send_check(ask, acting_user=world.officer)
                except RuleViolation as exc:
                    refused.append(exc)
                with contextlib.suppress(threading.BrokenBarrierError):
                    both_counted.wait(timeout=HOLD)
        except BaseException as exc:  # reported by the test below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert Check.objects.count() == 1
    assert len(refused) == 1
