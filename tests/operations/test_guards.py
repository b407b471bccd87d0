"""Guards pinned: every permission check, scoping filter and refusal of the operations actions,
queries, policy and ops' checks, called directly, as a way in that skipped the page's or the
API's own check would. Each test fails when its guard is removed."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.http import Http404
from django.utils import timezone

from strait.accounts.models import User
from strait.operations import actions, ops, policy, queries, validation, wire
from strait.operations.models import Note, OperationEntity, Outcome, Relation, Task
from strait.permissions import ROLE_PERMISSIONS, Permission, Role
from strait.refusals import NotPermitted
from strait.sharing.models import Change
from strait.sharing.refusals import AboveCeiling
from strait.sharing.registry import Applied, find_op
from tests.operations.conftest import World, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def dpo(world: World, make_user: Callable[..., User]) -> User:
    """A data-protection officer of the lead agency made a member: their agency's role gives
    every right, but their own role has no operations permission."""
    user = make_user(agency=world.lead, role=Role.DATA_PROTECTION_OFFICER)
    actions.add_member(world.analyst, world.op, user)
    return user


def _entities(world: World) -> tuple[OperationEntity, OperationEntity]:
    one = person(world.lead, "Youssef")
    two = person(world.lead, "Karim")
    actions.share_entity(world.analyst, world.op, kind="person", record=one.uid)
    actions.share_entity(world.analyst, world.op, kind="person", record=two.uid)
    return (
        OperationEntity.objects.get(source_ref=str(one.uid)),
        OperationEntity.objects.get(source_ref=str(two.uid)),
    )


SEIZURE = {"kind": "seizure", "on": dt.date(2014, 8, 14), "country": "MA", "kilograms": 3}


def _calls(world: World) -> dict[str, Callable[[User], Any]]:
    one, two = _entities(world)
    op = world.op
    return {
        "update": lambda u: actions.update_operation(u, op, status="closed", purpose="x"),
        "withdraw": lambda u: actions.withdraw_entity(u, op, one.uid),
        "add_relation": lambda u: actions.add_relation(
            u, op, source=one.uid, target=two.uid, kind="calls"
        ),
        "add_timeline": lambda u: actions.add_timeline(
            u, op, kind="other", at=timezone.now(), text="x"
        ),
        "add_task": lambda u: actions.add_task(u, op, title="x", owner_agency="dev-dgst"),
        "add_note": lambda u: actions.add_note(u, op, "x"),
        "record_outcome": lambda u: actions.record_outcome(u, op, **SEIZURE),
        "add_participant": lambda u: actions.add_participant(u, op, world.outsider, "observer"),
        "remove_participant": lambda u: actions.remove_participant(u, op, world.observer),
        "add_member": lambda u: actions.add_member(u, op, world.officer),
        "set_role": lambda u: actions.set_role(u, op, world.observer, "participant"),
        "set_ceiling": lambda u: actions.set_ceiling(u, op, "H2"),
        "remove_member": lambda u: actions.remove_member(
            u, op, world.partner, world.partner_analyst.username
        ),
    }


def test_every_op_action_needs_the_write_permission(world: World, dpo: User) -> None:
    calls = _calls(world)
    seq = Change.objects.filter(obj=world.op.obj).count()
    for what, call in calls.items():
        with pytest.raises(NotPermitted):
            call(dpo)
        assert Change.objects.filter(obj=world.op.obj).count() == seq, what


def test_set_task_status_link_thread_and_correct_need_the_write_permission(
    world: World, dpo: User
) -> None:
    actions.add_task(world.analyst, world.op, title="x", owner_agency="dev-dgst")
    actions.record_outcome(world.analyst, world.op, **SEIZURE)
    task, outcome = Task.objects.get(), Outcome.objects.get()
    with pytest.raises(NotPermitted):
        actions.set_task_status(dpo, world.op, task.uid, "done")
    with pytest.raises(NotPermitted):
        actions.link_thread(dpo, world.op, uuid.uuid4())
    with pytest.raises(NotPermitted):
        actions.correct_outcome(dpo, world.op, outcome.uid, **(SEIZURE | {"kilograms": 9}))
    assert Task.objects.get().status == "open"
    assert Outcome.objects.get().kilograms == 3


def test_share_entity_needs_the_write_permission(world: World, dpo: User) -> None:
    record = person(world.lead, "Youssef")
    with pytest.raises(NotPermitted):
        actions.share_entity(dpo, world.op, kind="person", record=record.uid)
    assert not OperationEntity.objects.exists()


def test_share_entity_needs_the_permission_to_read_records(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = person(world.lead, "Youssef")
    without = ROLE_PERMISSIONS[Role.ANALYST] - {Permission.ENTITIES_READ}
    monkeypatch.setitem(ROLE_PERMISSIONS, Role.ANALYST, without)
    analyst = User.objects.get(pk=world.analyst.pk)
    with pytest.raises(NotPermitted):
        actions.share_entity(analyst, world.op, kind="person", record=record.uid)
    assert not OperationEntity.objects.exists()


def test_reading_needs_the_read_permission(world: World, dpo: User) -> None:
    with pytest.raises(Http404):
        queries.operation(dpo, world.op.obj.uid)
    assert not queries.operations_visible_to(dpo).exists()
    assert queries.operation(world.analyst, world.op.obj.uid) == world.op


def test_the_page_offers_no_form_without_the_write_permission(world: World, dpo: User) -> None:
    assert policy.can_edit(world.analyst, world.op)
    assert policy.can_manage(world.analyst, world.op)
    assert not policy.can_edit(dpo, world.op)
    assert not policy.can_manage(dpo, world.op)
    assert not policy.can_manage(world.partner_analyst, world.op)
    assert not policy.can_edit(world.observer_officer, world.op)


def test_the_share_form_is_offered_only_to_who_reads_records(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert policy.can_share(world.analyst, world.op)
    without = ROLE_PERMISSIONS[Role.ANALYST] - {Permission.ENTITIES_READ}
    monkeypatch.setitem(ROLE_PERMISSIONS, Role.ANALYST, without)
    assert not policy.can_share(User.objects.get(pk=world.analyst.pk), world.op)


def test_a_non_member_of_a_participant_agency_reads_nothing(world: World) -> None:
    with pytest.raises(Http404):
        queries.operation(world.officer, world.op.obj.uid)
    with pytest.raises(Http404):
        queries.operation(world.outsider_analyst, world.op.obj.uid)
    assert not queries.operations_visible_to(world.officer).exists()


def test_only_a_thread_the_user_reads_is_offered_and_linked(world: World) -> None:
    from tests.factories import ChannelFactory, MessageFactory, RecipientFactory

    channel = ChannelFactory()
    channel.agencies.set([world.lead, world.partner])
    message = MessageFactory(channel=channel, sender_agency=world.partner, subject="Go-fast")
    RecipientFactory(message=message, agency=world.lead)
    assert queries.readable_thread(world.analyst, message.thread_uid)
    assert not queries.readable_thread(world.observer_officer, message.thread_uid)
    assert str(message.thread_uid) not in dict(queries.recent_threads(world.observer_officer))
    with pytest.raises(actions.NotYours):
        actions.link_thread(world.observer_officer, world.op, message.thread_uid)


def test_only_the_owner_shares_its_record(world: World) -> None:
    theirs = person(world.partner, "Karim")
    assert queries.own_record(world.analyst, "person", theirs.uid) is None
    with pytest.raises(actions.NotYours):
        actions.share_entity(world.analyst, world.op, kind="person", record=theirs.uid)
    offered = {r.uid for _k, r in queries.shareable_records(world.analyst, ["person"])}
    assert theirs.uid not in offered


# The ops' own checks, called as the home calls them (whatever the proposer's node checked).


def _applied(world: World, op_name: str, body: dict[str, Any], by: Any = None) -> Applied:
    op = find_op(ops.KIND, op_name)
    world.op.obj.refresh_from_db()
    return Applied(
        world.op.obj,
        op,
        op.body.model_validate(body),
        by or world.partner,
        "someone",
        timezone.now(),
        0,
    )


def test_the_home_refuses_a_share_for_another_agency(world: World) -> None:
    body = {
        "uid": str(uuid.uuid4()),
        "kind": "person",
        "label": "X",
        "handling": "H0",
        "agency": "dev-dgst",
    }
    with pytest.raises(validation.NotOwnAgency):
        validation.check_share_entity(_applied(world, ops.SHARE_ENTITY, body))
    validation.check_share_entity(_applied(world, ops.SHARE_ENTITY, body, world.lead))


def test_the_home_refuses_a_share_above_the_ceiling(world: World) -> None:
    body = {
        "uid": str(uuid.uuid4()),
        "kind": "phone",
        "label": "+212600000000",
        "handling": "H2",
        "agency": "dev-cgi",
    }
    with pytest.raises(AboveCeiling):
        validation.check_share_entity(_applied(world, ops.SHARE_ENTITY, body))


def test_the_home_refuses_an_outcome_for_another_agency(world: World) -> None:
    body = wire.RecordOutcome.model_validate(
        {"uid": str(uuid.uuid4()), "agency": "dev-dgst", **SEIZURE}
    ).model_dump(mode="json")
    with pytest.raises(validation.NotOwnAgency):
        validation.check_record_outcome(_applied(world, ops.RECORD_OUTCOME, body))


def test_the_home_refuses_a_correction_or_withdrawal_by_another_agency(world: World) -> None:
    one, _two = _entities(world)
    actions.record_outcome(world.analyst, world.op, **SEIZURE)
    outcome = Outcome.objects.get()
    figures = {k: str(v) for k, v in SEIZURE.items()}
    with pytest.raises(validation.NotOwnAgency):
        validation.check_correct_outcome(
            _applied(world, ops.CORRECT_OUTCOME, {"outcome": str(outcome.uid), **figures})
        )
    with pytest.raises(validation.NotOwnAgency):
        validation.check_withdraw_entity(
            _applied(world, ops.WITHDRAW_ENTITY, {"entity": str(one.uid)})
        )


def test_the_home_refuses_a_future_outcome_and_a_relation_outside(world: World) -> None:
    later = (timezone.now() + dt.timedelta(days=2)).date().isoformat()
    body = {"uid": str(uuid.uuid4()), "agency": "dev-cgi", **SEIZURE, "on": later}
    with pytest.raises(validation.InvalidOutcome):
        validation.check_record_outcome(_applied(world, ops.RECORD_OUTCOME, body))
    one, _two = _entities(world)
    relation = {
        "uid": str(uuid.uuid4()),
        "source": str(one.uid),
        "target": str(uuid.uuid4()),
        "kind": "calls",
    }
    with pytest.raises(validation.NotInOperation):
        validation.check_add_relation(_applied(world, ops.ADD_RELATION, relation))
    assert not Relation.objects.exists()
    assert not Note.objects.exists()


def test_the_pages_forms_answer_as_the_policy(world: World, dpo: User) -> None:
    """The page reads the rights once (``forms_allowed``): the same answers as ``can_*``, so a
    page never offers what the action refuses."""
    users = [world.analyst, world.partner_analyst, world.observer_officer, dpo, world.supervisor]
    for user in users:
        allowed = policy.forms_allowed(user, world.op)
        assert allowed["note"] == policy.can_edit(user, world.op), user
        assert allowed["update"] == policy.can_manage(user, world.op), user
        assert allowed["share"] == policy.can_share(user, world.op), user
    assert not any(policy.forms_allowed(dpo, world.op).values())
    assert not any(policy.forms_allowed(world.observer_officer, world.op).values())
    assert all(policy.forms_allowed(world.analyst, world.op).values())


def test_consulting_needs_the_read_permission(world: World, dpo: User) -> None:
    from strait.audit.models import AuditEntry

    with pytest.raises(NotPermitted):
        actions.consult(dpo, world.op)
    assert not AuditEntry.objects.filter(action="operations.consulted").exists()
