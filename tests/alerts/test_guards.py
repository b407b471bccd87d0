"""Every guard of the alerts and their four eyes, each pinned by a test that fails when the
guard is removed (checked one at a time: see docs/architecture.md). A refusal is clear (its
code, the field it names) and leaves nothing behind: no alert, no shared object, no envelope,
the draft and its approval as they were."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.http import Http404
from django.utils import timezone

from strait.accounts.models import User
from strait.alerts import actions, codes, ops, queries
from strait.alerts.models import Acknowledgement, Alert, AlertDraft
from strait.approvals import actions as approvals
from strait.approvals.models import ApprovalStatus
from strait.exchange.models import Channel
from strait.federation.models import OutboxEnvelope
from strait.refusals import NotPermitted, Refused
from strait.sharing import actions as sharing
from strait.sharing.models import SharedObject
from strait.sharing.refusals import RightMissing
from tests.alerts.scene import Scene, make_scene, surge
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(make_user: Callable[..., User], settings: Any) -> Scene:
    return make_scene(make_user, settings)


def nothing_sent() -> bool:
    return (
        not Alert.objects.exists()
        and not SharedObject.objects.exists()
        and not OutboxEnvelope.objects.exists()
    )


def fields(refused: pytest.ExceptionInfo[Refused]) -> set[str]:
    return {field for field, _message in refused.value.problems}


def still_waiting(draft: AlertDraft) -> None:
    draft.refresh_from_db()
    assert draft.status == codes.DraftStatus.SUBMITTED
    assert draft.approval is not None
    assert draft.approval.status == ApprovalStatus.PENDING


# Four eyes.


def test_the_author_cannot_release_their_own_draft(scene: Scene, make_user: Any) -> None:
    # A supervisor who drafts is the author all the same.
    draft = actions.submit(scene.supervisor, actions.save_draft(scene.supervisor, surge(scene)))
    with pytest.raises(approvals.OwnRequest) as refused:
        actions.release(scene.supervisor, draft)
    assert refused.value.code == "own_request"
    with pytest.raises(approvals.OwnRequest):
        actions.return_to_author(scene.supervisor, draft, "I changed my mind")
    still_waiting(draft)
    assert nothing_sent()
    assert queries.to_review(scene.supervisor) == []


def test_only_a_supervisor_releases(scene: Scene) -> None:
    draft = scene.submitted()
    for user in (scene.analyst, scene.author):
        with pytest.raises(NotPermitted):
            actions.release(user, draft)
    still_waiting(draft)
    assert nothing_sent()


def test_another_agencys_supervisor_cannot_release(scene: Scene) -> None:
    draft = scene.submitted()
    with pytest.raises(approvals.OtherAgency):
        actions.release(scene.recipient_supervisor, draft)
    still_waiting(draft)
    assert nothing_sent()


def test_a_return_says_why(scene: Scene) -> None:
    draft = scene.submitted()
    with pytest.raises(approvals.NoteRequired):
        actions.return_to_author(scene.supervisor, draft, "")
    still_waiting(draft)


def test_a_draft_is_released_once(scene: Scene) -> None:
    draft = scene.submitted()
    actions.release(scene.supervisor, draft)
    with pytest.raises(actions.NotSubmitted):
        actions.release(scene.other_supervisor, draft)
    assert Alert.objects.count() == 1


# Required fields.


def test_submission_without_a_types_required_fields_is_refused(scene: Scene) -> None:
    draft = scene.draft(type="wanted", details={})
    with pytest.raises(actions.InvalidAlert) as refused:
        actions.submit(scene.author, draft)
    assert {"warrant_ref", "entity_ref"} <= fields(refused)
    draft.refresh_from_db()
    assert draft.status == codes.DraftStatus.DRAFT
    assert draft.approval is None


def test_release_without_a_types_required_fields_is_refused_and_sends_nothing(
    scene: Scene,
) -> None:
    draft = scene.submitted()
    # The draft lost a required field after its submission (an old row, a script): the
    # release checks again.
    details = {k: v for k, v in draft.details.items() if k != "estimated_people"}
    AlertDraft.objects.filter(pk=draft.pk).update(details=details)
    with pytest.raises(actions.InvalidAlert) as refused:
        actions.release(scene.supervisor, draft)
    assert fields(refused) == {"estimated_people"}
    still_waiting(draft)
    assert nothing_sent()


def test_a_draft_whose_validity_ended_before_its_release_is_refused(scene: Scene) -> None:
    draft = scene.submitted()
    ended = timezone.now() - dt.timedelta(minutes=1)
    AlertDraft.objects.filter(pk=draft.pk).update(
        valid_from=ended - dt.timedelta(hours=1), valid_until=ended
    )
    with pytest.raises(actions.InvalidAlert) as refused:
        actions.release(scene.supervisor, draft)
    assert fields(refused) == {"valid_until"}
    still_waiting(draft)
    assert nothing_sent()


def test_a_draft_holding_a_wrong_value_is_refused_at_release(scene: Scene) -> None:
    draft = scene.submitted()
    AlertDraft.objects.filter(pk=draft.pk).update(details=draft.details | {"boats": -1})
    with pytest.raises(actions.InvalidAlert) as refused:
        actions.release(scene.supervisor, draft)
    assert refused.value.problems == [("boats", "Cannot be negative.")]
    still_waiting(draft)
    assert nothing_sent()


def test_the_create_op_refuses_an_incomplete_alert_whoever_calls_it(scene: Scene) -> None:
    # The op's own check, at the home, for a create that does not come through the action.
    body = {
        "type": "migration_surge",
        "title": "Incomplete",
        "handling": "H1",
        "area_kind": "territory",
        "valid_from": timezone.now().isoformat(),
        "valid_until": (timezone.now() + dt.timedelta(hours=1)).isoformat(),
        "origin_agency": scene.issuer.code,
        "drafted_by": "Someone",
        "details": {"place": "Fnideq"},
    }
    with pytest.raises(actions.InvalidAlert) as refused:
        sharing.create(
            scene.supervisor,
            ops.KIND,
            create_op=ops.CREATE,
            body=body,
            ceiling="H1",
            participants=[(scene.addressee, "participant")],
        )
    assert fields(refused) == {"estimated_people", "boats", "direction"}
    assert nothing_sent()


def test_a_dangerous_person_needs_the_officer_safety_text(scene: Scene) -> None:
    person = PersonFactory(agency=scene.issuer)
    draft = scene.draft(type="dangerous", entity_ref=str(person.uid), details={})
    with pytest.raises(actions.InvalidAlert) as refused:
        actions.submit(scene.author, draft)
    assert fields(refused) == {"officer_safety"}


def test_an_entity_is_one_of_the_agencys_own_records(scene: Scene) -> None:
    theirs = PersonFactory(agency=scene.addressee)
    with pytest.raises(actions.InvalidAlert) as refused:
        scene.draft(type="wanted", entity_ref=str(theirs.uid), details={"warrant_ref": "W-1"})
    assert fields(refused) == {"entity_ref"}
    assert not AlertDraft.objects.exists()


# Addressees: a channel with the issuing agency.


def test_an_addressee_without_a_channel_is_refused_by_name(scene: Scene) -> None:
    with pytest.raises(actions.InvalidAlert) as refused:
        scene.draft(addressees=[scene.addressee.code, scene.lonely.code])
    (problem,) = refused.value.problems
    assert problem[0] == "addressees"
    assert "POL" in problem[1]
    assert not AlertDraft.objects.exists()


def test_a_channel_closed_before_the_release_stops_it(scene: Scene) -> None:
    draft = scene.submitted()
    Channel.objects.filter(code="dgsn-pn").update(active=False)
    with pytest.raises(actions.InvalidAlert) as refused:
        actions.release(scene.supervisor, draft)
    assert "PN" in refused.value.problems[0][1]
    still_waiting(draft)
    assert nothing_sent()


def test_an_addressee_on_a_node_without_a_link_stops_the_release(scene: Scene) -> None:
    from tests.factories import AgencyFactory, ChannelFactory

    far = AgencyFactory(code="pt-psp", abbreviation="PSP", node_code="pt")
    ChannelFactory(code="dgsn-psp", agencies=[scene.issuer, far])
    draft = actions.submit(scene.author, scene.draft(addressees=[far.code, scene.remote.code]))
    with pytest.raises(Refused) as refused:
        actions.release(scene.supervisor, draft)
    assert "pt" in refused.value.message
    still_waiting(draft)
    assert nothing_sent()


def test_an_agency_does_not_address_itself_nor_an_unknown_one(scene: Scene) -> None:
    with pytest.raises(actions.InvalidAlert) as refused:
        scene.draft(addressees=[scene.issuer.code, "xx-nobody"])
    assert len(refused.value.problems) == 2


# Values.


@pytest.mark.parametrize("name", ["estimated_people", "boats"])
def test_negative_numbers_in_a_surge_are_refused(scene: Scene, name: str) -> None:
    with pytest.raises(actions.InvalidAlert) as refused:
        scene.draft(details={name: -3})
    assert refused.value.problems == [(name, "Cannot be negative.")]
    assert not AlertDraft.objects.exists()


@pytest.mark.parametrize(
    ("lat", "lon"), [("38.2", "-5.3"), ("35.8", "-8.0"), ("34.0", "-5.0"), ("35.9", "-1.0")]
)
def test_coordinates_outside_the_map_are_refused(scene: Scene, lat: str, lon: str) -> None:
    with pytest.raises(actions.InvalidAlert) as refused:
        scene.draft(details={"lat": lat, "lon": lon})
    assert fields(refused) == {"lat", "lon"}
    assert not AlertDraft.objects.exists()


def test_coordinates_come_in_pairs(scene: Scene) -> None:
    with pytest.raises(actions.InvalidAlert) as refused:
        scene.draft(details={"lat": "35.8", "lon": None})
    assert fields(refused) == {"lon"}


def test_an_update_cannot_move_the_place_off_the_map(scene: Scene) -> None:
    alert = scene.released()
    details = dict(alert.details) | {"lat": "40.0"}
    with pytest.raises(actions.InvalidAlert) as refused:
        actions.update(scene.supervisor, alert, {"details": details})
    assert fields(refused) == {"lat", "lon"}
    alert.refresh_from_db()
    assert alert.version == 1


def test_an_update_changes_only_what_it_may(scene: Scene) -> None:
    alert = scene.released()
    with pytest.raises(actions.InvalidAlert) as refused:
        actions.update(scene.supervisor, alert, {"origin_agency": "dev-gc"})
    assert refused.value.problems == [("origin_agency", "This cannot be changed.")]


# Drafts are their author's.


def test_only_the_author_edits_a_draft_and_not_under_review(scene: Scene) -> None:
    draft = scene.draft()
    with pytest.raises(actions.NotEditable):
        actions.save_draft(scene.analyst, surge(scene, title="Mine now"), draft=draft)
    with pytest.raises(actions.NotEditable):
        actions.submit(scene.analyst, draft)
    actions.submit(scene.author, draft)
    with pytest.raises(actions.NotEditable):
        actions.save_draft(scene.author, surge(scene, title="Late edit"), draft=draft)
    draft.refresh_from_db()
    assert draft.title == "Fnideq: surge expected tonight"


def test_a_draft_is_not_found_by_another_agency_nor_a_colleague(scene: Scene) -> None:
    draft = scene.draft()
    for user in (scene.recipient_supervisor, scene.analyst):
        with pytest.raises(Http404):
            queries.draft(user, draft.uid)
    assert queries.draft(scene.author, draft.uid) == draft


# The released alert.


def test_an_alert_is_not_found_by_an_agency_it_is_not_addressed_to(scene: Scene) -> None:
    alert = scene.released()
    with pytest.raises(Http404):
        queries.alert(scene.lonely_supervisor, alert.obj.uid)
    assert queries.alert(scene.recipient, alert.obj.uid) == alert


def test_no_acknowledgement_of_a_withdrawn_alert(scene: Scene) -> None:
    alert = scene.released()
    actions.withdraw(scene.supervisor, alert, "Dispersed.")
    alert.refresh_from_db()
    with pytest.raises(Refused) as refused:
        actions.acknowledge(scene.recipient, alert, codes.AckKind.RECEIVED)
    assert refused.value.code == "alert_not_active"
    assert not Acknowledgement.objects.exists()


def test_no_acknowledgement_of_an_expired_alert(scene: Scene) -> None:
    alert = scene.released()
    Alert.objects.filter(pk=alert.pk).update(valid_until=timezone.now() - dt.timedelta(minutes=1))
    alert.refresh_from_db()
    with pytest.raises(Refused) as refused:
        actions.acknowledge(scene.recipient, alert, codes.AckKind.ACTION_TAKEN)
    assert refused.value.code == "alert_not_active"
    assert not Acknowledgement.objects.exists()


def test_the_page_offers_an_acknowledgement_only_when_the_action_takes_it(scene: Scene) -> None:
    from strait.alerts import policy

    alert = scene.released()
    assert policy.can_acknowledge(scene.recipient, alert)
    assert not policy.can_acknowledge(scene.author, alert)
    assert not policy.can_acknowledge(scene.recipient, alert, now=alert.valid_until)
    actions.withdraw(scene.supervisor, alert, "Dispersed.")
    alert.refresh_from_db()
    assert not policy.can_acknowledge(scene.recipient, alert)


def test_the_issuer_does_not_acknowledge_its_own_alert(scene: Scene) -> None:
    alert = scene.released()
    with pytest.raises(Refused) as refused:
        actions.acknowledge(scene.supervisor, alert, codes.AckKind.RECEIVED)
    assert refused.value.code == "not_addressed"


def test_an_agency_acknowledges_for_itself_only(scene: Scene) -> None:
    alert = scene.released()
    body = {"uid": str(uuid.uuid4()), "agency": scene.remote.code, "kind": "received"}
    with pytest.raises(RightMissing):
        sharing.propose(scene.recipient, alert.obj, ops.ACKNOWLEDGE, body)
    assert not Acknowledgement.objects.exists()


def test_cannot_act_says_why(scene: Scene) -> None:
    alert = scene.released()
    with pytest.raises(actions.InvalidAlert):
        actions.acknowledge(scene.recipient, alert, codes.AckKind.CANNOT_ACT, "")
    assert not Acknowledgement.objects.exists()


def test_only_the_issuers_supervisors_change_the_alert(scene: Scene) -> None:
    alert = scene.released()
    with pytest.raises(RightMissing):
        actions.withdraw(scene.recipient_supervisor, alert, "Not ours to say")
    with pytest.raises(NotPermitted):
        actions.withdraw(scene.analyst, alert, "Not a supervisor")
    alert.refresh_from_db()
    assert alert.status == codes.Status.ACTIVE


def test_an_extension_is_later_than_now_and_than_the_current_end(scene: Scene) -> None:
    alert = scene.released()
    for moment in (alert.valid_until - dt.timedelta(hours=1), timezone.now() - dt.timedelta(1)):
        with pytest.raises(actions.InvalidAlert) as refused:
            actions.extend(scene.supervisor, alert, moment)
        assert fields(refused) == {"valid_until"}
    alert.refresh_from_db()
    assert alert.version == 1


def test_a_withdrawn_alert_is_not_withdrawn_again_nor_extended(scene: Scene) -> None:
    alert = scene.released()
    actions.withdraw(scene.supervisor, alert, "Dispersed.")
    alert.refresh_from_db()
    with pytest.raises(Refused):
        actions.withdraw(scene.supervisor, alert, "Again")
    with pytest.raises(Refused):
        actions.extend(scene.supervisor, alert, alert.valid_until + dt.timedelta(days=1))
    with pytest.raises(Refused):
        actions.add_measure(scene.recipient, alert, "Too late")
