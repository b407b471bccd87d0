"""Passing items on: the originator's consent, forwarding, export, and corrections that follow
every copy (DP-03, DP-04, FED-07)."""

from __future__ import annotations

import pytest

from strait.accounts.models import User
from strait.audit.events import AuditAction
from strait.audit.models import AuditEntry
from strait.exchange import actions, onward
from strait.exchange.models import Consent, Message
from strait.exchange.rules import RuleViolation
from strait.permissions import Role
from strait.refusals import NotPermitted
from tests.exchange.conftest import World, draft


def information(world: World, handling: str = "H2") -> Message:
    """An item from world.here to world.neighbour."""
    return actions.send_message(
        draft(
            world,
            kind="information",
            handling=handling,
            source_reliability="B",
            information_credibility="2",
        ),
        acting_user=world.analyst,
    )


@pytest.fixture
def third(world: World, make_user: object) -> User:
    """An analyst of world.outsider, which joins the channel as a third party."""
    world.channel.agencies.add(world.outsider)
    return world.outsider_analyst


def test_forwarding_h2_is_refused_without_consent_and_allowed_with_it(
    world: World, third: User, make_user: object
) -> None:
    item = information(world, "H2")
    neighbour_supervisor = world.neighbour_analyst
    with pytest.raises(RuleViolation, match="consent"):
        onward.forward(
            item,
            channel=world.channel,
            to=world.outsider,
            note="",
            handling="H0",
            acting_user=neighbour_supervisor,
        )
    consent = onward.request_consent(
        item,
        purpose="forward",
        third_party=world.outsider,
        reason="Joint investigation",
        acting_user=world.neighbour_analyst,
    )
    onward.answer_consent(consent, granted=True, note="", acting_user=world.supervisor)
    copy = onward.forward(
        item,
        channel=world.channel,
        to=world.outsider,
        note="FYI",
        handling="H0",
        acting_user=world.neighbour_analyst,
    )
    assert copy.handling == "H2"  # markings only narrow
    assert copy.forwarded_from_uid == item.uid
    assert copy.consent_uid == consent.uid


def test_a_refused_consent_still_blocks(world: World, third: User) -> None:
    item = information(world, "H2")
    consent = onward.request_consent(
        item,
        purpose="forward",
        third_party=world.outsider,
        reason="x",
        acting_user=world.neighbour_analyst,
    )
    onward.answer_consent(consent, granted=False, note="No", acting_user=world.supervisor)
    assert Consent.objects.get().status == "refused"
    with pytest.raises(RuleViolation, match="consent"):
        onward.forward(
            item,
            channel=world.channel,
            to=world.outsider,
            note="",
            handling="H2",
            acting_user=world.neighbour_analyst,
        )


def test_only_the_originators_supervisor_answers_consent(world: World, third: User) -> None:
    item = information(world, "H2")
    consent = onward.request_consent(
        item,
        purpose="forward",
        third_party=world.outsider,
        reason="x",
        acting_user=world.neighbour_analyst,
    )
    # Analysts lack the permission (a refusal of its own kind, 403 in the API).
    with pytest.raises(NotPermitted, match="permission"):
        onward.answer_consent(consent, granted=True, note="", acting_user=world.analyst)
    with pytest.raises(NotPermitted, match="permission"):
        onward.answer_consent(consent, granted=True, note="", acting_user=world.neighbour_analyst)


def test_h2_export_needs_consent(world: World) -> None:
    item = information(world, "H2")
    with pytest.raises(RuleViolation, match="consent"):
        onward.export(item, acting_user=world.neighbour_analyst)
    consent = onward.request_consent(
        item,
        purpose="export",
        third_party=None,
        reason="Court file",
        acting_user=world.neighbour_analyst,
    )
    onward.answer_consent(consent, granted=True, note="", acting_user=world.supervisor)
    text = onward.export(item, acting_user=world.neighbour_analyst)
    assert item.body in text
    assert AuditEntry.objects.filter(action=AuditAction.MESSAGE_EXPORTED).count() == 1


def test_h0_export_is_audited(world: World) -> None:
    item = information(world, "H0")
    onward.export(item, acting_user=world.neighbour_analyst)
    assert AuditEntry.objects.get(action=AuditAction.MESSAGE_EXPORTED).target == str(item.uid)


def test_erasure_follows_the_item_to_every_copy(world: World, third: User) -> None:
    item = information(world, "H0")
    consent = onward.request_consent(
        item,
        purpose="forward",
        third_party=world.outsider,
        reason="x",
        acting_user=world.neighbour_analyst,
    )
    onward.answer_consent(consent, granted=True, note="", acting_user=world.supervisor)
    copy = onward.forward(
        item,
        channel=world.channel,
        to=world.outsider,
        note="",
        handling="H0",
        acting_user=world.neighbour_analyst,
    )
    actions.correct(item, "erasure", "Recorded in error.", acting_user=world.analyst)
    item.refresh_from_db()
    copy.refresh_from_db()
    assert item.erased_at is not None
    assert item.body == ""
    assert copy.erased_at is not None
    assert copy.body == ""
    notices = Message.objects.filter(kind="erasure")
    assert {n.in_reply_to_uid for n in notices} == {item.uid, copy.uid}
    with pytest.raises(RuleViolation, match="erased"):
        onward.forward(
            item,
            channel=world.channel,
            to=world.outsider,
            note="",
            handling="H0",
            acting_user=world.neighbour_analyst,
        )


def test_restriction_blocks_passing_on_and_export(world: World) -> None:
    item = information(world, "H0")
    actions.correct(item, "restriction", "Under review.", acting_user=world.analyst)
    item.refresh_from_db()
    assert item.restricted_at is not None
    with pytest.raises(RuleViolation, match="restricted"):
        onward.export(item, acting_user=world.neighbour_analyst)


def test_only_the_originator_corrects(world: World) -> None:
    item = information(world, "H0")
    with pytest.raises(RuleViolation, match="originator"):
        actions.correct(item, "rectification", "x", acting_user=world.neighbour_analyst)


def test_the_analyst_role_cannot_answer_consent_and_officers_cannot_export(
    world: World, make_user: object
) -> None:
    officer = make_user(agency=world.neighbour, role=Role.OFFICER)  # type: ignore[operator]
    item = information(world, "H0")
    with pytest.raises(NotPermitted, match="permission"):
        onward.export(item, acting_user=officer)
