"""The checks pages and the JSON API: forms that say what is wrong, answers polled while
pending, the incoming queue and decisions for analysts, openings for supervisors, and another
agency's checks "not found" everywhere."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from strait.accounts.models import User
from strait.audit.events import AuditAction
from strait.audit.models import AuditEntry
from strait.checks import actions
from strait.checks.models import Check, CheckOpening, IncomingCheck
from strait.decisions.models import MatchDecision
from strait.federation.models import OutboxEnvelope
from tests.api_client import bearer
from tests.checks.conftest import World, deliver, khattabi, open_to, query_body
from tests.conftest import login_verified

pytestmark = pytest.mark.django_db
API = "/api/v1/checks"


def client(user: User) -> Client:
    return login_verified(Client(), user)


def form(world: World, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "channel": world.channel.pk,
        "recipients": [world.partner.pk],
        "kind": "person",
        "names": "Abdelatif El Khattabi\nعبد اللطيف الخطابي",
        "birth_date": "1980-03-12",
        "value": "",
        "purpose": "Border control",
        "crime_area": "drugs",
    }
    data.update(overrides)
    return data


def incoming_hit(world: World) -> IncomingCheck:
    khattabi(world.here)
    open_to(world)
    deliver(world, query_body(world))
    return IncomingCheck.objects.get()


def test_sending_a_check_from_the_page(world: World) -> None:
    response = client(world.officer).post(reverse("checks:new"), form(world))
    assert response.status_code == 302
    check = Check.objects.get()
    assert response["Location"] == reverse("checks:check", args=[check.uid])
    assert check.query["names"] == ["Abdelatif El Khattabi", "عبد اللطيف الخطابي"]
    page = client(world.officer).get(response["Location"])
    assert 'hx-trigger="every 2s"' in page.content.decode()


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"names": ""}, "Give at least one name."),
        ({"birth_date": "1980-13-01"}, "Not a date of birth"),
        ({"kind": "phone", "names": "", "value": "abc"}, "Not a valid Phone number"),
    ],
)
def test_the_form_says_what_is_wrong_and_sends_nothing(
    world: World, overrides: dict[str, Any], error: str
) -> None:
    response = client(world.officer).post(reverse("checks:new"), form(world, **overrides))
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not Check.objects.exists()
    assert not OutboxEnvelope.objects.exists()


def test_answers_stop_polling_once_in_and_offer_ask_for_details(world: World) -> None:
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
    partial = client(world.officer).get(
        reverse("checks:check", args=[check.uid]), HTTP_HX_REQUEST="true"
    )
    html = partial.content.decode()
    assert "hx-trigger" not in html
    assert "<html" not in html
    assert "CK-00000000000A" in html
    details = reverse("checks:ask_details", args=[check.uid, world.partner.code])
    assert details in html
    # While other answers are still polled in, the half-typed question must survive each swap.
    answer = check.answers.get()
    assert f'id="details-request-{answer.pk}" hx-preserve="true"' in html
    response = client(world.officer).post(details)
    assert response.status_code == 302
    assert "/exchange/threads/" in response["Location"]


def test_another_agency_check_is_not_found(world: World) -> None:
    check = actions.send_check(
        actions.Ask(
            kind="phone",
            channel=world.channel,
            recipients=[world.partner],
            purpose="Border control",
            value="+212661123456",
        ),
        acting_user=world.officer,
    )
    outsider = world.outsider_analyst
    assert client(outsider).get(reverse("checks:check", args=[check.uid])).status_code == 404
    details = reverse("checks:ask_details", args=[check.uid, world.partner.code])
    assert client(outsider).post(details).status_code == 404
    assert Client().get(f"{API}/{check.uid}", **bearer(outsider)).status_code == 404
    assert Client().get(f"{API}/{check.uid}", **bearer(world.analyst)).status_code == 200


def test_another_agency_incoming_check_is_not_found(world: World) -> None:
    incoming = incoming_hit(world)
    outsider = world.outsider_analyst
    assert client(outsider).get(reverse("checks:incoming", args=[incoming.uid])).status_code == 404
    assert Client().get(f"{API}/incoming/{incoming.uid}", **bearer(outsider)).status_code == 404
    assert (
        incoming.reference
        not in client(outsider).get(reverse("checks:incoming_list")).content.decode()
    )
    # Officers send checks; they do not see the partners' checks of their agency's records.
    assert (
        client(world.officer).get(reverse("checks:incoming", args=[incoming.uid])).status_code
        == 403
    )


def test_the_analyst_sees_the_candidate_with_its_explanation_and_decides(world: World) -> None:
    incoming = incoming_hit(world)
    analyst = client(world.analyst)
    assert incoming.reference in analyst.get(reverse("checks:incoming_list")).content.decode()
    page = analyst.get(reverse("checks:incoming", args=[incoming.uid])).content.decode()
    assert '<bdi dir="rtl">عبد اللطيف الخطابي</bdi>' in page, (
        "an Arabic name is shown right to left"
    )
    assert "same consonants" in page, "the matcher's evidence, in the reader's words"
    assert "Date of birth:" in page
    assert AuditEntry.objects.filter(action=AuditAction.CHECK_CANDIDATE_CONSULTED).count() == 1
    candidate = incoming.candidates.get()
    url = reverse("checks:decide", args=[incoming.uid])
    assert analyst.post(url, {"candidate": candidate.pk, "verdict": "unsure"}).status_code == 302
    assert (
        analyst.post(
            url, {"candidate": candidate.pk, "verdict": "match", "note": "Same DOB"}
        ).status_code
        == 302
    )
    first, second = MatchDecision.objects.order_by("id")
    assert (first.verdict, second.verdict) == ("unsure", "match")
    assert second.supersedes == first, "a decision supersedes, never overwrites"
    assert second.counterpart == f"check:{incoming.check_uid}"
    assert AuditEntry.objects.filter(action=AuditAction.MATCH_DECIDED).count() == 2
    page = analyst.get(reverse("checks:incoming", args=[incoming.uid])).content.decode()
    assert "superseded" in page
    assert "Same DOB" in page
    assert analyst.post(url, {"candidate": candidate.pk, "verdict": "maybe"}).status_code == 400
    assert analyst.post(url, {"candidate": 999999, "verdict": "match"}).status_code == 404


def test_the_details_request_is_linked_from_the_incoming_check(world: World) -> None:
    incoming = incoming_hit(world)
    from tests.exchange.test_arrivals import wire

    body = wire(
        world,  # type: ignore[arg-type]
        subject=f"Details after a hit: check {incoming.reference}",
        about=[{"kind": "case", "value": incoming.reference}],
        channel=world.channel.code,
        sender_agency=world.partner.code,
        recipients=[world.here.code],
        handling="H0",
    )
    assert deliver(world, body, kind="exchange.message") == "applied"
    page = client(world.analyst).get(reverse("checks:incoming", args=[incoming.uid]))
    assert f"/exchange/threads/{body['thread_uid']}/" in page.content.decode()


def test_openings_page_adds_and_removes_with_audit(world: World) -> None:
    supervisor = client(world.supervisor)
    url = reverse("checks:openings")
    data = {
        "partner": world.partner.pk,
        "channel": world.channel.pk,
        "kinds": ["person", "phone"],
        "max_handling": "H1",
    }
    assert supervisor.post(url, data).status_code == 302
    opening = CheckOpening.objects.get()
    assert (opening.kinds, opening.max_handling) == (["person", "phone"], "H1")
    assert supervisor.post(url, data | {"max_handling": "H3"}).status_code == 400
    remove = reverse("checks:opening_remove", args=[opening.uid])
    assert client(world.analyst).post(remove).status_code == 403
    assert supervisor.post(remove).status_code == 302
    assert not CheckOpening.objects.exists()
    assert AuditEntry.objects.filter(action=AuditAction.CHECK_OPENING_CHANGED).count() == 2


def test_the_api_sends_reads_and_decides(world: World, make_user: Callable[..., User]) -> None:
    api = Client()
    headers = bearer(world.officer)
    bad = api.post(
        f"{API}/",
        {
            "channel": world.channel.code,
            "recipients": [world.partner.code],
            "kind": "person",
            "names": ["Ab"],
            "birth_date": "1980-02-31x",
            "purpose": "Border",
        },
        content_type="application/json",
        **headers,
    )
    assert bad.status_code == 400
    assert "Not a date of birth" in bad.json()["detail"]
    sent = api.post(
        f"{API}/",
        {
            "channel": world.channel.code,
            "recipients": [world.partner.code],
            "kind": "person",
            "names": ["Abdelatif El Khattabi"],
            "purpose": "Border",
        },
        content_type="application/json",
        **headers,
    )
    assert sent.status_code == 201, sent.content
    assert sent.json()["answers"] == [
        {
            "agency": world.partner.code,
            "result": "pending",
            "reference": "",
            "reason": "",
            "answered_at": None,
            "details_thread_uid": None,
        }
    ]
    assert [c["uid"] for c in api.get(f"{API}/", **headers).json()] == [sent.json()["uid"]]
    refused = api.post(
        f"{API}/{sent.json()['uid']}/details",
        {"agency": world.partner.code},
        content_type="application/json",
        **headers,
    )
    assert refused.status_code == 400

    incoming = incoming_hit(world)
    analyst = bearer(world.analyst)
    queue = api.get(f"{API}/incoming", **analyst).json()
    assert [q["reference"] for q in queue] == [incoming.reference]
    detail = api.get(f"{API}/incoming/{incoming.uid}", **analyst).json()
    (candidate,) = detail["candidates"]
    assert candidate["features"]["name"] > 0.8
    decided = api.post(
        f"{API}/incoming/{incoming.uid}/decisions",
        {"candidate": candidate["id"], "verdict": "no_match"},
        content_type="application/json",
        **analyst,
    )
    assert decided.status_code == 201
    assert decided.json()["candidates"][0]["decisions"][0]["verdict"] == "no_match"
