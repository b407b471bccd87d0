"""Each guard of governance's ops and actions, one named test each: bad input is a clear
``Refused`` with its code, and nothing is written (no change ordered, no row)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from strait.exchange.attachments import Upload
from strait.governance import actions, ops
from strait.governance.models import ActionItem, Course, Evidence, Meeting, Recommendation
from strait.refusals import NotPermitted, Refused
from strait.sharing import actions as sharing
from strait.sharing.models import Change
from tests.governance.conftest import World

pytestmark = pytest.mark.django_db


def refused(code: str, call: Callable[[], Any], world: World) -> Refused:
    """``call`` refused with ``code``, and the body's shared object did not move."""
    before = Change.objects.filter(obj=world.body.obj).count()
    with pytest.raises(Refused) as info:
        call()
    assert info.value.code == code, info.value.as_dict()
    assert Change.objects.filter(obj=world.body.obj).count() == before
    return info.value


def meeting(world: World, **values: Any) -> Meeting:
    change = actions.schedule_meeting(
        world.ma_secretary,
        world.body,
        **({"starts_on": dt.date(2014, 3, 12), "place": "Marrakech", "status": "held"} | values),
    )
    return Meeting.objects.get(uid=change.body["uid"])


def recommendation(world: World) -> Recommendation:
    change = actions.add_recommendation(world.ma_secretary, world.body, texts={"en": "Train"})
    return Recommendation.objects.get(uid=change.body["uid"])


def action(world: World) -> ActionItem:
    change = actions.add_action(
        world.ma_secretary,
        recommendation(world),
        title={"en": "Course"},
        owner_agency=world.ma.code,
        deadline=dt.date(2014, 12, 31),
    )
    return ActionItem.objects.get(uid=change.body["uid"])


# Meetings.


def test_a_meeting_dated_before_its_body_was_founded_is_refused(world: World) -> None:
    error = refused(
        "before_founded",
        lambda: actions.schedule_meeting(
            world.ma_secretary, world.body, starts_on=dt.date(2013, 11, 19), place="Córdoba"
        ),
        world,
    )
    assert "2013-11-20" in error.message
    assert [f for f, _m in error.problems] == ["starts_on"]
    assert not Meeting.objects.exists()


def test_a_meeting_cannot_be_moved_before_its_body_was_founded(world: World) -> None:
    found = meeting(world)
    refused(
        "before_founded",
        lambda: actions.update_meeting(
            world.ma_secretary,
            found,
            starts_on=dt.date(2012, 1, 1),
            place="Córdoba",
            status="held",
        ),
        world,
    )
    found.refresh_from_db()
    assert found.starts_on == dt.date(2014, 3, 12)


def test_a_meeting_that_ends_before_it_starts_is_refused(world: World) -> None:
    error = refused(
        "invalid",
        lambda: actions.schedule_meeting(
            world.ma_secretary,
            world.body,
            starts_on=dt.date(2014, 3, 12),
            ends_on=dt.date(2014, 3, 11),
            place="Marrakech",
        ),
        world,
    )
    assert "ends before it starts" in error.message or "ends before" in str(error.problems)


def test_the_founding_date_cannot_move_after_the_bodys_first_meeting(world: World) -> None:
    meeting(world)
    refused(
        "before_founded",
        lambda: actions.update_body(world.ma_secretary, world.body, founded_on=dt.date(2015, 1, 1)),
        world,
    )


def test_a_member_agency_cannot_change_the_body_itself(world: World) -> None:
    refused(
        "right_missing",
        lambda: actions.update_body(world.es_secretary, world.body, mandate="Ours now"),
        world,
    )


def test_a_user_of_an_agency_taking_no_part_cannot_write(world: World) -> None:
    refused(
        "not_participant",
        lambda: actions.schedule_meeting(
            world.outsider_secretary, world.body, starts_on=dt.date(2014, 3, 12), place="X"
        ),
        world,
    )


def test_a_member_without_the_secretariats_permission_cannot_write(world: World) -> None:
    with pytest.raises(NotPermitted):
        actions.schedule_meeting(
            world.ma_officer, world.body, starts_on=dt.date(2014, 3, 12), place="X"
        )
    with pytest.raises(NotPermitted):
        actions.schedule_meeting(
            world.ma_chair, world.body, starts_on=dt.date(2014, 3, 12), place="X"
        )


def test_minutes_longer_than_forty_thousand_characters_are_refused(world: World) -> None:
    found = meeting(world)
    refused(
        "invalid",
        lambda: actions.write_minutes(world.ma_secretary, found, language="ar", text="x" * 40_001),
        world,
    )


# Recommendations and actions.


def test_an_action_without_an_owner_is_refused(world: World) -> None:
    rec = recommendation(world)
    error = refused(
        "no_owner",
        lambda: actions.add_action(
            world.ma_secretary,
            rec,
            title={"en": "Course"},
            owner_agency="",
            deadline=dt.date(2014, 12, 31),
        ),
        world,
    )
    assert [f for f, _m in error.problems] == ["owner_agency"]
    assert not ActionItem.objects.exists()


def test_an_owner_or_co_owner_taking_no_part_in_the_body_is_refused(world: World) -> None:
    rec = recommendation(world)
    error = refused(
        "not_taking_part",
        lambda: actions.add_action(
            world.ma_secretary,
            rec,
            title={"en": "Course"},
            owner_agency=world.ma.code,
            co_owner_agency=world.outsider.code,
            deadline=dt.date(2014, 12, 31),
        ),
        world,
    )
    assert [f for f, _m in error.problems] == ["co_owner_agency"]
    refused(
        "not_taking_part",
        lambda: actions.add_action(
            world.ma_secretary,
            rec,
            title={"en": "Course"},
            owner_agency=world.outsider.code,
            deadline=dt.date(2014, 12, 31),
        ),
        world,
    )


def test_a_dropped_action_needs_a_reason(world: World) -> None:
    item = action(world)
    refused(
        "invalid",
        lambda: actions.set_action_status(world.ma_secretary, item, status="dropped"),
        world,
    )
    item.refresh_from_db()
    assert item.status == "planned"


def test_a_recommendation_names_a_meeting_of_its_own_body(world: World) -> None:
    other = actions.create_body(
        world.ma_secretary,
        code="other-body",
        name_ar="هيئة",
        name_es="Otro",
        kind="committee",
        co_chairs=[world.ma.code],
        founded_on=dt.date(2010, 1, 1),
        cadence="ad_hoc",
    )
    elsewhere = Meeting.objects.get(
        uid=actions.schedule_meeting(
            world.ma_secretary, other, starts_on=dt.date(2014, 1, 1), place="Rabat"
        ).body["uid"]
    )
    refused(
        "not_in_body",
        lambda: actions.add_recommendation(
            world.ma_secretary, world.body, texts={"en": "R"}, meeting=elsewhere
        ),
        world,
    )


def test_evidence_already_removed_cannot_be_removed_again(world: World) -> None:
    item = action(world)
    change = actions.add_evidence(
        world.ma_secretary, item, kind="statistics", ref="kind=arrest&since=2014-01-01"
    )
    link = Evidence.objects.get(uid=change.body["uid"])
    actions.remove_evidence(world.ma_secretary, link)
    refused("not_in_body", lambda: actions.remove_evidence(world.ma_secretary, link), world)


def test_the_same_evidence_is_not_linked_twice(world: World) -> None:
    item = action(world)
    actions.add_evidence(world.ma_secretary, item, kind="statistics", ref="kind=arrest")
    refused(
        "already_in_body",
        lambda: actions.add_evidence(
            world.ma_secretary, item, kind="statistics", ref="kind=arrest"
        ),
        world,
    )


# Training.


def course(world: World, status: str = "delivered") -> Course:
    change = actions.add_course(
        world.ma_secretary,
        world.body,
        topic="forensic",
        title={"es": "Policía científica"},
        host_agency=world.es.code,
        starts_on=dt.date(2014, 10, 6),
        ends_on=dt.date(2014, 10, 10),
        place="Ávila",
        status=status,
    )
    return Course.objects.get(uid=change.body["uid"])


def test_a_course_hosted_by_an_agency_taking_no_part_is_refused(world: World) -> None:
    refused(
        "not_taking_part",
        lambda: actions.add_course(
            world.ma_secretary,
            world.body,
            topic="forensic",
            title={"en": "X"},
            host_agency=world.outsider.code,
            starts_on=dt.date(2014, 10, 6),
            ends_on=dt.date(2014, 10, 10),
            place="Ávila",
        ),
        world,
    )


def test_a_course_is_evaluated_only_once_delivered(world: World) -> None:
    planned = course(world, status="planned")
    refused(
        "not_delivered",
        lambda: actions.add_evaluation(world.es_secretary, planned, score=4),
        world,
    )
    actions.update_course(world.ma_secretary, planned, status="delivered")
    planned.refresh_from_db()
    actions.add_evaluation(world.es_secretary, planned, score=4, comment="Útil")
    assert list(planned.evaluations.values_list("agency", "score")) == [(world.es.code, 4)]


def test_an_evaluation_scores_from_one_to_five(world: World) -> None:
    delivered = course(world)
    refused(
        "invalid", lambda: actions.add_evaluation(world.es_secretary, delivered, score=6), world
    )


def test_participants_are_counted_for_agencies_taking_part(world: World) -> None:
    delivered = course(world)
    refused(
        "not_taking_part",
        lambda: actions.set_participants(
            world.ma_secretary, delivered, agency=world.outsider.code, count=3
        ),
        world,
    )
    actions.set_participants(world.ma_secretary, delivered, agency=world.es.code, count=12)
    actions.set_participants(world.ma_secretary, delivered, agency=world.es.code, count=14)
    assert list(delivered.participants.values_list("agency", "count")) == [(world.es.code, 14)]


# What only a forged or stale proposal could name (the actions never build these).


def test_a_body_keeps_its_code(world: World) -> None:
    values = {
        "code": "renamed",
        "name_ar": "هيئة",
        "name_es": "Comité",
        "kind": "committee",
        "co_chairs": [world.ma.code],
        "founded_on": "2013-11-20",
        "cadence": "yearly",
    }
    refused(
        "invalid",
        lambda: sharing.propose(world.ma_secretary, world.body.obj, ops.UPDATE_BODY, values),
        world,
    )


def test_a_change_names_a_meeting_of_its_own_body(world: World) -> None:
    other = actions.create_body(
        world.ma_secretary,
        code="other-body",
        name_ar="هيئة",
        name_es="Otro",
        kind="committee",
        co_chairs=[world.ma.code],
        founded_on=dt.date(2010, 1, 1),
        cadence="ad_hoc",
    )
    elsewhere = actions.schedule_meeting(
        world.ma_secretary, other, starts_on=dt.date(2014, 1, 1), place="Rabat"
    ).body["uid"]
    refused(
        "not_in_body",
        lambda: sharing.propose(
            world.ma_secretary,
            world.body.obj,
            ops.WRITE_MINUTES,
            {"meeting": elsewhere, "language": "ar", "text": "محضر"},
        ),
        world,
    )


def test_a_documents_parts_come_in_order_and_once(world: World) -> None:
    change = actions.add_document(
        world.ma_secretary,
        world.body,
        upload=Upload(filename="guide.pdf", data=b"%PDF-1.4\nshort"),
        area="training",
        title={"en": "Guide"},
        language="en",
    )
    again = {"document": change.body["uid"], "index": 0, "data": "JVBERi0="}
    refused(
        "part_out_of_order",
        lambda: sharing.propose(world.ma_secretary, world.body.obj, ops.DOCUMENT_PART, again),
        world,
    )


def test_minutes_written_again_unchanged_are_refused_so_signatures_stay(world: World) -> None:
    found = meeting(world)
    actions.write_minutes(world.ma_secretary, found, language="es", text="Acta")
    refused(
        "unchanged",
        lambda: actions.write_minutes(world.es_secretary, found, language="es", text="Acta"),
        world,
    )
    found.refresh_from_db()
    assert found.minutes_version == 1


def test_an_action_is_not_done_on_a_future_date(world: World) -> None:
    item = action(world)
    refused(
        "invalid",
        lambda: actions.set_action_status(
            world.ma_secretary,
            item,
            status="done",
            done_on=dt.date.today() + dt.timedelta(days=3),
        ),
        world,
    )
