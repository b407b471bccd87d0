"""The follow-up of recommendations (issue 15): per recommendation its actions, how late each is
and its evidence; what has no evidence at all; the dashboard's figures; all of it scoped to the
bodies the reader takes part in and read in a bounded number of queries."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.utils import timezone

from strait.governance import followup
from strait.governance.models import Body, Recommendation
from tests.factories import (
    ActionItemFactory,
    EvidenceFactory,
    MeetingFactory,
    RecommendationFactory,
    make_body,
)
from tests.governance.conftest import World

pytestmark = pytest.mark.django_db

TODAY = dt.date(2015, 3, 1)


def recommendation(body: Body, **values: Any) -> Recommendation:
    return RecommendationFactory(body=body, **values)


def test_an_open_action_past_its_deadline_is_late_by_its_days(world: World) -> None:
    r = recommendation(world.body)
    late = ActionItemFactory(recommendation=r, deadline=dt.date(2015, 2, 19), status="in_progress")
    done = ActionItemFactory(recommendation=r, deadline=dt.date(2015, 1, 1), status="done")
    dropped = ActionItemFactory(recommendation=r, deadline=dt.date(2015, 1, 1), status="dropped")
    ahead = ActionItemFactory(recommendation=r, deadline=dt.date(2015, 3, 1), status="planned")
    assert followup.days_late(late, TODAY) == 10
    assert followup.days_late(done, TODAY) == 0
    assert followup.days_late(dropped, TODAY) == 0
    assert followup.days_late(ahead, TODAY) == 0  # due today: not late yet
    data = followup.follow_up(world.es_secretary, today=TODAY)
    (line,) = data.lines
    assert [a.days_late for a in line.actions] == [0, 0, 10, 0]
    assert line.late == 1
    assert data.late_count == 1


def test_evidence_removed_no_longer_counts(world: World) -> None:
    r = recommendation(world.body)
    action = ActionItemFactory(recommendation=r)
    EvidenceFactory(action=action, removed_at=timezone.now())
    data = followup.follow_up(world.ma_secretary, today=TODAY)
    assert data.lines[0].actions[0].without_evidence
    assert data.without_count == 1
    assert [x.pk for x in data.without] == [r.pk]
    EvidenceFactory(action=action)
    data = followup.follow_up(world.ma_secretary, today=TODAY)
    assert len(data.lines[0].actions[0].evidence) == 1
    assert data.without_count == 0


def test_a_recommendation_without_any_action_is_without_evidence(world: World) -> None:
    bare = recommendation(world.body, number="R9")
    supported = recommendation(world.body, number="R1")
    EvidenceFactory(action=ActionItemFactory(recommendation=supported))
    data = followup.follow_up(world.ma_secretary, show=followup.SHOW_WITHOUT, today=TODAY)
    assert [line.recommendation.pk for line in data.lines] == [bare.pk]
    assert data.lines[0].actions == []


def test_the_late_filter_keeps_the_recommendations_with_a_late_action(world: World) -> None:
    late = recommendation(world.body)
    ActionItemFactory(recommendation=late, deadline=dt.date(2014, 12, 31))
    on_time = recommendation(world.body)
    ActionItemFactory(recommendation=on_time, deadline=dt.date(2015, 12, 31))
    data = followup.follow_up(world.ma_secretary, show=followup.SHOW_LATE, today=TODAY)
    assert [line.recommendation.pk for line in data.lines] == [late.pk]


def test_the_body_filter_and_another_agencys_body(world: World) -> None:
    other = make_body(world.outsider_secretary, code="other-committee")
    mine = recommendation(world.body)
    theirs = recommendation(other)
    ActionItemFactory(recommendation=theirs, deadline=dt.date(2014, 1, 1))
    data = followup.follow_up(world.es_secretary, today=TODAY)
    assert [line.recommendation.pk for line in data.lines] == [mine.pk]
    assert data.late_count == 0
    data = followup.follow_up(world.outsider_secretary, body=other, today=TODAY)
    assert [line.recommendation.pk for line in data.lines] == [theirs.pk]
    assert data.late_count == 1


def test_the_dashboard_lists_what_falls_due_and_what_is_late(world: World) -> None:
    MeetingFactory(body=world.body, starts_on=dt.date(2014, 3, 12), status="held")
    upcoming = MeetingFactory(body=world.body, starts_on=dt.date(2015, 5, 1), status="scheduled")
    MeetingFactory(body=world.body, starts_on=dt.date(2014, 11, 1), status="scheduled")  # past
    r = recommendation(world.body)
    late = ActionItemFactory(recommendation=r, deadline=dt.date(2014, 12, 31))
    EvidenceFactory(action=ActionItemFactory(recommendation=r, deadline=dt.date(2015, 6, 1)))
    ActionItemFactory(recommendation=r, status="dropped")
    data = followup.dashboard(world.ma_officer, today=TODAY)
    assert [m.pk for m in data.next_meetings] == [upcoming.pk]
    assert [a.pk for a in data.late] == [late.pk]
    assert data.late_count == 1
    # The dropped action needs no evidence; the late one has none.
    assert [a.pk for a in data.without_evidence] == [late.pk]
    assert data.without_evidence_count == 1
    # Held 12 March 2014, yearly, next meeting 1 May 2015: scheduled after the due date.
    (standing,) = data.standings
    assert standing.state == "due_soon"
    assert [s.body.pk for s in data.flagged] == [world.body.pk]
    assert followup.counts(world.ma_officer, today=TODAY) == {
        "actions": 3,
        "late": 1,
        "without_evidence": 1,
    }


def test_an_outsider_sees_nothing_of_the_body(world: World) -> None:
    r = recommendation(world.body)
    ActionItemFactory(recommendation=r, deadline=dt.date(2014, 1, 1))
    MeetingFactory(body=world.body, starts_on=dt.date(2015, 5, 1), status="scheduled")
    data = followup.dashboard(world.outsider_secretary, today=TODAY)
    assert data.standings == []
    assert data.next_meetings == []
    assert data.late == []
    assert data.late_count == 0
    assert data.without_evidence_count == 0
    assert followup.follow_up(world.outsider_secretary, today=TODAY).lines == []


def many(world: World, bodies: int, per_body: int) -> None:
    for n in range(bodies):
        body = (
            world.body
            if n == 0
            else make_body(world.ma_secretary, members=[world.es], code=f"body-{n}")
        )
        MeetingFactory(body=body, starts_on=dt.date(2014, 3, 12), status="held")
        MeetingFactory(body=body, starts_on=dt.date(2015, 3, 12), status="scheduled")
        for _m in range(per_body):
            r = recommendation(body)
            for k in range(2):
                action = ActionItemFactory(recommendation=r, deadline=dt.date(2014, 6, k + 1))
                EvidenceFactory.create_batch(2, action=action)
            ActionItemFactory(recommendation=r, deadline=dt.date(2015, 12, 31))


@pytest.mark.parametrize("size", [(1, 2), (4, 8)])
def test_the_dashboard_reads_in_a_bounded_number_of_queries(
    world: World, django_assert_max_num_queries: Any, size: tuple[int, int]
) -> None:
    many(world, *size)
    with django_assert_max_num_queries(6):
        data = followup.dashboard(world.ma_secretary, today=TODAY)
    assert len(data.standings) == size[0]


@pytest.mark.parametrize("size", [(1, 2), (3, 12)])
def test_the_follow_up_reads_in_a_bounded_number_of_queries(
    world: World, django_assert_max_num_queries: Any, size: tuple[int, int]
) -> None:
    many(world, *size)
    with django_assert_max_num_queries(10):
        data = followup.follow_up(world.es_secretary, today=TODAY)
    assert len(data.lines) == min(size[0] * size[1], followup.PER_PAGE)
    assert data.late_count == size[0] * size[1] * 2


def test_evidence_resolved_at_once_reads_as_each_link_alone(
    world: World, make_user: Any, django_assert_max_num_queries: Any
) -> None:
    """``evidence.resolve_many`` (the follow-up page's) says what ``resolve`` says, link by
    link, for every reader: what one sees named and linked, what another cannot see named by
    its kind only."""
    from strait.governance import evidence
    from strait.permissions import Role
    from tests.factories import ChannelFactory, MessageFactory
    from tests.factories.operations import add_members, make_operation

    lead = make_user(agency=world.ma, role=Role.ANALYST)
    op = make_operation(lead, code_name="Operation Cedar")
    add_members(lead, op, world.ma_secretary)
    channel = ChannelFactory(code="ma-es-ct", agencies=[world.ma, world.es])
    first = MessageFactory(
        channel=channel, sender_agency=world.ma, subject="Cell of Tangier", recipients=[world.es]
    )
    action = ActionItemFactory(recommendation=recommendation(world.body))
    links = [
        EvidenceFactory(action=action, kind="operation", ref=str(op.obj.uid)),
        EvidenceFactory(action=action, kind="operation", ref=str(uuid.uuid4())),
        EvidenceFactory(action=action, kind="thread", ref=str(first.thread_uid)),
        EvidenceFactory(action=action, kind="thread", ref=str(first.uid)),
        EvidenceFactory(action=action, kind="channel", ref="ma-es-ct"),
        EvidenceFactory(action=action, kind="channel", ref="nowhere"),
        EvidenceFactory(action=action, kind="alert", ref=str(uuid.uuid4())),
        EvidenceFactory(action=action, kind="course", ref="not-a-uid"),
        EvidenceFactory(action=action, kind="document", ref=str(uuid.uuid4())),
    ]
    for reader in (world.ma_secretary, world.es_secretary, world.ma_officer):
        alone = [evidence.resolve(reader, link) for link in links]
        with django_assert_max_num_queries(8):
            at_once = evidence.resolve_many(reader, links)
        assert at_once == alone
    seen = evidence.resolve_many(world.ma_secretary, links)
    assert seen[0].label == "Operation Cedar"
    assert evidence.resolve_many(world.es_secretary, links)[0].visible is False
