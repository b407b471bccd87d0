"""Findings of the security review of the checks app, each pinned by a test: closed or overdue
records never answer, whatever hangs from them; bad input is refused cleanly on every path;
openings never exceed the channel; repeated check uids, the peer limit and erasure."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from strait.checks import actions
from strait.checks.models import Candidate, Check, IncomingCheck
from strait.decisions.models import MatchDecision
from strait.entities.models import Person, Phone
from strait.exchange.rules import RuleViolation
from strait.federation.models import InboxFailure, OutboxEnvelope
from tests.api_client import bearer
from tests.checks.conftest import (
    World,
    answers_sent,
    deliver,
    khattabi,
    open_to,
    phone,
    query_body,
)
from tests.conftest import login_verified

pytestmark = pytest.mark.django_db

NUMBER = "+212661123456"


def phone_check(world: World) -> dict[str, Any]:
    return query_body(world, kind="phone", names=[], birth_date="", value=NUMBER, country="ES")


def results() -> list[str]:
    return [a["result"] for a in answers_sent()]


# 1. What hangs from a closed person answers no more than the person.


@pytest.mark.parametrize(
    "closed",
    [
        {"open_to_checks": False},
        {"handling": "H2"},
        {"review_date": dt.date(2000, 1, 1)},
        {"retention_date": dt.date(2000, 1, 1)},
    ],
    ids=["closed", "above-handling", "review-overdue", "past-retention"],
)
def test_a_closed_persons_phone_is_no_hit(world: World, closed: dict[str, Any]) -> None:
    owner = khattabi(world.here)
    phone(world.here, NUMBER, person=owner)
    open_to(world, kinds=["person", "phone"], max_handling="H1")
    deliver(world, phone_check(world))
    assert results() == ["hit"]  # open owner: the phone answers
    Person.objects.filter(pk=owner.pk).update(**closed)
    deliver(world, phone_check(world))
    assert results() == ["hit", "no_hit"]


def test_a_phone_without_an_owner_still_answers(world: World) -> None:
    phone(world.here, NUMBER)
    open_to(world, kinds=["phone"])
    deliver(world, phone_check(world))
    assert results() == ["hit"]


# 2. DP-02: overdue review blocks use; past retention never answers.


@pytest.mark.parametrize("field", ["review_date", "retention_date"])
def test_an_overdue_person_is_no_hit(world: World, field: str) -> None:
    record = khattabi(world.here)
    open_to(world)
    Person.objects.filter(pk=record.pk).update(
        **{field: timezone.localdate() - dt.timedelta(days=1)}
    )
    deliver(world, query_body(world))
    assert results() == ["no_hit"]
    Person.objects.filter(pk=record.pk).update(**{field: timezone.localdate()})
    deliver(world, query_body(world))
    assert results() == ["no_hit", "hit"]  # due today is still in use


@pytest.mark.parametrize("field", ["review_date", "retention_date"])
def test_an_overdue_phone_is_no_hit(world: World, field: str) -> None:
    row = phone(world.here, NUMBER)
    Phone.objects.filter(pk=row.pk).update(**{field: timezone.localdate() - dt.timedelta(days=1)})
    open_to(world, kinds=["phone"])
    deliver(world, phone_check(world))
    assert results() == ["no_hit"]


# 3. An impossible date of birth is refused when asking.


@pytest.mark.parametrize("value", ["1980-02-31", "31/02/1980", "2999", "1700-01-01"])
def test_an_impossible_birth_date_is_refused_when_asking(world: World, value: str) -> None:
    ask = actions.Ask(
        kind="person",
        channel=world.channel,
        recipients=[world.partner],
        purpose="Border control",
        names=["Ali Benali"],
        birth_date=value,
    )
    with pytest.raises(RuleViolation, match="Not a date of birth"):
        actions.send_check(ask, acting_user=world.officer)
    assert not Check.objects.exists()


# 4. IO-02: a bad incoming query is refused (parked at once), never retried; NUL is refused.


@pytest.mark.parametrize(
    "overrides",
    [
        {"birth_date": "abc"},
        {"birth_date": "0"},
        {"birth_date": "1980-02-31"},
        {"names": ["Abdelatif\x00 El Khattabi"]},
        {"purpose": "Border\x00control"},
        {"requester_name": "Officer\x00"},
        {"kind": "phone", "names": [], "birth_date": "", "value": "+21266\x001123456"},
    ],
    ids=["letters", "zero", "feb-31", "nul-name", "nul-purpose", "nul-requester", "nul-value"],
)
def test_a_bad_incoming_query_is_parked_at_once(world: World, overrides: dict[str, Any]) -> None:
    khattabi(world.here)
    open_to(world)
    assert deliver(world, query_body(world, **overrides)) == "parked"
    assert not InboxFailure.objects.exists()  # refused, not a handler failure to retry
    assert not IncomingCheck.objects.exists()
    assert not answers_sent()


def test_an_incoming_birth_date_as_written_is_read(world: World) -> None:
    khattabi(world.here)
    open_to(world)
    assert deliver(world, query_body(world, birth_date="12/03/1980")) == "applied"
    assert IncomingCheck.objects.get().query["birth_date"] == "1980-03-12"
    assert results() == ["hit"]


@pytest.mark.parametrize(
    "overrides",
    [
        {"names": ["Ali\x00"]},
        {"purpose": "Border\x00control"},
        {"birth_date": "1980\x00"},
        {"kind": "vessel", "names": [], "value": "Sea\x00Star"},
    ],
    ids=["name", "purpose", "birth-date", "value"],
)
def test_nul_in_the_api_is_a_clear_400(world: World, overrides: dict[str, Any]) -> None:
    body = {
        "channel": world.channel.code,
        "recipients": [world.partner.code],
        "kind": "person",
        "names": ["Ali Benali"],
        "purpose": "Border control",
        **overrides,
    }
    response = Client(raise_request_exception=False).post(
        "/api/v1/checks/", body, content_type="application/json", **bearer(world.officer)
    )
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]
    assert not Check.objects.exists()
    assert not OutboxEnvelope.objects.exists()


def test_nul_in_the_form_is_a_form_error(world: World) -> None:
    data = {
        "channel": world.channel.pk,
        "recipients": [world.partner.pk],
        "kind": "person",
        "names": "Ali\x00 Benali",
        "birth_date": "",
        "value": "",
        "purpose": "Border control",
        "crime_area": "drugs",
    }
    response = login_verified(Client(), world.officer).post(reverse("checks:new"), data)
    assert response.status_code == 400
    assert not Check.objects.exists()


def test_nul_in_a_decision_note_is_refused(world: World) -> None:
    khattabi(world.here)
    open_to(world)
    deliver(world, query_body(world))
    candidate = Candidate.objects.get()
    with pytest.raises(RuleViolation, match="NUL"):
        actions.decide(candidate, "match", note="same\x00man", acting_user=world.analyst)
    assert not MatchDecision.objects.exists()


# 5. An opening never reaches above the channel's ceiling, even one lowered later.


def test_an_opening_is_capped_at_a_lowered_channel_ceiling(world: World) -> None:
    khattabi(world.here, handling="H2")
    open_to(world, max_handling="H2")
    deliver(world, query_body(world))
    assert results() == ["hit"]
    world.channel.max_handling = "H1"
    world.channel.save()
    deliver(world, query_body(world))
    assert results() == ["hit", "no_hit"]


# 6. The same check uid again from the peer is refused cleanly.


def test_a_repeated_check_uid_is_refused_not_failed(world: World) -> None:
    khattabi(world.here)
    open_to(world)
    body = query_body(world)
    assert deliver(world, body) == "applied"
    again = dict(body, created_at=timezone.now().isoformat())  # a new envelope, same check
    assert deliver(world, again) == "parked"
    assert not InboxFailure.objects.exists()
    assert IncomingCheck.objects.count() == 1
    assert results() == ["hit"]


# 7. The per-peer count runs with the peer's row locked: two concurrent batches from one peer
# never exceed its limit (tests/checks/test_concurrency.py, with real transactions on PostgreSQL).


# Erasure: an erased record is no longer named by candidates or decisions.


def test_forget_record_blanks_candidates_and_decisions(world: World) -> None:
    record = khattabi(world.here)
    other = khattabi(world.here)
    open_to(world)
    deliver(world, query_body(world))
    mine = Candidate.objects.get(record_uid=record.uid)
    kept = Candidate.objects.get(record_uid=other.uid)
    actions.decide(mine, "match", note="same man", acting_user=world.analyst)
    actions.decide(kept, "unsure", note="maybe", acting_user=world.analyst)
    assert actions.forget_record(record.uid) == 1
    mine.refresh_from_db()
    assert (mine.record_label, mine.explanation, mine.evidence) == ("", "", {})
    assert kept.evidence["name"]["record_name"]  # the other record's evidence is untouched
    assert mine.score > 0.8  # the score stays
    decision = MatchDecision.objects.get(record_uid=record.uid)
    assert (decision.counterpart_label, decision.note, decision.verdict) == ("", "", "match")
    kept.refresh_from_db()
    assert "الخطابي" in kept.record_label
    assert MatchDecision.objects.get(record_uid=other.uid).note == "maybe"
    assert actions.forget_record(record.uid) == 0
    assert actions.forget_record(uuid.uuid4()) == 0
