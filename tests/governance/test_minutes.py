"""Co-signed minutes: each side's chair approves the same canonical text with its node's key;
a change after a signature voids it, visibly; a signature over a text that changed, or one
that does not verify, is refused at the home.

The Spanish side here is a partner node ``es`` (its signing key lives only in the test): its
chair's approval arrives as a proposal through the real inbox, as it would from a real node."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from strait.audit.events import AuditAction
from strait.audit.models import AuditEntry
from strait.federation import crypto, keys
from strait.federation.models import KeyKind
from strait.governance import actions, minutes, ops
from strait.governance.models import Meeting, MinutesSignature
from strait.refusals import Refused
from strait.sharing.models import Change
from tests.governance.conftest import World
from tests.governance.sides import TwoSides, make_sides

pytestmark = pytest.mark.django_db


@pytest.fixture
def sides(world: World) -> TwoSides:
    return make_sides(world)


def test_both_chairs_sign_the_same_text_and_the_minutes_are_fully_signed(
    sides: TwoSides,
) -> None:
    world = sides.world
    actions.sign_minutes(world.ma_chair, sides.meeting)
    assert not minutes.fully_signed(sides.refresh())
    row = sides.deliver(sides.spanish_signature())
    assert row.status == "applied", row.reason
    assert sides.refusals() == []
    meeting = sides.refresh()
    found = minutes.signatures(meeting)
    assert [(s.signature.agency, s.signature.node, s.valid, s.void) for s in found] == [
        (world.ma.code, "dev", True, False),
        ("es-pn", "es", True, False),
    ]
    assert {s.signature.digest for s in found} == {minutes.digest(meeting)}
    assert minutes.fully_signed(meeting)
    entry = AuditEntry.objects.get(action=AuditAction.GOVERNANCE_MINUTES_SIGNED)
    assert entry.details["version"] == meeting.minutes_version == 2


def test_a_change_of_the_text_after_signing_voids_every_signature_visibly(
    sides: TwoSides,
) -> None:
    world = sides.world
    actions.sign_minutes(world.ma_chair, sides.meeting)
    sides.deliver(sides.spanish_signature())
    actions.write_minutes(world.ma_secretary, sides.refresh(), language="es", text="Acta cambiada")
    meeting = sides.refresh()
    assert [(s.valid, s.void) for s in minutes.signatures(meeting)] == [
        (False, True),
        (False, True),
    ]
    assert not minutes.fully_signed(meeting)
    # The new version is signed again, by both.
    actions.sign_minutes(world.ma_chair, meeting)
    assert sides.deliver(sides.spanish_signature()).status == "applied"
    assert minutes.fully_signed(sides.refresh())


def test_moving_the_meeting_after_signing_voids_the_signatures(sides: TwoSides) -> None:
    world = sides.world
    actions.sign_minutes(world.ma_chair, sides.meeting)
    actions.update_meeting(
        world.ma_secretary,
        sides.refresh(),
        starts_on=dt.date(2014, 3, 13),
        place="Marrakech",
        status="held",
    )
    assert [s.void for s in minutes.signatures(sides.refresh())] == [True]


def test_a_signature_over_a_text_that_changed_since_is_refused(sides: TwoSides) -> None:
    stale = sides.spanish_signature()  # es's chair read version 2…
    actions.write_minutes(
        sides.world.ma_secretary, sides.refresh(), language="ar", text="محضر معدل"
    )  # …ma changed it before the approval arrived.
    row = sides.deliver(stale)
    assert row.status == "applied", row.reason  # answered with a refusal
    (refusal,) = sides.refusals()
    assert refusal["code"] == "text_changed"
    assert not MinutesSignature.objects.exists()


def test_a_signature_with_a_tampered_digest_is_refused(sides: TwoSides) -> None:
    tampered = sides.spanish_signature(digest="0" * 64)
    sides.deliver(tampered)
    (refusal,) = sides.refusals()
    assert refusal["code"] == "text_changed"
    assert not MinutesSignature.objects.exists()


def test_a_signature_that_does_not_verify_with_the_nodes_key_is_refused(
    sides: TwoSides,
) -> None:
    forged = crypto.b64e(crypto.sign(crypto.new_signing_key(), b"something else"))
    sides.deliver(sides.spanish_signature(signature=forged))
    (refusal,) = sides.refusals()
    assert refusal["code"] == "bad_signature"
    assert not MinutesSignature.objects.exists()


def test_a_side_signs_for_its_own_agency_on_its_own_node(sides: TwoSides) -> None:
    # es's node cannot sign as the Moroccan co-chair, nor claim to be another node.
    sides.deliver(sides.spanish_signature(agency=sides.world.ma.code))
    sides.deliver(sides.spanish_signature(node="dev"))
    # Not even with a signature that verifies with dev's key (one dev made earlier, replayed):
    # es-pn signs through es's node only.
    meeting = sides.refresh()
    signature, key_id = minutes.sign(meeting.uid, meeting.minutes_version, minutes.digest(meeting))
    replay = sides.spanish_signature(node="dev", key_id=key_id)
    replay["body"]["signature"] = signature
    sides.deliver(replay)
    assert [r["code"] for r in sides.refusals()] == [
        "right_missing",
        "bad_signature",
        "bad_signature",
    ]
    assert "not the co-chair's" in sides.refusals()[-1]["reason"]
    assert not MinutesSignature.objects.exists()


def test_a_side_signs_a_version_once(sides: TwoSides) -> None:
    actions.sign_minutes(sides.world.ma_chair, sides.meeting)
    with pytest.raises(Refused) as info:
        actions.sign_minutes(sides.world.ma_chair, sides.refresh())
    assert info.value.code == "already_signed"
    assert MinutesSignature.objects.count() == 1
    assert AuditEntry.objects.filter(action=AuditAction.GOVERNANCE_MINUTES_SIGNED).count() == 1


def test_only_a_chair_of_a_co_chair_agency_signs(sides: TwoSides, make_user: Any) -> None:
    world = sides.world
    with pytest.raises(Refused) as info:
        actions.sign_minutes(world.ma_secretary, sides.meeting)
    assert info.value.code == "forbidden"
    # dev-pn co-chairs the world's body; it takes no part in this one.
    with pytest.raises(Refused) as info:
        actions.sign_minutes(world.es_chair, sides.meeting)
    assert info.value.code == "not_participant"
    # At the home: es-gc takes part in the body without co-chairing it.
    sides.deliver(sides.spanish_signature(agency="es-gc") | {"by_agency": "es-gc"})
    assert [r["code"] for r in sides.refusals()] == ["not_co_chair"]
    assert not MinutesSignature.objects.exists()


def test_the_arabic_and_spanish_minutes_are_written_before_signing(world: World) -> None:
    change = actions.schedule_meeting(
        world.ma_secretary, world.body, starts_on=dt.date(2014, 3, 12), place="Marrakech"
    )
    meeting = Meeting.objects.get(uid=change.body["uid"])
    actions.write_minutes(world.ma_secretary, meeting, language="ar", text="محضر")
    meeting.refresh_from_db()
    with pytest.raises(Refused) as info:
        actions.sign_minutes(world.ma_chair, meeting)
    assert info.value.code == "minutes_missing"
    assert "es" in info.value.message
    assert not Change.objects.filter(op=ops.SIGN_MINUTES).exists()


def test_a_signature_stays_valid_after_the_key_rotates_and_not_once_it_is_revoked(
    sides: TwoSides,
) -> None:
    actions.sign_minutes(sides.world.ma_chair, sides.meeting)
    (signed,) = MinutesSignature.objects.all()
    keys.rotate_local()
    assert [s.valid for s in minutes.signatures(sides.refresh())] == [True]
    keys.revoke_local(signed.key_id)
    assert [s.valid for s in minutes.signatures(sides.refresh())] == [False]
    assert keys.current(KeyKind.SIGNING).key_id != signed.key_id
