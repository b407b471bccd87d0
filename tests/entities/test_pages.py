"""The entities pages: scoped to the user's agency, names shown as written and escaped, forms
that refuse bad input with a clear message and write nothing, imports and exports audited."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from strait.audit.events import AuditAction
from strait.audit.models import AuditEntry
from strait.entities.models import Document, ExportRequest, ImportBatch, Person, Phone
from strait.entities.validation import NameDraft
from tests.conftest import login_verified
from tests.entities.conftest import World, make_person, markings_json

pytestmark = pytest.mark.django_db


def client(user: Any) -> Client:
    return login_verified(Client(), user)


def person_post(**overrides: str) -> dict[str, str]:
    data = {
        "names-TOTAL_FORMS": "2",
        "names-INITIAL_FORMS": "0",
        "names-0-full_name": "عبد اللطيف الخطابي",
        "names-0-language": "ar",
        "names-0-kind": "primary",
        "names-1-full_name": "Abdelatif El Khattabi",
        "names-1-kind": "alias",
        "ids-TOTAL_FORMS": "2",
        "ids-INITIAL_FORMS": "0",
        "ids-0-kind": "phone",
        "ids-0-value": "+212 661 12 34 56",
        "ids-1-kind": "document",
        "ids-1-value": "12345678Z",
        "ids-1-document_kind": "id_card",
        "ids-1-country": "ES",
        "birth_dates": "1980-03-12",
        "nationalities": "MA",
    }
    for name, value in markings_json().items():
        data[name] = "on" if value is True else str(value)
    data.update(overrides)
    return data


def test_another_agencys_record_is_not_found_on_every_page(world: World) -> None:
    person = make_person(world.analyst)
    phone = Phone.objects.get(person=person)
    outsider = client(world.other_analyst)
    for name, kwargs in [
        ("entities:detail", {"kind": "person", "uid": person.uid}),
        ("entities:detail", {"kind": "phone", "uid": phone.uid}),
        ("entities:person_edit", {"uid": person.uid}),
        ("entities:edit", {"kind": "phone", "uid": phone.uid}),
        ("entities:erase", {"kind": "person", "uid": person.uid}),
    ]:
        assert outsider.get(reverse(name, kwargs=kwargs)).status_code == 404, name
    erase = reverse("entities:erase", kwargs={"kind": "person", "uid": person.uid})
    assert outsider.post(erase).status_code == 404
    assert Person.objects.filter(pk=person.pk).exists()
    listing = outsider.get(reverse("entities:list"), {"q": "Khattabi"})
    assert str(person.uid) not in listing.content.decode()
    assert "empty" in listing.content.decode()
    # No record was consulted: the 404s wrote nothing, the search is recorded as finding none
    # (issue 11: every search is a consultation).
    [search] = AuditEntry.objects.filter(action=AuditAction.ENTITY_CONSULTED)
    assert (search.target, search.actor) == ("entities:list", world.other_analyst.username)
    assert (search.details["query"], search.details["shown"]) == ("Khattabi", [])


def test_the_detail_page_is_a_consultation_and_shows_arabic_right_to_left(world: World) -> None:
    person = make_person(world.analyst)
    page = client(world.officer).get(
        reverse("entities:detail", kwargs={"kind": "person", "uid": person.uid})
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert '<bdi dir="rtl" lang="ar">عبد اللطيف الخطابي</bdi>' in html
    assert '<bdi dir="ltr">Abdelatif El Khattabi</bdi>' in html
    assert "+212" not in html or "0661 12 34 56" in html  # the number as written
    entry = AuditEntry.objects.get(action=AuditAction.ENTITY_CONSULTED)
    assert entry.target == f"person:{person.uid}"
    assert entry.actor == world.officer.username


def test_a_name_with_markup_is_rendered_escaped(world: World) -> None:
    person = make_person(world.analyst, names=[NameDraft('<script>alert("x")</script>')])
    for url in (
        reverse("entities:detail", kwargs={"kind": "person", "uid": person.uid}),
        reverse("entities:list"),
    ):
        html = client(world.analyst).get(url).content.decode()
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_search_folds_accents_and_arabic_letter_forms(world: World) -> None:
    make_person(world.analyst, names=[NameDraft("José Núñez")])
    make_person(world.analyst, names=[NameDraft("فاطمة الزهراء")])
    page = client(world.analyst)
    assert "José Núñez" in page.get(reverse("entities:list"), {"q": "jose nunez"}).content.decode()
    html = page.get(reverse("entities:list"), {"q": "فاطمه"}).content.decode()
    assert "فاطمة الزهراء" in html
    assert "José" not in html
    html = page.get(reverse("entities:list"), {"kind": "vessel"}).content.decode()
    assert "José" not in html


def test_a_person_is_created_through_the_form(world: World) -> None:
    response = client(world.analyst).post(reverse("entities:person_new"), person_post())
    assert response.status_code == 302
    person = Person.objects.get()
    assert [n.script for n in person.names.all()] == ["Arab", "Latn"]
    assert Document.objects.get(person=person).checked_format == "es.dni"
    assert Phone.objects.get(person=person).key == "phone:+212661123456"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"birth_dates": "1980-14-01"}, "not a date of birth"),
        ({"ids-0-value": "123"}, "is not a valid phone"),
        ({"ids-1-value": "12345678A"}, "fails the check digit of es.dni"),
        ({"purpose": ""}, "This field is required"),
    ],
)
def test_bad_form_input_is_refused_with_a_message_and_nothing_written(
    world: World, overrides: dict[str, str], message: str
) -> None:
    before = AuditEntry.objects.count()
    response = client(world.analyst).post(reverse("entities:person_new"), person_post(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode().replace("&#x27;", "'")
    assert Person.objects.count() == 0
    assert Phone.objects.count() == 0
    assert AuditEntry.objects.count() == before


def test_an_officer_cannot_open_the_forms(world: World) -> None:
    assert client(world.officer).get(reverse("entities:person_new")).status_code == 403


def test_a_vehicle_is_added_to_a_person_and_the_person_is_edited(world: World) -> None:
    person = make_person(world.analyst)
    data = {"value": "1234 BCD", "plate_country": "ES", "owner": str(person.uid)}
    data |= {k: str(v) for k, v in markings_json().items()}
    page = client(world.analyst)
    response = page.post(reverse("entities:new", kwargs={"kind": "vehicle"}), data)
    assert response.status_code == 302
    detail = page.get(reverse("entities:detail", kwargs={"kind": "person", "uid": person.uid}))
    assert "1234 BCD" in detail.content.decode()
    edit = person_post(**{"names-0-full_name": "Abdellatif Khattabi", "names-1-full_name": ""})
    edit |= {"ids-0-value": "", "ids-1-value": ""}
    response = page.post(reverse("entities:person_edit", kwargs={"uid": person.uid}), edit)
    assert response.status_code == 302
    assert [n.full_name for n in person.names.all()] == ["Abdellatif Khattabi"]


def test_erasing_through_the_page(world: World) -> None:
    person = make_person(world.analyst)
    url = reverse("entities:erase", kwargs={"kind": "person", "uid": person.uid})
    assert client(world.analyst).post(url).status_code == 302
    assert not Person.objects.exists()
    assert AuditEntry.objects.filter(action=AuditAction.ENTITY_ERASED).count() == 1


CSV_HEADER = (
    "kind,id,owner,name,aliases,language,birth_dates,phones,"
    "document_type,document_number,document_country,value,country\n"
)


def upload(text: str, name: str = "people.csv", fmt: str = "csv") -> dict[str, Any]:
    data: dict[str, Any] = {k: str(v) for k, v in markings_json().items()}
    data |= {"format": fmt, "file": io.BytesIO(text.encode())}
    data["file"].name = name
    return data


def test_a_csv_with_one_bad_row_imports_nothing_and_reports_the_row(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    text = CSV_HEADER + (
        "person,p1,,Ana García,,es,1985,+34 612 345 678,id_card,12345678Z,ES,,\n"
        "person,p2,,Luis Pérez,,es,1985-02-30,,,,,,\n"
        "vehicle,,p1,,,,,,,,,1234 BCD,ES\n"
    )
    page = client(world.analyst)
    with django_capture_on_commit_callbacks(execute=True):
        response = page.post(reverse("entities:import"), upload(text))
    batch = ImportBatch.objects.get()
    assert response["Location"] == reverse("entities:import_status", kwargs={"uid": batch.uid})
    assert batch.status == ImportBatch.Status.REFUSED
    assert Person.objects.count() == 0
    assert [r["row"] for r in batch.refusals] == [2]
    status = page.get(response["Location"]).content.decode()
    assert "1985-02-30" in status.replace("&#x27;", "'")
    assert "Nothing was imported" in status


def test_a_good_csv_imports_fully_and_the_status_page_polls_with_htmx(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    text = CSV_HEADER + (
        "person,p1,,Ana García,Anita,es,1985,+34 612 345 678,id_card,12345678Z,ES,,\n"
        "vehicle,,p1,,,,,,,,,1234 BCD,ES\n"
    )
    page = client(world.analyst)
    with django_capture_on_commit_callbacks(execute=True):
        response = page.post(reverse("entities:import"), upload(text))
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.DONE
    assert batch.created_count == 4  # person, phone, document, vehicle
    fragment = page.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert "<progress" in fragment
    assert "hx-get" not in fragment  # finished: no more polling
    assert AuditEntry.objects.filter(action=AuditAction.ENTITIES_IMPORTED).count() == 1


def test_a_running_import_page_polls(world: World) -> None:
    batch = ImportBatch.objects.create(
        agency=world.here, user=world.analyst, filename="x.csv", format="csv", total_rows=10
    )
    html = (
        client(world.analyst)
        .get(reverse("entities:import_status", kwargs={"uid": batch.uid}))
        .content.decode()
    )
    assert 'hx-trigger="every 1s"' in html
    assert '<progress max="10" value="0">' in html
    other = client(world.other_analyst)
    url = reverse("entities:import_status", kwargs={"uid": batch.uid})
    assert other.get(url).status_code == 404


def test_export_is_asked_approved_by_a_supervisor_then_downloaded_once(world: World) -> None:
    make_person(world.analyst)
    make_person(world.other_analyst, names=[NameDraft("Other Agency Person")])
    analyst = client(world.analyst)
    asked = analyst.post(reverse("entities:export"), {"justification": "Handover to the court"})
    assert asked.status_code == 302
    request = ExportRequest.objects.get()
    assert request.status == ExportRequest.Status.PENDING
    download = reverse("entities:export_download", kwargs={"uid": request.uid})
    assert analyst.post(download).status_code == 302  # not approved yet: nothing given
    assert not AuditEntry.objects.filter(action=AuditAction.ENTITIES_EXPORTED).exists()

    supervisor = client(world.supervisor)
    pending = supervisor.get(reverse("entities:export_requests")).content.decode()
    assert "Handover to the court" in pending
    decide = reverse("entities:export_decide", kwargs={"uid": request.uid})
    assert supervisor.post(decide, {"decision": "approve"}).status_code == 302
    request.refresh_from_db()
    assert request.status == ExportRequest.Status.APPROVED
    assert request.decided_by == world.supervisor

    response = analyst.post(download)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    body = response.content.decode()
    assert "Abdelatif El Khattabi" in body
    assert "Other Agency Person" not in body
    assert AuditEntry.objects.filter(action=AuditAction.ENTITIES_EXPORTED).count() == 1
    steps = AuditEntry.objects.filter(action=AuditAction.ENTITIES_EXPORT_REQUEST)
    assert [e.details["step"] for e in steps.order_by("seq")] == ["requested", "approved"]
    again = analyst.post(download)  # once only
    assert again.status_code == 302
    assert AuditEntry.objects.filter(action=AuditAction.ENTITIES_EXPORTED).count() == 1
    assert client(world.officer).post(reverse("entities:export")).status_code == 403


def test_the_forms_render_every_field(world: World) -> None:
    page = client(world.analyst)
    html = page.get(reverse("entities:person_new")).content.decode()
    for name in ("names-0-full_name", "names-0-script", "ids-0-value", "birth_dates", "purpose"):
        assert f'name="{name}"' in html, name
    assert html.count('name="purpose"') == 1
    html = page.get(reverse("entities:new", kwargs={"kind": "vessel"})).content.decode()
    for name in ("name", "imo", "mmsi", "flag", "handling", "review_date"):
        assert f'name="{name}"' in html, name
    assert page.get(reverse("entities:new", kwargs={"kind": "spaceship"})).status_code == 404
    html = page.get(reverse("entities:import")).content.decode()
    assert 'name="file"' in html
    assert 'enctype="multipart/form-data"' in html
