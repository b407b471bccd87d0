"""Guards pinned (issue 10): every permission check, own-agency check and sender check of the
checks actions and federation handlers, called directly, as a way in that skipped the page's
or the API's own check would. Each test fails when its guard is removed."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.utils import timezone

from strait.accounts.models import User
from strait.audit.events import AuditAction
from strait.audit.models import AuditEntry
from strait.checks import actions, matcher, policy
from strait.checks.models import Candidate, Check, CheckAnswer, CheckOpening, IncomingCheck
from strait.decisions import actions as decisions_actions
from strait.decisions.models import MatchDecision
from strait.entities.models import Script
from strait.exchange.models import Message
from strait.exchange.rules import RuleViolation
from strait.federation.models import InboxEnvelope, OutboxEnvelope, Peer
from strait.permissions import ROLE_PERMISSIONS, Permission, Role
from strait.refusals import NotPermitted
from tests.checks.conftest import World, deliver, khattabi, open_to, person, query_body
from tests.checks.test_asking import answer, ask
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def _hit(world: World) -> CheckAnswer:
    check = actions.send_check(ask(world), acting_user=world.officer)
    assert answer(world, check) == "applied"
    return CheckAnswer.objects.get(check_ref=check)


def _incoming(world: World) -> IncomingCheck:
    khattabi(world.here)
    open_to(world)
    deliver(world, query_body(world))
    return IncomingCheck.objects.get()


# Sending a check and asking for the details.


@pytest.mark.parametrize("role", [Role.NODE_ADMIN, Role.DATA_PROTECTION_OFFICER])
def test_send_check_needs_the_permission(
    world: World, make_user: Callable[..., User], role: str
) -> None:
    user = make_user(agency=world.here, role=role)
    with pytest.raises(NotPermitted):
        actions.send_check(ask(world), acting_user=user)
    assert not Check.objects.exists()
    assert not OutboxEnvelope.objects.exists()


def test_ask_for_details_needs_the_permission(
    world: World, make_user: Callable[..., User], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Checked by the checks action itself, not only by the exchange's send: a role that may
    send messages but not checks (none today) still may not ask."""
    hit = _hit(world)
    dpo = make_user(agency=world.here, role=Role.DATA_PROTECTION_OFFICER)
    with pytest.raises(NotPermitted):
        actions.ask_for_details(hit, acting_user=dpo)
    messaging = ROLE_PERMISSIONS[Role.DATA_PROTECTION_OFFICER] | {
        Permission.MESSAGES_SEND,
        Permission.MESSAGES_READ,
    }
    monkeypatch.setitem(ROLE_PERMISSIONS, Role.DATA_PROTECTION_OFFICER, messaging)
    dpo = User.objects.get(pk=dpo.pk)  # no permissions remembered from the first try
    with pytest.raises(NotPermitted):
        actions.ask_for_details(hit, acting_user=dpo)
    assert not Message.objects.exists()


def test_the_page_offers_ask_for_details_only_to_who_may_send_messages(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Asking for the details sends a message: a role that may check but not send messages
    (none today) is not offered the button."""
    hit = _hit(world)
    assert policy.can_ask_details(world.officer, hit)
    checking = ROLE_PERMISSIONS[Role.OFFICER] - {Permission.MESSAGES_SEND}
    monkeypatch.setitem(ROLE_PERMISSIONS, Role.OFFICER, checking)
    officer = User.objects.get(pk=world.officer.pk)
    assert not policy.can_ask_details(officer, hit)


def test_ask_for_details_is_for_the_agency_that_checked(
    world: World, make_user: Callable[..., User]
) -> None:
    hit = _hit(world)
    other = make_user(agency=world.outsider, role=Role.OFFICER)
    with pytest.raises(RuleViolation, match="not your agency"):
        actions.ask_for_details(hit, acting_user=other)
    assert not Message.objects.exists()
    hit.refresh_from_db()
    assert hit.details_thread_uid is None


# A partner's check of our records: listing, opening, deciding.


def test_listing_partners_checks_needs_the_permission(world: World) -> None:
    incoming = _incoming(world)
    with pytest.raises(NotPermitted):
        actions.consult_list([incoming], acting_user=world.officer)
    assert not AuditEntry.objects.filter(action=AuditAction.CHECK_INCOMING_CONSULTED).exists()


def test_opening_a_partners_check_needs_the_permission(world: World) -> None:
    incoming = _incoming(world)
    with pytest.raises(NotPermitted):
        actions.consult(incoming, acting_user=world.officer)


def test_opening_a_partners_check_is_for_the_agency_asked(world: World) -> None:
    incoming = _incoming(world)
    with pytest.raises(RuleViolation, match="not your agency"):
        actions.consult(incoming, acting_user=world.outsider_analyst)
    consulted = AuditEntry.objects.filter(action=AuditAction.CHECK_CANDIDATE_CONSULTED)
    assert not consulted.exists()


def test_deciding_needs_the_permission(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """Checked by the checks action, and again by the decisions app's (tests/decisions): each
    alone refuses."""
    candidate = Candidate.objects.get(incoming=_incoming(world))
    with pytest.raises(NotPermitted):
        actions.decide(candidate, "match", acting_user=world.officer)
    monkeypatch.setattr(decisions_actions, "require", lambda user, permission: None)
    officer = User.objects.get(pk=world.officer.pk)
    with pytest.raises(NotPermitted):
        actions.decide(candidate, "match", acting_user=officer)
    assert not MatchDecision.objects.exists()


def test_deciding_is_for_the_agency_asked(world: World) -> None:
    candidate = Candidate.objects.get(incoming=_incoming(world))
    with pytest.raises(RuleViolation, match="not your agency"):
        actions.decide(candidate, "match", acting_user=world.outsider_analyst)
    assert not MatchDecision.objects.exists()


# Openings.


def test_opening_records_needs_the_permission(world: World) -> None:
    with pytest.raises(NotPermitted):
        actions.set_opening(
            partner=world.partner,
            channel=world.channel,
            kinds=["person"],
            max_handling="H0",
            acting_user=world.analyst,
        )
    assert not CheckOpening.objects.exists()


def test_removing_an_opening_needs_the_permission(world: World) -> None:
    open_to(world)
    opening = CheckOpening.objects.get()
    with pytest.raises(NotPermitted):
        actions.remove_opening(opening, acting_user=world.analyst)
    assert CheckOpening.objects.filter(pk=opening.pk).exists()


def test_removing_an_opening_is_for_its_agency(
    world: World, make_user: Callable[..., User]
) -> None:
    open_to(world)
    opening = CheckOpening.objects.get()
    other = make_user(agency=world.outsider, role=Role.SUPERVISOR)
    with pytest.raises(RuleViolation, match="not your agency"):
        actions.remove_opening(opening, acting_user=other)
    assert CheckOpening.objects.filter(pk=opening.pk).exists()


# Federation: a peer speaks only for its own node's agencies.


def test_a_peer_cannot_answer_for_another_nodes_agency(world: World) -> None:
    """A check asked of agencies on two nodes: node "ma" answering for the agency on "es" is
    refused (parked), and that agency's answer stays pending."""
    far = AgencyFactory(code="es-far", abbreviation="ESF", node_code="es")
    world.channel.agencies.add(far)
    Peer.objects.create(
        code="es", name="Spain", country="ES", base_url="http://127.0.0.1:9", fingerprint="y"
    )
    check = actions.send_check(
        ask(world, recipients=[world.partner, far]), acting_user=world.officer
    )
    body = {
        "check": str(check.uid),
        "agency": far.code,
        "result": "hit",
        "reference": "CK-0123456789AB",
        "answered_at": timezone.now().isoformat(),
    }
    assert deliver(world, body, kind="checks.answer") == "parked"
    assert CheckAnswer.objects.get(check_ref=check, agency=far).result == "pending"


def test_an_opening_is_made_only_on_a_channel_the_agency_takes_part_in(
    world: World, make_user: Callable[..., User]
) -> None:
    outsider = make_user(agency=world.outsider, role=Role.SUPERVISOR)
    with pytest.raises(RuleViolation, match="does not take part"):
        actions.set_opening(
            partner=world.partner,
            channel=world.other_channel,  # between "here" and the partner only
            kinds=["person"],
            max_handling="H0",
            acting_user=outsider,
        )
    assert not CheckOpening.objects.exists()


@pytest.mark.parametrize("who", ["outsider", "itself"])
def test_an_opening_is_only_to_a_partner_on_the_channel(world: World, who: str) -> None:
    partner = world.outsider if who == "outsider" else world.here
    with pytest.raises(RuleViolation):
        actions.set_opening(
            partner=partner,
            channel=world.other_channel,
            kinds=["person"],
            max_handling="H0",
            acting_user=world.supervisor,
        )
    assert not CheckOpening.objects.exists()


@pytest.mark.parametrize(
    "overrides",
    [
        {"requester_agency": "dev-other"},  # one of ours, not of the sending node
        {"requester_agency": "nowhere"},  # nobody's
        {"recipients": ["ma-partner"]},  # none of the agencies asked is on this node
        {"channel": "test-other", "requester_agency": "ma-partner", "recipients": ["dev-other"]},
    ],
    ids=["requester-not-on-peer", "requester-unknown", "none-asked-here", "asked-off-channel"],
)
def test_a_query_a_peer_may_not_send_is_parked(world: World, overrides: dict[str, object]) -> None:
    khattabi(world.outsider)
    assert deliver(world, query_body(world, **overrides)) == "parked"
    assert not IncomingCheck.objects.exists()
    assert not OutboxEnvelope.objects.filter(kind="checks.answer").exists()


def test_a_query_from_an_agency_off_the_channel_is_parked(world: World) -> None:
    AgencyFactory(code="ma-stranger", abbreviation="MAS", node_code="ma")
    khattabi(world.here)
    open_to(world)
    assert deliver(world, query_body(world, requester_agency="ma-stranger")) == "parked"
    assert not IncomingCheck.objects.exists()


# Rules of the actions that no other test reaches.


@pytest.mark.parametrize("field", ["names", "birth_date", "value"])
def test_nul_anywhere_in_what_is_checked_is_refused(world: World, field: str) -> None:
    """The form and the API refuse NUL before the action; the action refuses it for any other
    way in."""
    overrides: dict[str, object] = {
        "names": {"names": ["Ali\x00 Benali"]},
        "birth_date": {"birth_date": "1980\x00"},
        "value": {"kind": "phone", "names": [], "value": "+212661123456\x00"},
    }[field]
    with pytest.raises(RuleViolation, match="NUL"):
        actions.send_check(ask(world, **overrides), acting_user=world.officer)
    assert not Check.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"kind": "spaceship"}, "Choose what to check"),
        ({"names": [f"Name{'abcdef'[n]} Khattabi" for n in range(6)]}, "At most 5 names"),
        ({"kind": "vessel", "names": [], "value": "A" * 101}, "Not a valid Vessel"),
        ({"crime_area": "nonsense"}, "Choose a crime area"),
        ({"purpose": "x" * 301}, "State the purpose"),
        ({"purpose": "Border\x00control"}, "NUL"),
    ],
    ids=["kind", "too-many-names", "value-too-long", "crime-area", "purpose-too-long", "nul"],
)
def test_a_check_the_rules_refuse_sends_nothing(
    world: World, overrides: dict[str, object], error: str
) -> None:
    with pytest.raises(RuleViolation, match=error):
        actions.send_check(ask(world, **overrides), acting_user=world.officer)
    assert not Check.objects.exists()
    assert not OutboxEnvelope.objects.exists()


def test_details_are_asked_once_even_from_a_stale_answer(world: World) -> None:
    hit = _hit(world)
    stale = CheckAnswer.objects.get(pk=hit.pk)  # read before the first request was stored
    actions.ask_for_details(hit, acting_user=world.officer)
    assert stale.details_thread_uid is None
    with pytest.raises(RuleViolation, match="already been asked"):
        actions.ask_for_details(stale, acting_user=world.officer)
    assert Message.objects.count() == 1
    with pytest.raises(RuleViolation, match="already been asked"):
        actions.ask_for_details(hit, acting_user=world.officer)


@pytest.mark.parametrize(
    ("verdict", "note", "error"),
    [("maybe", "", "Choose match"), ("match", "x" * 2001, "too long")],
    ids=["verdict", "note-too-long"],
)
def test_a_decision_the_rules_refuse_is_not_recorded(
    world: World, verdict: str, note: str, error: str
) -> None:
    candidate = Candidate.objects.get(incoming=_incoming(world))
    with pytest.raises(RuleViolation, match=error):
        actions.decide(candidate, verdict, note=note, acting_user=world.analyst)
    assert not MatchDecision.objects.exists()


@pytest.mark.parametrize(
    ("kinds", "max_handling", "error"),
    [
        ([], "H0", "Choose which records"),
        (["spaceship"], "H0", "Choose which records"),
        (["person"], "H9", "Unknown handling code"),
        (["person"], "H3", "carries handling codes up to H2"),
    ],
    ids=["no-kinds", "unknown-kind", "unknown-handling", "above-the-channel"],
)
def test_an_opening_the_rules_refuse_is_not_saved(
    world: World, kinds: list[str], max_handling: str, error: str
) -> None:
    with pytest.raises(RuleViolation, match=error):
        actions.set_opening(
            partner=world.partner,
            channel=world.channel,
            kinds=kinds,
            max_handling=max_handling,
            acting_user=world.supervisor,
        )
    assert not CheckOpening.objects.exists()


def test_a_query_on_an_unknown_channel_is_parked(world: World) -> None:
    assert deliver(world, query_body(world, channel="no-such-channel")) == "parked"
    assert not IncomingCheck.objects.exists()


def test_an_answer_is_taken_once(world: World) -> None:
    check = actions.send_check(ask(world), acting_user=world.officer)
    assert answer(world, check, result="no_hit", ref="CK-0123456789AB") == "applied"
    assert answer(world, check, result="hit", ref="CK-0123456789AC") == "parked"
    (kept,) = CheckAnswer.objects.filter(check_ref=check)
    assert (kept.result, kept.reference) == ("no_hit", "CK-0123456789AB")


def test_a_query_for_none_of_our_agencies_is_parked_saying_so(world: World) -> None:
    assert deliver(world, query_body(world, recipients=["ma-partner"])) == "parked"
    assert "none of the agencies asked is on this node" in InboxEnvelope.objects.get().reason
    assert not IncomingCheck.objects.exists()


def test_a_candidate_below_the_threshold_is_no_hit(world: World) -> None:
    """The index proposes a namesake (same family name, another given name, another date of
    birth): proposed, not flagged, so the answer is no hit and nothing is kept."""
    person(world.here, [("Karim El Khattabi", Script.LATIN)], ["1991-07-30"])
    open_to(world)
    query = {"names": ["Abdelatif El Khattabi"], "birth_date": "1980-03-12", "value": ""}
    proposed = matcher.look_up(world.here.pk, "person", query, ["H0", "H1"])
    assert proposed
    assert not any(f.hit for f in proposed)
    deliver(world, query_body(world))
    (sent,) = OutboxEnvelope.objects.filter(kind="checks.answer")
    assert sent.body["result"] == "no_hit"
    assert not Candidate.objects.exists()
