"""Imports that help the person importing (issue 12): the report in the importer's language,
no pointer to a document they cannot open, a template per format that imports as it is, a file
imported again detected and then updated or skipped, H3 that asks for its conditions, and a
FollowTheMoney file sent as CSV named as such."""

from __future__ import annotations

import io
import json

import pytest
from django.test import Client, TestCase
from django.urls import reverse

from strait.entities import csv_format, ftm, imports
from strait.entities.models import ImportBatch, Person, Phone, Vehicle
from tests.conftest import login_verified
from tests.entities.conftest import World, markings, markings_json
from tests.entities.test_pages import upload

pytestmark = pytest.mark.django_db

ROWS = (
    "kind,id,owner,name,birth_dates,phones,value,country,place_of_birth\n"
    "person,p1,,Ana García,1985,+34 612 345 678,,,Ceuta\n"
    "vehicle,,p1,,,,1234 BCD,ES,\n"
)


def client(world: World) -> Client:
    return login_verified(Client(), world.analyst)


def post(
    world: World, text: str, name: str = "people.csv", fmt: str = "csv", **fields: str
) -> ImportBatch:
    """Import through the page, the thread after commit run in place."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client(world).post(
            reverse("entities:import"), upload(text, name=name, fmt=fmt) | fields
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    return ImportBatch.objects.order_by("-id").first()  # type: ignore[return-value]


def run(world: World, text: str, on_existing: str = "ask") -> ImportBatch:
    batch = ImportBatch.objects.create(
        agency=world.here,
        user=world.analyst,
        filename="f.csv",
        format="csv",
        on_existing=on_existing,
    )
    return imports.run(batch, csv_format.read(text, markings()), world.analyst)


# Translated reports.


def test_the_report_is_in_the_importers_language_even_from_a_thread(world: World) -> None:
    world.analyst.language = "es"
    world.analyst.save()
    batch = run(world, "name\n")  # no record at all
    assert batch.refusals[0]["errors"] == ["El archivo no contiene ningún registro."]
    bad = run(world, "name,birth_dates\nLuis,1985-13\n")
    assert "no es una fecha de nacimiento" in bad.refusals[0]["errors"][0]


def test_an_unknown_column_names_the_columns_not_a_document(world: World) -> None:
    with pytest.raises(csv_format.FileRefused) as refused:
        csv_format.read("name,surname\nA,B\n", markings())
    message = str(refused.value.message)
    assert "docs/entities.md" not in message
    assert "surname" in message
    assert "birth_dates" in message  # the columns a file may have
    page = client(world).get(reverse("entities:import")).content.decode()
    assert "docs/entities.md" not in page


# Templates.


@pytest.mark.parametrize("fmt", ["csv", "ftm"])
def test_each_format_has_a_template_that_imports_as_it_is(world: World, fmt: str) -> None:
    page = client(world).get(reverse("entities:import")).content.decode()
    url = reverse("entities:import_template", args=[fmt])
    assert url in page
    response = client(world).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    text = response.content.decode()
    batch = post(world, text, name=f"template.{fmt}", fmt=fmt)
    assert batch.status == ImportBatch.Status.DONE, batch.refusals
    person = Person.objects.get()
    assert person.birth_dates == ["1985-06-14"]
    assert Vehicle.objects.get().person == person
    assert Phone.objects.get(person=person).key == "phone:+212661123456"


def test_an_unknown_template_format_is_not_found(world: World) -> None:
    response = client(world).get(reverse("entities:import_template", args=["xlsx"]))
    assert response.status_code == 404


def test_the_csv_template_has_every_column() -> None:
    header = csv_format.template().splitlines()[0].split(",")
    assert tuple(header) == csv_format.COLUMNS
    assert [json.loads(line)["schema"] for line in ftm.template().splitlines()] == [
        "Person",
        "Passport",
        "Vehicle",
    ]


# A file imported again.


def test_a_file_imported_again_is_stopped_and_its_rows_listed(world: World) -> None:
    assert post(world, ROWS).status == ImportBatch.Status.DONE
    again = post(world, ROWS)
    assert again.status == ImportBatch.Status.REFUSED
    assert [r["row"] for r in again.refusals] == [1, 2]
    assert all(r["held"] for r in again.refusals)
    assert Person.objects.count() == 1
    assert Vehicle.objects.count() == 1
    page = client(world).get(reverse("entities:import_status", args=[again.uid])).content.decode()
    assert "already held" in page
    assert "?on_existing=update" in page
    assert "?on_existing=skip" in page
    # The links come back to the import page with the choice made.
    form = client(world).get(reverse("entities:import") + "?on_existing=skip")
    assert form.context["form"]["on_existing"].value() == "skip"


def test_update_takes_the_rows_values_into_the_records_held(world: World) -> None:
    post(world, ROWS)
    changed = ROWS.replace(",Ceuta", ",Melilla")
    batch = post(world, changed, on_existing="update")
    assert batch.status == ImportBatch.Status.DONE, batch.refusals
    assert (batch.created_count, batch.updated_count, batch.skipped_count) == (0, 2, 0)
    person = Person.objects.get()
    assert person.place_of_birth == "Melilla"
    assert Vehicle.objects.get().person == person
    assert Phone.objects.count() == 1  # the phone it held already is not added twice


def test_skip_imports_only_the_new_rows(world: World) -> None:
    post(world, ROWS)
    more = ROWS + "phone,,p1,,,,+34 699 000 111,,\n"
    batch = post(world, more, on_existing="skip")
    assert batch.status == ImportBatch.Status.DONE, batch.refusals
    assert (batch.created_count, batch.skipped_count) == (1, 2)
    person = Person.objects.get()
    assert person.place_of_birth == "Ceuta"
    assert Phone.objects.filter(person=person).count() == 2  # the new one hangs from him


def test_a_namesake_born_another_year_is_no_row_held(world: World) -> None:
    post(world, ROWS)
    batch = run(world, "name,birth_dates\nAna García,1990\n")
    assert batch.status == ImportBatch.Status.DONE, batch.refusals
    assert Person.objects.count() == 2


# H3.


def test_h3_asks_for_its_conditions_on_the_page(world: World) -> None:
    data = upload(ROWS) | {"handling": "H3", "handling_conditions": ""}
    response = client(world).post(reverse("entities:import"), data)
    assert response.status_code == 400
    assert "H3 means other restrictions" in response.content.decode()
    assert not ImportBatch.objects.exists()
    post(world, ROWS, handling="H3", handling_conditions="Not to customs")
    assert Person.objects.get().handling_conditions == "Not to customs"


def test_an_h3_row_without_conditions_is_refused(world: World) -> None:
    batch = run(world, "name,handling\nLuis,H3\n")
    assert batch.status == ImportBatch.Status.REFUSED
    assert "H3 means other restrictions" in batch.refusals[0]["errors"][0]
    done = run(world, "name,handling,handling_conditions\nLuis,H3,Not to customs\n")
    assert done.status == ImportBatch.Status.DONE, done.refusals


# An FtM file sent as CSV.


def test_an_ftm_file_sent_as_csv_is_named_as_such(world: World) -> None:
    batch = post(world, ftm.template(), name="people.csv", fmt="csv")
    assert batch.status == ImportBatch.Status.REFUSED
    message = batch.refusals[0]["errors"][0]
    assert "FollowTheMoney" in message
    assert not Person.objects.exists()


def test_a_csv_that_is_no_ftm_reads_as_csv() -> None:
    assert not csv_format.looks_like_ftm("name\n{not json}\n")
    assert not csv_format.looks_like_ftm('{"a": 1}\n')
    assert csv_format.looks_like_ftm(io.StringIO(ftm.template()).read())
    assert markings_json()  # the page's markings helper stays importable here
