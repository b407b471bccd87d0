"""The exchange through the JSON API: tokens only, the same permissions and rules as the pages,
another agency's items "not found", refusals that say why and write nothing."""

from __future__ import annotations

import base64
import datetime as dt
import uuid
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from strait.accounts import tokens
from strait.audit.events import AuditAction
from strait.audit.models import AuditEntry
from strait.exchange import actions
from strait.exchange.models import Consent, Message
from strait.federation.models import OutboxEnvelope
from strait.permissions import Role
from tests.api_client import Api
from tests.conftest import login_verified
from tests.exchange.conftest import World, draft

API = Api.base


def new_message(world: World, **overrides: Any) -> dict[str, Any]:
    today = timezone.localdate()
    body: dict[str, Any] = {
        "channel": world.channel.code,
        "kind": "request",
        "recipients": [world.neighbour.code],
        "subject": "Vehicle seen at the port",
        "body": "Please check the registration 1234-ABC.",
        "language": "en",
        "crime_area": "drugs",
        "urgency": "urgent",
        "handling": "H0",
        "purpose": "Investigation of drug trafficking",
        "subject_category": "suspect",
        "fact_or_assessment": "fact",
        "review_date": (today + dt.timedelta(days=90)).isoformat(),
        "retention_date": (today + dt.timedelta(days=365)).isoformat(),
    }
    body.update(overrides)
    return body


def counts() -> tuple[int, int, int]:
    return Message.objects.count(), AuditEntry.objects.count(), OutboxEnvelope.objects.count()


def test_without_a_usable_token_the_answer_is_401(world: World) -> None:
    assert Api(None).get("/messages/inbox").status_code == 401
    bad = Api(None)
    bad.headers = {"HTTP_AUTHORIZATION": "Bearer strait_000000000000_nothing"}
    assert bad.get("/messages/inbox").status_code == 401
    basic = Api(None)
    basic.headers = {"HTTP_AUTHORIZATION": "Basic dXNlcjpwYXNz"}
    assert basic.get("/messages/inbox").status_code == 401


def test_a_logged_in_session_is_not_accepted(world: World) -> None:
    client = login_verified(Client(), world.analyst)
    assert client.get(f"{API}/messages/inbox").status_code == 401
    before = counts()
    response = client.post(f"{API}/messages", new_message(world), content_type="application/json")
    assert response.status_code == 401
    assert counts() == before


def test_a_revoked_token_stops_at_once(world: World) -> None:
    token, secret = tokens.create_token(world.analyst, name="x", acting_user=world.analyst)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert client.get(f"{API}/messages/inbox").status_code == 200
    tokens.revoke_token(token, acting_user=world.analyst)
    assert client.get(f"{API}/messages/inbox").status_code == 401


def test_a_role_without_the_permission_gets_403(world: World, make_user: Any) -> None:
    admin = Api(make_user(agency=world.here, role=Role.NODE_ADMIN))
    assert admin.get("/messages/inbox").status_code == 403
    before = counts()
    # Refused before the body is read: a well-formed body or none at all, the answer is 403.
    assert admin.post("/messages", new_message(world)).status_code == 403
    assert admin.post("/messages", {}).status_code == 403
    assert counts() == before

    message = actions.send_message(draft(world), acting_user=world.analyst)
    officer = Api(make_user(agency=world.neighbour, role=Role.OFFICER))
    assert officer.get(f"/messages/{message.uid}/export").status_code == 403
    consent_uid = uuid.uuid4()
    answer = {"granted": True}
    assert Api(world.analyst).post(f"/consents/{consent_uid}/answer", answer).status_code == 403


def test_send_and_reply_round_trip(world: World) -> None:
    here, there = Api(world.analyst), Api(world.neighbour_analyst)
    response = here.post("/messages", new_message(world))
    assert response.status_code == 201, response.json()
    sent = response.json()
    assert sent["kind"] == "request"
    assert sent["deadline"] is not None
    assert sent["recipients"][0]["agency"] == world.neighbour.code
    assert "search_text" not in sent

    inbox = there.get("/messages/inbox").json()
    assert [item["uid"] for item in inbox["items"]] == [sent["uid"]]
    assert inbox["items"][0]["read_at"] is None
    assert inbox["next_before"] is None

    opened = there.get(f"/messages/{sent['uid']}")
    assert opened.status_code == 200
    assert opened.json()["body"] == "Please check the registration 1234-ABC."
    consulted = AuditEntry.objects.get(action=AuditAction.MESSAGE_CONSULTED)
    assert (consulted.actor, consulted.target) == (world.neighbour_analyst.username, sent["uid"])
    assert there.get("/messages/inbox").json()["items"][0]["read_at"] is not None

    answer = there.post(f"/messages/{sent['uid']}/reply", {"body": "Registered to a rental firm."})
    assert answer.status_code == 201, answer.json()
    assert answer.json()["thread_uid"] == sent["thread_uid"]
    # Stored and sent without an English "Re:": the kind says it answers (issue 12).
    assert answer.json()["subject"] == "Vehicle seen at the port"

    thread = here.get(f"/threads/{sent['thread_uid']}").json()
    assert [m["kind"] for m in thread] == ["request", "reply"]
    assert thread[0]["answered_at"] is not None
    assert [m["uid"] for m in here.get("/messages/sent").json()["items"]] == [sent["uid"]]
    assert here.get("/deadlines").json() == {"incoming": [], "outgoing": []}
    found = there.get("/search", q="registration").json()
    assert [m["uid"] for m in found] == [sent["uid"]]


def test_open_requests_show_on_the_deadlines(world: World) -> None:
    sent = Api(world.analyst).post("/messages", new_message(world)).json()
    incoming = Api(world.neighbour_analyst).get("/deadlines").json()["incoming"]
    assert [(m["uid"], m["overdue"]) for m in incoming] == [(sent["uid"], False)]


def test_inbox_pages_with_before(world: World) -> None:
    first = actions.send_message(draft(world, subject="first"), acting_user=world.analyst)
    Message.objects.filter(pk=first.pk).update(created_at=first.created_at - dt.timedelta(hours=1))
    first.recipients.update(created_at=first.created_at - dt.timedelta(hours=1))
    second = actions.send_message(draft(world, subject="second"), acting_user=world.analyst)
    there = Api(world.neighbour_analyst)
    everything = there.get("/messages/inbox").json()["items"]
    assert [i["subject"] for i in everything] == ["second", "first"]
    older = there.get("/messages/inbox", before=second.created_at.isoformat()).json()["items"]
    assert [i["subject"] for i in older] == ["first"]


def test_another_agencys_items_are_not_found(world: World) -> None:
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    message = actions.send_message(
        draft(world, uploads=[actions.attachments.Upload("report.pdf", pdf)]),
        acting_user=world.analyst,
    )
    attachment = message.attachments.get()
    outsider = Api(world.outsider_analyst)
    before = counts()
    for path in (
        f"/messages/{message.uid}",
        f"/threads/{message.thread_uid}",
        f"/attachments/{attachment.uid}",
        f"/messages/{message.uid}/export",
    ):
        response = outsider.get(path)
        assert response.status_code == 404, path
        assert response.json() == {"error": "not_found", "detail": "Not found."}
    reply = outsider.post(f"/messages/{message.uid}/reply", {"body": "x"})
    assert reply.status_code == 404
    assert counts() == before  # nothing read, nothing written, nothing logged as a read
    assert outsider.get("/search", q="registration").json() == []
    # A search is logged whatever it finds (issue 10): one entry, and it names nothing found.
    searched = AuditEntry.objects.order_by("-seq").first()
    assert searched is not None
    assert searched.actor == world.outsider_analyst.username
    assert counts() == (before[0], before[1] + 1, before[2])


def test_an_attachment_sent_and_downloaded_through_the_api(world: World) -> None:
    data = b"Registration;Owner\n1234-ABC;Rental\n"
    body = new_message(
        world, attachments=[{"filename": "list.csv", "data": base64.b64encode(data).decode()}]
    )
    sent = Api(world.analyst).post("/messages", body)
    assert sent.status_code == 201, sent.json()
    uid = sent.json()["attachments"][0]["uid"]
    response = Api(world.neighbour_analyst).get(f"/attachments/{uid}")
    assert response.status_code == 200
    assert response.content == data
    assert response["Content-Type"] == "text/plain"
    assert response["Content-Disposition"] == 'attachment; filename="list.csv"'
    entry = AuditEntry.objects.get(action=AuditAction.ATTACHMENT_DOWNLOADED)
    assert entry.actor == world.neighbour_analyst.username
    assert entry.details["attachment"] == uid


@pytest.mark.parametrize(
    ("overrides", "status", "says"),
    [
        ({"kind": "information"}, 400, "evaluation"),
        ({"kind": "reply"}, 422, "kind"),
        ({"body": "x" * 20001}, 422, "body"),
        ({"subject": "x" * 301}, 422, "subject"),
        ({"channel": "no-such-channel"}, 400, "Unknown channel"),
        ({"recipients": ["no-such-agency"]}, 400, "Unknown agency"),
        ({"recipients": ["dev-other"]}, 400, "does not take part"),
        ({"handling": "H9"}, 422, "handling"),
        ({"review_date": "2000-01-01"}, 400, "past"),
        ({"unexpected": "field"}, 422, "unexpected"),
        ({"attachments": [{"filename": "a.txt", "data": "not base64!"}]}, 422, "base64"),
        ({"attachments": [{"filename": "a.pdf", "data": "aGVsbG8="}]}, 400, "does not contain"),
        ({"body": "Hola\x00"}, 400, "NUL"),  # PostgreSQL cannot store it: refused by the API
    ],
)
def test_bad_bodies_say_why_and_write_nothing(
    world: World, overrides: dict[str, Any], status: int, says: str
) -> None:
    client = Api(world.analyst)
    before = counts()
    response = client.post("/messages", new_message(world, **overrides))
    assert response.status_code == status, response.json()
    assert says in str(response.json())
    if status == 400:
        assert response.json()["error"] == "refused"
    assert counts() == before


def test_a_body_that_is_not_json_is_400(world: World) -> None:
    client = Api(world.analyst)
    before = counts()
    response = client.client.post(
        f"{API}/messages", "{not json", content_type="application/json", **client.headers
    )
    assert response.status_code == 400
    assert "Cannot parse request body" in response.json()["detail"]
    assert counts() == before


def test_a_missing_body_is_422_with_the_field(world: World) -> None:
    client = Api(world.analyst)
    before = counts()
    response = client.post("/messages", {"channel": world.channel.code})
    assert response.status_code == 422
    assert response.json()["error"] == "invalid"
    assert "body: Field required" in response.json()["problems"]
    assert counts() == before


def test_attachments_through_the_api_are_capped_in_total(world: World) -> None:
    client = Api(world.analyst)
    chunk = base64.b64encode(b"a" * (600 * 1024)).decode()
    files = [{"filename": f"{n}.txt", "data": chunk} for n in range(3)]
    before = counts()
    response = client.post("/messages", new_message(world, attachments=files))
    assert response.status_code == 422
    assert "at most 1536 KiB" in str(response.json())
    # Past what Django reads into memory at all: 413, before any parsing.
    huge = [{"filename": "big.txt", "data": base64.b64encode(b"a" * (2 << 20)).decode()}]
    response = client.post("/messages", new_message(world, attachments=huge))
    assert response.status_code == 413
    assert response.json()["error"] == "too_large"
    assert counts() == before


def test_script_in_a_body_is_kept_and_returned_as_text(world: World) -> None:
    text = '<script>alert("x")</script> & <b>bold</b>'
    sent = Api(world.analyst).post("/messages", new_message(world, body=text, subject=text))
    assert sent.status_code == 201
    assert Message.objects.get().body == text
    response = Api(world.neighbour_analyst).get(f"/messages/{sent.json()['uid']}")
    assert response["Content-Type"].startswith("application/json")
    assert response["Cache-Control"] == "no-store"
    assert response.json()["body"] == text
    assert response.json()["subject"] == text


def test_corrections_consent_forward_and_export(world: World) -> None:
    here, there = Api(world.analyst), Api(world.neighbour_analyst)
    supervisor = Api(world.supervisor)
    sent = here.post(
        "/messages",
        new_message(
            world,
            kind="information",
            handling="H2",
            source_reliability="B",
            information_credibility="2",
        ),
    ).json()
    uid = sent["uid"]

    refused = there.get(f"/messages/{uid}/export")
    assert refused.status_code == 400
    assert "consent" in refused.json()["detail"]

    asked = there.post(
        f"/messages/{uid}/consents", {"purpose": "export", "reason": "For the prosecutor."}
    )
    assert asked.status_code == 201, asked.json()
    consent_uid = asked.json()["uid"]
    assert supervisor.get("/consents").json()["to_answer"][0]["uid"] == consent_uid
    answered = supervisor.post(f"/consents/{consent_uid}/answer", {"granted": True, "note": "ok"})
    assert answered.status_code == 200, answered.json()
    assert answered.json()["status"] == Consent.Status.GRANTED
    # Answered, it is no longer one to answer: not found.
    again = supervisor.post(f"/consents/{consent_uid}/answer", {"granted": False})
    assert again.status_code == 404

    exported = there.get(f"/messages/{uid}/export")
    assert exported.status_code == 200
    assert "Please check the registration" in exported.json()["text"]
    assert AuditEntry.objects.filter(action=AuditAction.MESSAGE_EXPORTED).count() == 1

    blocked = there.post(
        f"/messages/{uid}/forward", {"channel": world.channel.code, "to": "ma-partner"}
    )
    assert blocked.status_code == 400
    assert "consent" in blocked.json()["detail"]
    there.post(
        f"/messages/{uid}/consents",
        {"purpose": "forward", "third_party": "ma-partner", "reason": "Joint case."},
    )
    forward_consent = Consent.objects.get(purpose="forward")
    supervisor.post(f"/consents/{forward_consent.uid}/answer", {"granted": True})
    forwarded = there.post(
        f"/messages/{uid}/forward", {"channel": world.channel.code, "to": "ma-partner"}
    )
    assert forwarded.status_code == 201, forwarded.json()
    assert forwarded.json()["forwarded_from_uid"] == uid

    not_ours = there.post(f"/messages/{uid}/corrections", {"kind": "erasure", "text": "Wrong."})
    assert not_ours.status_code == 400
    notice = here.post(f"/messages/{uid}/corrections", {"kind": "rectification", "text": "Fixed."})
    assert notice.status_code == 201, notice.json()
    assert here.get(f"/messages/{uid}").json()["rectified_at"] is not None


def test_channels_lists_the_agencys_channels(world: World) -> None:
    channels = Api(world.analyst).get("/channels").json()
    assert [c["code"] for c in channels] == [world.channel.code]
    assert world.partner.code in channels[0]["agencies"]
    assert Api(world.outsider_analyst).get("/channels").json() == []


def test_the_openapi_document_lists_the_exchange(world: World) -> None:
    response = Client().get(reverse("api:openapi-json"))
    assert response.status_code == 200
    document = response.json()
    paths = document["paths"]
    for path in (
        "/api/v1/channels",
        "/api/v1/messages",
        "/api/v1/messages/inbox",
        "/api/v1/messages/{uid}",
        "/api/v1/messages/{uid}/reply",
        "/api/v1/consents/{uid}/answer",
        "/api/v1/attachments/{uid}",
        "/api/v1/search",
    ):
        assert path in paths, path
    assert "search_text" not in response.content.decode()
    schemes = document["components"]["securitySchemes"]
    assert {s["scheme"] for s in schemes.values()} == {"bearer"}
    assert Client().get(f"{API}/docs").status_code == 404
