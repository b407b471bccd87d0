"""What one change costs in database statements (issue 13's benchmark: the home orders every
change, so its cost bounds how many changes a second the copies keep up with). Upper bounds:
a new query per change or per participant node fails here before it shows in a profile."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from strait.federation import inbox
from strait.federation.models import InboxEnvelope, OutboxEnvelope, Peer
from strait.federation.outbox import UnknownPeer, send, send_many
from strait.sharing import actions
from strait.sharing.models import Change, SharedObject
from tests.sharing.conftest import ADD_LINE, HomeStream, World, sent

pytestmark = pytest.mark.django_db

# The statements as cut (savepoints included; the test type's apply writes nothing). Before:
# 35, 27 and 54. The home's count no longer grows with the nodes: the three changes go out in
# one ``send_many`` (peers locked in one query, one UPDATE, one INSERT).
ORDER_AT_HOME = 18
APPLY_AT_PARTICIPANT = 26
PROPOSAL_AT_HOME = 38


def _status(envelope_id: str) -> str:
    return str(InboxEnvelope.objects.get(envelope_id=envelope_id).status)


def _queries(ctx: CaptureQueriesContext) -> str:
    return "\n".join(q["sql"][:160] for q in ctx.captured_queries)


def test_ordering_one_change_for_three_participant_nodes(world: World) -> None:
    obj = world.create()
    with CaptureQueriesContext(connection) as ctx:
        change = actions.propose(world.analyst, obj, ADD_LINE, {"text": "Seen at Tarifa"})
    assert isinstance(change, Change)
    assert [sent(node)[-1]["change"]["seq"] for node in ("ma", "es", "pt")] == [7, 7, 7]
    assert len(ctx) <= ORDER_AT_HOME, _queries(ctx)


def test_applying_one_arrived_change_at_a_participant(world: World) -> None:
    home = HomeStream(world.peers["ma"], "ma-dgst")
    for body in home.opening(world):
        assert world.deliver("ma", "sharing.change", body).status == "applied"
    body = home.change(ADD_LINE, {"text": "Go-fast off Martil"})
    envelope = world.peers["ma"].envelope(body, kind="sharing.change")
    with CaptureQueriesContext(connection) as ctx:
        (outcome,) = inbox.receive_batch([envelope])
    assert _status(outcome.envelope_id) == "applied"
    assert SharedObject.objects.get(uid=home.uid).seq == 5
    assert len(ctx) <= APPLY_AT_PARTICIPANT, _queries(ctx)


def test_one_proposal_arriving_at_the_home(world: World) -> None:
    obj = world.create()
    body = {
        "proposal": str(uuid.uuid4()),
        "object": str(obj.uid),
        "op": ADD_LINE,
        "body": {"text": "Boat seen off Barbate"},
        "by_agency": "es-cgi",
        "by_user": "lucia",
        "by_name": "Lucía G.",
    }
    envelope = world.peers["es"].envelope(body, kind="sharing.proposal")
    with CaptureQueriesContext(connection) as ctx:
        (outcome,) = inbox.receive_batch([envelope])
    assert _status(outcome.envelope_id) == "applied"
    assert Change.objects.get(obj=obj, seq=7).proposal == body["proposal"]
    assert len(ctx) <= PROPOSAL_AT_HOME, _queries(ctx)


NOTICE = "federation.notice"


def test_send_many_keeps_each_peers_sequence_without_gaps(world: World) -> None:
    send("es", NOTICE, {"text": "one", "author": "t"})
    rows = send_many(["pt", "es", "ma"], NOTICE, {"text": "two", "author": "t"})
    assert sorted(row.peer.code for row in rows) == ["es", "ma", "pt"]
    send("es", NOTICE, {"text": "three", "author": "t"})
    for code in ("ma", "es", "pt"):
        peer = Peer.objects.get(code=code)
        seqs = list(OutboxEnvelope.objects.filter(peer=peer).order_by("seq").values_list("seq"))
        got = [seq for (seq,) in seqs]
        assert got == list(range(1, len(got) + 1)), (code, got)
        assert peer.next_seq_out == len(got) + 1
    assert [
        r.body["text"] for r in OutboxEnvelope.objects.filter(peer__code="es").order_by("seq")
    ] == [
        "one",
        "two",
        "three",
    ]


def test_send_many_to_a_node_that_is_no_peer_queues_nothing(world: World) -> None:
    Peer.objects.filter(code="pt").update(active=False)
    with pytest.raises(UnknownPeer) as refused:
        send_many(["es", "pt"], NOTICE, {"text": "x", "author": "t"})
    assert refused.value.code == "pt"
    assert not OutboxEnvelope.objects.exists()
    assert Peer.objects.get(code="es").next_seq_out == 1
