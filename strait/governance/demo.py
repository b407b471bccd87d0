"""The demo's governance (``strait manage demo --governance``), made only through the actions, as
the secretaries and chairs would on the pages; the data is in ``demo_data.py`` (bodies,
recommendations, courses, the joint operation) and ``demo_meetings.py``.

On ``ma``, the home of every body: the follow-up committee's secretary (``ma.secretary``,
DGSN) creates the bodies the documents name, records their meetings (delegations, agendas,
decisions, minutes in Arabic and Spanish), the Marrakech seminar's recommendations with their
actions, the 2014 courses and their evidence; the DGSN's director general (``ma.chair``) signs
the Marrakech minutes; a DGSN analyst opens ATALAYA, the 2014 joint operation against the
recruitment networks, with the Policía Nacional taking part and both secretaries as members.
On ``es``, once the copies have arrived: the Spanish secretary (``es.secretary``) links ATALAYA
as evidence of the channels' recommendation, and the Policía Nacional's director general
(``es.chair``) co-signs the Marrakech minutes. Each step runs once: a second run finds it done
and skips it.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import OperationalError
from django.utils import timezone

from strait.accounts.models import User
from strait.agencies.models import Agency
from strait.governance import actions, demo_data, demo_meetings, minutes, queries
from strait.governance.demo_data import DemoBody, DemoRecommendation
from strait.governance.demo_meetings import DemoMeeting
from strait.governance.models import ActionItem, Body, Course, Meeting, Recommendation
from strait.operations import actions as operations
from strait.operations import queries as operation_queries
from strait.operations.models import Operation
from strait.refusals import Refused
from strait.sharing import actions as sharing
from strait.sharing import registry

# How long ``es`` waits for the copies of ``ma``'s bodies and of ATALAYA.
WAIT = 90.0


def _user(username: str) -> User:
    return User.objects.select_related("agency", "agency__country").get(username=username)


def _wait_for(check: Callable[[], Any], timeout: float = WAIT) -> Any:
    """Poll ``check`` (a read) until it answers something true, or give up with None."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.5)
    return None


def _retrying(step: Callable[..., str], *args: Any) -> str:
    """A step again when PostgreSQL broke a deadlock against it (the node's worker applies
    arrivals meanwhile); each step is idempotent."""
    for attempt in range(3):
        try:
            return step(*args)
        except OperationalError:
            if attempt == 2:
                raise
            time.sleep(1)
    raise AssertionError("unreachable")


def _body(user: User, code: str) -> Body | None:
    return queries.bodies(user).filter(code=code).first()


def _meeting(user: User, spec: DemoMeeting, today: dt.date) -> Meeting | None:
    body = _body(user, spec.body)
    if body is None:
        return None
    return body.meetings.filter(starts_on=spec.date(today), place=spec.place).first()


def _uid(result: Any) -> str:
    return str(result.body["uid"])


# --- ma: bodies, meetings, recommendations, courses ---------------------------------------------


def _create_body(secretary: User, spec: DemoBody) -> str:
    if _body(secretary, spec.code) is not None:
        return f"{spec.name_en}: already there"
    values = spec.values()
    if spec.parent:
        parent = _body(secretary, spec.parent)
        values["parent_uid"] = parent.obj.uid if parent else None
    members = list(Agency.objects.filter(code__in=spec.members))
    try:
        actions.create_body(secretary, members=members, **values)
    except Refused as refused:  # a member's node not linked (pt, in a two-node test)
        return f"{spec.name_en}: not created ({refused})"
    return f"{spec.name_en}: created, founded {spec.founded_on:%B %Y}"


def _record_meeting(secretary: User, spec: DemoMeeting, today: dt.date) -> str:
    body = _body(secretary, spec.body)
    if body is None:
        return f"{spec.key}: no body {spec.body}"
    day = spec.date(today)
    if _meeting(secretary, spec, today) is not None:
        return f"{body.name_en}, {spec.place} {day}: already there"
    made = actions.schedule_meeting(
        secretary,
        body,
        starts_on=day,
        ends_on=spec.ends_on,
        place=spec.place,
        title=spec.title,
        status=spec.status,
    )
    meeting = queries.meeting(secretary, _uid(made))
    if spec.attendees:
        attendees = [
            {"agency": agency, "name": name, "position": position, "head": head}
            for agency, name, position, head in spec.attendees
        ]
        actions.set_attendees(secretary, meeting, attendees)
    if spec.agenda:
        actions.set_agenda(secretary, meeting, list(spec.agenda))
    for decision in spec.decisions:
        actions.add_decision(secretary, meeting, decision)
    for language, text in spec.minutes.items():
        actions.write_minutes(secretary, meeting, language=language, text=text)
    return f"{body.name_en}, {spec.place} {day}: {spec.status}"


def _sign(username: str, spec: DemoMeeting, today: dt.date) -> str:
    chair = _user(username)
    meeting = _wait_for(lambda: _signable(chair, spec, today))
    if meeting is None:
        return f"{spec.key}: no minutes to sign within {WAIT:.0f}s"
    node = settings.NODE.code
    signed = meeting.signatures.filter(node=node, version=meeting.minutes_version).exists()
    if signed:
        return f"{spec.key} minutes: signed by {node} already"
    actions.sign_minutes(chair, meeting)
    return f"{spec.key} minutes: signed by {username} (version {meeting.minutes_version})"


def _signable(user: User, spec: DemoMeeting, today: dt.date) -> Meeting | None:
    """The meeting once its copy holds every language's minutes the demo writes."""
    meeting = _meeting(user, spec, today)
    if meeting is None:
        return None
    written = set(meeting.minutes.values_list("language", flat=True))
    return meeting if written >= set(spec.minutes) else None


def _recommendation(body: Body, spec: DemoRecommendation) -> Recommendation | None:
    return body.recommendations.filter(number=spec.number).first()


def _record_recommendation(secretary: User, spec: DemoRecommendation, today: dt.date) -> str:
    body = _body(secretary, spec.body)
    source = next(m for m in demo_meetings.MEETINGS if m.key == spec.meeting)
    meeting = _meeting(secretary, source, today)
    if body is None or meeting is None:
        return f"{spec.number}: no body or meeting"
    if _recommendation(body, spec) is not None:
        return f"{body.name_en} {spec.number}: already there"
    made = actions.add_recommendation(
        secretary, body, texts=spec.texts, number=spec.number, meeting=meeting
    )
    recommendation = queries.recommendation(secretary, _uid(made))
    for item in spec.actions:
        added = actions.add_action(
            secretary,
            recommendation,
            title=item.title,
            owner_agency=item.owner,
            co_owner_agency=item.co_owner,
            deadline=item.due(today),
        )
        action = queries.action_item(secretary, _uid(added))
        if item.status != "planned":
            actions.set_action_status(
                secretary, action, status=item.status, reason=item.reason, done_on=item.done_on
            )
    return f"{body.name_en} {spec.number}: recorded with {len(spec.actions)} action(s)"


def _course(user: User, key: str) -> Course | None:
    spec = next(c for c in demo_data.COURSES if c.key == key)
    body = _body(user, spec.body)
    if body is None:
        return None
    return body.courses.filter(starts_on=spec.starts_on, topic=spec.topic).first()


def _record_course(secretary: User, spec: demo_data.DemoCourse) -> str:
    body = _body(secretary, spec.body)
    if body is None:
        return f"{spec.key}: no body"
    if _course(secretary, spec.key) is not None:
        return f"course {spec.key}: already there"
    actions.add_course(
        secretary,
        body,
        topic=spec.topic,
        title=spec.title,
        host_agency=spec.host,
        starts_on=spec.starts_on,
        ends_on=spec.ends_on,
        place=spec.place,
        status=spec.status,
    )
    course = _course(secretary, spec.key)
    if course is None:  # the home applies its own change at once; elsewhere it is pending
        return f"course {spec.key}: proposed"
    for agency, count in spec.participants:
        actions.set_participants(secretary, course, agency=agency, count=count)
    for username, score, comment in spec.evaluations:
        actions.add_evaluation(_user(username), course, score=score, comment=comment)
    return f"course {spec.key}: {spec.status}"


def _evidence_target(user: User, evidence: demo_data.DemoEvidence) -> str | None:
    """The reference as the evidence's kind knows it, or None while it is not here yet."""
    if evidence.kind == "course":
        course = _course(user, evidence.ref)
        return str(course.uid) if course else None
    if evidence.kind == "operation":
        op = operation_queries.operations_visible_to(user).filter(code_name=evidence.ref).first()
        return str(op.obj.uid) if op else None
    return evidence.ref


def _action_of(user: User, recommendation: DemoRecommendation, index: int) -> ActionItem | None:
    body = _body(user, recommendation.body)
    found = _recommendation(body, recommendation) if body else None
    if found is None:
        return None
    title = recommendation.actions[index].title
    return next((a for a in found.actions.all() if a.title == title), None)


def _link_evidence(username: str) -> list[str]:
    """Every evidence the demo has ``username`` link, once its action and target are here."""
    user = _user(username)
    lines = []
    for recommendation in demo_data.RECOMMENDATIONS:
        for index, item in enumerate(recommendation.actions):
            for evidence in item.evidence:
                if evidence.by != username:
                    continue
                lines.append(_retrying(_link, user, recommendation, index, evidence))
    return lines


def _link(
    user: User, recommendation: DemoRecommendation, index: int, evidence: demo_data.DemoEvidence
) -> str:
    what = f"{recommendation.number} evidence {evidence.kind} {evidence.ref}"

    def ready() -> tuple[ActionItem, str] | None:
        action = _action_of(user, recommendation, index)
        ref = _evidence_target(user, evidence)
        return (action, ref) if action is not None and ref else None

    found = _wait_for(ready)
    if found is None:
        return f"{what}: not here within {WAIT:.0f}s; not linked"
    action, ref = found
    if action.evidence.filter(kind=evidence.kind, ref=ref, removed_at__isnull=True).exists():
        return f"{what}: linked already"
    actions.add_evidence(user, action, kind=evidence.kind, ref=ref, note=evidence.note)
    return f"{what}: linked by {user.username}"


# --- the joint operation of 2014 -----------------------------------------------------------------


def _operation() -> str:
    if Operation.objects.filter(code_name=demo_data.OPERATION).exists():
        return f"{demo_data.OPERATION}: already there"
    lead = _user(demo_data.OPERATION_LEAD)
    spanish = Agency.objects.get(code="es-pn")
    values = demo_data.OPERATION_VALUES
    op = operations.create_operation(
        lead, participants=[(spanish, "participant")], status="active", **values
    )
    operations.add_member(lead, op, _user(demo_data.MA_SECRETARY))
    # A member of the partner's agency, as the lead adds them (by username on their node).
    member = {"agency": "es-pn", "username": demo_data.ES_SECRETARY, "name": "Carmen Ortiz Blanco"}
    sharing.propose(lead, op.obj, registry.ADD_MEMBER, member)
    for figures in demo_data.OPERATION_OUTCOMES:
        operations.record_outcome(lead, op, country="MA", crime_category="terrorism", **figures)
    op.refresh_from_db()
    operations.update_operation(
        lead,
        op,
        status="closed",
        purpose=op.purpose,
        starts_on=values["starts_on"],
        ends_on=values["ends_on"],
    )
    return f"{demo_data.OPERATION}: the 2014 joint operation, closed, with its outcomes"


# --- the stages ----------------------------------------------------------------------------------


def seed_ma(today: dt.date) -> list[str]:
    secretary = _user(demo_data.MA_SECRETARY)
    lines = [_retrying(_create_body, secretary, spec) for spec in demo_data.BODIES]
    lines += [_retrying(_record_meeting, secretary, spec, today) for spec in demo_meetings.MEETINGS]
    lines.append(_retrying(_operation))
    lines += [_retrying(_record_course, secretary, spec) for spec in demo_data.COURSES]
    lines += [
        _retrying(_record_recommendation, secretary, spec, today)
        for spec in demo_data.RECOMMENDATIONS
    ]
    lines += _link_evidence(demo_data.MA_SECRETARY)
    signed = [m for m in demo_meetings.MEETINGS if m.signed]
    lines += [_retrying(_sign, demo_data.MA_CHAIR, spec, today) for spec in signed]
    return lines


def seed_es(today: dt.date) -> list[str]:
    lines = _link_evidence(demo_data.ES_SECRETARY)
    signed = [m for m in demo_meetings.MEETINGS if m.signed]
    lines += [_retrying(_sign, demo_data.ES_CHAIR, spec, today) for spec in signed]
    lines += [_fully_signed(demo_data.ES_CHAIR, spec, today) for spec in signed]
    return lines


def _fully_signed(username: str, spec: DemoMeeting, today: dt.date) -> str:
    user = _user(username)

    def both() -> bool:
        meeting = _meeting(user, spec, today)
        return meeting is not None and minutes.fully_signed(meeting)

    if _wait_for(both):
        return f"{spec.key} minutes: signed by both chairs"
    return f"{spec.key} minutes: not signed by both chairs within {WAIT:.0f}s"


def seed_demo_governance(node_code: str | None = None, today: dt.date | None = None) -> list[str]:
    """This node's part of the demo's governance; what it did, a line each. The nodes must be
    peers first: the home sends every change to the member agencies' nodes."""
    node_code = node_code or settings.NODE.code
    today = today or timezone.localdate()
    if node_code == "ma":
        return seed_ma(today)
    if node_code == "es":
        return seed_es(today)
    return []
