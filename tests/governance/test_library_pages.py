"""The good-practice library's pages: the list filtered by area and language with titles and
summaries in the reader's language, the upload (checked as exchange attachments are, stored
in parts), a document with its translations, the download (audited, always an attachment);
another agency's document not found; a document still arriving not downloadable."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from strait.audit.models import AuditEntry
from strait.governance.models import Document
from tests.api_client import Api
from tests.governance.conftest import World

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _upload(
    client: Client, world: World, name: str = "guide.pdf", content: bytes = PDF, **values: str
) -> HttpResponse:
    data: dict[str, object] = {
        "body": str(world.body.obj.uid),
        "area": "counter_terrorism",
        "language": "es",
        "title_es": "Guía de buenas prácticas",
        "title_ar": "دليل الممارسات الجيدة",
        "summary_es": "Resumen del intercambio de información",
        "summary_ar": "ملخص تبادل المعلومات",
        "file": SimpleUploadedFile(name, content),
    }
    answer: HttpResponse = client.post(reverse("governance:document_new"), data | values)
    return answer


def test_a_secretary_adds_a_document_and_a_member_downloads_it_audited(
    world: World, verified_client: Callable[..., Client]
) -> None:
    answer = _upload(verified_client(world.ma_secretary), world)
    document = Document.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == reverse("governance:document", kwargs={"uid": document.uid})
    assert (document.parts, document.parts_received, document.size) == (1, 1, len(PDF))
    assert document.title["es"] == "Guía de buenas prácticas"

    reader = verified_client(world.es_chair)
    page = reader.get(reverse("governance:document", kwargs={"uid": document.uid}))
    assert "Guía de buenas prácticas" in page.content.decode()
    download = reader.get(reverse("governance:document_download", kwargs={"uid": document.uid}))
    assert download.status_code == 200
    assert download.content == PDF
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    entry = AuditEntry.objects.get(action="governance.document_downloaded")
    assert (entry.actor, entry.target) == (world.es_chair.username, f"document:{document.uid}")


def test_a_file_that_is_not_what_its_name_says_is_refused(
    world: World, verified_client: Callable[..., Client]
) -> None:
    answer = _upload(
        verified_client(world.ma_secretary),
        world,
        name="guide.pdf",
        content=b"<html><script>alert(1)</script></html>",
    )
    assert answer.status_code == 400
    assert "error-summary" in answer.content.decode()
    assert not Document.objects.exists()


def test_a_document_needs_a_title(world: World, verified_client: Callable[..., Client]) -> None:
    answer = _upload(verified_client(world.ma_secretary), world, title_es="", title_ar="")
    assert answer.status_code == 400
    assert not Document.objects.exists()


def test_the_list_filters_by_area_and_language_in_the_readers_language(
    world: World, verified_client: Callable[..., Client]
) -> None:
    secretary = verified_client(world.ma_secretary)
    _upload(secretary, world)
    original = Document.objects.get()
    _upload(
        secretary,
        world,
        name="guia-ar.pdf",
        language="ar",
        translation_of=str(original.uid),
        title_es="Guía (árabe)",
        title_ar="الدليل بالعربية",
    )
    _upload(secretary, world, name="cyber.pdf", area="cybercrime", title_es="Cibercrimen")
    client = verified_client(world.ma_officer)
    client.cookies["django_language"] = "es"
    url = reverse("governance:library")
    html = client.get(url, {"area": "counter_terrorism"}, HTTP_ACCEPT_LANGUAGE="es")
    html = html.content.decode()
    assert "Guía de buenas prácticas" in html
    assert "Guía (árabe)" in html
    assert "Resumen del intercambio de información" in html
    assert "Cibercrimen" not in html
    only_arabic = client.get(url, {"language": "ar"}, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Guía (árabe)" in only_arabic
    assert "Guía de buenas prácticas" not in only_arabic
    client.cookies["django_language"] = "ar"
    arabic = client.get(url, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "دليل الممارسات الجيدة" in arabic
    assert "ملخص تبادل المعلومات" in arabic
    assert "Guía de buenas prácticas" not in arabic
    assert '<html lang="ar" dir="rtl">' in arabic
    assert reverse("governance:document_new") not in html  # an officer reads

    translated = Document.objects.get(language="ar")
    detail = client.get(reverse("governance:document", kwargs={"uid": original.uid}))
    assert reverse("governance:document", kwargs={"uid": translated.uid}) in detail.content.decode()
    back = client.get(reverse("governance:document", kwargs={"uid": translated.uid}))
    assert reverse("governance:document", kwargs={"uid": original.uid}) in back.content.decode()


def _row(world: World, **values: object) -> Document:
    fields: dict[str, object] = {
        "body": world.body,
        "area": "training",
        "title": {"es": "Manual"},
        "summary": {},
        "language": "es",
        "filename": "manual.pdf",
        "content_type": "application/pdf",
        "size": 10,
        "sha256": "0" * 64,
        "parts": 3,
        "parts_received": 1,
        "by_agency": world.es.code,
        "added_at": timezone.now(),
    }
    return Document.objects.create(**(fields | values))


def test_a_document_still_arriving_is_not_downloaded(
    world: World, verified_client: Callable[..., Client]
) -> None:
    document = _row(world)
    client = verified_client(world.ma_officer)
    page = client.get(reverse("governance:document", kwargs={"uid": document.uid}))
    assert "1 of 3 parts" in page.content.decode()
    answer = client.get(reverse("governance:document_download", kwargs={"uid": document.uid}))
    assert answer.status_code == 302
    assert not AuditEntry.objects.filter(action="governance.document_downloaded").exists()


def test_another_agencys_document_is_not_found(
    world: World, verified_client: Callable[..., Client]
) -> None:
    document = _row(world, parts_received=3)
    client = verified_client(world.outsider_secretary)
    for name in ("governance:document", "governance:document_download"):
        assert client.get(reverse(name, kwargs={"uid": document.uid})).status_code == 404
    assert "Manual" not in client.get(reverse("governance:library")).content.decode()
    assert Api(world.outsider_secretary).get("/governance/library").json() == []


def test_a_member_who_reads_cannot_upload(
    world: World, verified_client: Callable[..., Client]
) -> None:
    answer = _upload(verified_client(world.ma_officer), world)
    assert answer.status_code == 403
    assert not Document.objects.exists()


def test_the_api_downloads_a_complete_document_audited(
    world: World, verified_client: Callable[..., Client]
) -> None:
    _upload(verified_client(world.ma_secretary), world)
    document = Document.objects.get()
    answer = Api(world.es_chair).get(f"/governance/library/{document.uid}/download")
    assert answer.status_code == 200
    assert answer.content == PDF
    assert answer["Content-Disposition"].startswith("attachment;")
    assert AuditEntry.objects.filter(action="governance.document_downloaded").count() == 1
    arriving = _row(world)
    refused = Api(world.es_chair).get(f"/governance/library/{arriving.uid}/download")
    assert (refused.status_code, refused.json()["error"]) == (400, "incomplete")
    hidden = Api(world.outsider_secretary).get(f"/governance/library/{document.uid}/download")
    assert hidden.status_code == 404
    assert AuditEntry.objects.filter(action="governance.document_downloaded").count() == 1


def test_the_api_lists_the_library(world: World) -> None:
    document = _row(world, parts_received=3)
    _row(world, area="cybercrime")
    listed = Api(world.es_chair).get("/governance/library", area="training").json()
    assert [d["uid"] for d in listed] == [str(document.uid)]
    assert listed[0]["complete"] is True


@pytest.mark.parametrize("language", ["ar", "es", "fr", "en"])
def test_the_pages_in_every_language(
    world: World, verified_client: Callable[..., Client], language: str
) -> None:
    document = _row(world, parts_received=3, title={"es": "x" * 3000})  # one long word
    client = verified_client(world.ma_secretary)
    client.cookies["django_language"] = language
    direction = "rtl" if language == "ar" else "ltr"
    for address in (
        reverse("governance:library"),
        reverse("governance:document_new"),
        reverse("governance:document", kwargs={"uid": document.uid}),
    ):
        page = client.get(address, HTTP_ACCEPT_LANGUAGE=language)
        assert page.status_code == 200, address
        assert f'<html lang="{language}" dir="{direction}">' in page.content.decode()
