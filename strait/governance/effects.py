"""The ops' ``apply``: the only writers of governance's copy, the same on every node. Each reads
only the copy and the change (no clock, no other local data)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from strait.exchange import attachments
from strait.governance import wire
from strait.governance.models import (
    ActionItem,
    AgendaItem,
    Attendee,
    Body,
    Course,
    CourseEvaluation,
    CourseParticipants,
    Decision,
    Document,
    Evidence,
    Meeting,
    Minutes,
    MinutesSignature,
    Recommendation,
)
from strait.governance.validation import decode_part
from strait.sharing.effects import body_of

if TYPE_CHECKING:
    from strait.sharing.registry import Applied


def governing_body(applied: Applied) -> Body:
    return Body.objects.get(obj=applied.obj)


def create(applied: Applied) -> None:
    body: wire.CreateBody = body_of(applied, wire.CreateBody)
    months = body.months()
    warn = body.warn_months
    if warn is None and months:
        warn = months - 1  # a month's notice unless the body says otherwise
    Body.objects.create(
        obj=applied.obj,
        code=body.code,
        name_ar=body.name_ar,
        name_es=body.name_es,
        name_fr=body.name_fr,
        name_en=body.name_en,
        kind=body.kind,
        area=body.area,
        parent_uid=body.parent_uid,
        co_chairs=list(body.co_chairs),
        mandate=body.mandate,
        founded_on=body.founded_on,
        cadence=body.cadence,
        cadence_months=months,
        warn_months=warn,
        created_at=applied.at,
    )


def _texts(texts: wire.Texts | None) -> dict[str, str]:
    """Only the languages written."""
    if texts is None:
        return {}
    return {k: v for k, v in texts.model_dump().items() if v}


def update_body(applied: Applied) -> None:
    body: wire.UpdateBody = body_of(applied, wire.UpdateBody)
    months = body.months()
    warn = body.warn_months
    if warn is None and months:
        warn = months - 1
    Body.objects.filter(obj=applied.obj).update(
        name_ar=body.name_ar,
        name_es=body.name_es,
        name_fr=body.name_fr,
        name_en=body.name_en,
        kind=body.kind,
        area=body.area,
        parent_uid=body.parent_uid,
        co_chairs=list(body.co_chairs),
        mandate=body.mandate,
        founded_on=body.founded_on,
        cadence=body.cadence,
        cadence_months=months,
        warn_months=warn,
    )


def _meeting(applied: Applied, uid: Any) -> Meeting:
    return Meeting.objects.select_related("body").get(body__obj=applied.obj, uid=uid)


def schedule_meeting(applied: Applied) -> None:
    body: wire.ScheduleMeeting = body_of(applied, wire.ScheduleMeeting)
    Meeting.objects.create(
        body=governing_body(applied),
        uid=body.uid,
        title=_texts(body.title),
        starts_on=body.starts_on,
        ends_on=body.ends_on,
        place=body.place,
        status=body.status,
        created_at=applied.at,
    )


def update_meeting(applied: Applied) -> None:
    """A change of date or place changes what the chairs signed: the minutes move on a version
    (their signatures become void, visibly)."""
    body: wire.UpdateMeeting = body_of(applied, wire.UpdateMeeting)
    meeting = _meeting(applied, body.meeting)
    moved = (meeting.starts_on, meeting.ends_on, meeting.place) != (
        body.starts_on,
        body.ends_on,
        body.place,
    )
    meeting.title = _texts(body.title)
    meeting.starts_on, meeting.ends_on, meeting.place = body.starts_on, body.ends_on, body.place
    meeting.status = body.status
    if moved and meeting.minutes_version:
        meeting.minutes_version += 1
    meeting.save(
        update_fields=["title", "starts_on", "ends_on", "place", "status", "minutes_version"]
    )


def set_attendees(applied: Applied) -> None:
    body: wire.SetAttendees = body_of(applied, wire.SetAttendees)
    meeting = _meeting(applied, body.meeting)
    meeting.attendees.all().delete()
    Attendee.objects.bulk_create(
        Attendee(meeting=meeting, agency=a.agency, name=a.name, position=a.position, head=a.head)
        for a in body.attendees
    )


def set_agenda(applied: Applied) -> None:
    body: wire.SetAgenda = body_of(applied, wire.SetAgenda)
    meeting = _meeting(applied, body.meeting)
    meeting.agenda.all().delete()
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, position=n, texts=_texts(item))
        for n, item in enumerate(body.items, start=1)
    )


def add_decision(applied: Applied) -> None:
    body: wire.AddDecision = body_of(applied, wire.AddDecision)
    Decision.objects.create(
        meeting=_meeting(applied, body.meeting),
        uid=body.uid,
        texts=_texts(body.texts),
        created_at=applied.at,
    )


def write_minutes(applied: Applied) -> None:
    """A new version of the minutes: every earlier signature is void from now on."""
    body: wire.WriteMinutes = body_of(applied, wire.WriteMinutes)
    meeting = _meeting(applied, body.meeting)
    Minutes.objects.update_or_create(
        meeting=meeting,
        language=body.language,
        defaults={"text": body.text, "updated_at": applied.at},
    )
    meeting.minutes_version += 1
    meeting.save(update_fields=["minutes_version"])


def sign_minutes(applied: Applied) -> None:
    body: wire.SignMinutes = body_of(applied, wire.SignMinutes)
    MinutesSignature.objects.create(
        meeting=_meeting(applied, body.meeting),
        version=body.version,
        digest=body.digest,
        agency=body.agency,
        node=body.node,
        chair=body.chair,
        key_id=body.key_id,
        signature=body.signature,
        signed_at=applied.at,
    )


def add_recommendation(applied: Applied) -> None:
    body: wire.AddRecommendation = body_of(applied, wire.AddRecommendation)
    governing = governing_body(applied)
    meeting = (
        Meeting.objects.get(body=governing, uid=body.meeting) if body.meeting is not None else None
    )
    Recommendation.objects.create(
        body=governing,
        meeting=meeting,
        uid=body.uid,
        number=body.number,
        texts=_texts(body.texts),
        by_agency=applied.by_agency.code,
        created_at=applied.at,
    )


def add_action(applied: Applied) -> None:
    body: wire.AddAction = body_of(applied, wire.AddAction)
    ActionItem.objects.create(
        recommendation=Recommendation.objects.get(body__obj=applied.obj, uid=body.recommendation),
        uid=body.uid,
        title=_texts(body.title),
        owner_agency=body.owner_agency,
        co_owner_agency=body.co_owner_agency or "",
        deadline=body.deadline,
        created_at=applied.at,
        updated_at=applied.at,
    )


def set_action_status(applied: Applied) -> None:
    body: wire.SetActionStatus = body_of(applied, wire.SetActionStatus)
    done = body.status == "done"
    ActionItem.objects.filter(recommendation__body__obj=applied.obj, uid=body.action).update(
        status=body.status,
        drop_reason=body.reason if body.status == "dropped" else "",
        done_on=(body.done_on or applied.at.date()) if done else None,
        updated_at=applied.at,
    )


def add_evidence(applied: Applied) -> None:
    body: wire.AddEvidence = body_of(applied, wire.AddEvidence)
    Evidence.objects.create(
        action=ActionItem.objects.get(recommendation__body__obj=applied.obj, uid=body.action),
        uid=body.uid,
        kind=body.kind,
        ref=body.ref,
        note=body.note,
        by_agency=applied.by_agency.code,
        added_at=applied.at,
    )


def remove_evidence(applied: Applied) -> None:
    body: wire.RemoveEvidence = body_of(applied, wire.RemoveEvidence)
    Evidence.objects.filter(
        action__recommendation__body__obj=applied.obj, uid=body.evidence, removed_at=None
    ).update(removed_at=applied.at)


def _course_fields(body: wire.CourseFields) -> dict[str, Any]:
    return {
        "topic": body.topic,
        "title": _texts(body.title),
        "host_agency": body.host_agency,
        "starts_on": body.starts_on,
        "ends_on": body.ends_on,
        "place": body.place,
        "status": body.status,
    }


def add_course(applied: Applied) -> None:
    body: wire.AddCourse = body_of(applied, wire.AddCourse)
    Course.objects.create(
        body=governing_body(applied), uid=body.uid, created_at=applied.at, **_course_fields(body)
    )


def update_course(applied: Applied) -> None:
    body: wire.UpdateCourse = body_of(applied, wire.UpdateCourse)
    Course.objects.filter(body__obj=applied.obj, uid=body.course).update(**_course_fields(body))


def set_participants(applied: Applied) -> None:
    body: wire.SetParticipants = body_of(applied, wire.SetParticipants)
    course = Course.objects.get(body__obj=applied.obj, uid=body.course)
    if body.count == 0:
        CourseParticipants.objects.filter(course=course, agency=body.agency).delete()
        return
    CourseParticipants.objects.update_or_create(
        course=course, agency=body.agency, defaults={"count": body.count}
    )


def add_evaluation(applied: Applied) -> None:
    body: wire.AddEvaluation = body_of(applied, wire.AddEvaluation)
    CourseEvaluation.objects.create(
        course=Course.objects.get(body__obj=applied.obj, uid=body.course),
        uid=body.uid,
        agency=body.agency,
        score=body.score,
        comment=body.comment,
        created_at=applied.at,
    )


def add_document(applied: Applied) -> None:
    body: wire.AddDocument = body_of(applied, wire.AddDocument)
    Document.objects.create(
        body=governing_body(applied),
        uid=body.uid,
        area=body.area,
        title=_texts(body.title),
        summary=_texts(body.summary),
        language=body.language,
        translation_of=body.translation_of,
        filename=body.filename,
        content_type=body.content_type,
        size=body.size,
        sha256=body.sha256,
        parts=body.parts,
        by_agency=applied.by_agency.code,
        added_at=applied.at,
    )


def document_part(applied: Applied) -> None:
    """Each part sealed at rest as an exchange attachment's, under the document's uid."""
    body: wire.DocumentPart = body_of(applied, wire.DocumentPart)
    document = Document.objects.get(body__obj=applied.obj, uid=body.document)
    attachments.store_part(str(document.uid), body.index, decode_part(body.data))
    Document.objects.filter(pk=document.pk).update(parts_received=body.index + 1)
