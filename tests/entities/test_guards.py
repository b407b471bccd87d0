"""Every guard of the entities actions pinned (issue 10): each test here fails when the check it
names is removed from ``actions.py``, ``exports.py`` or ``imports.py``. The probe that found them
(remove a guard, run tests/entities, restore) and the list of guards with their tests are in the
issue's closing note."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from strait.accounts.models import User
from strait.audit.events import AuditAction
from strait.audit.models import AuditEntry
from strait.entities import actions, csv_format, exports, imports
from strait.entities.models import ExportRequest, ImportBatch, Organisation, Person, Phone, Vehicle
from strait.entities.validation import Invalid, NameDraft
from strait.permissions import Role
from strait.refusals import NotPermitted
from tests.conftest import login_verified
from tests.entities.conftest import World, make_person, markings, person_draft

pytestmark = pytest.mark.django_db


def vehicle(user: User, owner: Person | None = None) -> Vehicle:
    row = actions.create_record(
        "vehicle",
        {"value": "1234 BCD", "plate_country": "ES"},
        markings(),
        acting_user=user,
        person=owner,
    )
    assert isinstance(row, Vehicle)
    return row


def organisation(user: User) -> Organisation:
    row = actions.create_record(
        "organisation", {"name": "Transportes SL"}, markings(), acting_user=user
    )
    assert isinstance(row, Organisation)
    return row


def written() -> int:
    return AuditEntry.objects.filter(
        action__in=(
            AuditAction.ENTITY_CREATED,
            AuditAction.ENTITY_CHANGED,
            AuditAction.ENTITY_ERASED,
        )
    ).count()


# Permissions: an officer reads and checks, never writes --------------------------------------


def test_an_officer_may_not_change_add_to_or_erase_records(world: World) -> None:
    person = make_person(world.analyst)
    plate = vehicle(world.analyst, person)
    before = written()
    with pytest.raises(NotPermitted):
        actions.update_person(
            person, person_draft(names=[NameDraft("Someone Else")]), acting_user=world.officer
        )
    with pytest.raises(NotPermitted):
        vehicle(world.officer)
    with pytest.raises(NotPermitted):
        actions.update_record(
            plate,
            {"value": "9999 ZZZ", "plate_country": "ES"},
            markings(),
            acting_user=world.officer,
        )
    with pytest.raises(NotPermitted):
        actions.erase(plate, acting_user=world.officer)
    assert written() == before
    assert next(n.full_name for n in person.names.all()) == "عبد اللطيف الخطابي"
    assert Vehicle.objects.get().value == "1234 BCD"


def test_the_node_erases_only_with_a_reason_and_writes_in_bulk_only_with_one(world: World) -> None:
    person = make_person(world.analyst)
    with pytest.raises(NotPermitted):
        actions.erase(person, acting_user=None)
    assert Person.objects.filter(pk=person.pk).exists()
    with pytest.raises(NotPermitted):
        actions.add_in_bulk(
            world.here,
            [(Person(**markings().as_fields()), [])],
            [],
            source="demo:x",
            system_reason="",
        )
    assert Person.objects.count() == 1
    assert not AuditEntry.objects.filter(action=AuditAction.ENTITIES_IMPORTED).exists()


def test_an_officer_may_not_import(world: World) -> None:
    batch = imports.open_batch(world.analyst, filename="x.csv", fmt="csv")
    with pytest.raises(NotPermitted):
        imports.run(batch, csv_format.read("name\nAna\n", markings()), world.officer)
    assert not Person.objects.exists()


def test_an_officer_may_not_ask_for_or_download_an_export(world: World) -> None:
    asked = exports.request_export(world.analyst, "Court order 12/2026")
    exports.decide(asked, world.supervisor, approve=True)
    # The officer holds the request (as if it were theirs): the permission still refuses.
    ExportRequest.objects.filter(pk=asked.pk).update(requested_by=world.officer)
    asked.refresh_from_db()
    with pytest.raises(NotPermitted):
        exports.download(asked, world.officer)
    assert ExportRequest.objects.get(pk=asked.pk).status == ExportRequest.Status.APPROVED


def test_a_user_of_no_agency_may_not_ask_for_an_export(world: World) -> None:
    homeless = User(username="nobody", role=Role.ANALYST, is_active=True)
    with pytest.raises(Invalid):
        exports.request_export(homeless, "Court order 12/2026")
    assert not ExportRequest.objects.exists()


# Own agency: another agency's records are never changed or used ------------------------------


def test_another_agency_may_not_change_our_records_nor_hang_records_on_them(world: World) -> None:
    person = make_person(world.analyst)
    plate = vehicle(world.analyst, person)
    company = organisation(world.analyst)
    before = written()
    with pytest.raises(Invalid):
        actions.update_person(
            person, person_draft(names=[NameDraft("Someone Else")]), acting_user=world.other_analyst
        )
    with pytest.raises(Invalid):
        actions.update_record(
            plate,
            {"value": "9999 ZZZ", "plate_country": "ES"},
            markings(),
            acting_user=world.other_analyst,
        )
    with pytest.raises(Invalid):
        vehicle(world.other_analyst, person)
    with pytest.raises(Invalid):
        actions.create_record(
            "phone",
            {"value": "+34 956 000 000"},
            markings(),
            acting_user=world.other_analyst,
            organisation=company,
        )
    assert written() == before
    assert Vehicle.objects.get().value == "1234 BCD"
    assert not Phone.objects.filter(organisation=company).exists()
    assert next(n.full_name for n in person.names.all()) == "عبد اللطيف الخطابي"


def test_a_supervisor_of_another_agency_may_not_decide_an_export(world: World) -> None:
    asked = exports.request_export(world.analyst, "Court order 12/2026")
    elsewhere = User.objects.get(pk=world.supervisor.pk)
    elsewhere.agency = world.other  # a supervisor, handed the request by a programming error
    with pytest.raises(Invalid):
        exports.decide(asked, elsewhere, approve=True)
    assert ExportRequest.objects.get(pk=asked.pk).status == ExportRequest.Status.PENDING


def test_export_requests_are_seen_and_found_within_the_agency_only(
    world: World, make_user: Any
) -> None:
    ours = exports.request_export(world.analyst, "Court order 12/2026")
    colleague = make_user(agency=world.here, role=Role.ANALYST)
    theirs_supervisor = make_user(agency=world.other, role=Role.SUPERVISOR)
    theirs = exports.request_export(world.other_analyst, "Their own case")
    # Analysts see their own requests only; supervisors their agency's; nobody another agency's.
    assert exports.visible(colleague) == []
    assert exports.find(colleague, ours.uid) is None
    assert [r.uid for r in exports.visible(world.supervisor)] == [ours.uid]
    assert exports.find(world.supervisor, theirs.uid) is None
    assert [r.uid for r in exports.pending_for(world.supervisor)] == [ours.uid]
    assert exports.pending_for(world.analyst) == []
    assert exports.pending_for(colleague) == []  # another analyst's request: not theirs to decide
    assert [r.uid for r in exports.pending_for(theirs_supervisor)] == [theirs.uid]
    # A supervisor's own request waits for another supervisor.
    own = exports.request_export(world.supervisor, "Supervisor's own case")
    assert own.uid not in [r.uid for r in exports.pending_for(world.supervisor)]


# Rules ---------------------------------------------------------------------------------------


def test_a_justification_is_at_most_1000_characters_and_holds_no_nul(world: World) -> None:
    with pytest.raises(Invalid, match="1000"):
        exports.request_export(world.analyst, "x" * 1001)
    with pytest.raises(Invalid, match="NUL"):
        exports.request_export(world.analyst, "Court\x00order")
    asked = exports.request_export(world.analyst, "x" * 1000)
    with pytest.raises(Invalid, match="NUL"):
        exports.decide(asked, world.supervisor, approve=True, note="ok\x00")
    assert ExportRequest.objects.get().status == ExportRequest.Status.PENDING


def test_a_record_is_kept_on_its_retention_date_and_erased_the_day_after(
    world: World, time_machine: Any
) -> None:
    time_machine.move_to("2030-01-01 10:00:00Z", tick=False)
    person = make_person(
        world.analyst,
        markings=markings(review_date=dt.date(2030, 2, 1), retention_date=dt.date(2030, 3, 1)),
    )
    time_machine.move_to("2030-03-01 10:00:00Z", tick=False)
    assert actions.erase_expired() == 0
    time_machine.move_to("2030-03-02 10:00:00Z", tick=False)
    assert actions.erase_expired() == 1
    assert not Person.objects.filter(pk=person.pk).exists()


def test_a_recent_import_report_keeps_its_values(world: World, time_machine: Any) -> None:
    time_machine.move_to("2030-01-01 10:00:00Z", tick=False)
    batch = imports.open_batch(world.analyst, filename="x.csv", fmt="csv")
    imports.run(
        batch, csv_format.read("name,phones\nAna,+99 not a phone\n", markings()), world.analyst
    )
    time_machine.move_to(
        timezone_days_later("2030-01-01 10:00:00", imports.REFUSALS_KEPT_DAYS - 1), tick=False
    )
    actions.erase_expired()
    batch.refresh_from_db()
    assert "+99 not a phone" in json.dumps(batch.refusals)


def timezone_days_later(start: str, days: int) -> str:
    return (dt.datetime.fromisoformat(start) + dt.timedelta(days=days)).isoformat() + "Z"


def test_reading_a_report_cut_down_to_row_numbers_is_no_consultation(world: World) -> None:
    batch = imports.open_batch(world.analyst, filename="x.csv", fmt="csv")
    imports.run(
        batch, csv_format.read("name,phones\nAna,+99 not a phone\n", markings()), world.analyst
    )
    ImportBatch.objects.filter(pk=batch.pk).update(refusals=[{"row": 1, "id": "", "errors": []}])
    page = login_verified(Client(), world.analyst)
    assert page.get(reverse("entities:import_status", kwargs={"uid": batch.uid})).status_code == 200
    assert not AuditEntry.objects.filter(action=AuditAction.ENTITY_CONSULTED).exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name\n", "holds no records"),
        ("name,review_date\nAna,2030-02-30\n", "not a date"),
        ("name,open_to_checks\nAna,maybe\n", "say yes or no"),
        ("kind,id,name\nperson,p1,Ana\nperson,p1,Luis\n", "more than once"),
    ],
)
def test_an_import_that_breaks_a_rule_writes_nothing(world: World, text: str, message: str) -> None:
    batch = imports.open_batch(world.analyst, filename="x.csv", fmt="csv")
    batch = imports.run(batch, csv_format.read(text, markings()), world.analyst)
    assert batch.status == ImportBatch.Status.REFUSED
    assert message in json.dumps(batch.refusals)
    assert not Person.objects.exists()


def test_a_decided_export_request_cannot_be_decided_again(world: World, make_user: Any) -> None:
    asked = exports.request_export(world.analyst, "Court order 12/2026")
    exports.decide(asked, world.supervisor, approve=False, note="No reason given")
    second = make_user(agency=world.here, role=Role.SUPERVISOR)
    with pytest.raises(Invalid, match="already decided"):
        exports.decide(asked, second, approve=True)
    decided = ExportRequest.objects.get(pk=asked.pk)
    assert (decided.status, decided.decided_by) == (ExportRequest.Status.REFUSED, world.supervisor)
    steps = AuditEntry.objects.filter(action=AuditAction.ENTITIES_EXPORT_REQUEST)
    assert [e.details["step"] for e in steps.order_by("seq")] == ["requested", "refused"]
