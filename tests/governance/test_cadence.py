"""A body's standing against its cadence (issue 15): the interior ministers meet at least every
six months; their secretariat is warned at five and the meeting is overdue at six; a meeting
scheduled within the cadence clears the flag; a body that meets when needed is never flagged."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from strait.governance import cadence, codes, queries
from strait.governance.models import Body
from tests.factories import MeetingFactory, make_body
from tests.governance.conftest import World

pytestmark = pytest.mark.django_db

LAST = dt.date(2025, 1, 15)  # the ministers' last meeting held


def ministers(world: World, **values: Any) -> Body:
    body = make_body(
        world.ma_secretary,
        members=[world.es],
        **{
            "code": "interior-ministers",
            "name_ar": "اجتماع وزيري الداخلية",
            "name_es": "Reunión de Ministros del Interior",
            "kind": "ministerial",
            "founded_on": dt.date(2013, 1, 1),
            "cadence": "months",
            "cadence_months": 6,
            "warn_months": 5,
        }
        | values,
    )
    MeetingFactory(body=body, starts_on=LAST, place="Madrid", status="held")
    return body


def state_of(world: World, body: Body, today: dt.date) -> cadence.Standing:
    rows = cadence.standings(queries.bodies(world.ma_secretary).filter(pk=body.pk), today)
    assert len(rows) == 1
    return rows[0]


def test_the_ministers_are_on_schedule_until_five_months_after_their_last_meeting(
    world: World,
) -> None:
    body = ministers(world)
    s = state_of(world, body, dt.date(2025, 6, 14))
    assert s.state == codes.CadenceState.OK
    assert s.last_held == LAST
    assert s.due_on == dt.date(2025, 7, 15)
    assert s.warn_on == dt.date(2025, 6, 15)


def test_the_ministers_are_warned_at_five_months(world: World) -> None:
    body = ministers(world)
    assert state_of(world, body, dt.date(2025, 6, 15)).state == codes.CadenceState.DUE_SOON
    # Still only due on the due date itself.
    assert state_of(world, body, dt.date(2025, 7, 15)).state == codes.CadenceState.DUE_SOON


def test_the_ministers_meeting_is_overdue_after_six_months(world: World) -> None:
    body = ministers(world)
    s = state_of(world, body, dt.date(2025, 7, 16))
    assert s.state == codes.CadenceState.OVERDUE
    assert s.flagged


def test_a_meeting_scheduled_within_the_cadence_clears_the_warning(world: World) -> None:
    body = ministers(world)
    MeetingFactory(body=body, starts_on=dt.date(2025, 7, 10), place="Rabat", status="scheduled")
    s = state_of(world, body, dt.date(2025, 6, 20))
    assert s.state == codes.CadenceState.OK
    assert s.next_scheduled == dt.date(2025, 7, 10)


def test_a_meeting_scheduled_after_the_due_date_does_not_clear_it(world: World) -> None:
    body = ministers(world)
    MeetingFactory(body=body, starts_on=dt.date(2025, 9, 1), place="Rabat", status="scheduled")
    assert state_of(world, body, dt.date(2025, 6, 20)).state == codes.CadenceState.DUE_SOON
    assert state_of(world, body, dt.date(2025, 7, 20)).state == codes.CadenceState.OVERDUE


def test_a_cancelled_meeting_neither_counts_as_held_nor_clears_the_flag(world: World) -> None:
    body = ministers(world)
    MeetingFactory(body=body, starts_on=dt.date(2025, 5, 1), place="Rabat", status="cancelled")
    MeetingFactory(body=body, starts_on=dt.date(2025, 7, 1), place="Rabat", status="cancelled")
    s = state_of(world, body, dt.date(2025, 6, 20))
    assert s.last_held == LAST
    assert s.state == codes.CadenceState.DUE_SOON


def test_a_meeting_held_restarts_the_clock(world: World) -> None:
    body = ministers(world)
    MeetingFactory(body=body, starts_on=dt.date(2025, 7, 1), place="Rabat", status="held")
    s = state_of(world, body, dt.date(2025, 8, 1))
    assert s.state == codes.CadenceState.OK
    assert s.due_on == dt.date(2026, 1, 1)


def test_a_body_that_never_met_counts_from_its_founding(world: World) -> None:
    body = make_body(
        world.ma_secretary, code="follow-up", founded_on=dt.date(2024, 1, 10), cadence="yearly"
    )
    s = state_of(world, body, dt.date(2024, 12, 10))
    assert s.last_held is None
    assert s.due_on == dt.date(2025, 1, 10)
    assert s.state == codes.CadenceState.DUE_SOON
    assert state_of(world, body, dt.date(2025, 1, 11)).state == codes.CadenceState.OVERDUE


def test_a_body_that_meets_when_needed_is_never_flagged(world: World) -> None:
    body = make_body(
        world.ma_secretary, code="seminars", founded_on=dt.date(2013, 11, 1), cadence="ad_hoc"
    )
    MeetingFactory(body=body, starts_on=dt.date(2014, 3, 12), status="held")
    s = state_of(world, body, dt.date(2026, 1, 1))
    assert s.state == codes.CadenceState.AD_HOC
    assert not s.flagged
    assert s.due_on is None


def test_months_are_added_on_the_calendar_the_day_clamped() -> None:
    assert cadence.add_months(dt.date(2025, 8, 31), 6) == dt.date(2026, 2, 28)
    assert cadence.add_months(dt.date(2023, 8, 31), 6) == dt.date(2024, 2, 29)
    assert cadence.add_months(dt.date(2025, 11, 30), 2) == dt.date(2026, 1, 30)


def test_every_bodys_standing_in_one_query(world: World, django_assert_num_queries: Any) -> None:
    for n in range(6):
        body = ministers(world, code=f"ministers-{n}")
        MeetingFactory(body=body, starts_on=dt.date(2025, 9, 1), status="scheduled")
    bodies = queries.bodies(world.ma_secretary)
    with django_assert_num_queries(1):
        rows = cadence.standings(bodies, dt.date(2025, 6, 20))
    assert len(rows) == 7
    # The Strategic Committee never met since 2013: overdue, so first; the ministers due soon.
    flagged = cadence.pressing(rows)
    assert [s.body.code for s in flagged] == [
        "strategic-committee",
        *(f"ministers-{n}" for n in range(6)),
    ]
    assert flagged[0].state == codes.CadenceState.OVERDUE
