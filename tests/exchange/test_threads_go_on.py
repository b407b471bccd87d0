"""Threads that go on (issue 12): the requester follows up on an answer, replies keep every
marking unless narrowed, the "Re:" prefix is the reader's, and any party closes a thread, which
says so, travels to the partner node and reopens on a new message or on request."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from strait.audit.events import AuditAction
from strait.audit.models import AuditEntry
from strait.exchange import actions, defaults, queries
from strait.exchange.models import Message, ThreadState
from strait.exchange.rules import RuleViolation
from strait.federation import inbox
from strait.federation.models import InboxEnvelope, OutboxEnvelope
from tests.api_client import Api
from tests.conftest import login_verified
from tests.exchange.conftest import World, draft
from tests.exchange.test_arrivals import deliver, wire
from tests.federation.conftest import RemotePeer

REPLY_FORM = {
    "kind": "reply",
    "body": "Registered to a rental firm.",
    "language": "en",
    "handling": "H0",
    "handling_conditions": "",
    "tlp": "",
    "source_reliability": "",
    "information_credibility": "",
}


def answered(world: World, **overrides: object) -> tuple[Message, Message]:
    """A request from ``here`` to ``neighbour`` and the neighbour's answer."""
    request = actions.send_message(draft(world, **overrides), acting_user=world.analyst)
    answer = actions.reply(
        request,
        defaults.reply(request, kind="reply", body="Registered to a rental firm."),
        acting_user=world.neighbour_analyst,
    )
    return request, answer


# Follow-ups.


def test_the_requester_follows_up_on_the_answer_from_the_thread_page(world: World) -> None:
    request, answer = answered(world)
    client = login_verified(Client(), world.analyst)
    page = client.get(reverse("exchange:thread", args=[request.thread_uid]))
    assert page.context["answer_target"] == answer.pk
    assert reverse("exchange:reply", args=[answer.uid]) in page.content.decode()

    sent = client.post(
        reverse("exchange:reply", args=[answer.uid]), {**REPLY_FORM, "body": "Which firm?"}
    )
    assert sent.status_code == 302, sent.content.decode()[:2000]
    follow_up = Message.objects.get(in_reply_to_uid=answer.uid)
    assert follow_up.thread_uid == request.thread_uid
    assert follow_up.sender_agency == world.here
    assert [r.agency for r in follow_up.recipients.all()] == [world.neighbour]
    # A follow-up does not reopen or re-answer the request.
    request.refresh_from_db()
    assert request.answered_at == answer.created_at


def test_the_api_follows_up_on_an_answer_too(world: World) -> None:
    _request, answer = answered(world)
    response = Api(world.analyst).post(
        f"/messages/{answer.uid}/reply", {"kind": "reply", "body": "Which firm?"}
    )
    assert response.status_code == 201, response.content


# Markings.


def test_a_reply_keeps_every_marking_of_the_item_it_answers(world: World) -> None:
    request = actions.send_message(
        draft(world, handling="H2", tlp="AMBER", purpose="Port smuggling case"),
        acting_user=world.analyst,
    )
    page = login_verified(Client(), world.neighbour_analyst).post(
        reverse("exchange:reply", args=[request.uid]), REPLY_FORM
    )
    assert page.status_code == 302, page.content.decode()[:2000]
    by_page = Message.objects.get(in_reply_to_uid=request.uid)
    assert (by_page.handling, by_page.tlp, by_page.purpose) == (
        "H2",
        "AMBER",
        "Port smuggling case",
    )
    assert (by_page.subject_category, by_page.fact_or_assessment) == ("suspect", "fact")

    api = Api(world.neighbour_analyst).post(
        f"/messages/{request.uid}/reply", {"kind": "acknowledgement", "body": "Received."}
    )
    assert api.status_code == 201, api.content
    assert (api.json()["handling"], api.json()["tlp"]) == ("H2", "AMBER")


def test_a_reply_may_narrow_the_markings_but_never_widen_them(world: World) -> None:
    request = actions.send_message(
        draft(world, handling="H1", tlp="GREEN"), acting_user=world.analyst
    )
    narrowed = defaults.reply(request, kind="reply", body="x", handling="H2", tlp="RED")
    assert (narrowed.markings.handling, narrowed.markings.tlp) == ("H2", "RED")
    widened = defaults.reply(request, kind="reply", body="x", handling="H0", tlp="CLEAR")
    assert (widened.markings.handling, widened.markings.tlp) == ("H1", "GREEN")


def test_a_replys_handling_conditions_add_to_the_originals(world: World) -> None:
    world.channel.max_handling = "H3"
    world.channel.save()
    request = actions.send_message(
        draft(world, handling="H3", handling_conditions="Not to customs"),
        acting_user=world.analyst,
    )
    kept = defaults.reply(request, kind="reply", body="x")
    assert kept.markings.handling_conditions == "Not to customs"
    added = defaults.reply(request, kind="reply", body="x", handling_conditions="Not to courts")
    assert added.markings.handling_conditions == "Not to customs; Not to courts"


# The subject prefix.


def test_an_answer_stores_the_subject_without_an_english_prefix(world: World) -> None:
    _request, answer = answered(world, subject="Vehículo visto en el puerto", language="es")
    assert answer.subject == "Vehículo visto en el puerto"
    assert "Re:" not in answer.subject


def test_the_prefix_is_drawn_in_the_readers_language(world: World) -> None:
    _request, answer = answered(world)
    with translation.override("en"):
        assert answer.answer_prefix == "Re:"
    # Whatever the catalogue says, the prefix is looked up at render time (pgettext), not
    # stored: a reader in another language gets that language's entry.
    seen: list[str] = []
    real = translation.pgettext

    def spy(context: str, message: str) -> str:
        seen.append(translation.get_language())
        return real(context, message)

    import strait.exchange.models as models_module

    models_module.pgettext, before = spy, models_module.pgettext  # type: ignore[assignment]
    try:
        with translation.override("ar"):
            _ = answer.answer_prefix
    finally:
        models_module.pgettext = before  # type: ignore[assignment]
    assert seen == ["ar"]
    assert Message(kind="request").answer_prefix == ""


def test_the_inbox_shows_the_prefix_once_for_old_and_new_answers(world: World) -> None:
    _request, answer = answered(world)
    # An answer stored before issue 12, with the English prefix in its subject.
    Message.objects.filter(pk=answer.pk).update(subject="Re: Vehicle seen at the port")
    page = login_verified(Client(), world.analyst).get(reverse("exchange:inbox"))
    text = page.content.decode()
    assert "Re: Re:" not in text
    assert '<span class="subject-prefix">Re:</span> Vehicle seen at the port' in text


def test_a_notice_stores_the_subject_and_shows_its_kind_in_the_readers_language(
    world: World,
) -> None:
    request = actions.send_message(draft(world), acting_user=world.analyst)
    notice = actions.correct(
        request, "rectification", "The plate is 1234-ABD.", acting_user=world.analyst
    )
    assert notice.subject == "Vehicle seen at the port"  # no English label stored
    with translation.override("en"):
        assert notice.answer_prefix == "Notice of rectification:"
    erasure = actions.correct(request, "erasure", "Entered by mistake.", acting_user=world.analyst)
    assert erasure.subject == defaults.ERASED_SUBJECT  # the erased subject is not carried on
    page = login_verified(Client(), world.neighbour_analyst).get(reverse("exchange:inbox"))
    text = page.content.decode()
    assert '<span class="subject-prefix">Notice of rectification:</span>' in text
    assert '<span class="subject-prefix">Notice of erasure:</span> —' in text


# Closing and reopening.


def close(world: World, request: Message, user: object | None = None) -> Client:
    client = login_verified(Client(), user or world.analyst)  # type: ignore[arg-type]
    response = client.post(reverse("exchange:close_thread", args=[request.thread_uid]))
    assert response.status_code == 302
    return client


def test_a_party_closes_the_thread_and_the_page_says_by_whom_and_when(world: World) -> None:
    request, _answer = answered(world)
    close(world, request, world.neighbour_analyst)
    state = ThreadState.objects.get(thread_uid=request.thread_uid)
    assert state.closed
    assert state.changed_by_agency == world.neighbour
    page = login_verified(Client(), world.analyst).get(
        reverse("exchange:thread", args=[request.thread_uid])
    )
    text = page.content.decode()
    assert f"Closed by DEVI ({world.neighbour_analyst.full_name})" in text
    banner = text.split('id="thread-state"')[1].split("</div>")[0]
    assert "<time datetime=" in banner  # and when
    assert 'name="reopen"' in text
    assert AuditEntry.objects.filter(
        action=AuditAction.THREAD_CLOSED, target=str(request.thread_uid)
    ).exists()


def test_closing_a_closed_thread_or_reopening_an_open_one_is_refused(world: World) -> None:
    request, _answer = answered(world)
    items = queries.thread(world.analyst, request.thread_uid)
    with pytest.raises(RuleViolation, match="open"):
        actions.set_thread_closed(items, False, acting_user=world.analyst)
    actions.set_thread_closed(items, True, acting_user=world.analyst)
    with pytest.raises(RuleViolation, match="already closed"):
        actions.set_thread_closed(items, True, acting_user=world.analyst)


def test_only_a_party_may_close_a_thread(world: World) -> None:
    request, _answer = answered(world)
    items = queries.thread(world.analyst, request.thread_uid)
    with pytest.raises(RuleViolation, match="party"):
        actions.set_thread_closed(items, True, acting_user=world.outsider_analyst)
    # And on the page, another agency's thread is not found.
    outsider = login_verified(Client(), world.outsider_analyst)
    response = outsider.post(reverse("exchange:close_thread", args=[request.thread_uid]))
    assert response.status_code == 404
    assert not ThreadState.objects.exists()


def test_a_new_message_reopens_a_closed_thread(world: World) -> None:
    request, answer = answered(world)
    close(world, request)
    actions.reply(
        answer,
        defaults.reply(answer, kind="reply", body="One more question."),
        acting_user=world.analyst,
    )
    state = ThreadState.objects.get(thread_uid=request.thread_uid)
    assert not state.closed
    assert state.changed_by_agency == world.here
    page = login_verified(Client(), world.neighbour_analyst).get(
        reverse("exchange:thread", args=[request.thread_uid])
    )
    assert "Reopened by DEVP" in page.content.decode()


def test_a_closed_thread_reopens_explicitly(world: World) -> None:
    request, _answer = answered(world)
    client = close(world, request)
    client.post(reverse("exchange:close_thread", args=[request.thread_uid]), {"reopen": "1"})
    assert not ThreadState.objects.get(thread_uid=request.thread_uid).closed
    assert AuditEntry.objects.filter(action=AuditAction.THREAD_REOPENED).count() == 1


# Across nodes.


def partner_thread(world: World, remote: RemotePeer) -> uuid.UUID:
    body = wire(world)
    assert deliver(remote, body) == "applied"
    return uuid.UUID(body["thread_uid"])


def test_closing_a_shared_thread_tells_the_partner_node(world: World, remote: RemotePeer) -> None:
    thread_uid = partner_thread(world, remote)
    items = queries.thread(world.analyst, thread_uid)
    actions.set_thread_closed(items, True, acting_user=world.analyst)
    envelope = OutboxEnvelope.objects.get(kind="exchange.thread_state")
    assert envelope.peer.code == "ma"
    assert envelope.body["closed"] is True
    assert envelope.body["agency"] == world.here.code


def test_a_local_thread_sends_no_envelope(world: World) -> None:
    request, _answer = answered(world)
    close(world, request)
    assert not OutboxEnvelope.objects.filter(kind="exchange.thread_state").exists()


def state_envelope(
    world: World, remote: RemotePeer, thread_uid: uuid.UUID, **overrides: object
) -> str:
    body: dict[str, object] = {
        "thread_uid": str(thread_uid),
        "closed": True,
        "agency": world.partner.code,
        "by": "Analyst of the partner",
        "at": timezone.now().isoformat(),
    }
    body.update(overrides)
    envelope = remote.envelope(body, kind="exchange.thread_state")
    inbox.receive_batch([envelope])
    found = InboxEnvelope.objects.get(envelope_id=envelope["header"]["id"])
    return str(found.status)


def test_the_partner_closing_a_shared_thread_closes_it_here(
    world: World, remote: RemotePeer
) -> None:
    thread_uid = partner_thread(world, remote)
    assert state_envelope(world, remote, thread_uid) == "applied"
    state = ThreadState.objects.get(thread_uid=thread_uid)
    assert state.closed
    assert state.changed_by_agency == world.partner
    assert state.changed_by_name == "Analyst of the partner"


def test_an_older_change_does_not_undo_a_later_one(world: World, remote: RemotePeer) -> None:
    thread_uid = partner_thread(world, remote)
    actions.set_thread_closed(
        queries.thread(world.analyst, thread_uid), True, acting_user=world.analyst
    )
    earlier = (timezone.now() - dt.timedelta(minutes=1)).isoformat()
    assert state_envelope(world, remote, thread_uid, closed=False, at=earlier) == "applied"
    assert ThreadState.objects.get(thread_uid=thread_uid).closed


@pytest.mark.parametrize(
    ("overrides", "thread"),
    [
        ({"agency": "dev-police"}, "known"),  # a peer speaks only for its own agencies
        ({}, "unknown"),
    ],
)
def test_a_thread_state_the_partner_may_not_send_is_parked(
    world: World, remote: RemotePeer, overrides: dict[str, object], thread: str
) -> None:
    thread_uid = partner_thread(world, remote) if thread == "known" else uuid.uuid4()
    assert state_envelope(world, remote, thread_uid, **overrides) == "parked"
    assert not ThreadState.objects.exists()


def test_a_partner_agency_outside_the_thread_cannot_close_it(
    world: World, remote: RemotePeer
) -> None:
    from tests.factories import AgencyFactory

    AgencyFactory(code="ma-other", abbreviation="MAO", node_code="ma")
    request, _answer = answered(world)
    assert state_envelope(world, remote, request.thread_uid, agency="ma-other") == "parked"
    assert not ThreadState.objects.exists()
