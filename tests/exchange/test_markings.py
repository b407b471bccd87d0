"""The one markings value (``strait/markings.py``): checked once, converted to and from forms,
wire bodies, rows and API schemas."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from strait.exchange import actions
from strait.exchange.models import Message
from strait.exchange.wire import MessageWire
from strait.markings import InvalidMarkings, Markings
from strait.refusals import Refused
from tests.api_client import Api
from tests.conftest import login_verified
from tests.exchange.conftest import World, draft
from tests.exchange.test_api import new_message
from tests.exchange.test_pages import compose_data

GOOD: dict[str, Any] = {
    "handling": "H3",
    "handling_conditions": "  No onward use  ",
    "tlp": "AMBER",
    "source_reliability": "B",
    "information_credibility": "2",
    "purpose": " Prevention of terrorism ",
    "subject_category": "suspect",
    "fact_or_assessment": "fact",
    "review_date": dt.date(2030, 1, 1),
    "retention_date": dt.date(2031, 1, 1),
}


def test_markings_keep_free_text_trimmed_and_are_frozen() -> None:
    markings = Markings(**GOOD)
    assert markings.purpose == "Prevention of terrorism"
    assert markings.handling_conditions == "No onward use"
    with pytest.raises(dataclasses.FrozenInstanceError):
        markings.handling = "H0"  # type: ignore[misc]


def test_markings_round_trip_through_the_wire_and_a_row() -> None:
    markings = Markings(**GOOD)
    wire = markings.to_wire()
    assert wire["review_date"] == "2030-01-01"
    assert Markings.from_wire(wire) == markings
    row = Message()
    markings.apply_to(row)
    assert Markings.from_model(row) == markings


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"handling": "H9"}, "handling"),
        ({"handling": ""}, "handling"),
        ({"tlp": "purple"}, "tlp"),
        ({"source_reliability": "Z"}, "source_reliability"),
        ({"information_credibility": "9"}, "information_credibility"),
        ({"subject_category": "nobody"}, "subject_category"),
        ({"fact_or_assessment": "rumour"}, "fact_or_assessment"),
        ({"purpose": "   "}, "purpose"),
        ({"purpose": "x" * 301}, "purpose"),
        ({"handling_conditions": "x" * 501}, "handling_conditions"),
        ({"retention_date": dt.date(2029, 12, 31)}, "retention_date"),
        ({"review_date": "2030-01-01"}, "review_date"),
    ],
)
def test_a_bad_marking_is_refused_by_field(changes: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidMarkings) as refused:
        Markings(**{**GOOD, **changes})
    assert isinstance(refused.value, Refused)
    assert [f for f, _m in refused.value.problems] == [field]


def test_a_bad_date_on_the_wire_is_refused() -> None:
    with pytest.raises(InvalidMarkings):
        Markings.from_wire({**Markings(**GOOD).to_wire(), "review_date": "2030-02-30"})


def test_the_draft_the_wire_and_the_row_carry_the_same_markings(world: World) -> None:
    markings = Markings(
        **{
            **GOOD,
            "handling": "H2",
            "review_date": dt.date(2099, 1, 1),
            "retention_date": dt.date(2099, 6, 1),
        }
    )
    message = actions.send_message(
        draft(world, kind="information", markings=None, **markings.as_fields()),
        acting_user=world.analyst,
    )
    assert Markings.from_model(message) == markings
    one = draft(world, markings=markings)
    assert one.markings == markings
    with pytest.raises(TypeError):
        draft(world, markings=markings, handling="H0")
    wire = MessageWire.model_validate(
        {
            "uid": message.uid,
            "thread_uid": message.thread_uid,
            "channel": "c",
            "kind": "information",
            "sender_agency": "a",
            "sender_name": "n",
            "recipients": ["b"],
            "subject": "s",
            "body": "b",
            "language": "en",
            "crime_area": "drugs",
            "urgency": "normal",
            "created_at": message.created_at,
            **markings.to_wire(),
        }
    )
    assert Markings.from_wire(wire.model_dump()) == markings


def test_a_retention_date_before_the_review_date_is_refused_on_the_page_and_in_the_api(
    world: World,
) -> None:
    page = login_verified(Client(), world.analyst).post(
        reverse("exchange:compose"),
        compose_data(world, review_date="2099-06-01", retention_date="2099-01-01"),
    )
    assert page.status_code == 400
    assert "retention_date" in page.context["form"].errors
    api = Api(world.analyst).post(
        "/messages", new_message(world, review_date="2099-06-01", retention_date="2099-01-01")
    )
    assert api.status_code == 400
    assert api.json()["error"] == "refused"
    assert "retention date" in api.json()["detail"]
    assert not Message.objects.exists()
