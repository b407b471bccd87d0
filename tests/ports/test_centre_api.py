"""The centres in the JSON API: list and detail scoped to the caller's agency (another's centre
is 404), the duty log written only on the roster (403 off it), incidents, the rule, counts."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from strait.accounts import tokens
from strait.accounts.models import User
from strait.ports.models import CountReport, Incident, LogEntry
from tests.factories.ports import CentreWorld, build

pytestmark = pytest.mark.django_db

BASE = "/api/v1/ports/centres"


@pytest.fixture
def cw(make_user: Callable[..., User]) -> CentreWorld:
    return build(make_user)


def _call(user: User, method: str, path: str, body: Any = None) -> Any:
    _token, secret = tokens.create_token(user, name="test", acting_user=user)
    return Client().generic(
        method,
        path,
        json.dumps(body) if body is not None else "",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )


def test_the_centres_are_the_callers_agencys(cw: CentreWorld) -> None:
    mine = _call(cw.es_officer, "GET", BASE).json()
    assert [c["code"] for c in mine] == ["tanger-med"]
    assert _call(cw.outsider_officer, "GET", BASE).json() == []
    uid = cw.centre.obj.uid
    detail = _call(cw.es_officer, "GET", f"{BASE}/{uid}").json()
    assert len(detail["on_duty"]) == 3
    assert _call(cw.outsider_officer, "GET", f"{BASE}/{uid}").status_code == 404


def test_the_log_is_written_on_the_roster_only(cw: CentreWorld) -> None:
    url = f"{BASE}/{cw.centre.obj.uid}/log"
    ok = _call(cw.es_officer, "POST", url, {"kind": "information", "text": "Ferry late"})
    assert ok.status_code == 201
    refused = _call(cw.es_idle, "POST", url, {"kind": "information", "text": "x"})
    assert refused.status_code == 403
    assert refused.json()["error"] == "not_on_roster"
    assert LogEntry.objects.count() == 1
    log = _call(cw.coordinator, "GET", url).json()
    assert [e["text"] for e in log] == ["Ferry late"]


def test_an_incident_through_the_api(cw: CentreWorld) -> None:
    url = f"{BASE}/{cw.centre.obj.uid}/incidents"
    body = {"kind": "smuggling", "at": timezone.now().isoformat(), "summary": "Hashish in a van"}
    assert _call(cw.es_officer, "POST", url, body).status_code == 201
    incident = Incident.objects.get()
    got = _call(cw.coordinator, "GET", f"{url}/{incident.uid}").json()
    assert got["summary"] == "Hashish in a van"
    update = _call(cw.coordinator, "POST", f"{url}/{incident.uid}", {"action_taken": "x"})
    assert update.status_code == 403


def test_the_rule_and_the_counts(cw: CentreWorld) -> None:
    uid = cw.centre.obj.uid
    assert (
        _call(cw.es_officer, "POST", f"{BASE}/{uid}/rule", {"retention_hours": 24}).status_code
        == 403
    )
    assert (
        _call(cw.coordinator, "POST", f"{BASE}/{uid}/rule", {"retention_hours": 0}).status_code
        == 400
    )
    day = timezone.localdate().isoformat()
    counts = {"day": day, "asked": 3, "answered": 3, "hits": 1}
    assert _call(cw.es_officer, "POST", f"{BASE}/{uid}/counts", counts).status_code == 201
    assert CountReport.objects.get().hits == 1
    got = _call(cw.coordinator, "GET", f"{BASE}/{uid}/counters").json()
    assert got["sides"] == [{"agency": cw.es.code, "asked": 3, "answered": 3, "hits": 1}]
