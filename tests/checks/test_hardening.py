"""What the adversarial probe of two demo nodes found in checks (issue 11), each case as the
probe sent it: an id too large for the database is a form error, never a server error (5); the
partners' checks list is a consultation in the audit log (8)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from strait.audit.events import AuditAction
from strait.audit.models import AuditEntry
from strait.checks.models import Check, CheckOpening, IncomingCheck
from strait.decisions.models import MatchDecision
from strait.federation.models import OutboxEnvelope
from tests.api_client import bearer
from tests.checks.conftest import World, deliver, khattabi, open_to, query_body
from tests.conftest import login_verified

pytestmark = pytest.mark.django_db
API = "/api/v1/checks"
HUGE = 2**63  # one past the largest 64-bit integer: SQLite cannot even bind it


def check_form(world: World, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "channel": world.channel.pk,
        "recipients": [world.partner.pk],
        "kind": "person",
        "names": "Abdelatif El Khattabi",
        "birth_date": "",
        "value": "",
        "purpose": "Border control",
        "crime_area": "drugs",
    }
    data.update(overrides)
    return data


# 5. A recipient (or any chosen object) id of 2**63 or more is a form error.


@pytest.mark.parametrize(
    "overrides",
    [
        {"recipients": [HUGE]},
        {"recipients": [str(HUGE * 1000)]},
        {"recipients": ["PARTNER", HUGE]},
        {"channel": HUGE},
        {"recipients": [-HUGE - 1]},
    ],
    ids=["recipient", "recipient-huger", "recipient-among-others", "channel", "negative"],
)
def test_a_huge_id_in_the_check_form_is_a_form_error(
    world: World, overrides: dict[str, Any]
) -> None:
    if "PARTNER" in overrides.get("recipients", []):
        overrides["recipients"] = [world.partner.pk, HUGE]
    response = login_verified(Client(), world.officer).post(
        reverse("checks:new"), check_form(world, **overrides)
    )
    assert response.status_code == 400
    assert response.context["form"].errors
    assert not Check.objects.exists()
    assert not OutboxEnvelope.objects.exists()


@pytest.mark.parametrize("field", ["partner", "channel"])
def test_a_huge_id_in_the_opening_form_is_a_form_error(world: World, field: str) -> None:
    data = {
        "partner": world.partner.pk,
        "channel": world.channel.pk,
        "kinds": ["person"],
        "max_handling": "H0",
        field: HUGE,
    }
    response = login_verified(Client(), world.supervisor).post(reverse("checks:openings"), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not CheckOpening.objects.exists()


def _incoming(world: World) -> IncomingCheck:
    khattabi(world.here)
    open_to(world)
    deliver(world, query_body(world))
    return IncomingCheck.objects.get()


def test_a_huge_candidate_id_is_not_found_on_the_page_and_in_the_api(world: World) -> None:
    incoming = _incoming(world)
    page = login_verified(Client(), world.analyst).post(
        reverse("checks:decide", args=[incoming.uid]),
        {"candidate": HUGE, "verdict": "match", "note": ""},
    )
    assert page.status_code == 404
    api = Client().post(
        f"{API}/incoming/{incoming.uid}/decisions",
        {"candidate": HUGE, "verdict": "match"},
        content_type="application/json",
        **bearer(world.analyst),
    )
    assert api.status_code in (404, 422)
    assert not MatchDecision.objects.exists()


# 8. The partners' checks list shows the names partners checked: a consultation (LOG-01).


def _listed() -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=AuditAction.CHECK_INCOMING_CONSULTED))


def test_the_partners_checks_page_is_a_consultation(world: World) -> None:
    incoming = _incoming(world)
    response = login_verified(Client(), world.analyst).get(reverse("checks:incoming_list"))
    assert response.status_code == 200
    assert incoming.label in response.content.decode()
    (entry,) = _listed()
    assert entry.actor == world.analyst.username
    assert entry.agency == world.here.code
    assert entry.details["shown"] == [incoming.reference]


def test_the_partners_checks_api_is_a_consultation(world: World) -> None:
    incoming = _incoming(world)
    response = Client().get(f"{API}/incoming", **bearer(world.analyst))
    assert response.status_code == 200
    assert [q["label"] for q in response.json()] == [incoming.label]
    (entry,) = _listed()
    assert entry.actor == world.analyst.username
    assert entry.details["shown"] == [incoming.reference]


def test_an_empty_partners_checks_list_shows_nothing_and_logs_nothing(world: World) -> None:
    page = login_verified(Client(), world.analyst).get(reverse("checks:incoming_list"))
    assert page.status_code == 200
    assert Client().get(f"{API}/incoming", **bearer(world.analyst)).status_code == 200
    assert _listed() == []
