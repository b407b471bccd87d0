"""The home node: creating a shared object, ordering changes (its own users' and the proposals
that arrive), signing them into a digest chain and sending each to every participant node, the
proposer's included; refusing what may not be applied, with nothing applied."""

from __future__ import annotations

import uuid

import pytest
from django.http import Http404

from strait.audit.events import AuditAction
from strait.audit.models import AuditEntry
from strait.federation import inbox
from strait.federation.models import OutboxEnvelope
from strait.permissions import Role
from strait.sharing import actions, changes, queries, registry
from strait.sharing.models import Change, Participant, ParticipantRole, SharedObject
from strait.sharing.refusals import InvalidChange
from tests.sharing.conftest import ADD_LINE, CREATE, NOTE, World, sent, seqs

pytestmark = pytest.mark.django_db


def proposal(world: World, agency: str, op: str, body: dict, obj: SharedObject | None = None):
    return {
        "proposal": str(uuid.uuid4()),
        "object": str(obj.uid if obj is not None else uuid.uuid4()),
        "op": op,
        "body": body,
        "by_agency": agency,
        "by_user": "lucia",
        "by_name": "Lucía G.",
    }


def test_create_orders_changes_one_to_n_with_a_digest_chain(world: World) -> None:
    obj = world.create()
    rows = list(Change.objects.filter(obj=obj).order_by("seq"))
    assert [c.seq for c in rows] == [1, 2, 3, 4, 5, 6]
    assert [c.op for c in rows] == [
        CREATE,
        registry.ADD_PARTICIPANT,  # the creator's agency, as lead
        registry.ADD_PARTICIPANT,
        registry.ADD_PARTICIPANT,
        registry.ADD_PARTICIPANT,
        registry.ADD_MEMBER,  # the creator
    ]
    assert rows[1].body == {"agency": "dev-police", "role": "lead"}
    assert obj.seq == 6
    assert obj.home == "dev"
    assert obj.home_agency == world.here
    # Each change's digest follows from the one before; the object holds the last.
    digest = changes.digest_zero(obj.uid)
    for row in rows:
        digest = changes.next_digest(digest, changes.wire_of(row))
        assert row.digest == digest
        changes.verify(row)  # signed with this node's key
    assert changes.verify_chain(obj) == obj.digest == digest
    assert queries.role_of(world.here, obj) == ParticipantRole.LEAD
    assert queries.role_of(world.pt, obj) == ParticipantRole.OBSERVER
    assert [m.username for m in queries.members(obj)] == ["amina"]
    entry = AuditEntry.objects.get(action=AuditAction.SHARED_OBJECT_CREATED)
    assert entry.actor == "amina"
    assert entry.agency == "dev-police"
    assert AuditEntry.objects.filter(action=AuditAction.SHARING_CHANGE_ORDERED).count() == 6


def test_create_sends_every_participant_node_the_whole_sequence_in_order(world: World) -> None:
    obj = world.create()
    # es joins at change 4: it gets 1..3 first; ma at 3; pt at 5.
    assert seqs("ma") == [1, 2, 3, 4, 5, 6]
    assert seqs("es") == [1, 2, 3, 4, 5, 6]
    assert seqs("pt") == [1, 2, 3, 4, 5, 6]
    first = sent("es")[0]
    assert first["object"] == str(obj.uid)
    assert first["home"] == "dev"
    assert first["home_agency"] == "dev-police"
    assert first["kind"] == NOTE
    # Envelopes travel at the object's ceiling.
    assert set(OutboxEnvelope.objects.values_list("handling", flat=True)) == {"H1"}
    for body in sent("pt"):
        changes.verify_wire(obj.uid, "dev", body["change"])


def test_a_change_made_at_home_is_ordered_and_sent_to_every_participant(world: World) -> None:
    obj = world.create()
    change = actions.propose(world.analyst, obj, ADD_LINE, {"text": "Seen at Tarifa"})
    assert isinstance(change, Change)
    assert change.seq == 7
    for node in ("ma", "es", "pt"):
        assert seqs(node)[-1] == 7
        assert sent(node)[-1]["change"]["digest"] == change.digest


def test_a_proposal_from_a_participant_node_is_ordered_and_sent_to_all_including_proposer(
    world: World,
) -> None:
    obj = world.create()
    body = proposal(world, "es-cgi", ADD_LINE, {"text": "Boat seen off Barbate"}, obj)
    row = world.deliver("es", "sharing.proposal", body)
    assert row.status == "applied", row.reason
    change = Change.objects.get(obj=obj, seq=7)
    assert change.op == ADD_LINE
    assert change.by_agency == "es-cgi"
    assert change.by_user == "lucia"
    assert change.proposal == body["proposal"]
    for node in ("ma", "es", "pt"):
        last = sent(node)[-1]["change"]
        assert last["seq"] == 7
        assert last["proposal"] == body["proposal"]
    # The same proposal again (a new envelope) is not ordered twice.
    assert world.deliver("es", "sharing.proposal", body).status == "applied"
    assert Change.objects.filter(obj=obj).count() == 7
    assert not sent("es", "sharing.refusal")


@pytest.mark.parametrize(
    ("case", "code"),
    [
        ("not_participant", "not_participant"),
        ("observer", "right_missing"),
        ("unknown_object", "not_participant"),
        ("unknown_op", "unknown_op"),
        ("invalid_body", "invalid_change"),
        ("check_refuses", "invalid_change"),
        ("above_ceiling", "above_ceiling"),
    ],
)
def test_a_proposal_that_may_not_be_applied_is_refused_and_nothing_changes(
    world: World, case: str, code: str
) -> None:
    obj = world.create()
    node, agency, op, body = "es", "es-cgi", ADD_LINE, {"text": "A line"}
    target: SharedObject | None = obj
    if case == "not_participant":
        agency = "es-gc"
    elif case == "observer":
        node, agency = "pt", "pt-psp"
    elif case == "unknown_object":
        target = None
    elif case == "unknown_op":
        op = "sharing_test.nothing"
    elif case == "invalid_body":
        body = {"text": ""}
    elif case == "check_refuses":
        body = {"text": "refuse me"}
    elif case == "above_ceiling":
        body = {"text": "secret", "handling": "H3"}
    before = OutboxEnvelope.objects.filter(kind="sharing.change").count()
    wire = proposal(world, agency, op, body, target)
    row = world.deliver(node, "sharing.proposal", wire)
    assert row.status == "applied", row.reason  # answered with a refusal, not parked
    (refusal,) = sent(node, "sharing.refusal")
    assert refusal["proposal"] == wire["proposal"]
    assert refusal["code"] == code
    assert refusal["reason"]
    obj.refresh_from_db()
    assert obj.seq == 6
    assert Change.objects.filter(obj=obj).count() == 6
    assert OutboxEnvelope.objects.filter(kind="sharing.change").count() == before
    entry = AuditEntry.objects.get(action=AuditAction.SHARING_PROPOSAL_REFUSED)
    assert entry.details["code"] == code


def test_a_proposal_from_a_peer_that_does_not_speak_for_the_agency_is_parked(
    world: World,
) -> None:
    obj = world.create()
    row = world.deliver(
        "ma", "sharing.proposal", proposal(world, "es-cgi", ADD_LINE, {"text": "x"}, obj)
    )
    assert row.status == "parked"
    assert "es-cgi" in row.reason
    assert "node ma" in row.reason
    assert Change.objects.filter(obj=obj).count() == 6
    assert not sent("ma", "sharing.refusal")


def test_a_node_that_joins_later_gets_the_full_history_first(world: World) -> None:
    obj = world.create(participants=[(world.ma, ParticipantRole.PARTICIPANT)])
    actions.propose(world.analyst, obj, ADD_LINE, {"text": "one"})
    actions.propose(world.analyst, obj, ADD_LINE, {"text": "two"})
    assert sent("es") == []
    actions.propose(
        world.analyst, obj, registry.ADD_PARTICIPANT, {"agency": "es-cgi", "role": "participant"}
    )
    obj.refresh_from_db()
    assert seqs("es") == list(range(1, obj.seq + 1))
    # What it got is the home's sequence: the same digests, change by change.
    stored = {c.seq: c.digest for c in Change.objects.filter(obj=obj)}
    assert [b["change"]["digest"] for b in sent("es")] == [stored[s] for s in seqs("es")]
    # A second agency of a node that already takes part brings no replay.
    actions.propose(
        world.analyst, obj, registry.ADD_PARTICIPANT, {"agency": "es-gc", "role": "observer"}
    )
    assert seqs("es") == list(range(1, obj.seq + 2))


def test_replay_is_signed_again_after_the_home_rotates_its_key(world: World) -> None:
    from datetime import timedelta

    from strait.federation import keys

    obj = world.create(participants=[(world.ma, ParticipantRole.PARTICIPANT)])
    keys.rotate_local(overlap=timedelta(0))
    actions.propose(
        world.analyst, obj, registry.ADD_PARTICIPANT, {"agency": "es-cgi", "role": "observer"}
    )
    current = changes.current_key_id()
    assert {b["change"]["key_id"] for b in sent("es")} == {current}
    for body in sent("es"):
        changes.verify_wire(obj.uid, "dev", body["change"])


def test_removing_an_agency_sends_its_node_the_removal_then_nothing(world: World) -> None:
    obj = world.create()
    actions.propose(world.analyst, obj, registry.REMOVE_PARTICIPANT, {"agency": "es-cgi"})
    removal = sent("es")[-1]["change"]
    assert removal["op"] == registry.REMOVE_PARTICIPANT
    assert removal["seq"] == 7
    actions.propose(world.analyst, obj, ADD_LINE, {"text": "after"})
    assert seqs("es")[-1] == 7
    assert seqs("ma")[-1] == 8
    assert seqs("pt")[-1] == 8
    row = Participant.objects.get(obj=obj, agency=world.es)
    assert not row.active
    assert row.until is not None
    # Its proposals are refused from now on.
    body = proposal(world, "es-cgi", ADD_LINE, {"text": "still here?"}, obj)
    world.deliver("es", "sharing.proposal", body)
    assert sent("es", "sharing.refusal")[-1]["code"] == "not_participant"


def test_a_removed_local_agencys_users_next_request_is_not_found(world: World) -> None:
    obj = world.create(participants=[(world.other_here, ParticipantRole.PARTICIPANT)])
    actions.propose(
        world.analyst,
        obj,
        registry.ADD_MEMBER,
        {"agency": "dev-customs", "username": "carlos", "name": "Carlos"},
    )
    assert queries.get_visible(world.customs, obj.uid, NOTE) == obj
    supervisor = world.make_user(agency=world.other_here, role=Role.SUPERVISOR)
    assert queries.get_visible(supervisor, obj.uid, NOTE) == obj
    actions.propose(world.analyst, obj, registry.REMOVE_PARTICIPANT, {"agency": "dev-customs"})
    for user in (world.customs, supervisor):
        with pytest.raises(Http404):
            queries.get_visible(user, obj.uid, NOTE)
        assert queries.rights_of(user, obj) == frozenset()


def test_a_removed_members_next_request_is_not_found(world: World) -> None:
    obj = world.create()
    actions.propose(
        world.analyst,
        obj,
        registry.ADD_MEMBER,
        {"agency": "dev-police", "username": "omar", "name": "Omar"},
    )
    assert queries.get_visible(world.officer, str(obj.uid), NOTE) == obj
    actions.propose(
        world.analyst, obj, registry.REMOVE_MEMBER, {"agency": "dev-police", "username": "omar"}
    )
    with pytest.raises(Http404):
        queries.get_visible(world.officer, obj.uid, NOTE)
    # Every node hears of it: the removal is a change like any other.
    assert sent("ma")[-1]["change"]["op"] == registry.REMOVE_MEMBER


def test_visibility_members_and_supervisors_of_participant_agencies(world: World) -> None:
    obj = world.create()
    assert list(queries.visible(world.analyst, NOTE)) == [obj]
    assert list(queries.visible(world.supervisor, NOTE)) == [obj]  # adds their agency's members
    assert list(queries.visible(world.officer, NOTE)) == []  # not a member
    assert list(queries.visible(world.customs, NOTE)) == []  # not a participant agency
    for user in (world.officer, world.customs):
        with pytest.raises(Http404):
            queries.get_visible(user, obj.uid, NOTE)
    with pytest.raises(Http404):
        queries.get_visible(world.analyst, "not-a-uid", NOTE)
    with pytest.raises(Http404):
        queries.get_visible(world.analyst, obj.uid, "sharing_test.other")


def test_every_change_travels_in_the_transaction_that_orders_it(world: World) -> None:
    """A change refused by its op's own check leaves no change, no row and no envelope."""
    obj = world.create()
    before = OutboxEnvelope.objects.count()
    from strait.sharing.refusals import InvalidChange

    with pytest.raises(InvalidChange):
        actions.propose(world.analyst, obj, ADD_LINE, {"text": "refuse me"})
    assert OutboxEnvelope.objects.count() == before
    obj.refresh_from_db()
    assert obj.seq == 6


def test_ceiling_cannot_go_below_what_is_inside(world: World) -> None:
    from strait.sharing.refusals import AboveCeiling

    obj = world.create(ceiling="H2")
    actions.propose(world.analyst, obj, ADD_LINE, {"text": "marked", "handling": "H2"})
    with pytest.raises(AboveCeiling):
        actions.propose(world.analyst, obj, registry.SET_CEILING, {"handling": "H1"})
    actions.propose(world.analyst, obj, registry.SET_CEILING, {"handling": "H3"})
    obj.refresh_from_db()
    assert obj.ceiling == "H3"
    # Envelopes about the object travel at its ceiling from now on, this change's included.
    last = OutboxEnvelope.objects.filter(kind="sharing.change").order_by("-pk")[0]
    assert last.handling == "H3"


def test_inbox_receive_is_what_feeds_the_home(world: World) -> None:
    """The test's deliveries go through the real inbox (signature, sequence, savepoint)."""
    obj = world.create()
    envelope = world.peers["es"].envelope(
        proposal(world, "es-cgi", ADD_LINE, {"text": "z"}, obj), kind="sharing.proposal"
    )
    outcome = inbox.receive(envelope)
    assert outcome.receipt is not None
    assert outcome.receipt["body"]["status"] == "applied"


def test_an_ops_after_runs_once_at_home_after_the_change_is_stored(
    world: World, after_probe: list[tuple[str, int, bool, int]]
) -> None:
    obj = world.create()
    actions.propose(world.analyst, obj, ADD_LINE, {"text": "Seen at Tarifa"})
    # Once, with the change's number, the change row stored and the object at that number.
    assert after_probe == [("Seen at Tarifa", 7, True, 7)]
    with pytest.raises(InvalidChange):
        actions.propose(world.analyst, obj, ADD_LINE, {"text": "refuse me"})
    assert len(after_probe) == 1  # a refused change has no consequence
