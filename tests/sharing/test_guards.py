"""Guards pinned (issue 13): every visibility, right and sender check of the sharing actions and
handlers, called directly, as a way in that skipped a page's own check would. Each test fails
when its guard is removed (docs/sharing.md lists them)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from strait.sharing import actions, policy, queries, registry
from strait.sharing.models import Change, Member, Proposal, SharedObject
from strait.sharing.refusals import AboveCeiling, InvalidChange, NotParticipant, RightMissing
from strait.sharing.registry import Right
from tests.sharing.conftest import ADD_LINE, RECORD, HomeStream, World, sent

pytestmark = pytest.mark.django_db


def _count(obj: SharedObject) -> int:
    return Change.objects.filter(obj=obj).count()


# Proposing: the user must see the object, and their agency's role must give the right.


def test_a_user_who_is_not_a_member_cannot_propose(world: World) -> None:
    obj = world.create()
    with pytest.raises(NotParticipant):
        actions.propose(world.officer, obj, ADD_LINE, {"text": "not a member"})
    with pytest.raises(NotParticipant):
        actions.propose(world.customs, obj, ADD_LINE, {"text": "not a participant"})
    assert _count(obj) == 6


def test_an_inactive_user_cannot_propose(world: World) -> None:
    obj = world.create()
    world.analyst.is_active = False
    with pytest.raises(NotParticipant):
        actions.propose(world.analyst, obj, ADD_LINE, {"text": "gone"})
    assert not policy.can(world.analyst, obj, Right.READ)


def test_an_observer_agencys_member_cannot_edit(world: World) -> None:
    obj = world.create(participants=[(world.other_here, "observer")])
    actions.propose(
        world.analyst,
        obj,
        registry.ADD_MEMBER,
        {"agency": "dev-customs", "username": "carlos", "name": "Carlos"},
    )
    assert policy.can(world.customs, obj, Right.READ)
    assert not policy.can(world.customs, obj, Right.EDIT)
    with pytest.raises(RightMissing):
        actions.propose(world.customs, obj, ADD_LINE, {"text": "observer"})
    assert _count(obj) == 5


def test_a_participant_cannot_manage(world: World) -> None:
    obj = world.create(participants=[(world.other_here, "participant")])
    actions.propose(
        world.analyst,
        obj,
        registry.ADD_MEMBER,
        {"agency": "dev-customs", "username": "carlos", "name": "Carlos"},
    )
    with pytest.raises(RightMissing):
        actions.propose(world.customs, obj, registry.REMOVE_PARTICIPANT, {"agency": "es-cgi"})


def test_own_agency_only_ops_name_the_proposers_agency(world: World) -> None:
    obj = world.create()
    with pytest.raises(RightMissing):
        actions.propose(world.analyst, obj, RECORD, {"agency": "es-cgi", "count": 3})
    actions.propose(world.analyst, obj, RECORD, {"agency": "dev-police", "count": 3})
    assert _count(obj) == 7


def test_members_of_another_agency_are_the_leads_to_change(world: World) -> None:
    """Through the home's own check: es proposes to add a member of dev-police."""
    obj = world.create()
    body = {
        "proposal": "6f1c1a4e-0000-4000-8000-000000000001",
        "object": str(obj.uid),
        "op": registry.ADD_MEMBER,
        "body": {"agency": "dev-police", "username": "omar", "name": "Omar"},
        "by_agency": "es-cgi",
        "by_user": "lucia",
        "by_name": "Lucía",
    }
    assert world.deliver("es", "sharing.proposal", body).status == "applied"
    assert sent("es", "sharing.refusal")[-1]["code"] == "right_missing"
    assert not Member.objects.filter(username="omar").exists()


def test_a_local_member_must_be_a_user_of_that_agency(world: World) -> None:
    obj = world.create()
    with pytest.raises(InvalidChange):
        actions.propose(
            world.analyst,
            obj,
            registry.ADD_MEMBER,
            {"agency": "dev-police", "username": "nobody", "name": "Nobody"},
        )


def test_the_lead_cannot_remove_itself_nor_stop_leading(world: World) -> None:
    obj = world.create()
    with pytest.raises(InvalidChange):
        actions.propose(world.analyst, obj, registry.REMOVE_PARTICIPANT, {"agency": "dev-police"})
    with pytest.raises(InvalidChange):
        actions.propose(
            world.analyst, obj, registry.SET_ROLE, {"agency": "dev-police", "role": "observer"}
        )
    assert _count(obj) == 6


def test_an_agency_on_a_node_without_a_link_cannot_be_added(world: World) -> None:
    from tests.factories import AgencyFactory

    AgencyFactory(code="fr-pn", abbreviation="PN", node_code="fr")
    obj = world.create()
    with pytest.raises(InvalidChange):
        actions.propose(
            world.analyst, obj, registry.ADD_PARTICIPANT, {"agency": "fr-pn", "role": "observer"}
        )
    assert _count(obj) == 6


def test_the_ceiling_is_not_lowered_below_what_is_inside(world: World) -> None:
    obj = world.create(ceiling="H2")
    actions.propose(world.analyst, obj, ADD_LINE, {"text": "marked", "handling": "H2"})
    with pytest.raises(AboveCeiling):
        actions.propose(world.analyst, obj, registry.SET_CEILING, {"handling": "H0"})


def test_only_the_home_orders(world: World) -> None:
    home = HomeStream(world.peers["ma"], "ma-dgst")
    for body in home.opening(world):
        world.deliver("ma", "sharing.change", body)
    obj = SharedObject.objects.get(uid=home.uid)
    with pytest.raises(NotParticipant):
        actions.order(
            obj, ADD_LINE, {"text": "x"}, by_agency=world.here, by_user="amina", by_name="A"
        )
    assert _count(obj) == 4


# Arrivals: a peer speaks only for its own agencies; changes come from the home only.


def test_a_proposal_names_an_agency_of_the_sending_node(world: World) -> None:
    obj = world.create()
    body = {
        "proposal": "6f1c1a4e-0000-4000-8000-000000000002",
        "object": str(obj.uid),
        "op": ADD_LINE,
        "body": {"text": "as if from es"},
        "by_agency": "es-cgi",
        "by_user": "x",
        "by_name": "X",
    }
    assert world.deliver("pt", "sharing.proposal", body).status == "parked"
    assert _count(obj) == 6


def test_a_change_comes_from_the_objects_home(world: World) -> None:
    home = HomeStream(world.peers["ma"], "ma-dgst")
    first = home.change("sharing_test.create", {"title": "x"})
    row = world.deliver("es", "sharing.change", first)
    assert row.status == "parked"
    assert not SharedObject.objects.exists()


def test_a_new_objects_home_agency_is_the_homes(world: World) -> None:
    home = HomeStream(world.peers["ma"], "es-cgi")
    row = world.deliver("ma", "sharing.change", home.change("sharing_test.create", {"title": "x"}))
    assert row.status == "parked"
    assert "es-cgi" in row.reason
    assert not SharedObject.objects.exists()


def test_a_removed_member_loses_sight_at_once(world: World) -> None:
    obj = world.create()
    Member.objects.filter(obj=obj, username="amina").update(active=False, until=timezone.now())
    assert not queries.visible(world.analyst, obj.kind).exists()
    assert queries.rights_of(world.analyst, obj) == frozenset()
    with pytest.raises(NotParticipant):
        actions.propose(world.analyst, obj, ADD_LINE, {"text": "x"})
    assert not Proposal.objects.exists()
