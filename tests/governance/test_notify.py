"""Governance's reminders (issue 15): a body whose next meeting falls due (the ministers: at five
months) and then is overdue (six), told to the secretariat of its member agencies on this node
once per state and cycle; a late action told to its owner agency's secretariat once; the
secretariat's work queue; the worker's task."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from strait.accounts.models import User
from strait.governance import notify, tasks
from strait.governance.models import Body
from strait.notifications.models import Notification
from strait.worker import registry
from strait.workqueue.queries import queue_for
from tests.factories import ActionItemFactory, MeetingFactory, RecommendationFactory, make_body
from tests.governance.conftest import World

pytestmark = pytest.mark.django_db

LAST = dt.date(2025, 1, 15)
WARNED = dt.date(2025, 6, 15)  # five months on
OVERDUE = dt.date(2025, 7, 16)  # six months and a day


def ministers(world: World) -> Body:
    body = make_body(
        world.ma_secretary,
        members=[world.es],
        code="interior-ministers",
        name_ar="اجتماع وزيري الداخلية",
        name_es="Reunión de Ministros del Interior",
        name_en="Interior Ministers' meeting",
        kind="ministerial",
        founded_on=dt.date(2013, 1, 1),
        cadence="months",
        cadence_months=6,
        warn_months=5,
    )
    MeetingFactory(body=body, starts_on=LAST, place="Madrid", status="held")
    quiet(world)
    return body


def quiet(world: World) -> None:
    """The Strategic Committee (never met since 2013) out of the way: only the ministers are
    flagged."""
    Body.objects.filter(pk=world.body.pk).update(cadence="ad_hoc")


def told(topic: Any) -> list[tuple[str, str]]:
    return sorted(
        Notification.objects.filter(topic=topic.code).values_list("user__username", "key")
    )


def usernames(*users: User) -> list[str]:
    return sorted(u.username for u in users)


def test_the_ministers_secretariats_are_warned_at_five_months_once(world: World) -> None:
    body = ministers(world)
    assert notify.cadences(dt.date(2025, 6, 14)) == 0
    assert notify.cadences(WARNED) == 2
    rows = told(notify.DUE_SOON)
    # Both member agencies' secretariats; not the chairs, the officer nor another agency.
    assert [u for u, _k in rows] == usernames(world.ma_secretary, world.es_secretary)
    assert {k for _u, k in rows} == {f"{body.obj.uid}:2025-07-15"}
    # The worker runs every hour: nobody is told twice.
    assert notify.cadences(WARNED + dt.timedelta(days=1)) == 0
    assert len(told(notify.DUE_SOON)) == 2


def test_overdue_at_six_months_is_a_second_notice_and_a_meeting_held_starts_a_new_cycle(
    world: World,
) -> None:
    body = ministers(world)
    notify.cadences(WARNED)
    assert notify.cadences(OVERDUE) == 2
    assert notify.cadences(OVERDUE + dt.timedelta(days=3)) == 0
    assert len(told(notify.OVERDUE)) == 2
    MeetingFactory(body=body, starts_on=dt.date(2025, 8, 1), status="held")
    assert notify.cadences(dt.date(2025, 8, 2)) == 0
    # The next cycle's warning (five months after 1 August) is news again.
    assert notify.cadences(dt.date(2026, 1, 1)) == 2
    assert {k for _u, k in told(notify.DUE_SOON)} == {
        f"{body.obj.uid}:2025-07-15",
        f"{body.obj.uid}:2026-02-01",
    }


def test_a_meeting_scheduled_in_time_tells_nobody(world: World) -> None:
    body = ministers(world)
    MeetingFactory(body=body, starts_on=dt.date(2025, 7, 1), status="scheduled")
    assert notify.cadences(WARNED) == 0
    assert not Notification.objects.exists()


def test_only_this_nodes_member_agencies_are_told(world: World) -> None:
    ministers(world)
    world.es.node_code = "es"  # the Spanish agency lives on its own node: told there
    world.es.save()
    assert notify.cadences(WARNED) == 1
    assert [u for u, _k in told(notify.DUE_SOON)] == [world.ma_secretary.username]


def test_a_late_action_is_told_to_its_owner_agencys_secretariat_once(world: World) -> None:
    today = dt.date(2025, 3, 10)
    r = RecommendationFactory(body=world.body)
    action = ActionItemFactory(
        recommendation=r, owner_agency=world.ma.code, deadline=dt.date(2025, 3, 1)
    )
    ActionItemFactory(recommendation=r, owner_agency=world.ma.code, deadline=dt.date(2025, 3, 20))
    ActionItemFactory(
        recommendation=r, owner_agency=world.ma.code, deadline=dt.date(2025, 3, 1), status="done"
    )
    ActionItemFactory(
        recommendation=r, owner_agency=world.es.code, deadline=dt.date(2024, 1, 1)
    )  # late for long before: on the dashboard, not news
    assert notify.late_actions(today) == 1
    assert told(notify.ACTION_LATE) == [(world.ma_secretary.username, notify.key_of(action))]
    assert notify.late_actions(today + dt.timedelta(days=1)) == 0
    # A new deadline, missed again: news again.
    action.deadline = dt.date(2025, 3, 5)
    action.save()
    assert notify.late_actions(today) == 1


def test_the_notice_names_the_body_and_the_date_never_the_actions_text(world: World) -> None:
    ActionItemFactory(
        recommendation=RecommendationFactory(body=world.body),
        owner_agency=world.ma.code,
        title={"en": "Secret plan"},
        deadline=dt.date(2025, 3, 1),
    )
    notify.late_actions(dt.date(2025, 3, 10))
    text = notify.ACTION_LATE.render(Notification.objects.get().params)
    assert "Strategic Committee" in text
    assert "1 Mar 2025" in text
    assert "Secret plan" not in text


def test_the_secretariats_work_queue_holds_the_body_falling_due_and_its_late_actions(
    world: World,
) -> None:
    today = timezone.localdate()
    body = make_body(
        world.ma_secretary,
        members=[world.es],
        code="interior-ministers",
        kind="ministerial",
        founded_on=dt.date(2013, 1, 1),
        cadence="months",
        cadence_months=6,
        warn_months=5,
    )
    MeetingFactory(body=body, starts_on=today - dt.timedelta(days=160), status="held")
    quiet(world)
    r = RecommendationFactory(body=world.body)
    late = ActionItemFactory(
        recommendation=r, owner_agency=world.ma.code, deadline=today - dt.timedelta(days=2)
    )
    ActionItemFactory(
        recommendation=r, owner_agency=world.es.code, deadline=today - dt.timedelta(days=2)
    )
    queue = queue_for(world.ma_secretary)
    counts = {s.source.code: s.count for s in queue.sections}
    assert counts["governance.cadence"] == 1
    assert counts["governance.late_actions"] == 1  # the Spanish agency's is not ours
    keys = {i.key for i in queue.items}
    assert f"governance.body:{body.obj.uid}" in keys
    assert f"governance.action:{late.uid}" in keys
    sources = {s.source.code for s in queue_for(world.ma_officer).sections}
    assert not {"governance.cadence", "governance.late_actions"} & sources


def test_the_worker_reminds_every_hour(world: World) -> None:
    assert registry.tasks["governance.remind"].every == dt.timedelta(hours=1)
    # The Strategic Committee, founded in 2013, never met: overdue, told once.
    assert tasks.remind() == 2
    assert tasks.remind() == 0


def test_the_secretarys_home_shows_the_body_falling_due(world: World, verified_client: Any) -> None:
    # The Strategic Committee, founded in 2013, never met: overdue.
    page = verified_client(world.ma_secretary).get("/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Bodies whose next meeting falls due" in html
    assert "Strategic Committee" in html
