"""Every op of a joint operation through its action on the home node: the change is ordered,
applied to the copy and audited; bad input is refused with a clear error and writes nothing."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone

from strait.audit.models import AuditEntry
from strait.operations import actions, codes
from strait.operations.models import (
    LinkedThread,
    Note,
    Operation,
    OperationEntity,
    Outcome,
    Relation,
    Task,
    TimelineEntry,
)
from strait.operations.validation import (
    AlreadyInOperation,
    InvalidOutcome,
    NotInOperation,
    NotOwnAgency,
)
from strait.permissions import Role
from strait.sharing import queries as sharing
from strait.sharing.models import Change
from strait.sharing.refusals import AboveCeiling, RightMissing
from tests.factories import ChannelFactory, MessageFactory, RecipientFactory
from tests.factories.operations import make_operation
from tests.operations.conftest import World, person, phone

pytestmark = pytest.mark.django_db


def _changes(world: World) -> int:
    return Change.objects.filter(obj=world.op.obj).count()


def _two_entities(world: World) -> tuple[OperationEntity, OperationEntity]:
    youssef = person(world.lead, "يوسف الإدريسي", "Arab")
    karim = person(world.partner, "Karim Benali")
    actions.share_entity(world.analyst, world.op, kind="person", record=youssef.uid)
    actions.share_entity(world.partner_analyst, world.op, kind="person", record=karim.uid)
    return (
        OperationEntity.objects.get(source_ref=str(youssef.uid)),
        OperationEntity.objects.get(source_ref=str(karim.uid)),
    )


# The operation itself.


def test_create_builds_the_copy_with_its_lead_participants_and_creator(world: World) -> None:
    op = world.op
    op.obj.refresh_from_db()
    assert op.code_name == "Operation Cedar"
    assert op.obj.home == "dev"
    assert op.obj.home_agency == world.lead
    roles = {p.agency.code: p.role for p in sharing.participants(op.obj)}
    assert roles == {"dev-dgst": "lead", "dev-cgi": "participant", "dev-psp": "observer"}
    members = {m.username for m in sharing.members(op.obj)}
    assert world.analyst.username in members
    assert op.obj.seq == _changes(world)
    assert AuditEntry.objects.filter(action="sharing.created", target=str(op.obj.uid)).exists()


def test_create_needs_the_permission(world: World, make_user) -> None:  # type: ignore[no-untyped-def]
    from strait.refusals import NotPermitted

    officer = make_user(agency=world.lead, role=Role.OFFICER)
    before = Operation.objects.count()
    with pytest.raises(NotPermitted):
        make_operation(officer)
    assert Operation.objects.count() == before


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"code_name": ""}, "code_name"),
        ({"code_name": "x" * 101}, "code_name"),
        ({"crime_area": "piracy"}, "crime_area"),
        ({"starts_on": dt.date(2026, 5, 1), "ends_on": dt.date(2026, 4, 1)}, ""),
        ({"ceiling": "H9"}, "ceiling"),
    ],
)
def test_create_refuses_bad_values_and_writes_nothing(world: World, values, field) -> None:  # type: ignore[no-untyped-def]
    before = Operation.objects.count()
    with pytest.raises(actions.InvalidInput) as refused:
        make_operation(world.analyst, **values)
    assert field in [f for f, _m in refused.value.problems]
    assert Operation.objects.count() == before


def test_update_is_the_leads(world: World) -> None:
    actions.update_operation(
        world.analyst,
        world.op,
        status=codes.Status.ACTION_DAY,
        purpose="Arrests on both shores",
        starts_on=dt.date(2026, 3, 1),
    )
    op = Operation.objects.get(pk=world.op.pk)
    assert (op.status, op.purpose, op.starts_on) == (
        "action_day",
        "Arrests on both shores",
        dt.date(2026, 3, 1),
    )
    with pytest.raises(RightMissing):
        actions.update_operation(world.partner_analyst, world.op, status="closed", purpose="x")
    assert Operation.objects.get(pk=world.op.pk).status == "action_day"


# Entities.


def test_share_entity_puts_a_snapshot_of_the_owners_record(world: World) -> None:
    record = person(world.lead, "يوسف الإدريسي", "Arab", handling="H1")
    actions.share_entity(world.analyst, world.op, kind="person", record=record.uid)
    shared = OperationEntity.objects.get(operation=world.op)
    assert shared.label == "يوسف الإدريسي"
    assert shared.script == "Arab"
    assert shared.text_direction == "rtl"
    assert shared.handling == "H1"
    assert shared.owner_agency == "dev-dgst"
    assert shared.details["names"] == [{"text": "يوسف الإدريسي", "script": "Arab"}]
    assert shared.details["birth_dates"] == ["1990-04-02"]
    assert shared.source_ref == str(record.uid)


def test_share_entity_only_narrows_the_handling_code(world: World) -> None:
    record = phone(world.lead, "+212661223344", handling="H0")
    actions.share_entity(world.analyst, world.op, kind="phone", record=record.uid, handling="H1")
    shared = OperationEntity.objects.get(operation=world.op)
    assert (shared.label, shared.handling) == ("+212661223344", "H1")


def test_an_entity_above_the_ceiling_is_refused(world: World) -> None:
    record = person(world.lead, "Karim", handling="H2")
    seq = _changes(world)
    with pytest.raises(AboveCeiling, match="ceiling"):
        actions.share_entity(world.analyst, world.op, kind="person", record=record.uid)
    assert not OperationEntity.objects.exists()
    assert _changes(world) == seq


def test_only_the_owner_shares_its_record(world: World) -> None:
    theirs = person(world.partner, "Karim")
    with pytest.raises(actions.NotYours):
        actions.share_entity(world.analyst, world.op, kind="person", record=theirs.uid)
    assert not OperationEntity.objects.exists()


def test_a_record_is_shared_once(world: World) -> None:
    record = person(world.lead, "Karim")
    actions.share_entity(world.analyst, world.op, kind="person", record=record.uid)
    with pytest.raises(AlreadyInOperation):
        actions.share_entity(world.analyst, world.op, kind="person", record=record.uid)
    assert OperationEntity.objects.count() == 1


def test_withdraw_is_the_owners(world: World) -> None:
    youssef, karim = _two_entities(world)
    actions.add_relation(
        world.analyst, world.op, source=youssef.uid, target=karim.uid, kind="recruits"
    )
    with pytest.raises(NotOwnAgency):
        actions.withdraw_entity(world.analyst, world.op, karim.uid)
    actions.withdraw_entity(world.partner_analyst, world.op, karim.uid)
    assert list(OperationEntity.objects.values_list("uid", flat=True)) == [youssef.uid]
    assert not Relation.objects.exists()


# Relations.


def test_add_and_remove_a_relation(world: World) -> None:
    youssef, karim = _two_entities(world)
    actions.add_relation(
        world.partner_analyst,
        world.op,
        source=youssef.uid,
        target=karim.uid,
        kind="recruits",
        source_text="Intercepted calls, June 2014",
        evaluation="B2",
        observed_on=dt.date(2014, 6, 1),
    )
    relation = Relation.objects.get()
    assert (relation.source, relation.target, relation.kind) == (youssef, karim, "recruits")
    assert (relation.evaluation, relation.by_agency) == ("B2", "dev-cgi")
    actions.remove_relation(world.analyst, world.op, relation.uid)
    assert not Relation.objects.exists()


def test_a_relation_to_an_entity_not_in_the_operation_is_refused(world: World) -> None:
    youssef, _karim = _two_entities(world)
    other = make_operation(world.analyst, code_name="Other")
    record = person(world.lead, "Elsewhere")
    actions.share_entity(world.analyst, other, kind="person", record=record.uid)
    foreign = OperationEntity.objects.get(operation=other)
    seq = _changes(world)
    for target in (foreign.uid, uuid.uuid4()):
        with pytest.raises(NotInOperation) as refused:
            actions.add_relation(
                world.analyst, world.op, source=youssef.uid, target=target, kind="calls"
            )
        assert [f for f, _m in refused.value.problems] == ["target"]
    assert not Relation.objects.exists()
    assert _changes(world) == seq


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"kind": "loves"}, "kind"),
        ({"evaluation": "E5"}, "evaluation"),
        ({"source_text": "x" * 301}, "source_text"),
    ],
)
def test_a_relation_with_bad_values_is_refused(world: World, values, field) -> None:  # type: ignore[no-untyped-def]
    youssef, karim = _two_entities(world)
    body = {"source": youssef.uid, "target": karim.uid, "kind": "calls"} | values
    with pytest.raises(actions.InvalidInput) as refused:
        actions.add_relation(world.analyst, world.op, **body)
    assert field in [f for f, _m in refused.value.problems]
    assert not Relation.objects.exists()


def test_removing_a_relation_not_in_the_operation_is_refused(world: World) -> None:
    with pytest.raises(NotInOperation):
        actions.remove_relation(world.analyst, world.op, uuid.uuid4())


# Timeline, tasks, notes, threads.


def test_add_a_timeline_entry_naming_entities(world: World) -> None:
    youssef, karim = _two_entities(world)
    at = timezone.now().replace(microsecond=0)
    actions.add_timeline(
        world.partner_analyst,
        world.op,
        kind="meeting",
        at=at,
        text="Meeting in Algeciras",
        entities=[youssef.uid, karim.uid],
    )
    entry = TimelineEntry.objects.get()
    assert (entry.kind, entry.at, entry.text, entry.by_agency) == (
        "meeting",
        at,
        "Meeting in Algeciras",
        "dev-cgi",
    )
    assert set(entry.entities.all()) == {youssef, karim}
    assert entry.by_name == world.partner_analyst.full_name
    with pytest.raises(NotInOperation):
        actions.add_timeline(
            world.analyst, world.op, kind="other", at=at, text="x", entities=[uuid.uuid4()]
        )
    assert TimelineEntry.objects.count() == 1


def test_add_a_task_and_set_its_status(world: World) -> None:
    actions.add_task(
        world.analyst,
        world.op,
        title="Trace the go-fast",
        owner_agency="dev-cgi",
        due_on=dt.date(2026, 12, 24),
    )
    task = Task.objects.get()
    assert (task.title, task.owner_agency, task.status) == ("Trace the go-fast", "dev-cgi", "open")
    actions.set_task_status(world.partner_analyst, world.op, task.uid, "done")
    assert Task.objects.get().status == "done"
    with pytest.raises(NotInOperation):
        actions.set_task_status(world.analyst, world.op, uuid.uuid4(), "done")


def test_a_task_is_owned_by_a_participant(world: World) -> None:
    with pytest.raises(NotInOperation):
        actions.add_task(world.analyst, world.op, title="x", owner_agency="dev-other")
    assert not Task.objects.exists()


def test_add_a_note(world: World) -> None:
    actions.add_note(world.partner_analyst, world.op, "The boat left Larache at 02:10.")
    note = Note.objects.get()
    assert (note.text, note.by_agency, note.by_name) == (
        "The boat left Larache at 02:10.",
        "dev-cgi",
        world.partner_analyst.full_name,
    )
    with pytest.raises(actions.InvalidInput):
        actions.add_note(world.analyst, world.op, "x" * 5001)
    with pytest.raises(actions.InvalidInput):
        actions.add_note(world.analyst, world.op, "   ")
    assert Note.objects.count() == 1


def _thread(world: World) -> uuid.UUID:
    channel = ChannelFactory()
    channel.agencies.set([world.lead, world.partner])
    message = MessageFactory(
        channel=channel, sender_agency=world.partner, subject="Go-fast in Larache"
    )
    RecipientFactory(message=message, agency=world.lead)
    return message.thread_uid


def test_link_a_thread_the_user_may_read(world: World) -> None:
    thread = _thread(world)
    actions.link_thread(world.analyst, world.op, thread)
    assert LinkedThread.objects.get().thread == str(thread)
    with pytest.raises(AlreadyInOperation):
        actions.link_thread(world.analyst, world.op, thread)


def test_a_thread_the_user_may_not_read_is_not_linked(world: World) -> None:
    thread = _thread(world)
    observer_agency_user = world.partner_analyst  # reads it (its agency sent it)
    assert observer_agency_user
    with pytest.raises(actions.NotYours):
        actions.link_thread(world.observer_officer, world.op, thread)
    with pytest.raises(actions.NotYours):
        actions.link_thread(world.analyst, world.op, uuid.uuid4())
    assert not LinkedThread.objects.exists()


# Outcomes.

SEIZURE = {
    "kind": "seizure",
    "country": "ES",
    "on": dt.date(2014, 8, 14),
    "place": "Algeciras",
    "seizure_type": "drug",
    "drug_type": "cannabis_resin",
    "kilograms": Decimal("1250.5"),
}


def test_record_and_correct_an_outcome(world: World) -> None:
    actions.record_outcome(world.partner_analyst, world.op, **SEIZURE)
    outcome = Outcome.objects.get()
    assert (outcome.agency, outcome.kind, outcome.kilograms) == (
        "dev-cgi",
        "seizure",
        Decimal("1250.500"),
    )
    actions.correct_outcome(
        world.partner_analyst, world.op, outcome.uid, **(SEIZURE | {"kilograms": "1300"})
    )
    outcome.refresh_from_db()
    assert outcome.kilograms == Decimal("1300")
    assert outcome.corrected_at is not None


def test_an_arrest_outcome(world: World) -> None:
    actions.record_outcome(
        world.analyst,
        world.op,
        kind="arrest",
        country="MA",
        on=dt.date(2014, 8, 14),
        count=7,
        crime_category="terrorism",
        nationality="MA",
    )
    outcome = Outcome.objects.get()
    assert (outcome.agency, outcome.count, outcome.crime_category, outcome.nationality) == (
        "dev-dgst",
        7,
        "terrorism",
        "MA",
    )


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"kilograms": Decimal("-1")}, "kilograms"),
        ({"kilograms": -0.5}, "kilograms"),
        ({"count": -3}, "count"),
        ({"quantity": -1}, "quantity"),
        ({"amount_eur": "-10"}, "amount_eur"),
        ({"country": "Spain"}, "country"),
    ],
)
def test_a_malformed_outcome_is_refused(world: World, values, field) -> None:  # type: ignore[no-untyped-def]
    seq = _changes(world)
    with pytest.raises(actions.InvalidInput) as refused:
        actions.record_outcome(world.partner_analyst, world.op, **(SEIZURE | values))
    assert [f for f, _m in refused.value.problems] == [field]
    assert not Outcome.objects.exists()
    assert _changes(world) == seq


def test_an_outcome_dated_in_the_future_is_refused(world: World) -> None:
    later = timezone.now().date() + dt.timedelta(days=2)
    with pytest.raises(InvalidOutcome) as refused:
        actions.record_outcome(world.partner_analyst, world.op, **(SEIZURE | {"on": later}))
    assert [f for f, _m in refused.value.problems] == ["on"]
    assert not Outcome.objects.exists()
    actions.record_outcome(
        world.partner_analyst, world.op, **(SEIZURE | {"on": timezone.now().date()})
    )
    assert Outcome.objects.count() == 1


def test_each_agency_corrects_its_own_outcomes(world: World) -> None:
    actions.record_outcome(world.partner_analyst, world.op, **SEIZURE)
    outcome = Outcome.objects.get()
    with pytest.raises(NotOwnAgency):
        actions.correct_outcome(
            world.analyst, world.op, outcome.uid, **(SEIZURE | {"kilograms": 1})
        )
    with pytest.raises(NotInOperation):
        actions.correct_outcome(world.analyst, world.op, uuid.uuid4(), **SEIZURE)
    assert Outcome.objects.get().kilograms == Decimal("1250.5")


# Who takes part.


def test_participants_and_members_through_the_built_in_ops(world: World, make_user) -> None:  # type: ignore[no-untyped-def]
    colleague = make_user(agency=world.outsider, role=Role.ANALYST)
    actions.add_participant(world.analyst, world.op, world.outsider, "participant")
    actions.add_member(world.analyst, world.op, colleague)
    assert sharing.role_of(world.outsider, world.op.obj) == "participant"
    assert colleague.username in {m.username for m in sharing.members(world.op.obj)}
    actions.remove_member(world.analyst, world.op, world.outsider, colleague.username)
    actions.remove_participant(world.analyst, world.op, world.outsider)
    assert sharing.role_of(world.outsider, world.op.obj) is None


def test_things_are_shared_by_their_identifiers(world: World) -> None:
    from tests.factories import VehicleFactory, VesselFactory

    boat = VesselFactory(agency=world.lead, name="Bahja", imo="9074729", handling="H0")
    car = VehicleFactory(agency=world.lead, value="1234-BCD", make_model="Audi A6", handling="H0")
    actions.share_entity(world.analyst, world.op, kind="vessel", record=boat.uid)
    actions.share_entity(world.analyst, world.op, kind="vehicle", record=car.uid)
    shared = {e.kind: e for e in OperationEntity.objects.all()}
    assert shared["vessel"].label == "Bahja"
    assert {"kind": "imo", "value": "9074729"} in shared["vessel"].details["identifiers"]
    assert shared["vehicle"].label == "1234-BCD"
    assert {"kind": "make_model", "value": "Audi A6"} in shared["vehicle"].details["identifiers"]


def test_share_entity_refuses_an_unknown_kind_or_handling(world: World) -> None:
    record = person(world.lead, "Karim")
    with pytest.raises(actions.InvalidInput):
        actions.share_entity(world.analyst, world.op, kind="email", record=record.uid)
    with pytest.raises(actions.InvalidInput):
        actions.share_entity(
            world.analyst, world.op, kind="person", record=record.uid, handling="H7"
        )
    assert not OperationEntity.objects.exists()


def test_the_ceiling_may_not_go_below_what_is_inside(world: World) -> None:
    from strait.operations import ops

    assert ops.highest(world.op.obj) == "H0"
    record = person(world.lead, "Karim", handling="H1")
    actions.share_entity(world.analyst, world.op, kind="person", record=record.uid)
    assert ops.highest(world.op.obj) == "H1"
    assert ops.url(world.op.obj) == f"/operations/{world.op.obj.uid}/"


def test_rows_name_themselves(world: World) -> None:
    youssef, karim = _two_entities(world)
    actions.add_relation(world.analyst, world.op, source=youssef.uid, target=karim.uid, kind="owns")
    actions.add_task(world.analyst, world.op, title="Watch", owner_agency="dev-cgi")
    actions.add_note(world.analyst, world.op, "Seen")
    actions.record_outcome(world.analyst, world.op, **(SEIZURE | {"country": "MA"}))
    assert str(world.op) == "Operation Cedar"
    assert str(youssef) == "يوسف الإدريسي"
    assert "owns" in str(Relation.objects.get())
    assert str(Task.objects.get()) == "Watch"
    assert str(Note.objects.get()) == "Seen"
    assert str(Outcome.objects.get()) == "dev-dgst seizure 2014-08-14"


def test_sharing_a_record_is_a_disclosure_in_the_audit_log(world: World) -> None:
    record = person(world.lead, "Karim", handling="H1")
    actions.share_entity(world.analyst, world.op, kind="person", record=record.uid)
    entry = AuditEntry.objects.get(action="operations.entity_shared")
    assert entry.target == f"person:{record.uid}"
    assert entry.details["operation"] == str(world.op.obj.uid)
    assert entry.details["handling"] == "H1"
    assert set(entry.details["participants"]) == {"dev-dgst", "dev-cgi", "dev-psp"}
    refused = person(world.lead, "Above", handling="H3")
    with pytest.raises(AboveCeiling):
        actions.share_entity(world.analyst, world.op, kind="person", record=refused.uid)
    assert AuditEntry.objects.filter(action="operations.entity_shared").count() == 1


def test_a_snapshot_keeps_to_the_wire_bounds(world: World) -> None:
    """A record the entities app accepted is always shareable: the snapshot keeps to the op
    body's bounds (codes upper-cased, odd ones left out) rather than refusing the share."""
    record = person(world.lead, "Karim")
    record.nationalities = ["ma", "ESP", "es"]
    record.save()
    actions.share_entity(world.analyst, world.op, kind="person", record=record.uid)
    assert OperationEntity.objects.get().details["nationalities"] == ["MA", "ES"]
