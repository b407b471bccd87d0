"""The asking side: a check is validated, stored, audited and queued for the partner's node in
one transaction; its answer updates it; after a hit, one click asks for the details."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from strait.audit.events import AuditAction
from strait.audit.models import AuditEntry
from strait.checks import actions
from strait.checks.models import Check, CheckAnswer
from strait.exchange.models import About, Message
from strait.exchange.rules import RuleViolation
from strait.federation.models import OutboxEnvelope
from tests.checks.conftest import World, deliver

pytestmark = pytest.mark.django_db


def ask(world: World, **overrides: Any) -> actions.Ask:
    values: dict[str, Any] = {
        "kind": "person",
        "channel": world.channel,
        "recipients": [world.partner],
        "purpose": "Border control at the port",
        "names": ["Abdelatif El Khattabi"],
        "birth_date": "12/03/1980",
    }
    values.update(overrides)
    return actions.Ask(**values)


def counts() -> tuple[int, int, int]:
    return Check.objects.count(), OutboxEnvelope.objects.count(), AuditEntry.objects.count()


def answer(world: World, check: Check, result: str = "hit", ref: str = "CK-0123456789AB") -> str:
    body = {
        "check": str(check.uid),
        "agency": world.partner.code,
        "result": result,
        "reference": ref,
        "answered_at": timezone.now().isoformat(),
    }
    return deliver(world, body, kind="checks.answer")


def test_a_check_is_queued_for_the_partner_node_and_audited(world: World) -> None:
    check = actions.send_check(ask(world), acting_user=world.officer)
    envelope = OutboxEnvelope.objects.get(kind="checks.query")
    assert envelope.peer.code == "ma"
    assert envelope.body["names"] == ["Abdelatif El Khattabi"]
    assert envelope.body["birth_date"] == "1980-03-12"  # normalised before it travels
    assert envelope.body["recipients"] == [world.partner.code]
    assert envelope.body["country"] == ""
    (pending,) = check.answers.all()
    assert pending.result == "pending"
    entry = AuditEntry.objects.get(action=AuditAction.CHECK_SENT)
    assert entry.details["recipients"] == [world.partner.code]
    assert entry.actor == world.officer.username


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"names": ["  "]}, "Give at least one name."),
        ({"names": ["--- 123"]}, "Not a usable name"),
        ({"birth_date": "31/31/1980"}, "Not a date of birth"),
        ({"birth_date": "yesterday"}, "Not a date of birth"),
        ({"kind": "phone", "names": [], "value": "12"}, "Not a valid Phone number: 12"),
        ({"kind": "vessel", "names": [], "value": " "}, "Not a valid Vessel"),
        ({"purpose": " "}, "State the purpose"),
        ({"recipients": []}, "Choose at least one receiving agency."),
    ],
)
def test_bad_input_gets_a_clear_error_and_sends_nothing(
    world: World, overrides: dict[str, Any], error: str
) -> None:
    before = counts()
    with pytest.raises(RuleViolation, match=error):
        actions.send_check(ask(world, **overrides), acting_user=world.officer)
    assert counts() == before


def test_a_check_goes_only_to_agencies_of_the_channel_on_another_node(world: World) -> None:
    with pytest.raises(RuleViolation, match="another node"):
        actions.send_check(ask(world, recipients=[world.outsider]), acting_user=world.officer)
    with pytest.raises(RuleViolation, match="may not use the channel"):
        actions.send_check(
            ask(world, channel=world.other_channel, recipients=[world.partner]),
            acting_user=world.outsider_analyst,
        )


def test_the_user_rate_limit_refuses_the_check_over_it(world: World, settings: Any) -> None:
    settings.CHECKS_PER_USER_PER_MINUTE = 2
    actions.send_check(ask(world), acting_user=world.officer)
    actions.send_check(ask(world), acting_user=world.officer)
    before = counts()
    with pytest.raises(RuleViolation, match="in the last minute"):
        actions.send_check(ask(world), acting_user=world.officer)
    assert counts() == before
    actions.send_check(ask(world), acting_user=world.analyst)  # another user is not limited


def test_the_answer_updates_the_check_and_is_audited(world: World) -> None:
    check = actions.send_check(ask(world), acting_user=world.officer)
    assert answer(world, check) == "applied"
    (got,) = check.answers.all()
    assert (got.result, got.reference) == ("hit", "CK-0123456789AB")
    assert got.answered_at is not None
    (received,) = AuditEntry.objects.filter(action=AuditAction.CHECK_ANSWER_RECEIVED)
    assert received.agency == world.officer.agency.code  # the asking agency's DPO reads it
    assert answer(world, check, "no_hit") == "parked", "answered once"


def test_an_answer_for_a_check_never_sent_is_parked(world: World) -> None:
    other = Check(uid="00000000-0000-4000-8000-000000000000")
    assert answer(world, other) == "parked"


def test_ask_for_details_sends_a_request_quoting_the_reference(world: World) -> None:
    check = actions.send_check(ask(world), acting_user=world.officer)
    answer(world, check)
    got = CheckAnswer.objects.select_related("check_ref", "agency").get()
    message = actions.ask_for_details(got, acting_user=world.officer)
    assert message.kind == "request"
    assert message.channel == world.channel
    assert list(message.recipients.values_list("agency__code", flat=True)) == [world.partner.code]
    assert "CK-0123456789AB" in message.subject
    assert "CK-0123456789AB" in message.body
    about = {(a.kind, a.value) for a in About.objects.filter(message=message)}
    assert about == {("case", "CK-0123456789AB"), ("person", "Abdelatif El Khattabi")}
    assert OutboxEnvelope.objects.filter(kind="exchange.message").count() == 1
    got.refresh_from_db()
    assert got.details_thread_uid == message.thread_uid
    entry = AuditEntry.objects.get(action=AuditAction.CHECK_DETAILS_REQUESTED)
    assert entry.details["reference"] == "CK-0123456789AB"
    with pytest.raises(RuleViolation, match="already"):
        actions.ask_for_details(got, acting_user=world.officer)
    assert Message.objects.count() == 1


def test_no_details_without_a_hit(world: World) -> None:
    check = actions.send_check(ask(world), acting_user=world.officer)
    answer(world, check, "no_hit")
    with pytest.raises(RuleViolation, match="only after a hit"):
        actions.ask_for_details(CheckAnswer.objects.get(), acting_user=world.officer)
    assert not Message.objects.exists()
