"""The bilateral training plan: totals per year and per topic (courses, delivered, participants,
mean evaluation: participants and evaluations of delivered courses only), and its pages: the
plan, a new course, a course with its participants by agency and its evaluations, each form
through the actions (a course ending before it starts refused, nothing written)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from strait.governance import training
from strait.governance.models import Course, CourseEvaluation, CourseParticipants
from tests.api_client import Api
from tests.factories import make_body
from tests.factories.governance import CourseFactory
from tests.governance.conftest import World

pytestmark = pytest.mark.django_db


def _people(course: Course, **counts: int) -> None:
    for agency, n in counts.items():
        CourseParticipants.objects.create(course=course, agency=agency, count=n)


def _scores(course: Course, *scores: int) -> None:
    for score in scores:
        CourseEvaluation.objects.create(
            course=course, agency="x", score=score, created_at=timezone.now()
        )


@pytest.fixture
def courses(world: World) -> dict[str, Course]:
    body = world.body
    forensic = CourseFactory(body=body, topic="forensic")  # 2014, delivered
    _people(forensic, a=10, b=6)
    _scores(forensic, 4, 5)
    border = CourseFactory(
        body=body,
        topic="border_security",
        starts_on=dt.date(2015, 5, 4),
        ends_on=dt.date(2015, 5, 8),
        status="delivered",
    )
    _people(border, a=8)
    _scores(border, 3)
    planned = CourseFactory(
        body=body,
        topic="forensic",
        starts_on=dt.date(2015, 11, 2),
        ends_on=dt.date(2015, 11, 6),
        status="planned",
    )
    _people(planned, a=99)  # announced, not delivered: not counted
    _scores(planned, 1)
    return {"forensic": forensic, "border": border, "planned": planned}


def test_totals_per_year_and_topic_count_what_was_delivered(
    world: World, courses: dict[str, Course]
) -> None:
    plan = training.totals(training.courses_visible_to(world.ma_officer))
    assert (plan.total.courses, plan.total.delivered, plan.total.participants) == (3, 2, 24)
    assert plan.total.mean_score == 4.0  # (4 + 5 + 3) / 3
    years = {r.key: (r.courses, r.delivered, r.participants, r.mean_score) for r in plan.by_year}
    assert years == {"2014": (1, 1, 16, 4.5), "2015": (2, 1, 8, 3.0)}
    topics = {r.key: (r.courses, r.delivered, r.participants) for r in plan.by_topic}
    assert topics == {"forensic": (2, 1, 16), "border_security": (1, 1, 8)}


def test_only_the_courses_of_bodies_the_reader_takes_part_in(
    world: World, courses: dict[str, Course]
) -> None:
    assert training.courses_visible_to(world.outsider_secretary).count() == 0
    theirs = make_body(world.outsider_secretary, code="theirs")
    CourseFactory(body=theirs)
    assert training.courses_visible_to(world.ma_officer).count() == 3


def test_the_plan_page_lists_courses_and_totals(
    world: World, courses: dict[str, Course], verified_client: Callable[..., Client]
) -> None:
    page = verified_client(world.ma_officer).get(reverse("governance:training"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Forensic and technical police" in html
    assert reverse("governance:course", kwargs={"uid": courses["border"].uid}) in html
    assert 'id="by-topic"' in html
    assert reverse("governance:course_new") not in html  # an officer reads


def test_the_plan_page_of_an_outsider_has_no_course(
    world: World, courses: dict[str, Course], verified_client: Callable[..., Client]
) -> None:
    html = verified_client(world.outsider_secretary).get(reverse("governance:training")).content
    assert b"Forensic and technical police" not in html


def test_a_secretary_adds_a_course(world: World, verified_client: Callable[..., Client]) -> None:
    client = verified_client(world.es_secretary)
    assert (
        reverse("governance:course_new")
        in client.get(reverse("governance:training")).content.decode()
    )
    answer = client.post(
        reverse("governance:course_new"),
        {
            "body": str(world.body.obj.uid),
            "topic": "elite_intervention",
            "title_ar": "وحدات التدخل الخاصة",
            "title_es": "Unidades de intervención de élite",
            "host_agency": world.es.code,
            "starts_on": "2014-10-06",
            "ends_on": "2014-10-10",
            "place": "Guadalajara",
            "status": "planned",
        },
    )
    course = Course.objects.get(place="Guadalajara")
    assert answer.status_code == 302
    assert answer["Location"] == reverse("governance:course", kwargs={"uid": course.uid})
    assert course.title == {"ar": "وحدات التدخل الخاصة", "es": "Unidades de intervención de élite"}
    assert (course.body, course.host_agency, course.topic) == (
        world.body,
        world.es.code,
        "elite_intervention",
    )


def test_a_course_ending_before_it_starts_is_refused_on_the_form(
    world: World, verified_client: Callable[..., Client]
) -> None:
    answer = verified_client(world.es_secretary).post(
        reverse("governance:course_new"),
        {
            "body": str(world.body.obj.uid),
            "topic": "forensic",
            "title_es": "Curso",
            "host_agency": world.es.code,
            "starts_on": "2014-10-10",
            "ends_on": "2014-10-06",
            "place": "Ávila",
            "status": "planned",
        },
    )
    assert answer.status_code == 400
    assert "error-summary" in answer.content.decode()
    assert not Course.objects.exists()


def test_the_course_page_records_participants_evaluations_and_status(
    world: World, verified_client: Callable[..., Client]
) -> None:
    course = CourseFactory(body=world.body, status="planned", host_agency=world.es.code)
    client = verified_client(world.ma_secretary)
    url = reverse("governance:course", kwargs={"uid": course.uid})
    assert client.get(url).status_code == 200

    done = client.post(
        reverse("governance:course_status", kwargs={"uid": course.uid}), {"status": "delivered"}
    )
    assert done.status_code == 302
    client.post(
        reverse("governance:course_participants", kwargs={"uid": course.uid}),
        {"agency": world.es.code, "count": "14"},
    )
    client.post(
        reverse("governance:course_evaluation", kwargs={"uid": course.uid}),
        {"score": "4", "comment": "Muy útil"},
    )
    course.refresh_from_db()
    assert course.status == "delivered"
    assert list(course.participants.values_list("agency", "count")) == [(world.es.code, 14)]
    assert list(course.evaluations.values_list("agency", "score", "comment")) == [
        (world.ma.code, 4, "Muy útil")
    ]
    html = client.get(url).content.decode()
    assert "Muy útil" in html
    assert "Mean: 4.0 / 5, over 1 evaluation." in html


def test_a_score_outside_one_to_five_is_a_form_error(
    world: World, verified_client: Callable[..., Client]
) -> None:
    course = CourseFactory(body=world.body)
    answer = verified_client(world.ma_secretary).post(
        reverse("governance:course_evaluation", kwargs={"uid": course.uid}), {"score": "9"}
    )
    assert answer.status_code == 400
    assert not course.evaluations.exists()


def test_a_member_who_reads_sees_no_form_and_cannot_post(
    world: World, verified_client: Callable[..., Client]
) -> None:
    course = CourseFactory(body=world.body)
    client = verified_client(world.ma_officer)
    html = client.get(reverse("governance:course", kwargs={"uid": course.uid})).content.decode()
    assert reverse("governance:course_participants", kwargs={"uid": course.uid}) not in html
    answer = client.post(
        reverse("governance:course_participants", kwargs={"uid": course.uid}),
        {"agency": world.ma.code, "count": "3"},
    )
    assert answer.status_code == 403
    assert not course.participants.exists()


def test_another_agencys_course_is_not_found(
    world: World, verified_client: Callable[..., Client]
) -> None:
    course = CourseFactory(body=world.body)
    client = verified_client(world.outsider_secretary)
    assert client.get(reverse("governance:course", kwargs={"uid": course.uid})).status_code == 404
    answer = client.post(
        reverse("governance:course_status", kwargs={"uid": course.uid}), {"status": "cancelled"}
    )
    assert answer.status_code == 404
    course.refresh_from_db()
    assert course.status == "delivered"


@pytest.mark.parametrize("language", ["ar", "es", "fr", "en"])
def test_the_pages_in_every_language(
    world: World, courses: dict[str, Course], verified_client: Callable[..., Client], language: str
) -> None:
    client = verified_client(world.ma_secretary)
    client.cookies["django_language"] = language
    direction = "rtl" if language == "ar" else "ltr"
    for address in (
        reverse("governance:training"),
        reverse("governance:course_new"),
        reverse("governance:course", kwargs={"uid": courses["forensic"].uid}),
    ):
        page = client.get(address, HTTP_ACCEPT_LANGUAGE=language)
        assert page.status_code == 200, address
        assert f'<html lang="{language}" dir="{direction}">' in page.content.decode()


def test_the_api_answers_the_plan_and_its_courses(world: World, courses: dict[str, Course]) -> None:
    api = Api(world.ma_officer)
    plan = api.get("/governance/training").json()
    assert (plan["total"]["courses"], plan["total"]["participants"]) == (3, 24)
    assert [r["key"] for r in plan["by_year"]] == ["2014", "2015"]
    listed = api.get("/governance/training/courses", body=str(world.body.obj.uid)).json()
    assert [c["uid"] for c in listed] == [
        str(courses["planned"].uid),
        str(courses["border"].uid),
        str(courses["forensic"].uid),
    ]
    assert listed[2]["participants"] == 16
    outsider = Api(world.outsider_secretary)
    assert outsider.get("/governance/training/courses").json() == []
    assert outsider.get("/governance/training", body=str(world.body.obj.uid)).status_code == 404
