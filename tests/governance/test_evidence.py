"""Evidence: linked only to what the user can see (the same refusal for what does not exist, so
nothing leaks), and shown to each reader through their own scoped reads."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from strait.governance import actions, evidence
from strait.governance.models import ActionItem, Evidence, Recommendation
from strait.permissions import Role
from strait.refusals import Refused
from strait.sharing.models import Change
from tests.factories import ChannelFactory, MessageFactory
from tests.factories.operations import add_members, make_operation
from tests.governance.conftest import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(world: World) -> ActionItem:
    rec = Recommendation.objects.get(
        uid=actions.add_recommendation(
            world.ma_secretary, world.body, texts={"es": "Más dinamismo en los canales"}
        ).body["uid"]
    )
    change = actions.add_action(
        world.ma_secretary,
        rec,
        title={"en": "Joint operation against the recruitment cell"},
        owner_agency=world.ma.code,
        co_owner_agency=world.es.code,
        deadline=dt.date(2015, 6, 30),
    )
    return ActionItem.objects.get(uid=change.body["uid"])


def refused_unseen(world: World, call: object) -> Refused:
    before = Change.objects.filter(obj=world.body.obj).count()
    with pytest.raises(Refused) as info:
        call()  # type: ignore[operator]
    assert info.value.code == "evidence_not_found"
    assert Change.objects.filter(obj=world.body.obj).count() == before
    assert not Evidence.objects.exists()
    return info.value


def test_an_operation_the_user_cannot_see_is_refused_as_if_it_did_not_exist(
    world: World, item: ActionItem, make_user: object
) -> None:
    lead = make_user(agency=world.ma, role=Role.ANALYST)  # type: ignore[operator]
    op = make_operation(lead, code_name="Operation Cedar")
    # es takes no part in the operation: its secretary cannot see it.
    hidden = refused_unseen(
        world,
        lambda: actions.add_evidence(
            world.es_secretary, item, kind="operation", ref=str(op.obj.uid)
        ),
    )
    missing = refused_unseen(
        world,
        lambda: actions.add_evidence(
            world.es_secretary, item, kind="operation", ref=str(uuid.uuid4())
        ),
    )
    assert hidden.as_dict() == missing.as_dict()
    assert "Cedar" not in str(hidden.as_dict())


def test_a_linked_operation_shows_its_name_only_to_those_who_see_it(
    world: World, item: ActionItem, make_user: object
) -> None:
    lead = make_user(agency=world.ma, role=Role.ANALYST)  # type: ignore[operator]
    op = make_operation(lead, code_name="Operation Cedar")
    add_members(lead, op, world.ma_secretary)
    change = actions.add_evidence(
        world.ma_secretary, item, kind="operation", ref=str(op.obj.uid), note="Dismantled"
    )
    link = Evidence.objects.get(uid=change.body["uid"])
    seen = evidence.resolve(world.ma_secretary, link)
    assert (seen.label, seen.visible) == ("Operation Cedar", True)
    assert str(op.obj.uid) in (seen.url or "")
    for reader in (world.es_secretary, world.ma_officer, world.es_chair):
        unseen = evidence.resolve(reader, link)
        assert unseen == evidence.Target("a joint operation (not visible to you)", None, False)


def test_a_thread_is_linked_by_one_of_its_messages_and_travels_as_the_thread(
    world: World, item: ActionItem
) -> None:
    channel = ChannelFactory(agencies=[world.ma, world.es])
    message = MessageFactory(
        channel=channel, sender_agency=world.ma, subject="Cell of Tangier", recipients=[world.es]
    )
    change = actions.add_evidence(world.es_secretary, item, kind="thread", ref=str(message.uid))
    assert change.body["ref"] == str(message.thread_uid)
    link = Evidence.objects.get(uid=change.body["uid"])
    assert evidence.resolve(world.es_secretary, link).label == "Cell of Tangier"
    assert evidence.resolve(world.outsider_secretary, link).visible is False
    refused_unseen_thread = MessageFactory(subject="Another agency's")
    with pytest.raises(Refused) as info:
        actions.add_evidence(
            world.es_secretary, item, kind="thread", ref=str(refused_unseen_thread.thread_uid)
        )
    assert info.value.code == "evidence_not_found"


def test_a_channel_is_linked_only_when_the_agency_takes_part_in_it(
    world: World, item: ActionItem
) -> None:
    ours = ChannelFactory(code="ma-es-ct", agencies=[world.ma, world.es])
    theirs = ChannelFactory(code="other-only", agencies=[world.outsider])
    actions.add_evidence(world.es_secretary, item, kind="channel", ref=ours.code)
    with pytest.raises(Refused) as info:
        actions.add_evidence(world.es_secretary, item, kind="channel", ref=theirs.code)
    assert info.value.code == "evidence_not_found"


def test_statistics_are_a_query_the_statistics_page_takes(world: World, item: ActionItem) -> None:
    change = actions.add_evidence(
        world.ma_secretary, item, kind="statistics", ref="?since=2014-08-01&kind=arrest"
    )
    assert change.body["ref"] == "kind=arrest&since=2014-08-01&period=year"
    link = Evidence.objects.get(uid=change.body["uid"])
    shown = evidence.resolve(world.ma_secretary, link)
    assert shown.visible
    assert (shown.url or "").endswith("?" + change.body["ref"])
    with pytest.raises(Refused) as info:
        actions.add_evidence(world.ma_secretary, item, kind="statistics", ref="kind=nonsense")
    assert info.value.code == "evidence_not_found"
    # Each reader's own totals: over the operations that reader sees.
    assert evidence.resolve(world.es_chair, link).visible is True


def test_a_course_of_a_body_the_user_cannot_see_is_refused(world: World, item: ActionItem) -> None:
    other = actions.create_body(
        world.outsider_secretary,
        code="other-body",
        name_ar="هيئة",
        name_es="Otra",
        kind="committee",
        co_chairs=[world.outsider.code],
        founded_on=dt.date(2010, 1, 1),
        cadence="ad_hoc",
    )
    hidden_course = actions.add_course(
        world.outsider_secretary,
        other,
        topic="forensic",
        title={"en": "Hidden"},
        host_agency=world.outsider.code,
        starts_on=dt.date(2014, 1, 1),
        ends_on=dt.date(2014, 1, 2),
        place="X",
    )
    refused_unseen(
        world,
        lambda: actions.add_evidence(
            world.ma_secretary, item, kind="course", ref=hidden_course.body["uid"]
        ),
    )
