"""Governance in the JSON API: bodies, meetings (minutes and signatures), recommendations and
actions; each op a POST answering 201 on the home; another agency's body and what is in it
answer 404; bad input a clear 400 that writes nothing; evidence the reader cannot see keeps its
title and reference to itself."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from strait.accounts.models import User
from strait.governance.models import ActionItem, Meeting, Recommendation
from strait.permissions import Role
from tests.api_client import Api
from tests.factories.operations import add_members, make_operation
from tests.governance.conftest import World

pytestmark = pytest.mark.django_db


def body_path(world: World) -> str:
    return f"/governance/bodies/{world.body.obj.uid}"


def meeting(world: World, api: Api) -> str:
    made = api.post(
        f"{body_path(world)}/meetings",
        {"starts_on": "2014-03-12", "place": "Marrakech", "status": "held"},
    )
    assert made.status_code == 201, made.json()
    assert made.json()["status"] == "applied"
    return str(made.json()["uid"])


def test_bodies_and_a_body_with_its_meetings_and_recommendations(world: World) -> None:
    api = Api(world.ma_secretary)
    uid = meeting(world, api)
    listed = Api(world.es_secretary).get("/governance/bodies/")
    assert listed.status_code == 200
    assert [b["code"] for b in listed.json()] == ["strategic-committee"]
    detail = Api(world.ma_officer).get(body_path(world)).json()
    assert detail["meetings"][0]["uid"] == uid
    assert set(detail["members"]) == {world.ma.code, world.es.code}
    assert Api(world.outsider_secretary).get("/governance/bodies/").json() == []
    assert Api(world.outsider_secretary).get(body_path(world)).status_code == 404


def test_a_secretary_creates_a_body_and_its_lead_changes_it(world: World) -> None:
    api = Api(world.es_secretary)
    made = api.post(
        "/governance/bodies/",
        {
            "code": "ministers",
            "name_ar": "اجتماع وزراء الداخلية",
            "name_es": "Reunión de ministros del Interior",
            "kind": "ministerial",
            "co_chairs": [world.ma.code, world.es.code],
            "founded_on": "2019-02-01",
            "cadence": "months",
            "cadence_months": 6,
            "warn_months": 5,
        },
    )
    assert made.status_code == 201, made.json()
    uid = made.json()["uid"]
    assert made.json()["cadence_months"] == 6
    assert set(made.json()["members"]) == {world.ma.code, world.es.code}
    changed = api.post(f"/governance/bodies/{uid}/update", {"mandate": "Coordinar"})
    assert changed.status_code == 201, changed.json()
    assert Api(world.ma_secretary).get(f"/governance/bodies/{uid}").json()["mandate"] == "Coordinar"
    # A member that does not lead the body may not change it.
    refused = Api(world.ma_secretary).post(f"/governance/bodies/{uid}/update", {"mandate": "X"})
    assert refused.status_code in (400, 403)


def test_a_meeting_before_the_body_was_founded_is_refused_with_nothing_written(
    world: World,
) -> None:
    refused = Api(world.ma_secretary).post(
        f"{body_path(world)}/meetings", {"starts_on": "2012-01-01", "place": "Rabat"}
    )
    assert refused.status_code == 400
    assert refused.json()["error"]
    assert not Meeting.objects.filter(body=world.body).exists()


def test_minutes_signed_and_voided_as_the_meeting_detail_shows(world: World) -> None:
    api = Api(world.ma_secretary)
    uid = meeting(world, api)
    for language, text in (("ar", "محضر الاجتماع"), ("es", "Acta de la reunión")):
        written = api.post(
            f"/governance/meetings/{uid}/minutes", {"language": language, "text": text}
        )
        assert written.status_code == 201
    # The secretariat holds no sign permission; the chair does.
    assert api.post(f"/governance/meetings/{uid}/sign", {}).status_code == 403
    signed = Api(world.ma_chair).post(f"/governance/meetings/{uid}/sign", {})
    assert signed.status_code == 201, signed.json()
    detail = Api(world.es_secretary).get(f"/governance/meetings/{uid}").json()
    assert detail["minutes"] == {"ar": "محضر الاجتماع", "es": "Acta de la reunión"}
    assert [(s["valid"], s["void"]) for s in detail["signatures"]] == [(True, False)]
    assert detail["fully_signed"] is True  # both co-chairs' agencies are on this node
    published = Api(world.es_chair).post(f"/governance/meetings/{uid}/statement", {"fmt": "json"})
    assert published.status_code == 200
    assert published["Content-Type"] == "application/json"
    assert published.json()["digest"] == detail["digest"]
    # A member who only reads does not publish.
    assert (
        Api(world.ma_officer).post(f"/governance/meetings/{uid}/statement", {}).status_code == 403
    )
    api.post(f"/governance/meetings/{uid}/minutes", {"language": "es", "text": "Acta corregida"})
    detail = Api(world.es_secretary).get(f"/governance/meetings/{uid}").json()
    assert [(s["valid"], s["void"]) for s in detail["signatures"]] == [(False, True)]
    assert detail["fully_signed"] is False
    unsigned = api.post(f"/governance/meetings/{uid}/statement", {"fmt": "json"})
    assert unsigned.status_code == 400
    assert detail["minutes_version"] == 3


def test_attendees_agenda_and_decisions(world: World) -> None:
    api = Api(world.ma_secretary)
    uid = meeting(world, api)
    base = f"/governance/meetings/{uid}"
    attendees = [{"agency": world.ma.code, "name": "A. H.", "head": True}]
    assert api.post(f"{base}/attendees", {"attendees": attendees}).status_code == 201
    assert api.post(f"{base}/agenda", {"items": [{"es": "Apertura"}]}).status_code == 201
    assert api.post(f"{base}/decisions", {"texts": {"es": "Reunirse"}}).status_code == 201
    detail = api.get(base).json()
    assert detail["attendees"][0]["name"] == "A. H."
    assert detail["agenda"] == [{"es": "Apertura"}]
    assert detail["decisions"] == [{"es": "Reunirse"}]


def test_recommendations_actions_and_evidence_each_reader_sees_as_they_may(
    world: World, make_user: Callable[..., User]
) -> None:
    ma = Api(world.ma_secretary)
    uid = meeting(world, ma)
    made = ma.post(
        f"{body_path(world)}/recommendations",
        {"texts": {"es": "Plan de acción bilateral"}, "number": "R1", "meeting": uid},
    )
    assert made.status_code == 201, made.json()
    rec = made.json()["uid"]
    assert Recommendation.objects.get(uid=rec).meeting.uid.hex == uid.replace("-", "")
    no_owner = ma.post(
        f"/governance/recommendations/{rec}/actions",
        {"title": {"es": "Curso"}, "deadline": "2014-12-31"},
    )
    assert no_owner.status_code == 400
    assert no_owner.json()["error"] == "no_owner"
    added = ma.post(
        f"/governance/recommendations/{rec}/actions",
        {"title": {"es": "Curso"}, "deadline": "2014-12-31", "owner_agency": world.es.code},
    )
    assert added.status_code == 201
    action = added.json()["uid"]
    lead = make_user(agency=world.es, role=Role.ANALYST)
    operation = make_operation(lead, code_name="Operation Cedar")
    add_members(lead, operation, world.es_secretary)
    es = Api(world.es_secretary)
    link = {"kind": "operation", "ref": str(operation.obj.uid)}
    # The Moroccan secretary cannot see the operation: refused, the same as one that is not.
    assert ma.post(f"/governance/actions/{action}/evidence", link).status_code == 400
    assert es.post(f"/governance/actions/{action}/evidence", link).status_code == 201
    mine = es.get(f"/governance/actions/{action}").json()["evidence"]
    assert [(e["label"], e["visible"], e["ref"]) for e in mine] == [
        ("Operation Cedar", True, str(operation.obj.uid))
    ]
    theirs = ma.get(f"/governance/recommendations/{rec}").json()["actions"][0]["evidence"]
    assert theirs[0]["visible"] is False
    assert theirs[0]["ref"] == ""
    assert "Cedar" not in theirs[0]["label"]
    late = ma.get(f"/governance/actions/{action}").json()["days_late"]
    assert late > 0  # the deadline of 2014 has passed
    dropped = es.post(f"/governance/actions/{action}/status", {"status": "dropped"})
    assert dropped.status_code == 400
    assert ActionItem.objects.get(uid=action).status == "planned"
    done = es.post(
        f"/governance/actions/{action}/status", {"status": "done", "done_on": "2014-11-02"}
    )
    assert done.status_code == 201
    assert es.get(f"/governance/actions/{action}").json()["days_late"] == 0
    evidence = mine[0]["uid"]
    assert es.post(f"/governance/evidence/{evidence}/remove", {}).status_code == 201
    assert es.get(f"/governance/actions/{action}").json()["evidence"] == []


def test_another_agency_finds_nothing_inside_a_body(world: World) -> None:
    ma = Api(world.ma_secretary)
    uid = meeting(world, ma)
    outsider = Api(world.outsider_secretary)
    assert outsider.get(f"/governance/meetings/{uid}").status_code == 404
    assert outsider.get(f"{body_path(world)}/meetings").status_code == 404
    written = outsider.post(f"/governance/meetings/{uid}/minutes", {"language": "es", "text": "X"})
    assert written.status_code == 404
    assert not Meeting.objects.get(uid=uid).minutes.exists()
