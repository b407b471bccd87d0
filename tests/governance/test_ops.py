"""Governance's ops through the actions, on the home: each change is ordered at once and its rows
written by the effect, the same rows every copy will hold."""

from __future__ import annotations

import datetime as dt

import pytest

from strait.audit.events import AuditAction
from strait.audit.models import AuditEntry
from strait.exchange.attachments import Upload
from strait.governance import actions, ops
from strait.governance.models import (
    ActionItem,
    Document,
    Evidence,
    Meeting,
    Recommendation,
)
from strait.refusals import Refused
from strait.sharing.models import Change
from tests.governance.conftest import World

pytestmark = pytest.mark.django_db


def meeting_of(world: World, **values: object) -> Meeting:
    change = actions.schedule_meeting(
        world.ma_secretary,
        world.body,
        **({"starts_on": dt.date(2014, 3, 12), "place": "Marrakech", "status": "held"} | values),  # type: ignore[arg-type]
    )
    assert isinstance(change, Change)
    return Meeting.objects.get(uid=change.body["uid"])


def test_a_secretary_schedules_a_meeting_and_records_who_came_the_agenda_and_decisions(
    world: World,
) -> None:
    meeting = meeting_of(
        world, title={"es": "Seminario", "ar": "ندوة"}, ends_on=dt.date(2014, 3, 13)
    )
    assert (meeting.place, meeting.status, meeting.title) == (
        "Marrakech",
        "held",
        {"es": "Seminario", "ar": "ندوة"},
    )
    actions.set_attendees(
        world.es_secretary,
        meeting,
        [
            {"agency": world.es.code, "name": "Director General", "head": True},
            {"agency": world.ma.code, "name": "Directeur Général", "position": "DG", "head": True},
        ],
    )
    actions.set_attendees(
        world.es_secretary, meeting, [{"agency": world.es.code, "name": "Comisario"}]
    )
    assert [a.name for a in meeting.attendees.all()] == ["Comisario"]  # replaced
    actions.set_agenda(world.ma_secretary, meeting, [{"ar": "افتتاح"}, {"es": "Clausura"}])
    assert [(i.position, i.texts) for i in meeting.agenda.all()] == [
        (1, {"ar": "افتتاح"}),
        (2, {"es": "Clausura"}),
    ]
    change = actions.add_decision(world.ma_secretary, meeting, {"en": "Meet yearly"})
    assert meeting.decisions.get(uid=change.body["uid"]).texts == {"en": "Meet yearly"}


def test_a_meeting_is_moved_and_its_status_changes(world: World) -> None:
    meeting = meeting_of(world, status="scheduled")
    actions.update_meeting(
        world.es_secretary, meeting, starts_on=dt.date(2014, 3, 20), place="Rabat", status="held"
    )
    meeting.refresh_from_db()
    assert (meeting.starts_on, meeting.place, meeting.status) == (
        dt.date(2014, 3, 20),
        "Rabat",
        "held",
    )


def test_writing_minutes_makes_a_new_version_each_time(world: World) -> None:
    meeting = meeting_of(world)
    actions.write_minutes(world.ma_secretary, meeting, language="ar", text="محضر")
    actions.write_minutes(world.es_secretary, meeting, language="es", text="Acta")
    actions.write_minutes(world.es_secretary, meeting, language="es", text="Acta corregida")
    meeting.refresh_from_db()
    assert meeting.minutes_version == 3
    assert dict(meeting.minutes.values_list("language", "text")) == {
        "ar": "محضر",
        "es": "Acta corregida",
    }


def test_the_lead_updates_the_body_keeping_what_is_not_given(world: World) -> None:
    actions.update_body(world.ma_secretary, world.body, cadence="months", cadence_months=6)
    world.body.refresh_from_db()
    assert (world.body.cadence, world.body.cadence_months, world.body.warn_months) == (
        "months",
        6,
        5,
    )
    assert world.body.code == "strategic-committee"
    assert world.body.name_es == "Comité Estratégico"


def test_a_recommendation_becomes_actions_whose_status_moves_to_done_or_dropped(
    world: World,
) -> None:
    meeting = meeting_of(world)
    change = actions.add_recommendation(
        world.ma_secretary,
        world.body,
        texts={"ar": "خطة عمل", "es": "Plan de acción"},
        number="R3",
        meeting=meeting,
    )
    rec = Recommendation.objects.get(uid=change.body["uid"])
    assert (rec.meeting, rec.number, rec.by_agency) == (meeting, "R3", world.ma.code)
    change = actions.add_action(
        world.es_secretary,
        rec,
        title={"es": "Primer curso conjunto"},
        owner_agency=world.es.code,
        co_owner_agency=world.ma.code,
        deadline=dt.date(2014, 12, 31),
    )
    item = ActionItem.objects.get(uid=change.body["uid"])
    assert (item.owner_agency, item.co_owner_agency, item.status) == (
        world.es.code,
        world.ma.code,
        "planned",
    )
    actions.set_action_status(
        world.es_secretary, item, status="done", done_on=dt.date(2014, 10, 10)
    )
    item.refresh_from_db()
    assert (item.status, item.done_on) == ("done", dt.date(2014, 10, 10))
    actions.set_action_status(world.es_secretary, item, status="dropped", reason="No budget")
    item.refresh_from_db()
    assert (item.status, item.drop_reason, item.done_on) == ("dropped", "No budget", None)


def test_evidence_is_linked_and_removed_keeping_its_history(world: World) -> None:
    rec = Recommendation.objects.get(
        uid=actions.add_recommendation(world.ma_secretary, world.body, texts={"en": "R"}).body[
            "uid"
        ]
    )
    item = ActionItem.objects.get(
        uid=actions.add_action(
            world.ma_secretary,
            rec,
            title={"en": "A"},
            owner_agency=world.ma.code,
            deadline=dt.date(2015, 1, 1),
        ).body["uid"]
    )
    course = actions.add_course(
        world.ma_secretary,
        world.body,
        topic="forensic",
        title={"es": "Policía científica"},
        host_agency=world.es.code,
        starts_on=dt.date(2014, 10, 6),
        ends_on=dt.date(2014, 10, 10),
        place="Ávila",
        status="delivered",
    )
    change = actions.add_evidence(
        world.ma_secretary, item, kind="course", ref=course.body["uid"], note="Delivered"
    )
    link = Evidence.objects.get(uid=change.body["uid"])
    assert (link.kind, link.ref, link.by_agency, link.removed_at) == (
        "course",
        course.body["uid"],
        world.ma.code,
        None,
    )
    actions.remove_evidence(world.es_secretary, link)
    link.refresh_from_db()
    assert link.removed_at is not None


def test_every_governance_op_is_registered_with_its_check() -> None:
    names = {op.name for op in ops.BODY.ops}
    assert {
        ops.SCHEDULE_MEETING,
        ops.SIGN_MINUTES,
        ops.ADD_EVIDENCE,
        ops.ADD_COURSE,
        ops.DOCUMENT_PART,
    } <= names
    unchecked = {op.name for op in ops.BODY.ops if op.check is None}
    assert unchecked == {ops.CREATE}


def test_a_library_document_travels_in_parts_stored_sealed_and_reads_back_audited(
    world: World,
) -> None:

    data = b"%PDF-1.4\n" + bytes(range(256)) * 800  # 200 KB: three parts
    change = actions.add_document(
        world.ma_secretary,
        world.body,
        upload=Upload(filename="guide.pdf", data=data),
        area="training",
        title={"es": "Guía de buenas prácticas"},
        summary={"ar": "دليل"},
        language="es",
    )
    document = Document.objects.get(uid=change.body["uid"])
    assert (document.parts, document.parts_received, document.content_type) == (
        3,
        3,
        "application/pdf",
    )
    assert actions.read_document(world.es_secretary, document) == data
    assert AuditEntry.objects.filter(action=AuditAction.GOVERNANCE_DOCUMENT_DOWNLOADED).count() == 1
    assert Change.objects.filter(op=ops.DOCUMENT_PART).count() == 3
    translated = actions.add_document(
        world.es_secretary,
        world.body,
        upload=Upload(filename="guide-ar.pdf", data=b"%PDF-1.4\nar"),
        area="training",
        title={"ar": "دليل الممارسات الجيدة"},
        language="ar",
        translation_of=document,
    )
    assert Document.objects.get(uid=translated.body["uid"]).translation_of == document.uid


def test_a_document_whose_parts_have_not_all_arrived_is_not_read(world: World) -> None:

    change = actions.add_document(
        world.ma_secretary,
        world.body,
        upload=Upload(filename="guide.pdf", data=b"%PDF-1.4\nshort"),
        area="training",
        title={"en": "Guide"},
        language="en",
    )
    document = Document.objects.get(uid=change.body["uid"])
    document.parts_received = 0  # as on a copy still waiting for its part
    with pytest.raises(Refused) as info:
        actions.read_document(world.ma_secretary, document)
    assert info.value.code == "incomplete"
    with pytest.raises(Refused) as info:
        actions.read_document(world.outsider_secretary, document)
    assert info.value.code == "not_found"
