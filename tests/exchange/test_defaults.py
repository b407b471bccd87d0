"""Reply defaults are written once (``exchange/defaults.py``): the page and the API fill in an
answer the same way (issue 10). They used to differ: the page took today's date from the
machine and the API from the node."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.test import Client
from django.urls import reverse

from strait.exchange import actions, defaults
from strait.exchange.models import Message
from strait.markings import Markings
from tests.api_client import Api
from tests.conftest import login_verified
from tests.exchange.conftest import World, draft


def what_a_reply_carries(m: Message) -> dict[str, object]:
    return {
        "channel": m.channel_id,
        "kind": m.kind,
        "recipients": [r.agency.code for r in m.recipients.all()],
        "subject": m.subject,
        "language": m.language,
        "crime_area": m.crime_area,
        "urgency": m.urgency,
        "markings": Markings.from_model(m),
        "about": [(a.kind, a.value) for a in m.about.all()],
        "in_reply_to_uid": m.in_reply_to_uid,
        "thread_uid": m.thread_uid,
    }


def test_the_page_and_the_api_answer_with_the_same_defaults(
    world: World, time_machine: time_machine.TimeMachineFixture
) -> None:
    # Half an hour before midnight UTC it is already tomorrow in Madrid: the page and the API
    # both date the answer on the answerer's clock (the API used to take UTC's date).
    time_machine.move_to(dt.datetime(2026, 12, 3, 23, 30, tzinfo=dt.UTC))
    world.neighbour_analyst.time_zone = "Europe/Madrid"
    world.neighbour_analyst.save(update_fields=["time_zone"])
    original = actions.send_message(
        draft(
            world,
            urgency="urgent",
            crime_area="terrorism",
            subject_category="witness",
            fact_or_assessment="assessment",
            about=[("phone", "+212 661 234 567")],
        ),
        acting_user=world.analyst,
    )
    # An old request: its review and retention dates have passed, an answer keeps them to today.
    past = dt.date(2026, 11, 20)
    Message.objects.filter(pk=original.pk).update(review_date=past, retention_date=past)
    original.refresh_from_db()

    page = login_verified(Client(), world.neighbour_analyst).post(
        reverse("exchange:reply", args=[original.uid]),
        {
            "kind": "reply",
            "body": "Registered to a rental firm.",
            "language": "en",
            "handling": "H0",
            "handling_conditions": "",
            "tlp": "",
            "source_reliability": "",
            "information_credibility": "",
        },
    )
    assert page.status_code == 302, page.content.decode()[:2000]
    api = Api(world.neighbour_analyst).post(
        f"/messages/{original.uid}/reply",
        {
            "kind": "reply",
            "body": "Registered to a rental firm.",
            "language": "en",
            "handling": "H0",
        },
    )
    assert api.status_code == 201, api.content
    by_page, by_api = Message.objects.filter(in_reply_to_uid=original.uid).order_by("id")
    assert what_a_reply_carries(by_page) == what_a_reply_carries(by_api)
    # And what they agree on is what defaults.reply says.
    assert by_page.subject == defaults.reply_subject(original)
    assert by_page.urgency == "normal"
    assert by_page.review_date == by_page.retention_date == dt.date(2026, 12, 4)
    assert world.neighbour_analyst.today() == dt.date(2026, 12, 4)
    assert by_page.purpose == original.purpose
    assert by_page.subject_category == "witness"
    assert by_page.fact_or_assessment == "assessment"
