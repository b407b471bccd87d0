"""What a domain registers and the edges of the mechanism: the registry's rules, the policy's
answers, the built-in ops' own checks, and a copy's proof over its change sequence."""

from __future__ import annotations

import pydantic
import pytest
from django.urls import Resolver404, resolve

from strait.sharing import actions, changes, policy, queries, registry
from strait.sharing.models import Change, Member, Participant, Proposal, SharedObject
from strait.sharing.refusals import InvalidChange, NotParticipant, RightMissing, UnknownOp
from strait.sharing.registry import Op, RegistryError, Right, SharedType
from strait.sharing.wire import AgencyBody, ProposalEnvelope
from tests.sharing.conftest import ADD_LINE, CREATE, NOTE, NOTE_TYPE, HomeStream, LineBody, World

pytestmark = pytest.mark.django_db


def _nothing(a: registry.Applied) -> None:
    return None


def test_a_type_registers_once_and_only_ops_of_its_own_app() -> None:
    assert registry.shared_type(NOTE) is NOTE_TYPE
    assert NOTE in registry.types()
    with pytest.raises(RegistryError, match="already registered"):
        registry.register(NOTE_TYPE)
    with pytest.raises(RegistryError, match="must start with"):
        registry.register(
            SharedType(
                "sharing_test.other", ops=(Op("exchange.send", LineBody, Right.EDIT, _nothing),)
            )
        )
    with pytest.raises(RegistryError, match="must be named"):
        registry.register(SharedType("sharing.thing", ops=()))
    with pytest.raises(RegistryError, match="must be named"):
        registry.register(SharedType("nodot", ops=()))
    op = Op("sharing_test.twice", LineBody, Right.EDIT, _nothing)
    with pytest.raises(RegistryError, match="twice"):
        registry.register(SharedType("sharing_test.twice", ops=(op, op)))
    with pytest.raises(RegistryError):
        registry.register_builtin(Op(registry.ADD_MEMBER, AgencyBody, Right.EDIT, _nothing))
    with pytest.raises(RegistryError):
        registry.register_builtin(Op("sharing_test.x", AgencyBody, Right.EDIT, _nothing))
    assert registry.shared_type("sharing_test.other") is None
    assert registry.find_op(NOTE, registry.SET_ROLE).right is Right.MANAGE
    assert registry.find_op(NOTE, ADD_LINE).name == ADD_LINE
    with pytest.raises(UnknownOp):
        registry.find_op(NOTE, "sharing_test.none")
    with pytest.raises(UnknownOp):
        registry.find_op("sharing_test.unregistered", ADD_LINE)


def test_roles_give_rights() -> None:
    assert registry.ROLE_RIGHTS["lead"] == {Right.READ, Right.EDIT, Right.MANAGE}
    assert registry.ROLE_RIGHTS["participant"] == {Right.READ, Right.EDIT}
    assert registry.ROLE_RIGHTS["observer"] == {Right.READ}


def test_policy_answers_what_the_actions_refuse(world: World) -> None:
    obj = world.create()
    assert policy.can(world.analyst, obj, Right.MANAGE)
    policy.check(world.analyst, obj, Right.MANAGE)
    with pytest.raises(NotParticipant):
        policy.check(world.officer, obj, Right.READ)
    assert not policy.can(world.officer, obj, Right.READ)
    actions.propose(world.analyst, obj, registry.SET_ROLE, {"agency": "es-cgi", "role": "observer"})
    assert queries.role_of(world.es, obj) == "observer"
    assert queries.role_of(world.es.pk, obj) == "observer"
    actions.propose(
        world.analyst, obj, registry.ADD_PARTICIPANT, {"agency": "dev-customs", "role": "observer"}
    )
    actions.propose(
        world.analyst,
        obj,
        registry.ADD_MEMBER,
        {"agency": "dev-customs", "username": "carlos", "name": "Carlos"},
    )
    assert policy.can(world.customs, obj, Right.READ)
    with pytest.raises(RightMissing):
        policy.check(world.customs, obj, Right.EDIT)
    assert [p.agency.code for p in queries.participants(obj)][-1] == "dev-customs"
    assert list(queries.changes(obj).values_list("seq", flat=True)) == list(range(1, 10))


def test_create_refuses_what_it_cannot_make(world: World) -> None:
    for kwargs in (
        {"kind": "sharing_test.none", "create_op": CREATE},
        {"kind": NOTE, "create_op": ADD_LINE + "x"},
        {"kind": NOTE, "create_op": registry.ADD_MEMBER},
    ):
        with pytest.raises(UnknownOp):
            actions.create(world.analyst, body={}, ceiling="H0", participants=[], **kwargs)
    with pytest.raises(InvalidChange):
        actions.create(
            world.analyst,
            NOTE,
            create_op=CREATE,
            body={"title": "x"},
            ceiling="H9",
            participants=[],
        )
    with pytest.raises(InvalidChange):
        actions.create(
            world.analyst, NOTE, create_op=CREATE, body={}, ceiling="H0", participants=[]
        )
    with pytest.raises(InvalidChange):  # a role that is none
        world.create(participants=[(world.es, "boss")])
    world.analyst.is_active = False
    with pytest.raises(NotParticipant):
        world.create()
    assert not SharedObject.objects.exists()


def test_the_built_in_ops_check_who_they_name(world: World) -> None:
    obj = world.create()
    refused = [
        (registry.ADD_PARTICIPANT, {"agency": "xx-none", "role": "observer"}),
        (registry.ADD_PARTICIPANT, {"agency": "es-cgi", "role": "observer"}),  # already
        (registry.SET_ROLE, {"agency": "dev-customs", "role": "observer"}),  # not taking part
        (registry.ADD_MEMBER, {"agency": "dev-police", "username": "amina", "name": "A"}),
        (registry.REMOVE_MEMBER, {"agency": "dev-police", "username": "omar"}),
        (registry.REMOVE_PARTICIPANT, {"agency": "dev-customs"}),
    ]
    for op, body in refused:
        with pytest.raises(InvalidChange):
            actions.propose(world.analyst, obj, op, body)
    with pytest.raises(InvalidChange):
        actions.validate(registry.find_op(NOTE, ADD_LINE), ["not", "a", "dict"])  # type: ignore[arg-type]
    obj.refresh_from_db()
    assert obj.seq == 6


def test_a_member_removed_and_added_again_is_one_row(world: World) -> None:
    obj = world.create()
    omar = {"agency": "dev-police", "username": "omar", "name": "Omar"}
    actions.propose(world.analyst, obj, registry.ADD_MEMBER, omar)
    actions.propose(
        world.analyst, obj, registry.REMOVE_MEMBER, {"agency": "dev-police", "username": "omar"}
    )
    actions.propose(world.analyst, obj, registry.ADD_MEMBER, omar)
    assert Member.objects.filter(obj=obj, username="omar").count() == 1
    assert Member.objects.get(obj=obj, username="omar").until is None


def test_the_chain_shows_a_tampered_copy(world: World) -> None:
    obj = world.create()
    assert changes.verify_chain(obj) == obj.digest
    Change.objects.filter(obj=obj, seq=3).update(body={"agency": "es-cgi", "role": "lead"})
    with pytest.raises(changes.ChangeInvalid, match="change 3"):
        changes.verify_chain(obj)
    with pytest.raises(changes.ChangeInvalid):
        changes.verify(Change.objects.get(obj=obj, seq=3))
    Change.objects.filter(obj=obj, seq=6).delete()
    Change.objects.filter(obj=obj, seq__in=[3, 4, 5]).delete()
    with pytest.raises(changes.ChangeInvalid, match="object's digest"):
        changes.verify_chain(obj)
    with pytest.raises(changes.ChangeInvalid, match="not a signing key"):
        changes.verify_wire(obj.uid, "dev", {"key_id": "0000000000000000"})


def test_times_on_the_wire_carry_their_offset() -> None:
    with pytest.raises(changes.ChangeInvalid, match="not a time"):
        changes.parse_at("yesterday")
    with pytest.raises(changes.ChangeInvalid, match="offset"):
        changes.parse_at("2026-12-03T05:00:00")
    assert changes.parse_at("2026-12-03T05:00:00+00:00").tzinfo is not None


def test_changes_a_copy_cannot_take_are_parked(world: World) -> None:
    home = HomeStream(world.peers["ma"], "ma-dgst")
    for body in home.opening(world):
        world.deliver("ma", "sharing.change", body)
    row = world.deliver(
        "ma", "sharing.change", home.change(ADD_LINE, {"text": "x"}, by_agency="xx-none")
    )
    assert row.status == "parked"
    assert "unknown agency" in row.reason
    other = HomeStream(world.peers["ma"], "ma-dgst", kind="sharing_test.unregistered")
    row = world.deliver("ma", "sharing.change", other.change(CREATE, {"title": "x"}))
    assert row.status == "parked"
    assert "unknown shared type" in row.reason
    assert world.deliver("ma", "sharing.change", {"object": "x"}).status == "parked"


def test_bodies_refuse_nul_and_unknown_fields() -> None:
    base = {
        "proposal": "6f1c1a4e-0000-4000-8000-000000000001",
        "object": "6f1c1a4e-0000-4000-8000-000000000002",
        "op": ADD_LINE,
        "body": {},
        "by_agency": "es-cgi",
        "by_user": "x",
        "by_name": "X",
    }
    ProposalEnvelope.model_validate(base)
    for bad in ({"by_name": "A\x00B"}, {"extra": 1}, {"op": "no-dot"}):
        with pytest.raises(pydantic.ValidationError):
            ProposalEnvelope.model_validate({**base, **bad})


def test_rows_name_themselves(world: World) -> None:
    obj = world.create()
    actions.propose(world.analyst, obj, ADD_LINE, {"text": "x"})
    assert str(obj.seq) in str(obj)
    assert obj.is_home
    assert "lead" in str(Participant.objects.filter(obj=obj).first())
    assert "amina" in str(Member.objects.get(obj=obj))
    assert ADD_LINE in str(Change.objects.get(obj=obj, seq=7))
    proposal = Proposal(obj=obj, op=ADD_LINE, by_user=world.analyst)
    assert ADD_LINE in str(proposal)


def test_sharing_has_no_pages_of_its_own() -> None:
    with pytest.raises(Resolver404):
        resolve("/sharing/")
