"""The operation pages: list, new, detail with every section, each op from its form; who sees
what (a non-participant and a removed member get 404, an observer reads but finds no form and
every write refused); bad input on every form shows a clear error and writes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from strait.operations import actions
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
from strait.sharing import queries as sharing
from strait.sharing.models import Change
from tests.factories import ChannelFactory, MessageFactory, RecipientFactory
from tests.operations.conftest import World, person

pytestmark = pytest.mark.django_db

# Every op's URL: what the pages post to.
OP_PAGES = [
    "update",
    "share",
    "withdraw",
    "relation_add",
    "relation_remove",
    "timeline_add",
    "task_add",
    "task_status",
    "note_add",
    "thread_link",
    "outcome_record",
    "outcome_correct",
    "participant_add",
    "participant_remove",
    "participant_role",
    "ceiling",
    "member_add",
    "member_remove",
]


def url(world: World, name: str = "detail") -> str:
    return reverse(f"operations:{name}", kwargs={"uid": world.op.obj.uid})


def _changes(world: World) -> int:
    return Change.objects.filter(obj=world.op.obj).count()


def _entities(world: World) -> tuple[OperationEntity, OperationEntity]:
    youssef = person(world.lead, "يوسف الإدريسي", "Arab")
    karim = person(world.partner, "Karim Benali")
    actions.share_entity(world.analyst, world.op, kind="person", record=youssef.uid)
    actions.share_entity(world.partner_analyst, world.op, kind="person", record=karim.uid)
    return (
        OperationEntity.objects.get(source_ref=str(youssef.uid)),
        OperationEntity.objects.get(source_ref=str(karim.uid)),
    )


# Reading.


def test_the_list_shows_the_users_operations_only(
    world: World, verified_client: Callable[..., Client]
) -> None:
    listed = verified_client(world.partner_analyst).get(reverse("operations:list"))
    assert listed.status_code == 200
    assert "Operation Cedar" in listed.content.decode()
    other = verified_client(world.outsider_analyst).get(reverse("operations:list"))
    assert "Operation Cedar" not in other.content.decode()
    assert verified_client(world.officer).get(reverse("operations:list")).status_code == 200
    assert (
        "Operation Cedar"
        not in verified_client(world.officer).get(reverse("operations:list")).content.decode()
    )


def test_the_detail_shows_every_section(
    world: World, verified_client: Callable[..., Client]
) -> None:
    youssef, karim = _entities(world)
    actions.add_relation(
        world.analyst, world.op, source=youssef.uid, target=karim.uid, kind="recruits"
    )
    actions.add_timeline(
        world.analyst, world.op, kind="meeting", at=timezone.now(), text="Meeting at the port"
    )
    actions.add_task(world.analyst, world.op, title="Trace the boat", owner_agency="dev-cgi")
    actions.add_note(world.partner_analyst, world.op, "Seen in Larache")
    actions.record_outcome(
        world.partner_analyst,
        world.op,
        kind="arrest",
        country="ES",
        on=dt.date(2014, 6, 1),
        count=4,
    )
    page = verified_client(world.partner_analyst).get(url(world))
    assert page.status_code == 200
    html = page.content.decode()
    for text in (
        "Operation Cedar",
        "يوسف الإدريسي",
        'dir="rtl"',
        "Karim Benali",
        "recruits",
        "Meeting at the port",
        "Trace the boat",
        "Seen in Larache",
        "Arrests",
        "CGI",
        "PSP",
        world.partner_analyst.full_name,
        # The copy's state (sharing/_sync.html).
        f"at change {world.op.obj.changes.count()}",
    ):
        assert text in html, text
    for name in ("relation_add", "timeline_add", "task_add", "note_add", "outcome_record"):
        assert url(world, name) in html, name
    # Not the lead: nothing of the lead's.
    assert url(world, "update") not in html
    assert url(world, "participant_add") not in html


def test_partner_text_is_never_markup(world: World, verified_client: Callable[..., Client]) -> None:
    actions.add_note(world.partner_analyst, world.op, "<script>alert(1)</script>")
    html = verified_client(world.analyst).get(url(world)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_non_participant_gets_404_on_every_page(
    world: World, verified_client: Callable[..., Client]
) -> None:
    for user in (world.outsider_analyst, world.officer):  # another agency; the lead's non-member
        client = verified_client(user)
        assert client.get(url(world)).status_code == 404
        for name in OP_PAGES:
            assert client.post(url(world, name)).status_code == 404, name


def test_a_supervisor_of_a_participant_agency_sees_it(
    world: World, verified_client: Callable[..., Client]
) -> None:
    assert verified_client(world.supervisor).get(url(world)).status_code == 200


def test_a_removed_member_gets_404_at_once(
    world: World, verified_client: Callable[..., Client]
) -> None:
    client = verified_client(world.partner_analyst)
    assert client.get(url(world)).status_code == 200
    actions.remove_member(world.analyst, world.op, world.partner, world.partner_analyst.username)
    assert client.get(url(world)).status_code == 404
    assert client.post(url(world, "note_add"), {"text": "Still here?"}).status_code == 404
    assert "Operation Cedar" not in client.get(reverse("operations:list")).content.decode()
    assert not Note.objects.exists()


def test_a_removed_agency_gets_404_at_once(
    world: World, verified_client: Callable[..., Client]
) -> None:
    client = verified_client(world.partner_analyst)
    actions.remove_participant(world.analyst, world.op, world.partner)
    assert client.get(url(world)).status_code == 404


def test_an_observer_reads_but_finds_no_form_and_every_write_is_refused(
    world: World, verified_client: Callable[..., Client]
) -> None:
    youssef, karim = _entities(world)
    client = verified_client(world.observer_officer)
    page = client.get(url(world))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Observer" in html
    assert "يوسف الإدريسي" in html
    for name in OP_PAGES:
        assert url(world, name) not in html, name
    assert '<form method="post" action="/operations/' not in html
    seq = _changes(world)
    posted = client.post(
        url(world, "relation_add"),
        {"source": youssef.uid, "target": karim.uid, "kind": "calls"},
    )
    assert posted.status_code == 400
    assert "role" in posted.content.decode()
    assert client.post(url(world, "note_add"), {"text": "x"}).status_code == 400
    assert _changes(world) == seq
    assert not Relation.objects.exists()
    assert not Note.objects.exists()


# Creating.


def test_new_opens_an_operation_with_its_participants(
    world: World, verified_client: Callable[..., Client]
) -> None:
    client = verified_client(world.analyst)
    assert client.get(reverse("operations:new")).status_code == 200
    made = client.post(
        reverse("operations:new"),
        {
            "code_name": "Operation Strait Flight",
            "crime_area": "drugs",
            "legal_basis": "Agreement",
            "purpose": "Drug flights",
            "ceiling": "H2",
            "status": "active",
            "participants": [world.partner.pk],
            "observers": [world.observer.pk],
        },
    )
    assert made.status_code == 302
    op = Operation.objects.get(code_name="Operation Strait Flight")
    assert made["Location"] == reverse("operations:detail", kwargs={"uid": op.obj.uid})
    roles = {p.agency.code: p.role for p in sharing.participants(op.obj)}
    assert roles == {"dev-dgst": "lead", "dev-cgi": "participant", "dev-psp": "observer"}


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"code_name": ""}, "code_name"),
        ({"code_name": "x" * 101}, "code_name"),
        ({"ceiling": "H9"}, "ceiling"),
        ({"starts_on": "2026-05-01", "ends_on": "2026-04-01"}, "ends_on"),
    ],
)
def test_new_with_bad_input_shows_the_error_and_opens_nothing(
    world: World, verified_client: Callable[..., Client], data: dict[str, Any], field: str
) -> None:
    before = Operation.objects.count()
    form = {
        "code_name": "Operation X",
        "crime_area": "drugs",
        "legal_basis": "Agreement",
        "purpose": "x",
        "ceiling": "H1",
        "status": "active",
    } | data
    posted = verified_client(world.analyst).post(reverse("operations:new"), form)
    assert posted.status_code == 400
    assert f'href="#id_{field}"' in posted.content.decode()
    assert Operation.objects.count() == before


def test_an_officer_may_not_open_an_operation(
    world: World, verified_client: Callable[..., Client]
) -> None:
    assert verified_client(world.officer).get(reverse("operations:new")).status_code == 403


# Each op from its form.


def test_every_op_from_its_form(world: World, verified_client: Callable[..., Client]) -> None:
    lead = verified_client(world.analyst)
    partner = verified_client(world.partner_analyst)
    youssef = person(world.lead, "يوسف الإدريسي", "Arab")
    karim = person(world.partner, "Karim Benali")

    def ok(client: Client, name: str, data: dict[str, Any]) -> None:
        posted = client.post(url(world, name), data)
        assert posted.status_code == 302, (name, posted.content.decode()[:3000])
        assert posted["Location"].startswith(url(world))

    ok(lead, "share", {"record": f"person:{youssef.uid}", "handling": "H1"})
    ok(partner, "share", {"record": f"person:{karim.uid}"})
    one = OperationEntity.objects.get(source_ref=str(youssef.uid))
    two = OperationEntity.objects.get(source_ref=str(karim.uid))
    assert one.handling == "H1"
    ok(
        partner,
        "relation_add",
        {"source": one.uid, "target": two.uid, "kind": "recruits", "evaluation": "B2"},
    )
    relation = Relation.objects.get()
    ok(
        partner,
        "timeline_add",
        {
            "kind": "movement",
            "at": "2014-06-01T10:00",
            "text": "Crossed at Tarifa",
            "entities": [two.uid],
        },
    )
    assert TimelineEntry.objects.get().entities.get() == two
    ok(
        lead,
        "task_add",
        {"title": "Watch the port", "owner_agency": "dev-cgi", "due_on": "2026-12-24"},
    )
    task = Task.objects.get()
    ok(partner, "task_status", {"task": task.uid, "status": "done"})
    assert Task.objects.get().status == "done"
    ok(partner, "note_add", {"text": "Confirmed"})
    assert Note.objects.get().text == "Confirmed"
    ok(
        partner,
        "outcome_record",
        {
            "kind": "seizure",
            "on": "2014-08-14",
            "country": "ES",
            "seizure_type": "drug",
            "drug_type": "cannabis_resin",
            "kilograms": "1250.5",
        },
    )
    outcome = Outcome.objects.get()
    ok(
        partner,
        "outcome_correct",
        {
            "outcome": outcome.uid,
            "kind": "seizure",
            "on": "2014-08-14",
            "country": "ES",
            "kilograms": "1300",
        },
    )
    outcome.refresh_from_db()
    assert str(outcome.kilograms) == "1300.000"
    ok(partner, "relation_remove", {"relation": relation.uid})
    assert not Relation.objects.exists()
    ok(partner, "withdraw", {"entity": two.uid})
    assert not OperationEntity.objects.filter(uid=two.uid).exists()
    ok(lead, "update", {"status": "action_day", "purpose": "Arrests"})
    assert Operation.objects.get(pk=world.op.pk).status == "action_day"
    ok(lead, "participant_add", {"agency": world.outsider.pk, "role": "observer"})
    assert sharing.role_of(world.outsider, world.op.obj) == "observer"
    ok(lead, "participant_remove", {"agency": world.outsider.code})
    assert sharing.role_of(world.outsider, world.op.obj) is None
    ok(lead, "member_add", {"member": world.officer.pk})
    ok(lead, "member_remove", {"agency": world.lead.code, "username": world.officer.username})


def test_link_a_thread_from_its_form(world: World, verified_client: Callable[..., Client]) -> None:
    channel = ChannelFactory()
    channel.agencies.set([world.lead, world.partner])
    message = MessageFactory(channel=channel, sender_agency=world.partner, subject="Go-fast")
    RecipientFactory(message=message, agency=world.lead)
    client = verified_client(world.analyst)
    assert "Go-fast" in client.get(url(world)).content.decode()  # offered in the form
    posted = client.post(url(world, "thread_link"), {"thread": str(message.thread_uid)})
    assert posted.status_code == 302
    assert LinkedThread.objects.get().thread == str(message.thread_uid)
    # The observer's agency does not receive the thread: the link says nothing of it.
    html = verified_client(world.observer_officer).get(url(world)).content.decode()
    assert "Go-fast" not in html
    assert "A thread your agency does not receive" in html


# Bad input on every form: a clear error, nothing written.


def _refused(client: Client, world: World, name: str, data: dict[str, Any], message: str) -> None:
    seq = _changes(world)
    posted = client.post(url(world, name), data)
    assert posted.status_code == 400, name
    html = posted.content.decode()
    assert "error-summary" in html, name
    assert message in html, (name, message)
    assert _changes(world) == seq, name


def test_bad_input_on_every_form(world: World, verified_client: Callable[..., Client]) -> None:
    youssef, karim = _entities(world)
    lead = verified_client(world.analyst)
    partner = verified_client(world.partner_analyst)
    above = person(world.lead, "Above", handling="H2")
    _refused(lead, world, "share", {"record": f"person:{above.uid}"}, "ceiling")
    theirs = person(world.outsider, "Theirs")
    _refused(lead, world, "share", {"record": f"person:{theirs.uid}"}, "No record of your agency")
    _refused(lead, world, "share", {"record": "person:nonsense"}, "Choose one of your agency")
    _refused(
        partner,
        world,
        "relation_add",
        {"source": youssef.uid, "target": "d6a4f1b2-0000-4000-8000-000000000000", "kind": "calls"},
        "not one of the available",
    )
    _refused(
        partner,
        world,
        "relation_add",
        {"source": youssef.uid, "target": youssef.uid, "kind": "calls"},
        "two different entities",
    )
    _refused(
        partner,
        world,
        "relation_add",
        {"source": youssef.uid, "target": karim.uid, "kind": "loves"},
        "not one of the available",
    )
    _refused(
        partner,
        world,
        "timeline_add",
        {"kind": "other", "at": "soon", "text": "x"},
        "Enter a valid date/time",
    )
    _refused(
        partner,
        world,
        "task_add",
        {"title": "", "owner_agency": "dev-cgi"},
        "This field is required",
    )
    _refused(
        partner,
        world,
        "task_status",
        {"task": "d6a4f1b2-0000-4000-8000-000000000000", "status": "done"},
        "not in the operation",
    )
    _refused(partner, world, "note_add", {"text": "x" * 5001}, "at most 5000")
    _refused(
        partner,
        world,
        "thread_link",
        {"thread": "d6a4f1b2-0000-4000-8000-000000000000"},
        "not one of the available",
    )
    seizure = {"kind": "seizure", "on": "2014-08-14", "country": "ES"}
    _refused(
        partner,
        world,
        "outcome_record",
        seizure | {"kilograms": "-5"},
        "greater than or equal to 0",
    )
    _refused(
        partner, world, "outcome_record", seizure | {"count": "-1"}, "greater than or equal to 0"
    )
    later = (timezone.now().date() + dt.timedelta(days=3)).isoformat()
    _refused(partner, world, "outcome_record", seizure | {"on": later}, "in the future")
    _refused(
        partner,
        world,
        "outcome_correct",
        seizure | {"outcome": "d6a4f1b2-0000-4000-8000-000000000000"},
        "not in the operation",
    )
    _refused(lead, world, "update", {"status": "closed", "purpose": ""}, "This field is required")
    _refused(
        lead,
        world,
        "participant_add",
        {"agency": "999999", "role": "observer"},
        "not one of the available",
    )
    _refused(
        lead, world, "member_add", {"member": world.outsider_analyst.pk}, "not one of the available"
    )
    assert not Outcome.objects.exists()
    assert not Relation.objects.exists()


def test_a_long_section_has_its_own_page(
    world: World, verified_client: Callable[..., Client]
) -> None:
    for n in range(12):
        actions.add_note(world.partner_analyst, world.op, f"Sighting number {n:02d}")
    client = verified_client(world.analyst)
    html = client.get(url(world)).content.decode()
    assert "Sighting number 09" in html
    assert "Sighting number 11" not in html  # the detail shows the first few
    more = reverse("operations:section", kwargs={"uid": world.op.obj.uid, "name": "notes"})
    assert f'href="{more}"' in html
    assert "All 12" in html
    full = client.get(more)
    assert full.status_code == 200
    assert "Sighting number 11" in full.content.decode()
    assert url(world, "note_add") in full.content.decode()  # the section's form too
    assert client.get(more, {"page": "2"}).status_code == 200
    assert client.get(more, {"page": "x"}).status_code == 200
    missing = reverse("operations:section", kwargs={"uid": world.op.obj.uid, "name": "secrets"})
    assert client.get(missing).status_code == 404
    assert verified_client(world.outsider_analyst).get(more).status_code == 404


def test_with_many_entities_the_forms_naming_them_are_on_their_section_page(
    world: World, verified_client: Callable[..., Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    from strait.operations import views

    _entities(world)
    monkeypatch.setattr(views, "ENTITY_FORMS_ON_DETAIL", 1)
    client = verified_client(world.analyst)
    html = client.get(url(world)).content.decode()
    assert url(world, "relation_add") not in html
    assert url(world, "timeline_add") not in html
    relations = reverse("operations:section", kwargs={"uid": world.op.obj.uid, "name": "relations"})
    assert f'href="{relations}"' in html
    assert url(world, "relation_add") in client.get(relations).content.decode()
    assert url(world, "note_add") in html  # the other forms stay


def test_reading_an_operation_is_audited(
    world: World, verified_client: Callable[..., Client]
) -> None:
    from strait.audit.models import AuditEntry

    client = verified_client(world.partner_analyst)
    client.get(url(world))
    client.get(reverse("operations:section", kwargs={"uid": world.op.obj.uid, "name": "notes"}))
    entries = AuditEntry.objects.filter(
        action="operations.consulted", target=f"operation:{world.op.obj.uid}"
    ).order_by("seq")
    assert [e.details["section"] for e in entries] == ["detail", "notes"]
    assert entries[0].actor_id == world.partner_analyst.pk


def test_a_record_found_by_a_search_is_shared(
    world: World, verified_client: Callable[..., Client]
) -> None:
    from strait.audit.models import AuditEntry

    record = person(world.lead, "عبد اللطيف الخطابي", "Arab")
    client = verified_client(world.analyst)
    entities = reverse("operations:section", kwargs={"uid": world.op.obj.uid, "name": "entities"})
    found = client.get(entities, {"q": "Khattabi"}).content.decode()
    assert f"person:{record.uid}" in found
    assert AuditEntry.objects.filter(action="entities.consulted", target="entities:list").exists()
    posted = client.post(url(world, "share"), {"record": f"person:{record.uid}"})
    assert posted.status_code == 302
    assert OperationEntity.objects.get().label == "عبد اللطيف الخطابي"


def test_the_lead_changes_roles_and_the_ceiling(
    world: World, verified_client: Callable[..., Client]
) -> None:
    client = verified_client(world.analyst)
    html = client.get(url(world)).content.decode()
    assert url(world, "ceiling") in html
    assert url(world, "participant_role") in html
    posted = client.post(
        url(world, "participant_role"), {"agency": "dev-psp", "role": "participant"}
    )
    assert posted.status_code == 302
    assert sharing.role_of(world.observer, world.op.obj) == "participant"
    assert client.post(url(world, "ceiling"), {"handling": "H2"}).status_code == 302
    world.op.obj.refresh_from_db()
    assert world.op.obj.ceiling == "H2"
    record = person(world.lead, "Marked", handling="H2")
    actions.share_entity(world.analyst, world.op, kind="person", record=record.uid)
    _refused(client, world, "ceiling", {"handling": "H0"}, "cannot go below")
    world.op.obj.refresh_from_db()
    assert world.op.obj.ceiling == "H2"
    # Not the lead's partner.
    partner = verified_client(world.partner_analyst)
    assert url(world, "ceiling") not in partner.get(url(world)).content.decode()
    assert partner.post(url(world, "ceiling"), {"handling": "H3"}).status_code == 400
    world.op.obj.refresh_from_db()
    assert world.op.obj.ceiling == "H2"


@pytest.mark.parametrize("language", ["ar", "es", "fr", "en"])
def test_the_pages_in_every_language(
    world: World, verified_client: Callable[..., Client], language: str
) -> None:
    youssef, karim = _entities(world)
    actions.add_relation(world.analyst, world.op, source=youssef.uid, target=karim.uid, kind="owns")
    actions.add_note(world.partner_analyst, world.op, "x" * 3000)  # one long unbroken word
    client = verified_client(world.analyst)
    client.cookies["django_language"] = language
    for address in (
        reverse("operations:list"),
        reverse("operations:new"),
        url(world),
        reverse("operations:section", kwargs={"uid": world.op.obj.uid, "name": "relations"}),
    ):
        page = client.get(address, HTTP_ACCEPT_LANGUAGE=language)
        assert page.status_code == 200, address
        html = page.content.decode()
        direction = "rtl" if language == "ar" else "ltr"
        assert f'<html lang="{language}" dir="{direction}">' in html
    # Names keep their own direction whatever the page's.
    assert 'dir="rtl"' in client.get(url(world)).content.decode()


def test_an_agency_number_no_key_can_hold_is_a_form_error(
    world: World, verified_client: Callable[..., Client]
) -> None:
    form = {
        "code_name": "Operation X",
        "crime_area": "drugs",
        "legal_basis": "Agreement",
        "purpose": "x",
        "ceiling": "H1",
        "status": "active",
        "participants": ["99999999999999999999999"],
    }
    posted = verified_client(world.analyst).post(reverse("operations:new"), form)
    assert posted.status_code == 400
    client = verified_client(world.analyst)
    too_big = {"agency": "99999999999999999999999", "role": "observer"}
    assert client.post(url(world, "participant_add"), too_big).status_code == 400
    assert (
        client.post(url(world, "member_add"), {"member": "99999999999999999999"}).status_code == 400
    )
