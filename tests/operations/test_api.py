"""Joint operations in the JSON API: list, detail, create, each op as a POST; a non-participant
and a removed member get 404; an observer's writes are refused; bad bodies get a clear error
and write nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from strait.operations import actions
from strait.operations.models import (
    LinkedThread,
    Note,
    Operation,
    OperationEntity,
    Outcome,
    Relation,
    Task,
    TimelineEntry,
)
from strait.sharing import queries as sharing
from strait.sharing.models import Change
from tests.api_client import Api
from tests.factories import ChannelFactory, MessageFactory, RecipientFactory
from tests.operations.conftest import World, person

pytestmark = pytest.mark.django_db

MISSING = "d6a4f1b2-0000-4000-8000-000000000000"


def base(world: World) -> str:
    return f"/operations/{world.op.obj.uid}"


def _changes(world: World) -> int:
    return Change.objects.filter(obj=world.op.obj).count()


def test_list_and_detail(world: World) -> None:
    record = person(world.lead, "يوسف الإدريسي", "Arab")
    actions.share_entity(world.analyst, world.op, kind="person", record=record.uid)
    api = Api(world.partner_analyst)
    listed = api.get("/operations/")
    assert listed.status_code == 200
    assert [o["code_name"] for o in listed.json()] == ["Operation Cedar"]
    assert listed.json()[0]["lead"] == "dev-dgst"
    detail = api.get(base(world)).json()
    assert detail["role"] == "participant"
    assert detail["seq"] == world.op.obj.changes.count()
    assert {p["agency"]: p["role"] for p in detail["participants"]} == {
        "dev-dgst": "lead",
        "dev-cgi": "participant",
        "dev-psp": "observer",
    }
    assert detail["entities"][0]["label"] == "يوسف الإدريسي"
    assert detail["entities"][0]["script"] == "Arab"
    assert Api(world.outsider_analyst).get("/operations/").json() == []


def test_create(world: World) -> None:
    made = Api(world.analyst).post(
        "/operations/",
        {
            "code_name": "Operation Strait Flight",
            "crime_area": "drugs",
            "legal_basis": "Agreement",
            "purpose": "Drug flights",
            "ceiling": "H2",
            "participants": [{"agency": "dev-cgi", "role": "participant"}],
        },
    )
    assert made.status_code == 201, made.json()
    body = made.json()
    assert body["code_name"] == "Operation Strait Flight"
    assert body["ceiling"] == "H2"
    assert {p["agency"] for p in body["participants"]} == {"dev-dgst", "dev-cgi"}


@pytest.mark.parametrize(
    ("changes", "status", "error"),
    [
        ({"code_name": ""}, 422, "invalid"),
        ({"crime_area": "piracy"}, 422, "invalid"),
        ({"ceiling": "H9"}, 422, "invalid"),
        ({"starts_on": "2026-05-01", "ends_on": "2026-04-01"}, 400, "invalid"),
        ({"participants": [{"agency": "nowhere"}]}, 400, "unknown_agency"),
        ({"secret": 1}, 422, "invalid"),
    ],
)
def test_create_with_a_bad_body_opens_nothing(
    world: World, changes: dict[str, Any], status: int, error: str
) -> None:
    before = Operation.objects.count()
    body = {
        "code_name": "X",
        "crime_area": "drugs",
        "legal_basis": "Agreement",
        "purpose": "x",
    } | changes
    made = Api(world.analyst).post("/operations/", body)
    assert made.status_code == status
    assert made.json()["error"] == error
    assert made.json()["detail"]
    assert Operation.objects.count() == before


def test_an_officer_may_not_create(world: World) -> None:
    body = {"code_name": "X", "crime_area": "drugs", "legal_basis": "A", "purpose": "x"}
    assert Api(world.officer).post("/operations/", body).status_code == 403


def test_every_op(world: World) -> None:
    lead, partner = Api(world.analyst), Api(world.partner_analyst)
    youssef = person(world.lead, "يوسف الإدريسي", "Arab")
    karim = person(world.partner, "Karim Benali")

    def ok(api: Api, path: str, body: dict[str, Any]) -> dict[str, Any]:
        answer = api.post(f"{base(world)}{path}", body)
        assert answer.status_code == 201, (path, answer.json())
        assert answer.json()["status"] == "applied"
        return dict(answer.json())

    done = ok(lead, "/entities", {"kind": "person", "record": str(youssef.uid)})
    assert done["seq"] == _changes(world)
    ok(partner, "/entities", {"kind": "person", "record": str(karim.uid), "handling": "H1"})
    one = OperationEntity.objects.get(source_ref=str(youssef.uid))
    two = OperationEntity.objects.get(source_ref=str(karim.uid))
    assert two.handling == "H1"
    ok(
        partner,
        "/relations",
        {"source": str(one.uid), "target": str(two.uid), "kind": "finances", "evaluation": "A1"},
    )
    relation = Relation.objects.get()
    ok(
        partner,
        "/timeline",
        {
            "kind": "arrest",
            "at": "2014-08-14T05:00:00Z",
            "text": "Arrest",
            "entities": [str(two.uid)],
        },
    )
    assert TimelineEntry.objects.get().kind == "arrest"
    ok(lead, "/tasks", {"title": "Watch", "owner_agency": "dev-cgi", "due_on": "2026-12-24"})
    ok(partner, "/tasks/status", {"task": str(Task.objects.get().uid), "status": "cancelled"})
    assert Task.objects.get().status == "cancelled"
    ok(partner, "/notes", {"text": "Confirmed"})
    assert Note.objects.get().by_agency == "dev-cgi"
    ok(
        partner,
        "/outcomes",
        {
            "kind": "seizure",
            "on": "2014-08-14",
            "country": "ES",
            "seizure_type": "cash",
            "amount_eur": "25000.50",
        },
    )
    outcome = Outcome.objects.get()
    ok(
        partner,
        "/outcomes/correct",
        {
            "outcome": str(outcome.uid),
            "kind": "seizure",
            "on": "2014-08-14",
            "country": "ES",
            "amount_eur": "26000",
        },
    )
    outcome.refresh_from_db()
    assert str(outcome.amount_eur) == "26000.00"
    ok(partner, "/relations/remove", {"relation": str(relation.uid)})
    ok(partner, "/entities/withdraw", {"entity": str(two.uid)})
    assert not Relation.objects.exists()
    ok(lead, "/update", {"status": "closed", "purpose": "Done"})
    assert Operation.objects.get(pk=world.op.pk).status == "closed"
    ok(lead, "/participants", {"agency": "dev-other", "role": "observer"})
    ok(lead, "/participants/remove", {"agency": "dev-other"})
    ok(lead, "/members", {"username": world.officer.username})
    ok(lead, "/members/remove", {"agency": "dev-dgst", "username": world.officer.username})
    channel = ChannelFactory()
    channel.agencies.set([world.lead, world.partner])
    message = MessageFactory(channel=channel, sender_agency=world.partner, subject="Go-fast")
    RecipientFactory(message=message, agency=world.lead)
    ok(lead, "/threads", {"thread": str(message.thread_uid)})
    assert LinkedThread.objects.get().thread == str(message.thread_uid)
    threads = partner.get(base(world)).json()["threads"]
    assert threads[0]["subject"] == "Go-fast"
    observed = Api(world.observer_officer).get(base(world)).json()["threads"]
    assert observed[0]["subject"] is None


def test_a_non_participant_and_a_removed_member_get_404(world: World) -> None:
    for user in (world.outsider_analyst, world.officer):
        api = Api(user)
        assert api.get(base(world)).status_code == 404
        assert api.post(f"{base(world)}/notes", {"text": "x"}).status_code == 404
    api = Api(world.partner_analyst)
    assert api.get(base(world)).status_code == 200
    actions.remove_member(world.analyst, world.op, world.partner, world.partner_analyst.username)
    gone = api.get(base(world))
    assert gone.status_code == 404
    assert gone.json()["error"] == "not_found"
    assert api.post(f"{base(world)}/notes", {"text": "x"}).status_code == 404
    assert not Note.objects.exists()


def test_an_observers_writes_are_refused(world: World) -> None:
    api = Api(world.observer_officer)
    assert api.get(base(world)).status_code == 200
    seq = _changes(world)
    for path, body in (
        ("/notes", {"text": "x"}),
        ("/tasks", {"title": "x", "owner_agency": "dev-psp"}),
        ("/outcomes", {"kind": "arrest", "on": "2014-08-14", "country": "ES", "count": 1}),
        ("/update", {"status": "closed", "purpose": "x"}),
    ):
        refused = api.post(f"{base(world)}{path}", body)
        assert refused.status_code == 403, path
        assert refused.json()["error"] == "right_missing"
    assert _changes(world) == seq


def test_bad_bodies_are_refused_clearly_and_write_nothing(world: World) -> None:
    youssef = person(world.lead, "Youssef")
    actions.share_entity(world.analyst, world.op, kind="person", record=youssef.uid)
    entity = OperationEntity.objects.get()
    above = person(world.lead, "Above", handling="H3")
    later = (timezone.now().date() + dt.timedelta(days=3)).isoformat()
    seizure = {"kind": "seizure", "on": "2014-08-14", "country": "ES"}
    api = Api(world.partner_analyst)
    lead = Api(world.analyst)
    cases: list[tuple[Api, str, dict[str, Any], int, str, str]] = [
        (
            lead,
            "/entities",
            {"kind": "person", "record": str(above.uid)},
            400,
            "above_ceiling",
            "handling",
        ),
        (api, "/entities", {"kind": "person", "record": str(youssef.uid)}, 400, "not_yours", ""),
        (
            api,
            "/relations",
            {"source": str(entity.uid), "target": MISSING, "kind": "calls"},
            400,
            "not_in_operation",
            "target",
        ),
        (
            api,
            "/relations",
            {"source": str(entity.uid), "target": str(entity.uid), "kind": "calls"},
            400,
            "invalid",
            "",
        ),
        (
            api,
            "/relations",
            {"source": str(entity.uid), "target": MISSING, "kind": "loves"},
            422,
            "invalid",
            "kind",
        ),
        (api, "/outcomes", seizure | {"kilograms": "-2.5"}, 400, "invalid", "kilograms"),
        (api, "/outcomes", seizure | {"count": -1}, 400, "invalid", "count"),
        (api, "/outcomes", seizure | {"on": later}, 400, "invalid_outcome", "on"),
        (api, "/outcomes", seizure | {"country": "Spain"}, 422, "invalid", "country"),
        (api, "/outcomes/correct", seizure | {"outcome": MISSING}, 400, "not_in_operation", ""),
        (api, "/notes", {"text": "x" * 5001}, 422, "invalid", "text"),
        (api, "/notes", {"text": "a\x00b"}, 400, "refused", ""),
        (
            api,
            "/tasks",
            {"title": "x", "owner_agency": "dev-other"},
            400,
            "not_in_operation",
            "owner_agency",
        ),
        (api, "/tasks/status", {"task": MISSING, "status": "done"}, 400, "not_in_operation", ""),
        (api, "/threads", {"thread": MISSING}, 400, "not_yours", ""),
        (api, "/members", {"username": "nobody"}, 400, "unknown_user", "username"),
    ]
    seq = _changes(world)
    for client, path, body, status, error, field in cases:
        answer = client.post(f"{base(world)}{path}", body)
        assert answer.status_code == status, (path, body, answer.json())
        assert answer.json()["error"] == error, (path, answer.json())
        assert answer.json()["detail"], path
        if field:
            assert any(p.startswith(f"{field}:") for p in answer.json()["problems"]), (
                path,
                answer.json(),
            )
    assert _changes(world) == seq
    assert not Outcome.objects.exists()
    assert not Relation.objects.exists()
    assert sharing.role_of(world.outsider, world.op.obj) is None


def test_big_sections_come_a_page_at_a_time(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    from strait.operations import api as operations_api

    for n in range(3):
        record = person(world.lead, f"Person {n}")
        actions.share_entity(world.analyst, world.op, kind="person", record=record.uid)
    monkeypatch.setattr(operations_api, "PAGE", 2)
    client = Api(world.partner_analyst)
    detail = client.get(base(world)).json()
    assert len(detail["entities"]) == 2
    assert detail["counts"] == {"entities": 3, "relations": 0, "timeline": 0}
    first = client.get(f"{base(world)}/entities").json()
    assert (first["count"], first["page"], first["has_next"]) == (3, 1, True)
    second = client.get(f"{base(world)}/entities", page=2).json()
    assert [e["label"] for e in second["items"]] == ["Person 2"]
    assert second["has_next"] is False
    assert client.get(f"{base(world)}/relations").json()["items"] == []
    assert client.get(f"{base(world)}/timeline").json()["count"] == 0
    assert Api(world.outsider_analyst).get(f"{base(world)}/entities").status_code == 404


def test_an_event_time_without_its_offset_is_refused(world: World) -> None:
    """Read in each node's own zone, it would make different copies: refused."""
    answer = Api(world.partner_analyst).post(
        f"{base(world)}/timeline", {"kind": "other", "at": "2014-06-01T10:00:00", "text": "x"}
    )
    assert answer.status_code == 422
    assert any(p.startswith("at:") for p in answer.json()["problems"])
    assert not TimelineEntry.objects.exists()


def test_roles_and_ceiling(world: World) -> None:
    lead = Api(world.analyst)
    done = lead.post(f"{base(world)}/participants/role", {"agency": "dev-cgi", "role": "observer"})
    assert done.status_code == 201
    assert sharing.role_of(world.partner, world.op.obj) == "observer"
    assert lead.post(f"{base(world)}/ceiling", {"handling": "H3"}).status_code == 201
    refused = Api(world.partner_analyst).post(f"{base(world)}/ceiling", {"handling": "H0"})
    assert refused.status_code == 403
    world.op.obj.refresh_from_db()
    assert world.op.obj.ceiling == "H3"
    assert lead.post(f"{base(world)}/ceiling", {"handling": "H9"}).status_code == 422
