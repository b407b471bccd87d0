"""A participant node: this node ("dev") takes part in a note whose home is ma. It applies the
home's changes in sequence order exactly once, proves its copy equals the home's, parks what is
out of sequence, forged or diverging, and sends its users' changes to the home as proposals."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import translation

from strait.audit.events import AuditAction
from strait.audit.models import AuditEntry
from strait.federation import crypto
from strait.sharing import actions, changes, queries, registry
from strait.sharing.models import Change, Proposal, ProposalStatus, SharedObject
from strait.sharing.refusals import InvalidChange, RightMissing
from tests.sharing.conftest import ADD_LINE, NOTE, HomeStream, World, sent

pytestmark = pytest.mark.django_db


@pytest.fixture
def home(world: World) -> HomeStream:
    return HomeStream(world.peers["ma"], "ma-dgst")


def opened(world: World, home: HomeStream) -> SharedObject:
    for body in home.opening(world):
        row = world.deliver("ma", "sharing.change", body, handling="H1")
        assert row.status == "applied", row.reason
    return SharedObject.objects.get(uid=home.uid)


def test_changes_are_applied_in_order_and_the_copy_equals_the_homes(
    world: World, home: HomeStream
) -> None:
    obj = opened(world, home)
    assert obj.seq == 4
    assert obj.home == "ma"
    assert obj.home_agency == world.ma
    assert obj.digest == home.digest  # the copy equals the home's at change 4
    assert changes.verify_chain(obj) == home.digest
    for change in Change.objects.filter(obj=obj):
        changes.verify(change)  # with the key this node holds for ma
    assert queries.role_of(world.here, obj) == "participant"
    assert queries.get_visible(world.analyst, obj.uid, NOTE) == obj
    with pytest.raises(Http404):
        queries.get_visible(world.officer, obj.uid, NOTE)
    entry = AuditEntry.objects.filter(action=AuditAction.SHARING_CHANGE_APPLIED).last()
    assert entry is not None
    assert entry.agency == "dev-police"
    assert entry.details["seq"] == 4


def test_a_change_received_twice_is_applied_once(world: World, home: HomeStream) -> None:
    obj = opened(world, home)
    body = home.change(ADD_LINE, {"text": "once"})
    assert world.deliver("ma", "sharing.change", body).status == "applied"
    # The same change again, in a new envelope (a replay to a node that had it): ignored.
    assert world.deliver("ma", "sharing.change", body).status == "applied"
    obj.refresh_from_db()
    assert obj.seq == 5
    assert Change.objects.filter(obj=obj).count() == 5


def test_a_change_out_of_sequence_is_parked_with_its_reason(world: World, home: HomeStream) -> None:
    obj = opened(world, home)
    home.change(ADD_LINE, {"text": "lost"})  # 5, never delivered
    row = world.deliver("ma", "sharing.change", home.change(ADD_LINE, {"text": "six"}))
    assert row.status == "parked"
    assert row.reason == "out of sequence: have 4, got 6"
    obj.refresh_from_db()
    assert obj.seq == 4


def test_a_first_change_that_is_not_change_one_is_parked(world: World, home: HomeStream) -> None:
    home.change("sharing_test.create", {"title": "x"})
    row = world.deliver("ma", "sharing.change", home.change(ADD_LINE, {"text": "two"}))
    assert row.status == "parked"
    assert row.reason == "out of sequence: have 0, got 2"
    assert not SharedObject.objects.exists()


def test_a_change_whose_digest_differs_is_parked(world: World, home: HomeStream) -> None:
    obj = opened(world, home)
    # A home whose chain went elsewhere: the digest signed, but not the one this copy computes.
    forged = HomeStream(home.remote, "ma-dgst", uid=home.uid, seq=4, digest="00" * 32)
    body = forged.change(ADD_LINE, {"text": "honest"})
    row = world.deliver("ma", "sharing.change", body)
    assert row.status == "parked"
    assert "digest of change 5 differs" in row.reason
    obj.refresh_from_db()
    assert obj.seq == 4


def test_a_change_with_a_bad_signature_is_parked(world: World, home: HomeStream) -> None:
    obj = opened(world, home)
    body = home.change(ADD_LINE, {"text": "signed"})
    body["change"]["body"] = {"text": "altered after signing"}
    # Digest made to fit the altered body: only the signature can tell.
    wire = body["change"]
    wire["digest"] = changes.next_digest(obj.digest, wire)
    row = world.deliver("ma", "sharing.change", body)
    assert row.status == "parked"
    assert "signature of change 5 does not verify" in row.reason
    assert Change.objects.filter(obj=obj).count() == 4


def test_a_change_signed_by_another_key_is_parked(world: World, home: HomeStream) -> None:
    obj = opened(world, home)
    body = home.change(ADD_LINE, {"text": "x"})
    other = crypto.new_signing_key()
    wire = body["change"]
    wire["signature"] = crypto.b64e(crypto.sign(other, changes.signed_bytes(home.uid, "ma", wire)))
    assert world.deliver("ma", "sharing.change", body).status == "parked"
    wire["key_id"] = "0123456789abcdef"
    row = world.deliver("ma", "sharing.change", body)
    assert row.status == "parked"
    assert "not known for 'ma'" in row.reason
    obj.refresh_from_db()
    assert obj.seq == 4


def test_a_change_from_a_node_that_is_not_the_home_is_parked(
    world: World, home: HomeStream
) -> None:
    obj = opened(world, home)
    body = home.change(ADD_LINE, {"text": "from es"})
    row = world.deliver("es", "sharing.change", body)
    assert row.status == "parked"
    assert "from its home ma only" in row.reason
    # Nor may a peer claim to be the home of an object it does not hold.
    body["home"] = "es"
    row = world.deliver("es", "sharing.change", body)
    assert row.status == "parked"
    assert "is a sharing_test.note of home ma" in row.reason
    obj.refresh_from_db()
    assert obj.seq == 4


def test_a_change_this_copy_cannot_apply_is_parked_and_leaves_nothing(
    world: World, home: HomeStream
) -> None:
    obj = opened(world, home)
    row = world.deliver("ma", "sharing.change", home.change(ADD_LINE, {"text": "boom"}))
    assert row.status == "parked"
    assert "refused here" in row.reason
    row = world.deliver("ma", "sharing.change", home.change("sharing_test.unknown", {}))
    assert row.status == "parked"
    obj.refresh_from_db()
    assert obj.seq == 4


def test_an_ops_after_runs_once_on_a_copy_after_the_change_is_stored(
    world: World, home: HomeStream, after_probe: list[tuple[str, int, bool, int]]
) -> None:
    opened(world, home)
    body = home.change(ADD_LINE, {"text": "once"})
    assert world.deliver("ma", "sharing.change", body).status == "applied"
    assert after_probe == [("once", 5, True, 5)]
    world.deliver("ma", "sharing.change", home.change(ADD_LINE, {"text": "boom"}))
    assert len(after_probe) == 1  # parked: no consequence here


def test_a_users_change_travels_to_the_home_as_a_proposal(world: World, home: HomeStream) -> None:
    obj = opened(world, home)
    proposal = actions.propose(world.analyst, obj, ADD_LINE, {"text": "Seen in Ceuta"})
    assert isinstance(proposal, Proposal)
    assert proposal.status == ProposalStatus.PENDING
    (body,) = sent("ma", "sharing.proposal")
    assert body["proposal"] == str(proposal.uid)
    assert body["object"] == str(obj.uid)
    assert body["by_agency"] == "dev-police"
    assert body["by_user"] == "amina"
    assert list(queries.pending_proposals(obj)) == [proposal]
    obj.refresh_from_db()
    assert obj.seq == 4  # nothing applied until the home's change comes back
    # The home orders it: the change names the proposal, which is then applied.
    change = home.change(
        ADD_LINE,
        {"text": "Seen in Ceuta", "handling": "H0"},
        proposal=str(proposal.uid),
        by_agency="dev-police",
    )
    assert world.deliver("ma", "sharing.change", change).status == "applied"
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPLIED
    assert proposal.change_seq == 5
    assert not queries.pending_proposals(obj).exists()


def test_a_refusal_from_the_home_marks_the_proposal_refused(world: World, home: HomeStream) -> None:
    obj = opened(world, home)
    proposal = actions.propose(world.analyst, obj, ADD_LINE, {"text": "late"})
    body = {"proposal": str(proposal.uid), "code": "right_missing", "reason": "observer"}
    assert world.deliver("ma", "sharing.refusal", body).status == "applied"
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REFUSED
    assert proposal.reason == "observer"
    assert list(queries.refused_proposals(obj)) == [proposal]
    # Twice, or from a node that is not the home: parked.
    assert world.deliver("ma", "sharing.refusal", body).status == "parked"
    other = actions.propose(world.analyst, obj, ADD_LINE, {"text": "other"})
    body = {"proposal": str(other.uid), "code": "x", "reason": "y"}
    assert world.deliver("es", "sharing.refusal", body).status == "parked"


def test_the_proposers_node_refuses_at_once_what_the_home_would(
    world: World, home: HomeStream
) -> None:
    obj = opened(world, home)
    with pytest.raises(InvalidChange):
        actions.propose(world.analyst, obj, ADD_LINE, {"text": "refuse me"})
    with pytest.raises(RightMissing):  # another agency's member needs MANAGE
        actions.propose(
            world.analyst,
            obj,
            registry.ADD_MEMBER,
            {"agency": "ma-dgst", "username": "x", "name": "X"},
        )
    assert not Proposal.objects.exists()
    assert not sent("ma", "sharing.proposal")


def test_the_sync_fragment_says_where_the_copy_stands(world: World, home: HomeStream) -> None:
    obj = opened(world, home)
    actions.propose(world.analyst, obj, ADD_LINE, {"text": "pending"})
    refused = actions.propose(world.analyst, obj, ADD_LINE, {"text": "refused"})
    body = {"proposal": str(refused.uid), "code": "invalid_change", "reason": "<b>no</b>"}
    world.deliver("ma", "sharing.refusal", body)
    html = render_to_string("sharing/_sync.html", {"obj": obj})
    assert "ma" in html
    assert "equals the home's at change 4" in html
    assert obj.digest[:12] in html
    assert "waiting for the home node ma" in html
    assert "&lt;b&gt;no&lt;/b&gt;" in html  # the partner's reason is text, never HTML
    assert "does not fit the object as the home node holds it" in html
    with translation.override("ar"):
        html = render_to_string("sharing/_sync.html", {"obj": obj})
    assert obj.digest[:12] in html
