"""The manifests in the API: a sailing's rows as JSON or its CSV text, refused whole with a
problem per row, the result with hits first; another agency's sailing is not found."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from strait.accounts.models import User
from strait.ports.manifest_models import Sailing
from tests.api_client import Api
from tests.factories.entities import PersonFactory
from tests.ports.manifest_scene import ManifestScene, make_manifest_scene
from tests.ports.test_screening import wanted_alert

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(make_user: Callable[..., User], settings: Any) -> ManifestScene:
    return make_manifest_scene(make_user, settings)


def body(**values: Any) -> dict[str, Any]:
    return {
        "vessel": "Ciudad de Ceuta",
        "rotation": "R-0815",
        "departs_at": (timezone.now() + dt.timedelta(hours=2)).isoformat(),
        "from_port": "ESALG",
        "to_port": "MAPTM",
    } | values


def test_rows_are_screened_and_the_result_lists_hits_first(scene: ManifestScene) -> None:
    PersonFactory(agency=scene.alerts.addressee, names=[("Marta Ruiz Gómez", "Latn")])
    alert = wanted_alert(scene, "Youssef Idrissi")
    api = Api(scene.officer)
    rows = [{"name": "Pedro Sánchez"}, {"name": "Marta Ruiz Gómez"}, {"name": "Youssef Idrissi"}]
    created = api.post(f"/ports/centres/{scene.centre.obj.uid}/manifests", body(rows=rows))
    assert created.status_code == 201, created.content
    uid = created.json()["uid"]
    result = api.get(f"/ports/manifests/{uid}").json()
    assert result["status"] == "done"
    assert [r["name"] for r in result["rows"]] == [
        "Youssef Idrissi",
        "Marta Ruiz Gómez",
        "Pedro Sánchez",
    ]
    first = result["rows"][0]["findings"][0]
    assert (first["source"], first["alert"]) == ("alert", str(alert.uid))
    assert first["required_action"]
    assert Api(scene.alerts.author).get(f"/ports/manifests/{uid}").status_code == 404


def test_the_csv_text_is_read_and_a_broken_row_refuses_all(scene: ManifestScene) -> None:
    api = Api(scene.officer)
    url = f"/ports/centres/{scene.centre.obj.uid}/manifests"
    ok = api.post(url, body(csv="nom,date_naissance\nMarta Ruiz,1991-07-02\n"))
    assert ok.status_code == 201
    refused = api.post(url, body(rows=[{"name": "Ali"}, {"name": "", "birth_date": "1980"}]))
    assert refused.status_code == 400
    assert refused.json()["error"] == "invalid_manifest"
    assert "row 2" in str(refused.json()["problems"][0])
    assert Sailing.objects.count() == 1
