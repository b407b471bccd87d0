"""The alert's life on its issuing node, through the actions: a draft, its submission, its
release by a second person (the shared object created, an envelope to the partner node, the
local addressee told), its return with a note; then update, extension, withdrawal, the
acknowledgements (the issuer told) and the measures, each a change of the shared object."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from strait.accounts.models import User
from strait.alerts import actions, codes, ops, queries
from strait.alerts.models import Alert, AlertDraft
from strait.approvals.models import ApprovalStatus
from strait.audit.models import AuditEntry
from strait.federation.models import OutboxEnvelope
from strait.notifications.models import Notification
from strait.sharing.models import Change, ParticipantRole
from tests.alerts.scene import Scene, make_scene, surge

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(make_user: Callable[..., User], settings: Any) -> Scene:
    return make_scene(make_user, settings)


def audited(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action).order_by("seq"))


def told(user: User, topic: str) -> list[Notification]:
    return list(Notification.objects.filter(user=user, topic=topic))


def test_a_draft_is_saved_by_its_author_and_stays_on_the_node(scene: Scene) -> None:
    draft = scene.draft()
    assert draft.status == codes.DraftStatus.DRAFT
    assert draft.author == scene.author
    assert draft.agency == scene.issuer
    assert draft.details["estimated_people"] == 300
    assert draft.details["lat"] == "35.85"
    assert draft.addressees == ["dev-gc", "es-pn"]
    assert not OutboxEnvelope.objects.exists()
    assert audited("alerts.draft_saved")[0].target == f"alerts.draft:{draft.uid}"
    edited = actions.save_draft(scene.author, surge(scene, title="Fnideq, 300"), draft=draft)
    assert edited.pk == draft.pk
    assert edited.title == "Fnideq, 300"


def test_a_draft_may_be_incomplete_but_is_not_submitted_so(scene: Scene) -> None:
    draft = scene.draft(details={"place": "", "boats": None})
    with pytest.raises(actions.InvalidAlert) as refused:
        actions.submit(scene.author, draft)
    assert {f for f, _m in refused.value.problems} == {"place", "boats"}
    draft.refresh_from_db()
    assert draft.status == codes.DraftStatus.DRAFT
    assert draft.approval is None


def test_release_by_a_second_supervisor_sends_the_alert_to_every_addressee(scene: Scene) -> None:
    draft = scene.submitted()
    assert draft.status == codes.DraftStatus.SUBMITTED
    assert draft.approval is not None
    assert draft.approval.status == ApprovalStatus.PENDING
    assert queries.to_review(scene.supervisor) == [draft]
    assert queries.to_review(scene.author) == []
    assert not OutboxEnvelope.objects.exists(), "nothing leaves the node before release"

    alert = actions.release(scene.supervisor, draft)

    draft.refresh_from_db()
    assert draft.status == codes.DraftStatus.RELEASED
    assert draft.alert_uid == alert.obj.uid
    assert draft.approval.status == ApprovalStatus.APPROVED
    assert draft.approval.decided_by == scene.supervisor
    assert alert.type == codes.AlertType.MIGRATION_SURGE
    assert alert.origin_agency == "dev-dgsn"
    assert alert.released_by == scene.supervisor.full_name
    assert alert.drafted_by == scene.author.full_name
    assert alert.obj.home_agency == scene.issuer
    assert alert.obj.ceiling == "H1"
    roles = {p.agency.code: p.role for p in alert.obj.participants.all()}
    assert roles == {
        "dev-dgsn": ParticipantRole.LEAD,
        "dev-gc": ParticipantRole.PARTICIPANT,
        "es-pn": ParticipantRole.PARTICIPANT,
    }
    ops_sent = [e.body["change"]["op"] for e in OutboxEnvelope.objects.filter(peer__code="es")]
    assert ops_sent[0] == ops.CREATE
    assert ops_sent[-1] == ops.ANNOUNCE
    # Change 1 carries the alert as released; the draft's history does not travel.
    first = OutboxEnvelope.objects.filter(peer__code="es").order_by("seq").first()
    assert first is not None
    assert first.body["change"]["body"]["title"] == "Fnideq: surge expected tonight"
    assert "review_note" not in first.body["change"]["body"]
    # The addressee's users on this node are told (level "alert"); the issuer's are not.
    assert len(told(scene.recipient, "alerts.alert")) == 1
    assert len(told(scene.recipient_analyst, "alerts.alert")) == 1
    assert told(scene.author, "alerts.alert") == []
    assert [e.details["alert"] for e in audited("alerts.released")] == [str(alert.obj.uid)]
    assert audited("approvals.decided")[0].details["decision"] == "approved"
    # Both agencies see it on their board.
    assert queries.board(scene.recipient) == [alert]
    assert queries.board(scene.author) == [alert]
    assert queries.board(scene.lonely_supervisor) == []
    assert queries.unacknowledged_count(scene.recipient) == 1


def test_a_returned_draft_goes_back_to_its_author_with_the_note(scene: Scene) -> None:
    draft = scene.submitted()
    first = draft.approval_id
    returned = actions.return_to_author(scene.supervisor, draft, "Which beach exactly?")
    assert returned.status == codes.DraftStatus.RETURNED
    assert returned.review_note == "Which beach exactly?"
    assert not Alert.objects.exists()
    assert not OutboxEnvelope.objects.exists()
    assert audited("alerts.returned")[0].details["note"] == "Which beach exactly?"
    # The author edits and submits again; a new approval.
    again = actions.submit(
        scene.author, actions.save_draft(scene.author, surge(scene), draft=returned)
    )
    assert again.status == codes.DraftStatus.SUBMITTED
    assert again.approval_id is not None
    assert again.approval_id != first


def test_update_extend_and_withdraw_are_changes_told_to_the_addressees(scene: Scene) -> None:
    alert = scene.released()
    change = actions.update(scene.supervisor, alert, {"title": "Fnideq: 500 expected"})
    assert isinstance(change, Change)
    assert change.op == ops.UPDATE
    alert.refresh_from_db()
    assert alert.title == "Fnideq: 500 expected"
    assert alert.version == 2
    assert alert.details["place"] == "Fnideq beach", "fields not given stay as they were"

    later = alert.valid_until + dt.timedelta(hours=6)
    actions.extend(scene.supervisor, alert, later)
    alert.refresh_from_db()
    assert alert.valid_until == later
    assert alert.version == 3
    assert len(told(scene.recipient, "alerts.changed")) == 2

    actions.withdraw(scene.supervisor, alert, "The crowd dispersed.")
    alert.refresh_from_db()
    assert alert.status == codes.Status.WITHDRAWN
    assert alert.withdrawn_reason == "The crowd dispersed."
    assert len(told(scene.recipient, "alerts.withdrawn")) == 1
    assert queries.board(scene.recipient) == []
    ops_sent = [e.body["change"]["op"] for e in OutboxEnvelope.objects.filter(peer__code="es")]
    assert ops_sent[-3:] == [ops.UPDATE, ops.EXTEND, ops.WITHDRAW]


def test_an_acknowledgement_is_recorded_and_told_to_the_issuer(scene: Scene) -> None:
    alert = scene.released()
    actions.acknowledge(scene.recipient, alert, codes.AckKind.RECEIVED)
    actions.acknowledge(
        scene.recipient_analyst, alert, codes.AckKind.CANNOT_ACT, "Outside our waters."
    )
    acks = queries.acknowledgements(alert)
    assert [(a.agency, a.kind, a.name) for a in acks] == [
        ("dev-gc", "received", scene.recipient.full_name),
        ("dev-gc", "cannot_act", scene.recipient_analyst.full_name),
    ]
    assert acks[1].reason == "Outside our waters."
    # The author and the issuer's supervisors hear of it, once per acknowledgement.
    assert len(told(scene.author, "alerts.acknowledged")) == 2
    assert len(told(scene.supervisor, "alerts.acknowledged")) == 2
    assert told(scene.recipient, "alerts.acknowledged") == []
    assert queries.unacknowledged_count(scene.recipient) == 0


def test_measures_are_changes_of_each_side(scene: Scene) -> None:
    alert = scene.released()
    actions.add_measure(scene.recipient, alert, "Two patrol boats sent to Benzú.")
    actions.add_measure(scene.author, alert, "Fnideq beach closed.")
    logged = [(c.by_agency, c.body["text"]) for c in queries.measures(alert)]
    assert logged == [
        ("dev-gc", "Two patrol boats sent to Benzú."),
        ("dev-dgsn", "Fnideq beach closed."),
    ]


def test_the_board_filters_by_type_and_area_newest_first(scene: Scene) -> None:
    first = scene.released()
    second = scene.released(
        type="event_threat",
        title="Threat to the Algeciras fair",
        area_kind="ports",
        area_codes=["algeciras"],
        details={"event": "Feria de Algeciras"},
    )
    assert queries.board(scene.recipient) == [second, first]
    assert queries.board(scene.recipient, type="migration_surge") == [first]
    assert queries.board(scene.recipient, area="algeciras") == [second]
    assert queries.board(scene.recipient, area="coast") == [first]
    later = timezone.now() + dt.timedelta(days=2)
    assert queries.board(scene.recipient, now=later) == []


def test_drafts_are_their_authors(scene: Scene) -> None:
    draft = scene.draft()
    assert list(queries.drafts(scene.author)) == [draft]
    assert list(queries.drafts(scene.analyst)) == []
    assert queries.draft(scene.supervisor, draft.uid) == draft
    assert AlertDraft.objects.count() == 1


def test_the_banner_counts_alerts_my_agency_has_not_acknowledged(scene: Scene) -> None:
    from strait.notifications import badges

    alert = scene.released()
    shown = {b["code"]: b for b in badges.shown(scene.recipient)}
    assert shown["alerts.unacknowledged"]["count"] == 1
    assert shown["alerts.unacknowledged"]["url"] == "/alerts/"
    # The issuer has nothing to acknowledge; an agency it is not addressed to neither.
    assert "alerts.unacknowledged" not in {b["code"] for b in badges.shown(scene.author)}
    assert "alerts.unacknowledged" not in {b["code"] for b in badges.shown(scene.lonely_supervisor)}
    actions.acknowledge(scene.recipient, alert, codes.AckKind.RECEIVED)
    assert "alerts.unacknowledged" not in {b["code"] for b in badges.shown(scene.recipient_analyst)}


def test_an_alert_on_a_thing_carries_the_record_as_it_stood(scene: Scene) -> None:
    from tests.factories import VehicleFactory

    car = VehicleFactory(agency=scene.issuer, value="1234-BCD")
    alert = scene.released(
        type="stolen_object",
        title="Stolen Toyota Land Cruiser",
        area_kind="ports",
        area_codes=["tanger-med"],
        entity_ref=str(car.uid),
        details={"object_kind": "vehicle", "identifier": "1234-BCD"},
    )
    assert alert.entity["kind"] == "vehicle"
    assert alert.entity["ref"] == str(car.uid)
    assert alert.entity["label"] == "1234-BCD"
    assert {"kind": "vehicle", "value": "1234-BCD"} in alert.entity["identifiers"]


def test_an_area_names_its_places(scene: Scene) -> None:
    for values, message in (
        ({"area_kind": "ports", "area_codes": []}, "Name at least one port or coast segment."),
        ({"area_kind": "territory", "area_codes": ["algeciras"]}, "The whole territory"),
    ):
        draft = scene.draft(**values)
        with pytest.raises(actions.InvalidAlert) as refused:
            actions.submit(scene.author, draft)
        ((field, text),) = refused.value.problems
        assert field == "area_codes"
        assert text.startswith(message)


def test_the_author_takes_a_submitted_draft_back(scene: Scene) -> None:
    draft = scene.submitted()
    with pytest.raises(actions.NotEditable):
        actions.cancel_submission(scene.supervisor, draft)
    back = actions.cancel_submission(scene.author, draft)
    assert back.status == codes.DraftStatus.DRAFT
    assert back.approval is not None
    assert back.approval.status == ApprovalStatus.CANCELLED
    assert queries.to_review(scene.supervisor) == []
    with pytest.raises(actions.NotSubmitted):
        actions.release(scene.supervisor, back)


def test_the_work_queues_show_the_review_and_the_alerts_to_acknowledge(scene: Scene) -> None:
    from strait.workqueue.registry import sources_for

    draft = scene.submitted()
    now = timezone.now()
    review = next(s for s in sources_for(scene.supervisor) if s.code == "approvals.waiting")
    (item,) = review.items(scene.supervisor, now, 10)
    assert item.url == f"/alerts/review/{draft.uid}/"
    assert str(item.label) == "Alert to release"
    alert = actions.release(scene.supervisor, draft)
    now = timezone.now()
    source = next(s for s in sources_for(scene.recipient) if s.code == "alerts.unacknowledged")
    (item,) = source.items(scene.recipient, now, 10)
    assert item.url == f"/alerts/{alert.obj.uid}/"
    assert item.due == alert.released_at + dt.timedelta(minutes=10)
    assert source.count(scene.recipient, now) == 1
    assert source.count(scene.author, now) == 0


def test_an_update_does_not_mark_the_alert_above_its_ceiling(scene: Scene) -> None:
    from strait.sharing.refusals import AboveCeiling

    alert = scene.released()
    with pytest.raises(AboveCeiling):
        actions.update(scene.supervisor, alert, {"handling": "H3"})
    alert.refresh_from_db()
    assert alert.handling == "H1"
