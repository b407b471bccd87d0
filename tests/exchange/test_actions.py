"""Sending, answering and reading on one node: rules, deadlines, audit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from strait.audit.events import AuditAction
from strait.audit.models import AuditEntry
from strait.exchange import actions, queries, searching
from strait.exchange.models import Message
from strait.exchange.rules import RuleViolation
from strait.federation.models import OutboxEnvelope
from tests.exchange.conftest import World, draft


def test_a_request_gets_its_deadline_and_a_disclosure_entry(world: World) -> None:
    message = actions.send_message(draft(world, urgency="urgent"), acting_user=world.analyst)
    assert message.deadline == message.created_at + dt.timedelta(days=3)
    entry = AuditEntry.objects.get(action=AuditAction.MESSAGE_DISCLOSED)
    assert entry.target == str(message.uid)
    assert entry.details["recipients"] == [world.neighbour.code]


@pytest.mark.parametrize(
    ("urgency", "hours"), [("urgent_direct", 8), ("urgent", 72), ("normal", 168)]
)
def test_deadlines_follow_urgency(world: World, urgency: str, hours: int) -> None:
    message = actions.send_message(draft(world, urgency=urgency), acting_user=world.analyst)
    assert message.deadline - message.created_at == dt.timedelta(hours=hours)


def test_a_message_to_a_partner_agency_is_queued_for_its_node(world: World) -> None:
    message = actions.send_message(
        draft(world, recipients=[world.partner]), acting_user=world.analyst
    )
    envelope = OutboxEnvelope.objects.get(kind="exchange.message")
    assert envelope.peer.code == "ma"
    assert envelope.body["uid"] == str(message.uid)
    assert message.recipients.get().delivered_at is None


def test_a_reply_answers_the_request(world: World) -> None:
    request = actions.send_message(draft(world), acting_user=world.analyst)
    reply = actions.reply(
        request,
        draft(world, kind="reply", subject="Re", body="Registered to a rental firm."),
        acting_user=world.neighbour_analyst,
    )
    request.refresh_from_db()
    assert request.answered_at == reply.created_at
    assert reply.thread_uid == request.thread_uid
    assert [r.agency for r in reply.recipients.all()] == [world.here]


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"kind": "information"}, "evaluation"),
        ({"handling": "H3", "handling_conditions": "x"}, "up to H2"),
        ({"recipients": []}, "at least one"),
        ({"recipients": ["outsider"]}, "does not take part"),
        ({"review_date": dt.date(2000, 1, 1)}, "past"),
        ({"subject": ""}, "subject"),
        ({"language": "de"}, "language"),
        ({"about": [("phone", "not a phone")]}, "Not a valid"),
    ],
)
def test_bad_drafts_are_refused_and_change_nothing(
    world: World, overrides: dict[str, object], reason: str
) -> None:
    if overrides.get("recipients") == ["outsider"]:
        overrides["recipients"] = [world.outsider]
    before = AuditEntry.objects.count()
    with pytest.raises(RuleViolation, match=reason):
        actions.send_message(draft(world, **overrides), acting_user=world.analyst)
    assert Message.objects.count() == 0
    assert OutboxEnvelope.objects.count() == 0
    assert AuditEntry.objects.count() == before


def test_a_kind_the_channel_does_not_carry_is_refused(world: World) -> None:
    world.channel.allowed_kinds = ["request", "reply"]
    world.channel.save()
    with pytest.raises(RuleViolation, match="does not carry"):
        actions.send_message(
            draft(world, kind="information", source_reliability="B", information_credibility="2"),
            acting_user=world.analyst,
        )


def test_another_agency_sees_nothing(world: World) -> None:
    message = actions.send_message(draft(world), acting_user=world.analyst)
    assert queries.message(world.neighbour_analyst, message.uid) is not None
    assert queries.message(world.outsider_analyst, message.uid) is None
    assert queries.thread(world.outsider_analyst, message.thread_uid) == []
    assert searching.find(world.outsider_analyst, searching.Criteria("registration")).items == []


def test_reading_is_a_consultation_and_sends_no_receipt_locally(world: World) -> None:
    message = actions.send_message(draft(world), acting_user=world.analyst)
    actions.mark_read([message], acting_user=world.neighbour_analyst)
    recipient = message.recipients.get()
    assert recipient.read_at is not None
    assert recipient.read_by_name == world.neighbour_analyst.full_name
    consulted = AuditEntry.objects.get(action=AuditAction.MESSAGE_CONSULTED)
    assert consulted.actor == world.neighbour_analyst.username
    assert not OutboxEnvelope.objects.filter(kind="exchange.receipt").exists()


def test_overdue_requests_escalate_once(world: World, time_machine: object) -> None:
    message = actions.send_message(draft(world, urgency="urgent_direct"), acting_user=world.analyst)
    assert actions.escalate_overdue(timezone.now() + dt.timedelta(hours=7)) == 0
    later = timezone.now() + dt.timedelta(hours=9)
    assert actions.escalate_overdue(later) == 1
    assert actions.escalate_overdue(later) == 0
    message.refresh_from_db()
    assert message.escalated_at == later
    # One entry per receiving agency, so that agency's DPO reads it though no user acted.
    escalated = AuditEntry.objects.filter(action=AuditAction.REQUEST_ESCALATED)
    assert [e.agency for e in escalated] == [world.neighbour.code]
    assert queries.escalated_count(world.neighbour_analyst) == 1
