"""Entities through the JSON API: tokens only, the same permissions and rules as the pages,
another agency's records "not found", refusals that say why and write nothing."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from strait.audit.events import AuditAction
from strait.audit.models import AuditEntry
from strait.entities.models import ImportBatch, Person, Phone
from tests.api_client import Api as ApiClient
from tests.entities.conftest import World, make_person, markings_json

pytestmark = pytest.mark.django_db

API = "/api/v1/entities"


class Api(ApiClient):
    base = API


def new_person(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "markings": markings_json(),
        "names": [
            {"full_name": "عبد اللطيف الخطابي", "language": "ar"},
            {"full_name": "Abdelatif El Khattabi", "kind": "alias"},
        ],
        "birth_dates": ["1980-03-12"],
        "nationalities": ["MA"],
        "identifiers": [
            {"kind": "phone", "value": "+212 661 12 34 56"},
            {"kind": "document", "value": "12345678Z", "country": "ES", "document_kind": "id_card"},
        ],
    }
    body.update(overrides)
    return body


def test_a_person_is_created_read_listed_and_erased(world: World) -> None:
    api = Api(world.analyst)
    created = api.post("/persons", new_person())
    assert created.status_code == 201, created.content
    uid = created.json()["uid"]
    assert [n["script"] for n in created.json()["names"]] == ["Arab", "Latn"]

    got = api.get(f"/person/{uid}")
    assert got.status_code == 200
    assert got.json()["birth_dates"] == ["1980-03-12"]
    assert AuditEntry.objects.filter(action=AuditAction.ENTITY_CONSULTED).count() == 1

    listed = api.get("/", q="khattabi")
    assert [e["uid"] for e in listed.json()] == [uid]
    phones = api.get("/", kind="phone").json()
    assert phones[0]["label"] == "عبد اللطيف الخطابي"  # whose it is, not the number
    assert phones[0]["owner"] == uid

    assert api.delete(f"/person/{uid}").status_code == 204
    assert not Person.objects.exists()
    assert not Phone.objects.exists()


def test_another_agencys_record_answers_404(world: World) -> None:
    person = make_person(world.analyst)
    outsider = Api(world.other_analyst)
    assert outsider.get(f"/person/{person.uid}").status_code == 404
    assert outsider.delete(f"/person/{person.uid}").status_code == 404
    assert outsider.get(f"/spaceship/{person.uid}").status_code == 404
    assert outsider.get(f"/person/{uuid.uuid4()}").status_code == 404
    assert outsider.get("/", q="khattabi").json() == []
    assert Person.objects.filter(pk=person.pk).exists()


@pytest.mark.parametrize(
    ("overrides", "status", "message"),
    [
        ({"birth_dates": ["1980-02-30"]}, 400, "not a date of birth"),
        ({"identifiers": [{"kind": "phone", "value": "12"}]}, 400, "phone"),
        (
            {
                "identifiers": [
                    {
                        "kind": "document",
                        "value": "12345678A",
                        "country": "ES",
                        "document_kind": "id_card",
                    }
                ]
            },
            400,
            "check digit",
        ),
        ({"markings": markings_json(purpose="")}, 422, ""),
        ({"names": []}, 422, ""),
        ({"unexpected": 1}, 422, ""),
    ],
)
def test_bad_input_is_refused_and_writes_nothing(
    world: World, overrides: dict[str, Any], status: int, message: str
) -> None:
    api = Api(world.analyst)
    before = AuditEntry.objects.count()
    response = api.post("/persons", new_person(**overrides))
    assert response.status_code == status, response.content
    assert message in response.content.decode()
    assert not Person.objects.exists()
    assert AuditEntry.objects.count() == before


def test_an_officer_may_read_but_not_write(world: World) -> None:
    api = Api(world.officer)
    assert api.get("/").status_code == 200
    assert api.post("/persons", new_person()).status_code == 403
    assert api.post("/export/requests", {"justification": "Operation X"}).status_code == 403


def test_import_is_all_or_nothing_and_export_is_audited(world: World) -> None:
    api = Api(world.analyst)
    good = "name,birth_dates\nAna García,1985\n"
    bad = good + "Luis,1985-13\n"
    refused = api.post("/import", {"format": "csv", "text": bad, "markings": markings_json()})
    assert refused.status_code == 200
    assert refused.json()["status"] == "refused"
    assert refused.json()["refusals"][0]["row"] == 2
    assert not Person.objects.exists()

    done = api.post("/import", {"format": "csv", "text": good, "markings": markings_json()})
    assert done.json()["status"] == "done"
    assert done.json()["created_count"] == 1
    assert ImportBatch.objects.filter(status="done").count() == 1

    asked = api.post("/export/requests", {"justification": "Operation X handover"})
    assert asked.status_code == 201, asked.content
    export_uid = asked.json()["uid"]
    approved = Api(world.supervisor).post(f"/export/requests/{export_uid}/approve", {})
    assert approved.json()["status"] == "approved"
    exported = api.get(f"/export/requests/{export_uid}/download")
    assert exported.status_code == 200
    assert exported["Content-Disposition"].startswith("attachment;")
    assert "Ana García" in exported.content.decode()
    assert AuditEntry.objects.filter(action=AuditAction.ENTITIES_EXPORTED).count() == 1
    again = {"format": "ftm", "text": exported.content.decode(), "markings": markings_json()}
    # The export imported again holds the same person: not a silent duplicate (issue 12).
    ftm = api.post("/import", again)
    assert ftm.json()["status"] == "refused"
    assert ftm.json()["refusals"][0]["held"].startswith("person:")
    assert Person.objects.count() == 1
    updated = api.post("/import", again | {"on_existing": "update"})
    assert (updated.json()["status"], updated.json()["updated_count"]) == ("done", 1)
    assert Person.objects.count() == 1
