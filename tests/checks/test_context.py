"""Checks with context (issue 12): a foreign phone number in its local format with a country
defaulting to the partner's; a details request with an urgency and a question; the answering
analyst sees the candidate's record and only the features that were asked; the partners'
checks list says where each stands and what was asked."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from strait.accounts.models import User
from strait.checks import actions
from strait.checks.models import Check, CheckAnswer, IncomingCheck
from strait.decisions import actions as decisions
from strait.entities.models import Document
from strait.exchange import actions as exchange_actions
from strait.exchange import defaults
from strait.exchange.models import Message
from strait.exchange.rules import RuleViolation
from strait.federation.models import OutboxEnvelope
from strait.permissions import Role
from tests.api_client import bearer
from tests.checks.conftest import RECORD, World, deliver, khattabi, open_to, query_body
from tests.checks.test_pages import form
from tests.conftest import login_verified

pytestmark = pytest.mark.django_db


def client(user: User) -> Client:
    return login_verified(Client(), user)


# A phone number in the partner's local format.


def phone_form(world: World, **overrides: Any) -> dict[str, Any]:
    values = {"kind": "phone", "names": "", "birth_date": "", "value": "0661223344"}
    return form(world) | values | overrides


def test_the_country_defaults_to_the_partners(world: World) -> None:
    page = client(world.officer).get(reverse("checks:new"))
    assert page.context["form"]["country"].value() == "MA"  # the officer's agency is Spanish
    assert '<option value="MA" selected>' in page.content.decode()


def test_a_local_moroccan_number_is_accepted_with_country_ma(world: World) -> None:
    response = client(world.officer).post(reverse("checks:new"), phone_form(world, country="MA"))
    assert response.status_code == 302, response.content.decode()[:3000]
    check = Check.objects.get()
    assert check.query == {"value": "0661223344", "country": "MA"}
    (envelope,) = OutboxEnvelope.objects.filter(kind="checks.query")
    assert envelope.body["country"] == "MA"


def test_a_local_number_without_a_country_is_refused_with_a_hint(world: World) -> None:
    response = client(world.officer).post(reverse("checks:new"), phone_form(world, country=""))
    assert response.status_code == 400
    text = response.content.decode()
    assert "no international prefix" in text
    assert "+212" in text
    assert not Check.objects.exists()


def test_a_number_with_its_prefix_needs_no_country(world: World) -> None:
    response = client(world.officer).post(
        reverse("checks:new"), phone_form(world, value="+212 661 22 33 44", country="")
    )
    assert response.status_code == 302


def test_a_local_number_of_another_country_says_which_country_it_was_read_in(
    world: World,
) -> None:
    response = client(world.officer).post(reverse("checks:new"), phone_form(world, country="ES"))
    assert response.status_code == 400
    assert "Not a phone number of ES" in response.content.decode()


def test_the_api_reads_the_number_in_the_country_given(world: World) -> None:
    api, headers = Client(), bearer(world.officer)
    body = {
        "channel": world.channel.code,
        "recipients": [world.partner.code],
        "kind": "phone",
        "value": "0661223344",
        "country": "MA",
        "purpose": "Border control",
    }
    response = api.post("/api/v1/checks/", body, content_type="application/json", **headers)
    assert response.status_code == 201, response.content
    # Left out, the sender's own country (Spain): the Moroccan local number is no Spanish one.
    del body["country"]
    refused = api.post("/api/v1/checks/", body, content_type="application/json", **headers)
    assert refused.status_code == 400


# The details request.


def hit(world: World) -> CheckAnswer:
    check = actions.send_check(
        actions.Ask(
            kind="person",
            channel=world.channel,
            recipients=[world.partner],
            purpose="Border control",
            names=["Abdelatif El Khattabi"],
        ),
        acting_user=world.officer,
    )
    body = {
        "check": str(check.uid),
        "agency": world.partner.code,
        "result": "hit",
        "reference": "CK-00000000000A",
        "answered_at": timezone.now().isoformat(),
    }
    deliver(world, body, kind="checks.answer")
    return CheckAnswer.objects.select_related("check_ref", "agency").get()


def test_the_details_request_carries_the_urgency_and_the_question(world: World) -> None:
    answer = hit(world)
    page = client(world.officer).get(reverse("checks:check", args=[answer.check_ref.uid]))
    assert 'name="question"' in page.content.decode()
    assert 'name="urgency"' in page.content.decode()
    response = client(world.officer).post(
        reverse("checks:ask_details", args=[answer.check_ref.uid, world.partner.code]),
        {"urgency": "urgent_direct", "question": "Is he the one who crossed at Tanger Med?"},
    )
    assert response.status_code == 302
    message = Message.objects.get()
    assert message.urgency == "urgent_direct"
    assert message.deadline == message.created_at + dt.timedelta(hours=8)
    assert message.body.startswith("Is he the one who crossed at Tanger Med?")
    assert "CK-00000000000A" in message.body  # the reference still quoted


def test_without_urgency_or_question_the_details_request_is_the_usual_one(world: World) -> None:
    answer = hit(world)
    message = actions.ask_for_details(answer, acting_user=world.officer)
    assert message.urgency == "normal"
    assert message.body.startswith("Our check of")


def test_an_unknown_urgency_is_refused(world: World) -> None:
    answer = hit(world)
    with pytest.raises(RuleViolation, match="urgency"):
        actions.ask_for_details(answer, urgency="whenever", acting_user=world.officer)
    assert not Message.objects.exists()


# The answering analyst's view of a candidate.


def incoming(world: World, **query: Any) -> IncomingCheck:
    person = khattabi(world.here, handling="H1")
    Document.objects.create(
        agency=world.here,
        person=person,
        kind="passport",
        value="AB1234567",
        key="document:AB1234567",
        issuing_country="MA",
        handling="H0",
        **RECORD,
        review_date=person.review_date,
        retention_date=person.retention_date,
    )
    open_to(world)
    deliver(world, query_body(world, **query))
    return IncomingCheck.objects.get()


def test_the_analyst_sees_the_candidates_record(world: World) -> None:
    found = incoming(world)
    person = found.candidates.get()
    page = client(world.analyst).get(reverse("checks:incoming", args=[found.uid]))
    text = page.content.decode()
    assert reverse("entities:detail", args=["person", person.record_uid]) in text
    assert "1980-03-12" in text.split("Our record")[1]
    assert "AB1234567" in text
    assert "Handling code H1" in text


def test_a_feature_not_asked_shows_no_zero(world: World) -> None:
    found = incoming(world, birth_date="")
    page = client(world.analyst).get(reverse("checks:incoming", args=[found.uid]))
    features = page.content.decode().split("Features")[1].split("</dd>")[0]
    assert "0.00" not in features
    assert "date of birth not asked" in features
    # Asked, it is shown with its value.
    candidate = found.candidates.get()
    assert [name for name, _v in candidate.compared_features({"names": ["x"]})] == ["name"]
    assert [
        name for name, _v in candidate.compared_features(found.query | {"birth_date": "1980"})
    ] == [
        "name",
        "dob",
    ]


def test_an_analyst_who_may_not_read_records_gets_no_record(world: World, make_user: Any) -> None:
    found = incoming(world)
    from strait.checks import queries

    candidate = found.candidates.get()
    assert queries.candidate_record(world.analyst, candidate) is not None
    assert queries.candidate_record(world.outsider_analyst, candidate) is None


# The partners' checks list.


def row_of(world: World, found: IncomingCheck) -> str:
    page = client(world.analyst).get(reverse("checks:incoming_list"))
    text = page.content.decode()
    return text.split(found.reference)[0].rsplit("<tr>", 1)[1]


def test_the_list_shows_what_awaits_a_decision_then_decided(world: World) -> None:
    found = incoming(world)
    row = row_of(world, found)
    assert "Awaiting a decision" in row
    assert "Border control" in row  # what was asked: the purpose, with the names and date
    assert "1980-03-12" in row
    candidate = found.candidates.get()
    decisions.decide(
        world.analyst, candidate.record_uid, actions.counterpart(found), "match", label="x"
    )
    row = row_of(world, found)
    assert "Decided" in row
    assert "Awaiting a decision" not in row


def test_the_list_shows_a_details_request_awaiting_its_answer_then_answered(
    world: World, make_user: Any
) -> None:
    found = incoming(world)
    # The partner's request for the details, quoting the reference, arrives here.
    from tests.exchange.test_arrivals import deliver as deliver_message
    from tests.exchange.test_arrivals import wire

    body = wire(
        world,  # type: ignore[arg-type]
        channel=world.channel.code,
        sender_agency=world.partner.code,
        recipients=[world.here.code],
        handling="H0",
        about=[{"kind": "case", "value": found.reference}],
    )
    assert deliver_message(world.remote, body) == "applied"
    assert "Awaiting the details" in row_of(world, found)
    request = Message.objects.get(uid=body["uid"])
    exchange_actions.reply(
        request,
        defaults.reply(request, kind="reply", body="Here are the details."),
        acting_user=make_user(agency=world.here, role=Role.ANALYST),
    )
    row = row_of(world, found)
    assert "Details sent" in row
    assert "Awaiting the details" not in row
