"""The bilateral training plan in figures: per year and per topic, how many courses were planned,
how many delivered, how many took part, and the participants' mean evaluation.

Computed in SQL over the courses the caller passes (already scoped to the reader: the courses of
the bodies they see): three grouped queries whatever the number of courses.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Avg, Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, ExtractYear

from strait.governance import codes, queries
from strait.governance.models import Course, CourseEvaluation, CourseParticipants

if TYPE_CHECKING:
    from strait.accounts.models import User
    from strait.governance.models import Body


@dataclass
class Totals:
    key: str  # the year ("2014") or the topic's code
    label: str
    courses: int = 0
    delivered: int = 0
    participants: int = 0
    evaluations: int = 0
    score_sum: float = 0.0

    @property
    def mean_score(self) -> float | None:
        """The mean evaluation (1 to 5), None when nobody evaluated."""
        return round(self.score_sum / self.evaluations, 1) if self.evaluations else None


@dataclass
class Plan:
    total: Totals
    by_year: list[Totals]
    by_topic: list[Totals]


def courses_visible_to(user: User, body: Body | None = None) -> QuerySet[Course]:
    """The courses of the bodies the user sees (of one of them, if ``body``)."""
    rows = Course.objects.filter(body__in=queries.bodies(user))
    if body is not None:
        rows = rows.filter(body=body)
    return rows


def course(user: User, uid: uuid.UUID | str) -> Course:
    from django.http import Http404

    found = courses_visible_to(user).filter(uid=uid).select_related("body", "body__obj").first()
    if found is None:
        raise Http404
    return found


def totals(courses: QuerySet[Course]) -> Plan:
    """Per year (of the course's start) and per topic, and overall."""
    topics = dict(codes.TrainingTopic.choices)
    year = ExtractYear("starts_on")
    delivered = Count("id", filter=Q(status=codes.CourseStatus.DELIVERED))

    by_year: dict[str, Totals] = {}
    by_topic: dict[str, Totals] = {}
    for values in (
        courses.annotate(year=year).values("year", "topic").annotate(n=Count("id"), done=delivered)
    ):
        for table, key, label in (
            (by_year, str(values["year"]), str(values["year"])),
            (by_topic, values["topic"], str(topics.get(values["topic"], values["topic"]))),
        ):
            row = table.setdefault(key, Totals(key, label))
            row.courses += values["n"]
            row.delivered += values["done"]

    # Participants and evaluations count for delivered courses only (a planned course has none
    # worth adding up; a cancelled one's are void).
    done = courses.filter(status=codes.CourseStatus.DELIVERED)
    people: dict[tuple[str, str], int] = defaultdict(int)
    for part in (
        CourseParticipants.objects.filter(course__in=done.values("pk"))
        .annotate(year=ExtractYear("course__starts_on"))
        .values("year", "course__topic")
        .annotate(n=Sum("count"))
    ):
        people[(str(part["year"]), part["course__topic"])] += part["n"] or 0
    scores: dict[tuple[str, str], tuple[int, float]] = {}
    for scored in (
        CourseEvaluation.objects.filter(course__in=done.values("pk"))
        .annotate(year=ExtractYear("course__starts_on"))
        .values("year", "course__topic")
        .annotate(n=Count("id"), mean=Avg("score"))
    ):
        pair = (str(scored["year"]), scored["course__topic"])
        scores[pair] = (scored["n"], float(scored["mean"] or 0) * scored["n"])

    total = Totals("", "")
    for (y, topic), n in people.items():
        for line in (by_year.get(y), by_topic.get(topic), total):
            if line is not None:
                line.participants += n
    for (y, topic), (n, score_sum) in scores.items():
        for line in (by_year.get(y), by_topic.get(topic), total):
            if line is not None:
                line.evaluations += n
                line.score_sum += score_sum
    for year_row in by_year.values():
        total.courses += year_row.courses
        total.delivered += year_row.delivered
    return Plan(
        total=total,
        by_year=sorted(by_year.values(), key=lambda r: r.key),
        by_topic=sorted(by_topic.values(), key=lambda r: (-r.courses, r.label)),
    )


@dataclass(frozen=True)
class CourseFigures:
    participants: int
    by_agency: list[tuple[str, int]]
    evaluations: int
    mean_score: float | None


def figures(course: Course) -> CourseFigures:
    """One course's participants by agency and its evaluations' mean."""
    by_agency = sorted(course.participants.values_list("agency", "count"))
    found = course.evaluations.aggregate(n=Count("id"), mean=Avg("score"))
    mean = round(float(found["mean"]), 1) if found["mean"] is not None else None
    return CourseFigures(sum(n for _, n in by_agency), by_agency, found["n"], mean)


def with_participants(courses: QuerySet[Course]) -> QuerySet[Course]:
    """``courses`` each with ``people``: how many took part (every agency)."""
    return courses.annotate(people=Coalesce(Sum("participants__count"), 0))


def agency_labels(codes_: set[str]) -> dict[str, str]:
    """Each agency code with its abbreviation (a code this node does not know stays a code)."""
    from strait.agencies.models import Agency

    known = dict(Agency.objects.filter(code__in=codes_).values_list("code", "abbreviation"))
    return {code: known.get(code, code) for code in codes_}
