"""The governance dashboard and the follow-up committee's page (issue 15), in the reader's
language (Arabic right to left), partner text escaped, another agency's body not found, and the
number of queries a page makes independent of how much there is."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from strait.accounts.models import User
from strait.governance.cadence import add_months
from strait.governance.models import Body
from strait.permissions import Role
from tests.factories import (
    ActionItemFactory,
    EvidenceFactory,
    MeetingFactory,
    RecommendationFactory,
    make_body,
)
from tests.governance.conftest import World

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("governance:dashboard")
FOLLOW_UP = reverse("governance:followup")


def client(verified_client: Callable[..., Client], user: User, language: str = "en") -> Client:
    made = verified_client(user)
    made.cookies["django_language"] = language
    made.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    return made


def main(response: Any) -> str:
    html = response.content.decode()
    return html[html.index('<main id="main">') :]


def ministers(world: World, months_ago: int) -> Body:
    """The interior ministers (every six months, warned at five), last met ``months_ago``."""
    body = make_body(
        world.ma_secretary,
        members=[world.es],
        code="interior-ministers",
        name_ar="اجتماع وزيري الداخلية",
        name_es="Reunión de Ministros del Interior",
        name_fr="Réunion des ministres de l'Intérieur",
        name_en="Interior Ministers' meeting",
        kind="ministerial",
        founded_on=dt.date(2013, 1, 1),
        cadence="months",
        cadence_months=6,
        warn_months=5,
    )
    held = add_months(timezone.localdate(), -months_ago) - dt.timedelta(days=3)
    MeetingFactory(body=body, starts_on=held, place="Madrid", status="held")
    return body


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Interior Ministers' meeting"),
        ("es", "Reunión de Ministros del Interior"),
        ("fr", "Réunion des ministres de l'Intérieur"),
        ("ar", "اجتماع وزيري الداخلية"),
    ],
)
def test_the_dashboard_warns_that_the_ministers_next_meeting_falls_due(
    world: World, verified_client: Callable[..., Client], language: str, expected: str
) -> None:
    ministers(world, months_ago=5)
    response = client(verified_client, world.es_secretary, language).get(DASHBOARD)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'lang="{language}"' in html
    assert ('dir="rtl"' in html) == (language == "ar")
    flags = main(response).split('id="cadence"')[1].split("</section>")[0]
    assert "cadence-due_soon" in flags
    assert expected.replace("'", "&#x27;") in flags


def test_the_dashboard_says_overdue_at_six_months_with_the_meeting_scheduled_late(
    world: World, verified_client: Callable[..., Client]
) -> None:
    body = ministers(world, months_ago=6)
    page = client(verified_client, world.ma_officer)
    flags = main(page.get(DASHBOARD)).split('id="cadence"')[1].split("</section>")[0]
    assert "cadence-overdue" in flags
    assert "none is scheduled" in flags
    MeetingFactory(
        body=body, starts_on=timezone.localdate() + dt.timedelta(days=7), status="scheduled"
    )
    flags = main(page.get(DASHBOARD)).split('id="cadence"')[1].split("</section>")[0]
    assert "cadence-overdue" in flags
    assert "the next is scheduled on" in flags


def test_a_meeting_scheduled_within_the_cadence_clears_the_dashboards_warning(
    world: World, verified_client: Callable[..., Client]
) -> None:
    body = ministers(world, months_ago=5)
    page = client(verified_client, world.ma_officer)
    flags = main(page.get(DASHBOARD)).split('id="cadence"')[1].split("</section>")[0]
    assert "Interior Ministers" in flags
    MeetingFactory(
        body=body, starts_on=timezone.localdate() + dt.timedelta(days=7), status="scheduled"
    )
    flags = main(page.get(DASHBOARD)).split('id="cadence"')[1].split("</section>")[0]
    assert "Interior Ministers" not in flags
    # The Strategic Committee never met since 2013: still overdue.
    assert "Strategic Committee" in flags


def test_the_dashboard_lists_next_meetings_late_actions_and_actions_without_evidence(
    world: World, verified_client: Callable[..., Client]
) -> None:
    today = world.ma_officer.today()  # the reader's date: past midnight in Rabat, not in UTC
    MeetingFactory(
        body=world.body,
        starts_on=today + dt.timedelta(days=20),
        place="Tetouan",
        status="scheduled",
    )
    r = RecommendationFactory(body=world.body)
    ActionItemFactory(
        recommendation=r,
        title={"en": "Open the <b>liaison</b> office"},
        deadline=today - dt.timedelta(days=4),
    )
    html = main(client(verified_client, world.ma_officer).get(DASHBOARD))
    assert "Tetouan" in html.split('id="next-meetings"')[1].split("</section>")[0]
    late = html.split('id="late"')[1].split("</section>")[0]
    assert "4 days late" in late
    assert "Open the &lt;b&gt;liaison&lt;/b&gt; office" in late  # partner text, escaped
    assert "<b>liaison" not in html
    assert "liaison" in html.split('id="without-evidence"')[1]


def test_the_follow_up_page_shows_each_recommendation_its_actions_and_their_evidence(
    world: World, verified_client: Callable[..., Client]
) -> None:
    today = world.es_secretary.today()
    supported = RecommendationFactory(
        body=world.body, number="R1", texts={"ar": "تنشيط قنوات المعلومات", "es": "Dinamizar"}
    )
    action = ActionItemFactory(
        recommendation=supported,
        title={"es": "Reunión de enlace"},
        deadline=today - dt.timedelta(days=30),
        status="in_progress",
    )
    hidden = EvidenceFactory(action=action, kind="operation")
    RecommendationFactory(body=world.body, number="R2", texts={"es": "Plan bilateral 2014"})
    response = client(verified_client, world.es_secretary, "es").get(FOLLOW_UP)
    assert response.status_code == 200
    html = main(response)
    card = html.split('id="r-' + str(supported.uid))[1].split("</article>")[0]
    assert "Reunión de enlace" in card
    assert "30 días de retraso" in card or "30 days late" in card
    # An operation the reader cannot see: named by its kind, no link, never its reference.
    assert hidden.ref not in html
    bare = html.split('id="without-evidence"')[1]
    assert "R2" in bare
    assert "Plan bilateral 2014" in bare
    assert "R1" not in bare


def test_the_follow_up_page_in_arabic_is_right_to_left(
    world: World, verified_client: Callable[..., Client]
) -> None:
    RecommendationFactory(body=world.body, texts={"ar": "خطة عمل ثنائية للتكوين"})
    html = client(verified_client, world.ma_secretary, "ar").get(FOLLOW_UP).content.decode()
    assert 'dir="rtl"' in html
    assert "خطة عمل ثنائية للتكوين" in html


def test_the_follow_up_filters_by_body_and_another_agencys_body_is_not_found(
    world: World, verified_client: Callable[..., Client]
) -> None:
    other = make_body(world.outsider_secretary, code="other-committee")
    RecommendationFactory(body=other, number="X7")
    RecommendationFactory(body=world.body, number="R3")
    mine = client(verified_client, world.es_secretary)
    html = main(mine.get(FOLLOW_UP, {"body": str(world.body.obj.uid)}))
    assert "R3" in html
    assert "X7" not in html
    assert mine.get(FOLLOW_UP, {"body": str(other.obj.uid)}).status_code == 404
    assert mine.get(FOLLOW_UP, {"body": "not-a-uid"}).status_code == 404
    theirs = main(client(verified_client, world.outsider_secretary).get(FOLLOW_UP))
    assert "X7" in theirs
    assert "R3" not in theirs


def test_the_header_menu_leads_to_governance_for_its_readers_only(
    world: World, verified_client: Callable[..., Client], make_user: Callable[..., User]
) -> None:
    assert DASHBOARD in client(verified_client, world.ma_officer).get("/").content.decode()
    admin = make_user(agency=world.ma, role=Role.NODE_ADMIN)
    assert f'href="{DASHBOARD}"' not in client(verified_client, admin).get("/").content.decode()
    assert client(verified_client, admin).get(DASHBOARD).status_code == 403


def fill(world: World, bodies: int, recommendations: int) -> None:
    today = timezone.localdate()
    for n in range(bodies):
        body = world.body if n == 0 else make_body(world.ma_secretary, code=f"body-{n}")
        MeetingFactory(body=body, starts_on=today - dt.timedelta(days=400), status="held")
        MeetingFactory(body=body, starts_on=today + dt.timedelta(days=30), status="scheduled")
        for _m in range(recommendations):
            r = RecommendationFactory(body=body)
            late = ActionItemFactory(recommendation=r, deadline=today - dt.timedelta(days=9))
            EvidenceFactory.create_batch(2, action=late, kind="channel", ref="none")
            ActionItemFactory(recommendation=r, deadline=today + dt.timedelta(days=9))


@pytest.mark.parametrize("size", [(1, 1), (5, 6)])
def test_the_dashboard_page_makes_as_many_queries_whatever_there_is(
    world: World,
    verified_client: Callable[..., Client],
    django_assert_max_num_queries: Any,
    size: tuple[int, int],
) -> None:
    fill(world, *size)
    page = client(verified_client, world.ma_officer)
    with django_assert_max_num_queries(20):
        assert page.get(DASHBOARD).status_code == 200


# The same in the JSON API.


def test_the_api_dashboard_and_follow_up(world: World) -> None:
    from tests.api_client import Api

    today = world.es_secretary.today()
    r = RecommendationFactory(body=world.body, number="R1")
    late = ActionItemFactory(recommendation=r, deadline=today - dt.timedelta(days=5))
    EvidenceFactory(action=late, kind="operation")
    api = Api(world.es_secretary)
    dashboard = api.get("/governance/dashboard")
    assert dashboard.status_code == 200
    data = dashboard.json()
    assert data["bodies"][0]["body"] == str(world.body.obj.uid)
    assert data["bodies"][0]["state"] == "overdue"  # founded in 2013, never met
    assert data["late_count"] == 1
    assert data["late"][0]["days_late"] == 5
    assert data["without_evidence_count"] == 0
    page = api.get("/governance/followup", body=str(world.body.obj.uid), show="late").json()
    assert page["count"] == 1
    (action,) = page["recommendations"][0]["actions"]
    assert action["days_late"] == 5
    (evidence,) = action["evidence"]
    # An operation the reader does not see: its kind only, no link, never its reference.
    assert evidence["visible"] is False
    assert evidence["url"] is None
    assert late.evidence.get().ref not in str(page)
    other = make_body(world.outsider_secretary, code="other-committee")
    assert api.get("/governance/followup", body=str(other.obj.uid)).status_code == 404
    assert (
        Api(world.outsider_secretary).get("/governance/dashboard").json()["bodies"][0]["code"]
        == "other-committee"
    )


@pytest.mark.parametrize("size", [(1, 1), (5, 6)])
def test_the_follow_up_page_makes_as_many_queries_whatever_there_is(
    world: World,
    verified_client: Callable[..., Client],
    django_assert_max_num_queries: Any,
    size: tuple[int, int],
) -> None:
    fill(world, *size)
    page = client(verified_client, world.ma_secretary)
    with django_assert_max_num_queries(22):
        assert page.get(FOLLOW_UP).status_code == 200
