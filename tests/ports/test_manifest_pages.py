"""The manifest pages: upload a CSV (English, Spanish or French headers; UTF-8, UTF-16 or an
Arabic Windows file), be sent to the sailing's page with the hits first and the alert's required
action; a broken manifest answers with its report per row and stores nothing; another agency's
sailing is not found; partner text is never rendered as HTML."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from strait.accounts.models import User
from strait.alerts import codes as alert_codes
from strait.ports.manifest_models import Sailing
from tests.factories.entities import PersonFactory
from tests.ports.manifest_scene import ManifestScene, make_manifest_scene
from tests.ports.test_screening import wanted_alert

pytestmark = pytest.mark.django_db

CSV = (
    "nombre,fecha_nacimiento,numero_documento,pais_documento,nacionalidad,matricula\n"
    "Marta Ruiz Gómez,1991-07-02,AB123456,ES,ES,\n"
    "Youssef Idrissi,,,,MA,\n"
    "Abdelatif El Khattabi,1980-03-12,,,MA,12345-A-6\n"
)


@pytest.fixture
def scene(make_user: Callable[..., User], settings: Any) -> ManifestScene:
    return make_manifest_scene(make_user, settings)


def form(data: bytes, name: str = "manifest.csv") -> dict[str, Any]:
    departs = timezone.localtime() + dt.timedelta(hours=2)
    return {
        "vessel": "Ciudad de Ceuta",
        "rotation": "R-0815",
        "departs_at": departs.strftime("%Y-%m-%dT%H:%M"),
        "from_port": "ESALG",
        "to_port": "MAPTM",
        "file": SimpleUploadedFile(name, data, content_type="text/csv"),
    }


def officer(
    scene: ManifestScene, verified_client: Callable[..., Client], lang: str = "en"
) -> Client:
    client = verified_client(scene.officer)
    client.cookies["django_language"] = lang
    return client


def test_an_upload_leads_to_the_sailing_with_the_alert_hit_first_and_its_action(
    scene: ManifestScene, verified_client: Callable[..., Client]
) -> None:
    PersonFactory(
        agency=scene.alerts.addressee,
        names=[("عبد اللطيف الخطابي", "Arab")],
        birth_dates=["1980-03-12"],
    )
    wanted_alert(scene, "Youssef Idrissi")
    client = officer(scene, verified_client)
    url = reverse("ports:manifests", kwargs={"uid": scene.centre.obj.uid})
    assert client.get(url).status_code == 200
    response = client.post(url, form(CSV.encode("utf-8")))
    assert response.status_code == 302
    sailing = Sailing.objects.get()
    assert response["Location"] == reverse("ports:sailing", kwargs={"uid": sailing.uid})
    html = client.get(response["Location"]).content.decode()
    hits = html[html.index('id="hits"') : html.index('id="rest"')]
    assert hits.index("Youssef Idrissi") < hits.index("Abdelatif El Khattabi")
    assert str(alert_codes.REQUIRED_ACTION["wanted"]) in hits
    rest = html[html.index('id="rest"') :]
    assert "Marta Ruiz Gómez" in rest
    assert "Marta" not in hits
    # The list shows the sailing with its hits.
    assert "Ciudad de Ceuta" in client.get(url).content.decode()


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("utf-8-sig", b""), ("utf-16", b""), ("cp1256", b"")],
)
def test_the_encodings_of_windows_and_of_other_tools_are_read(
    scene: ManifestScene, verified_client: Callable[..., Client], encoding: str, prefix: bytes
) -> None:
    text = "nom,date_naissance\nعبد اللطيف الخطابي,12/03/1980\nMarta Ruiz,1991\n"
    client = officer(scene, verified_client)
    url = reverse("ports:manifests", kwargs={"uid": scene.centre.obj.uid})
    response = client.post(url, form(prefix + text.encode(encoding)))
    assert response.status_code == 302
    names = list(Sailing.objects.get().travellers.values_list("name", "birth_date"))
    assert names == [("عبد اللطيف الخطابي", "1980-03-12"), ("Marta Ruiz", "1991")]


def test_a_broken_manifest_answers_its_report_per_row_and_stores_nothing(
    scene: ManifestScene, verified_client: Callable[..., Client]
) -> None:
    broken = "name,birth_date,plate\nMarta Ruiz,1991-02-30,\n,1980,\nAli,1980,X\n"
    client = officer(scene, verified_client, "es")
    url = reverse("ports:manifests", kwargs={"uid": scene.centre.obj.uid})
    response = client.post(url, form(broken.encode()))
    assert response.status_code == 400
    html = response.content.decode()
    report = html[html.index('id="manifest-report"') :]
    for row in ("<td>1</td>", "<td>2</td>", "<td>3</td>"):
        assert row in report
    assert not Sailing.objects.exists()


def test_an_unreadable_file_is_refused_whole(
    scene: ManifestScene, verified_client: Callable[..., Client]
) -> None:
    client = officer(scene, verified_client)
    url = reverse("ports:manifests", kwargs={"uid": scene.centre.obj.uid})
    response = client.post(url, form(b"name\n\x00\x81\xff\x00garbage"))
    assert response.status_code == 400
    assert not Sailing.objects.exists()


def test_another_agencys_sailing_is_not_found(
    scene: ManifestScene, verified_client: Callable[..., Client]
) -> None:
    client = officer(scene, verified_client)
    url = reverse("ports:manifests", kwargs={"uid": scene.centre.obj.uid})
    client.post(url, form(CSV.encode()))
    sailing = Sailing.objects.get()
    other = verified_client(scene.alerts.author)  # DGSN: the centre's guest, not the uploader
    for name in ("ports:sailing", "ports:sailing_progress"):
        assert other.get(reverse(name, kwargs={"uid": sailing.uid})).status_code == 404
    outsider = verified_client(scene.alerts.lonely_supervisor)
    assert outsider.get(url).status_code == 404


def test_names_are_text_never_html_and_the_arabic_page_is_right_to_left(
    scene: ManifestScene, verified_client: Callable[..., Client]
) -> None:
    client = officer(scene, verified_client, "ar")
    url = reverse("ports:manifests", kwargs={"uid": scene.centre.obj.uid})
    client.post(url, form(b"name\n<script>alert(1)</script> Ruiz\n"))
    sailing = Sailing.objects.get()
    with translation.override("ar"):
        html = client.get(reverse("ports:sailing", kwargs={"uid": sailing.uid})).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
    assert 'dir="rtl"' in html


def test_the_sailing_page_leads_to_an_incident_with_the_vessel_and_rotation(
    scene: ManifestScene, verified_client: Callable[..., Client]
) -> None:
    client = officer(scene, verified_client)
    url = reverse("ports:manifests", kwargs={"uid": scene.centre.obj.uid})
    client.post(url, form(b"name\nMarta Ruiz\n"))
    sailing = Sailing.objects.get()
    html = client.get(reverse("ports:sailing", kwargs={"uid": sailing.uid})).content.decode()
    new = reverse("ports:incident_new", kwargs={"uid": scene.centre.obj.uid})
    assert f'href="{new}?vessel=Ciudad%20de%20Ceuta&amp;rotation=R-0815"' in html
