"""Alerts in the JSON API: a draft written, edited and submitted by an officer, released by a
second supervisor, on the board of both agencies; one alert read with what the reader may see
(the grounds not for the frontline; a discreet check's details neither, its entity yes, in the
history too); its update, extension, withdrawal, acknowledgement and measures (201 applied
here, the home); bad input answers 400 naming the field, another agency's alert 404."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from strait.accounts.models import User
from strait.alerts.models import Alert, AlertDraft
from strait.audit.models import AuditEntry
from tests.alerts.scene import Scene, make_scene
from tests.api_client import Api
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(make_user: Callable[..., User], settings: Any) -> Scene:
    return make_scene(make_user, settings)


def draft_body(scene: Scene, **values: Any) -> dict[str, Any]:
    now = timezone.now()
    details = {
        "place": "Fnideq beach",
        "estimated_people": 300,
        "boats": 4,
        "direction": "North",
        "lat": "35.85",
        "lon": "-5.35",
    } | values.pop("details", {})
    return {
        "type": "migration_surge",
        "title": "Fnideq: surge expected tonight",
        "grounds": "Informant: gathering near Castillejos.",
        "handling": "H1",
        "area_kind": "coast",
        "area_codes": ["tanger-fnideq"],
        "valid_from": (now - dt.timedelta(minutes=5)).isoformat(),
        "valid_until": (now + dt.timedelta(days=1)).isoformat(),
        "addressees": [scene.addressee.code, scene.remote.code],
        "details": details,
    } | values


def release(scene: Scene, **values: Any) -> dict[str, Any]:
    made = Api(scene.author).post("/alerts/drafts", draft_body(scene, **values))
    assert made.status_code == 201, made.json()
    uid = made.json()["uid"]
    submitted = Api(scene.author).post(f"/alerts/drafts/{uid}/submit", {})
    assert submitted.status_code == 200, submitted.json()
    released = Api(scene.supervisor).post(f"/alerts/review/{uid}/release", {})
    assert released.status_code == 201, released.json()
    body: dict[str, Any] = released.json()
    return body


def test_draft_submit_release_and_board(scene: Scene) -> None:
    author = Api(scene.author)
    made = author.post("/alerts/drafts", draft_body(scene, title="First title"))
    assert made.status_code == 201
    uid = made.json()["uid"]
    assert made.json()["status"] == "draft"
    assert made.json()["details"]["lat"] == "35.85"
    edited = author.post(f"/alerts/drafts/{uid}", draft_body(scene))
    assert edited.json()["title"] == "Fnideq: surge expected tonight"
    assert [d["uid"] for d in author.get("/alerts/drafts").json()] == [uid]
    assert author.post(f"/alerts/drafts/{uid}/submit", {}).json()["status"] == "submitted"
    assert [d["uid"] for d in Api(scene.supervisor).get("/alerts/review").json()] == [uid]
    released = Api(scene.supervisor).post(f"/alerts/review/{uid}/release", {})
    assert released.status_code == 201
    alert_uid = released.json()["uid"]
    for reader in (scene.recipient, scene.author):
        board = Api(reader).get("/alerts/").json()
        assert [a["uid"] for a in board] == [alert_uid]
    assert Api(scene.recipient).get("/alerts/", type="wanted").json() == []
    assert len(Api(scene.recipient).get("/alerts/", area="tanger-fnideq").json()) == 1
    assert Api(scene.lonely_supervisor).get("/alerts/").json() == []


def test_a_returned_draft_carries_the_note(scene: Scene) -> None:
    uid = Api(scene.author).post("/alerts/drafts", draft_body(scene)).json()["uid"]
    Api(scene.author).post(f"/alerts/drafts/{uid}/submit", {})
    answer = Api(scene.supervisor).post(f"/alerts/review/{uid}/return", {"note": "Which beach?"})
    assert answer.status_code == 200
    assert answer.json()["status"] == "returned"
    assert answer.json()["review_note"] == "Which beach?"


def test_the_frontline_reads_no_grounds(scene: Scene) -> None:
    uid = release(scene)["uid"]
    officer = Api(scene.recipient).get(f"/alerts/{uid}").json()
    assert officer["grounds"] is None
    assert officer["details"]["place"] == "Fnideq beach"
    assert officer["required_action"].startswith("Reinforce the segment")
    assert all("grounds" not in change["body"] for change in officer["history"])
    analyst = Api(scene.recipient_analyst).get(f"/alerts/{uid}").json()
    assert analyst["grounds"] == "Informant: gathering near Castillejos."
    # Each read is a consultation in the audit log, under the reader's name.
    readers = AuditEntry.objects.filter(action="alerts.consulted", target=f"alert:{uid}")
    assert sorted(readers.values_list("actor", flat=True)) == ["lucia", "pablo"]


def test_a_discreet_check_shows_the_frontline_only_the_required_action(scene: Scene) -> None:
    person = PersonFactory(agency=scene.issuer, names=[("Karim Bennani", "Latn")])
    uid = release(
        scene,
        type="discreet_check",
        title="Discreet check: K. B.",
        grounds="Suspected courier for a network.",
        entity_ref=str(person.uid),
        area_kind="territory",
        area_codes=[],
        details={
            "place": "",
            "estimated_people": None,
            "boats": None,
            "direction": "",
            "lat": None,
            "lon": None,
            "description": "Travels by the Tanger Med ferry.",
        },
    )["uid"]
    raw = Api(scene.recipient).get(f"/alerts/{uid}")
    officer = raw.json()
    assert officer["required_action"] == "Report discreetly. Do not alert the person."
    assert officer["grounds"] is None
    assert officer["details"] is None
    # Whom to check discreetly, yes; why, no.
    assert officer["entity"]["label"] == "Karim Bennani"
    text = raw.content.decode()
    for secret in ("Suspected courier", "Tanger Med ferry"):
        assert secret not in text
    analyst = Api(scene.recipient_analyst).get(f"/alerts/{uid}").json()
    assert analyst["entity"]["label"] == "Karim Bennani"
    assert analyst["details"]["description"] == "Travels by the Tanger Med ferry."


def test_changes_answer_201_at_the_home(scene: Scene) -> None:
    uid = release(scene)["uid"]
    boss = Api(scene.supervisor)
    answer = boss.post(f"/alerts/{uid}/update", {"title": "Fnideq: 500 expected"})
    assert answer.status_code == 201
    assert answer.json()["status"] == "applied"
    later = (timezone.now() + dt.timedelta(days=3)).isoformat()
    assert boss.post(f"/alerts/{uid}/extend", {"valid_until": later}).status_code == 201
    ack = Api(scene.recipient).post(f"/alerts/{uid}/acknowledge", {"kind": "received"})
    assert ack.status_code == 201
    measure = Api(scene.recipient).post(f"/alerts/{uid}/measures", {"text": "Patrols doubled."})
    assert measure.status_code == 201
    detail = Api(scene.author).get(f"/alerts/{uid}").json()
    assert detail["title"] == "Fnideq: 500 expected"
    assert detail["version"] == 3
    assert [(a["agency"], a["kind"]) for a in detail["acknowledgements"]] == [
        ("dev-gc", "received")
    ]
    assert detail["history"][-1]["op"] == "alerts.add_measure"
    assert Api(scene.recipient).get(f"/alerts/{uid}").json()["acknowledged_by_my_agency"]
    assert boss.post(f"/alerts/{uid}/withdraw", {"reason": "Dispersed."}).status_code == 201
    assert Alert.objects.get().status == "withdrawn"
    late = Api(scene.recipient).post(f"/alerts/{uid}/acknowledge", {"kind": "action_taken"})
    assert late.status_code == 400
    assert late.json()["error"] == "alert_not_active"


def test_bad_input_names_the_field_and_writes_nothing(scene: Scene) -> None:
    author = Api(scene.author)
    negative = author.post("/alerts/drafts", draft_body(scene, details={"boats": -2}))
    assert negative.status_code == 400
    assert negative.json()["problems"] == ["boats: Cannot be negative."]
    off_map = author.post("/alerts/drafts", draft_body(scene, details={"lat": "40.1"}))
    assert off_map.status_code == 400
    assert {p.split(":")[0] for p in off_map.json()["problems"]} == {"lat", "lon"}
    lonely = author.post("/alerts/drafts", draft_body(scene, addressees=[scene.lonely.code]))
    assert lonely.status_code == 400
    assert "POL" in lonely.json()["problems"][0]
    assert not AlertDraft.objects.exists()


def test_another_agencys_alert_and_draft_are_not_found(scene: Scene) -> None:
    uid = release(scene)["uid"]
    outsider = Api(scene.lonely_supervisor)
    assert outsider.get(f"/alerts/{uid}").status_code == 404
    assert outsider.post(f"/alerts/{uid}/withdraw", {"reason": "x"}).status_code == 404
    draft = Api(scene.author).post("/alerts/drafts", draft_body(scene)).json()["uid"]
    assert outsider.get(f"/alerts/drafts/{draft}").status_code == 404
    assert Api(scene.recipient).post(f"/alerts/{uid}/withdraw", {"reason": "x"}).status_code == 403
