"""The committee report: for one body and one period, the meetings held against the cadence, the
recommendations followed and their actions (status, lateness, evidence), the training
delivered, and the joint operations' outcomes, with charts; as a PDF in Arabic (right to left,
the shipped font embedded), Spanish, French or English.

``build`` reads (everything through the reader's scope: the body through ``queries``, the
outcomes through ``operations.statistics``, so nobody totals what they may not read);
``render_pdf`` lays it out (``pdf.py``); ``generate`` is what a page or the API calls: the PDF,
and an audit entry saying who generated which report.

Evidence is resolved for the reader (``evidence.resolve_many``): a reader who cannot see a
linked operation learns only that one is linked, never its name; the PDF holds what its reader
may see and nothing more.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Avg, Count, F, Q, Sum
from django.db.models.functions import Coalesce, ExtractYear
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from strait.audit.events import AuditAction
from strait.audit.log import record as audit
from strait.governance import cadence, charts, codes, pdf, queries, training
from strait.governance import evidence as evidence_targets
from strait.governance.models import (
    ActionItem,
    Body,
    Course,
    CourseEvaluation,
    CourseParticipants,
    Evidence,
    Meeting,
    in_language,
)
from strait.operations import codes as operation_codes
from strait.operations import statistics
from strait.refusals import Refused

if TYPE_CHECKING:
    from strait.accounts.models import User

LANGUAGES = codes.LANGUAGES
CHART_YEARS = 12  # the meetings chart shows at most this many years, up to the period's end
MONTH_DAYS = 365.25 / 12
CLOSED = (codes.ActionStatus.DONE, codes.ActionStatus.DROPPED)


class BadPeriod(Refused):
    code = "bad_period"


def check_period(start: dt.date, end: dt.date) -> None:
    if end < start:
        message = _("The period ends before it starts.")
        raise BadPeriod(message, problems=[("end", message)])


@dataclass(frozen=True)
class ActionLine:
    title: str
    owner: str
    co_owner: str
    deadline: dt.date
    status: str
    status_label: str
    days_late: int
    evidence: list[tuple[str, int]]  # (what the reader sees of a link, how many such links)
    drop_reason: str


@dataclass(frozen=True)
class RecommendationLine:
    number: str
    text: str
    meeting_place: str
    meeting_on: dt.date | None
    actions: list[ActionLine]

    @property
    def without_evidence(self) -> bool:
        return not any(a.evidence for a in self.actions)


@dataclass(frozen=True)
class CourseLine:
    title: str
    topic: str
    host: str
    starts_on: dt.date
    ends_on: dt.date
    place: str
    status: str
    status_label: str
    participants: int
    mean_score: float | None


@dataclass
class Report:
    body: Body
    body_name: str
    start: dt.date
    end: dt.date
    language: str
    generated_at: dt.datetime
    cadence_label: str
    expected: int | None  # meetings the cadence asks for in the period (None: when needed)
    meetings: list[Meeting]
    held: int
    recommendations: list[RecommendationLine]
    actions_by_status: list[tuple[str, int]]
    late: int
    courses: list[CourseLine]
    participants_by_agency: list[tuple[str, int]]
    training_mean: float | None
    outcomes: list[tuple[str, int, int]]  # (kind's label, number, operations)
    operations: int
    meetings_chart: charts.Chart | None = None
    actions_chart: list[charts.Row] = field(default_factory=list)
    outcomes_chart: list[charts.Row] = field(default_factory=list)

    @property
    def delivered(self) -> int:
        return sum(1 for c in self.courses if c.status == codes.CourseStatus.DELIVERED)

    @property
    def participants(self) -> int:
        return sum(n for _, n in self.participants_by_agency)


def expected_meetings(body: Body, start: dt.date, end: dt.date) -> int | None:
    """How many meetings the cadence asks for over the period (counted from the body's founding
    if it falls inside): the period's months over the cadence's, rounded."""
    months = cadence.months_of(body)
    if not months:
        return None
    since = max(start, body.founded_on)
    if since > end:
        return 0
    span = ((end - since).days + 1) / MONTH_DAYS
    return max(round(span / months), 0)


def _recommendations(
    user: User, body: Body, start: dt.date, end: dt.date
) -> list[RecommendationLine]:
    """The recommendations followed in the period: those of its meetings (or, without a
    meeting, recorded in it) and those with an action due in it; their actions, and their
    evidence as the reader sees it, in a few queries whatever their number."""
    made_in = Q(meeting__starts_on__range=(start, end)) | Q(
        meeting__isnull=True, created_at__date__range=(start, end)
    )
    recommendations = list(
        body.recommendations.filter(made_in | Q(actions__deadline__range=(start, end)))
        .distinct()
        .select_related("meeting")
        # A recommendation recorded without a meeting first, on PostgreSQL as on SQLite
        # (their NULLs sort at opposite ends by default).
        .order_by(F("meeting__starts_on").asc(nulls_first=True), "created_at", "id")
    )
    actions = list(
        ActionItem.objects.filter(recommendation__in=recommendations).order_by("deadline", "id")
    )
    # Each link as its reader sees it (one query per kind of target): the target's name when
    # the reader may see it, else only its kind ("a joint operation (not visible to you)").
    links = list(
        Evidence.objects.filter(action__in=actions, removed_at__isnull=True).order_by(
            "added_at", "id"
        )
    )
    evidence: dict[int, Counter[str]] = defaultdict(Counter)
    kinds = dict(codes.EvidenceKind.choices)
    for link, target in zip(links, evidence_targets.resolve_many(user, links), strict=True):
        label = (
            f"{kinds.get(link.kind, link.kind)}: {target.label}" if target.visible else target.label
        )
        evidence[link.action_id][label] += 1
    names = training.agency_labels(
        {a.owner_agency for a in actions} | {a.co_owner_agency for a in actions}
    )
    statuses = dict(codes.ActionStatus.choices)
    by_recommendation: dict[int, list[ActionLine]] = defaultdict(list)
    for a in actions:
        late = (end - a.deadline).days if a.status not in CLOSED and a.deadline < end else 0
        if a.status == codes.ActionStatus.DONE and a.done_on and a.done_on > a.deadline:
            late = (a.done_on - a.deadline).days
        by_recommendation[a.recommendation_id].append(
            ActionLine(
                title=in_language(a.title),
                owner=names.get(a.owner_agency, a.owner_agency),
                co_owner=names.get(a.co_owner_agency, a.co_owner_agency),
                deadline=a.deadline,
                status=a.status,
                status_label=str(statuses.get(a.status, a.status)),
                days_late=max(late, 0),
                evidence=list(evidence[a.pk].items()),
                drop_reason=a.drop_reason,
            )
        )
    return [
        RecommendationLine(
            number=r.number,
            text=in_language(r.texts),
            meeting_place=r.meeting.place if r.meeting else "",
            meeting_on=r.meeting.starts_on if r.meeting else None,
            actions=by_recommendation[r.pk],
        )
        for r in recommendations
    ]


def _courses(body: Body, start: dt.date, end: dt.date) -> tuple[list[CourseLine], Any]:
    rows = Course.objects.filter(body=body, starts_on__range=(start, end)).annotate(
        people=Coalesce(Sum("participants__count"), 0)
    )
    courses = list(rows.order_by("starts_on", "id"))
    delivered = [c.pk for c in courses if c.status == codes.CourseStatus.DELIVERED]
    means = dict(
        CourseEvaluation.objects.filter(course__in=delivered)
        .values_list("course")
        .annotate(mean=Avg("score"))
    )
    names = training.agency_labels({c.host_agency for c in courses})
    topics = dict(codes.TrainingTopic.choices)
    statuses = dict(codes.CourseStatus.choices)
    lines = [
        CourseLine(
            title=in_language(c.title),
            topic=str(topics.get(c.topic, c.topic)),
            host=names.get(c.host_agency, c.host_agency),
            starts_on=c.starts_on,
            ends_on=c.ends_on,
            place=c.place,
            status=c.status,
            status_label=str(statuses.get(c.status, c.status)),
            participants=c.people if c.status == codes.CourseStatus.DELIVERED else 0,
            mean_score=round(float(means[c.pk]), 1) if c.pk in means else None,
        )
        for c in courses
    ]
    return lines, Course.objects.filter(pk__in=delivered)


def _outcomes(user: User, start: dt.date, end: dt.date) -> tuple[list[tuple[str, int, int]], int]:
    """Each outcome kind's total over the joint operations the user sees, in the period (one
    grouped query), and how many operations had any."""
    rows = statistics.outcomes_visible_to(user).filter(on__range=(start, end))
    kinds = dict(operation_codes.OutcomeKind.choices)
    found = {
        v["kind"]: v
        for v in rows.values("kind").annotate(
            n=Coalesce(Sum("count"), 0), seizures=Count("id"), ops=Count("operation", distinct=True)
        )
    }
    lines = []
    for kind in operation_codes.OutcomeKind.values:
        v = found.get(kind)
        if v is None:
            lines.append((str(kinds[kind]), 0, 0))
            continue
        number = v["seizures"] if kind == operation_codes.OutcomeKind.SEIZURE else v["n"]
        lines.append((str(kinds[kind]), int(number), int(v["ops"])))
    return lines, rows.values("operation").distinct().count()


def _meetings_per_year(body: Body, start: dt.date, end: dt.date) -> list[tuple[str, int]]:
    first = max(body.founded_on.year, end.year - CHART_YEARS + 1)
    held = dict(
        body.meetings.filter(status=codes.MeetingStatus.HELD, starts_on__year__gte=first)
        .filter(starts_on__lte=end)
        .annotate(year=ExtractYear("starts_on"))
        .values_list("year")
        .annotate(n=Count("id"))
    )
    return [(str(year), int(held.get(year, 0))) for year in range(first, end.year + 1)]


def build(user: User, body: Body, start: dt.date, end: dt.date, language: str) -> Report:
    """The report's data, read through the user's scope (``Http404`` for a body they do not
    see; ``BadPeriod`` for a period ending before it starts)."""
    check_period(start, end)
    body = queries.body(user, body.obj.uid)
    if language not in LANGUAGES:
        language = "en"
    with translation.override(language):
        meetings = list(
            body.meetings.filter(starts_on__range=(start, end))
            .exclude(status=codes.MeetingStatus.CANCELLED)
            .order_by("starts_on", "id")
        )
        held = sum(1 for m in meetings if m.status == codes.MeetingStatus.HELD)
        recommendations = _recommendations(user, body, start, end)
        statuses = Counter(a.status for r in recommendations for a in r.actions)
        by_status = [(str(label), statuses[value]) for value, label in codes.ActionStatus.choices]
        courses, delivered = _courses(body, start, end)
        plan = training.totals(delivered)
        people: Counter[str] = Counter()
        for agency, n in (
            CourseParticipants.objects.filter(course__in=delivered)
            .values_list("agency")
            .annotate(n=Sum("count"))
        ):
            people[agency] += n or 0
        names = training.agency_labels(set(people))
        outcomes, operations = _outcomes(user, start, end)
        rtl = language in pdf.RTL_LANGUAGES
        period_years = [str(y) for y in range(start.year, end.year + 1)]
        cadences = dict(codes.Cadence.choices)
        report = Report(
            body=body,
            body_name=body.name,
            start=start,
            end=end,
            language=language,
            generated_at=timezone.now(),
            cadence_label=str(cadences.get(body.cadence, body.cadence)),
            expected=expected_meetings(body, start, end),
            meetings=meetings,
            held=held,
            recommendations=recommendations,
            actions_by_status=by_status,
            late=sum(1 for r in recommendations for a in r.actions if a.days_late),
            courses=courses,
            participants_by_agency=sorted(
                ((names.get(a, a), n) for a, n in people.items()), key=lambda p: (-p[1], p[0])
            ),
            training_mean=plan.total.mean_score,
            outcomes=outcomes,
            operations=operations,
        )
        report.meetings_chart = charts.columns(
            _meetings_per_year(body, start, end), rtl=rtl, highlight=period_years
        )
        report.actions_chart = charts.rows(by_status, rtl=rtl)
        report.outcomes_chart = charts.rows([(label, n) for label, n, _ops in outcomes], rtl=rtl)
    return report


def render_pdf(user: User, body: Body, start: dt.date, end: dt.date, language: str) -> bytes:
    """The report as a PDF in ``language``."""
    report = build(user, body, start, end, language)
    return pdf.render("governance/report_pdf.html", {"report": report}, language=report.language)


def filename(body: Body, start: dt.date, end: dt.date, language: str) -> str:
    return f"{body.code or 'body'}-{start:%Y%m%d}-{end:%Y%m%d}-{language}.pdf"


def generate(
    user: User,
    body: Body,
    start: dt.date,
    end: dt.date,
    language: str,
    *,
    request: HttpRequest | None = None,
) -> bytes:
    """The report for a page or the API: the PDF, and an audit entry of who generated which."""
    data = render_pdf(user, body, start, end, language)
    audit(
        AuditAction.GOVERNANCE_REPORT_GENERATED,
        request=request,
        actor=user,
        target=f"governance.body:{body.obj.uid}",
        details={"start": start.isoformat(), "end": end.isoformat(), "language": language},
    )
    return data
