"""Imports are all or nothing; CSV and FollowTheMoney files import fully; an FtM export comes
back through the import unchanged; the page's background thread and the CLI do the same."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from strait.audit.events import AuditAction
from strait.audit.models import AuditEntry
from strait.entities import actions, csv_format, ftm, imports
from strait.entities.models import (
    Address,
    Aircraft,
    Document,
    EmailAddress,
    ImportBatch,
    Organisation,
    Person,
    Phone,
    Provenance,
    Vehicle,
    Vessel,
)
from strait.entities.validation import IdentifierDraft, NameDraft
from tests.entities.conftest import (
    World,
    approved_export,
    make_person,
    markings,
    markings_json,
)
from tests.entities.test_api import Api

pytestmark = pytest.mark.django_db

CSV = """kind,id,owner,name,aliases,language,gender,birth_dates,place_of_birth,nationalities,phones,emails,document_type,document_number,document_country,value,country,vin,imo,mmsi,flag,aircraft_type,street,city,handling,purpose
person,p1,,Ana García Ruiz,Anita,es,female,1985-04;1986,Ceuta,ES,+34 612 345 678,ana@example.org,id_card,12345678Z,ES,,,,,,,,,,H2,
person,p2,,محمد العلوي,,ar,male,1979,,MA,0661 12 34 56,,passport,AB123456,MA,,,,,,,,,,,Other purpose
organisation,o1,,Transportes del Estrecho SL,TdE,,,,,,,,,,,,ES,,,,,,,,,
vehicle,,p1,,,,,,,,,,,,,1234 BCD,ES,WVWZZZ1JZXW000001,,,,,,,,
vessel,,,Nour Al Bahr,,,,,,,,,,,,,,,9074729,242123450,MA,,,,,
aircraft,,o1,,,,,,,,,,,,,EC-MHK,,,,,,Cessna 172,,,,
address,,p1,,,,,,,,,,,,,,ES,,,,,,Calle Real 1,Algeciras,,
phone,,o1,,,,,,,,,,,,,+34 956 000 000,,,,,,,,,,
"""  # noqa: E501 - rows of a file


def batch_for(world: World, fmt: str = "csv") -> ImportBatch:
    return ImportBatch.objects.create(
        agency=world.here, user=world.analyst, filename=f"f.{fmt}", format=fmt
    )


def run_csv(world: World, text: str) -> ImportBatch:
    batch = batch_for(world)
    return imports.run(batch, csv_format.read(text, markings()), world.analyst)


def test_a_good_csv_imports_every_row_with_links_and_overrides(world: World) -> None:
    batch = run_csv(world, CSV)

    assert batch.status == ImportBatch.Status.DONE, batch.refusals
    assert batch.processed_rows == batch.total_rows == 8
    ana = Person.objects.get(names__full_name="Ana García Ruiz")
    assert [n.kind for n in ana.names.all()] == ["primary", "alias"]
    assert ana.birth_dates == ["1985-04", "1986"]
    assert ana.handling == "H2"  # the row's own value
    assert ana.purpose == "Investigation of migrant smuggling"  # the batch's
    assert ana.provenance == Provenance.IMPORT
    assert ana.import_batch == batch
    mohamed = Person.objects.get(names__script="Arab")
    assert mohamed.purpose == "Other purpose"
    assert Phone.objects.get(person=mohamed).key == "phone:+212661123456"
    assert Document.objects.get(person=ana).checked_format == "es.dni"
    assert EmailAddress.objects.get(person=ana).key == "email:ana@example.org"
    assert Vehicle.objects.get().person == ana
    assert Address.objects.get().person == ana
    organisation = Organisation.objects.get()
    assert organisation.aliases == ["TdE"]
    assert Aircraft.objects.get().organisation == organisation
    assert Phone.objects.get(organisation=organisation).key == "phone:+34956000000"
    assert Vessel.objects.get().imo_key == "imo:9074729"
    assert AuditEntry.objects.filter(action=AuditAction.ENTITIES_IMPORTED).count() == 1


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("person,p9,,Luis,,,,31/31/1980,,,,,,,,,,,,,,,,,,", "not a date of birth"),
        ("person,p9,,Luis,,,,,,,12,,,,,,,,,,,,,,,", "phone"),
        ("person,p9,,Luis,,,,,,,,,id_card,12345678A,ES,,,,,,,,,,,", "check digit"),
        ("vehicle,,nobody,,,,,,,,,,,,,1234 BCD,ES,,,,,,,,,", "belongs to 'nobody'"),
        ("spaceship,,,,,,,,,,,,,,,,,,,,,,,,,", "unknown kind"),
        ("person,p9,,Luis,,,,,,,,,,,,,,,,,,,,,H9,", "not one of the allowed values"),
        ("person,p1,,Luis,,,,,,,,,,,,,,,,,,,,,,", "more than once"),
    ],
)
def test_one_bad_row_imports_nothing_and_names_the_row(
    world: World, row: str, message: str
) -> None:
    batch = run_csv(world, CSV + row + "\n")
    assert batch.status == ImportBatch.Status.REFUSED
    assert Person.objects.count() == Vehicle.objects.count() == Phone.objects.count() == 0
    refused = [r for r in batch.refusals if r["row"] == 9]
    assert refused, batch.refusals
    assert message in " ".join(refused[0]["errors"])
    assert not AuditEntry.objects.filter(action=AuditAction.ENTITIES_IMPORTED).exists()


def test_a_file_with_an_unknown_column_is_refused_whole(world: World) -> None:
    with pytest.raises(csv_format.FileRefused, match="surname"):
        csv_format.read("name,surname\nA,B\n", markings())


FTM = [
    {
        "id": "p-1",
        "schema": "Person",
        "properties": {
            "name": ["Abdelatif El Khattabi"],
            "alias": ["عبد اللطيف الخطابي"],
            "birthDate": ["1980-03-12"],
            "birthPlace": ["Tétouan"],
            "nationality": ["ma"],
            "gender": ["male"],
            "phone": ["+212661123456"],
            "email": ["a.k@example.org"],
            "passportNumber": ["AB1234567"],
            "addressEntity": ["addr-1"],
        },
    },
    {
        "id": "id-1",
        "schema": "Identification",
        "properties": {
            "number": ["X1234567L"],
            "type": ["residence"],
            "country": ["es"],
            "holder": ["p-1"],
        },
    },
    {
        "id": "o-1",
        "schema": "Company",
        "properties": {"name": ["Estrecho Cargo"], "country": ["es"]},
    },
    {
        "id": "v-1",
        "schema": "Vehicle",
        "properties": {"registrationNumber": ["1234 BCD"], "owner": ["o-1"]},
    },
    {
        "id": "s-1",
        "schema": "Vessel",
        "properties": {"name": ["Nour"], "imoNumber": ["9074729"], "flag": ["ma"]},
    },
    {
        "id": "a-1",
        "schema": "Airplane",
        "properties": {"registrationNumber": ["CN-RGA"], "model": ["B737"]},
    },
    {
        "id": "addr-1",
        "schema": "Address",
        "properties": {"street": ["Rue 1"], "city": ["Tanger"], "country": ["ma"]},
    },
    {"id": "le-1", "schema": "LegalEntity", "properties": {"phone": ["+34 612 345 678"]}},
]


def ftm_text(entities: list[dict[str, Any]]) -> str:
    return "\n".join(json.dumps(e, ensure_ascii=False) for e in entities) + "\n"


def test_a_good_ftm_file_imports_fully(world: World) -> None:
    batch = batch_for(world, "ftm")
    batch = imports.run(batch, ftm.read(ftm_text(FTM), markings()), world.analyst)

    assert batch.status == ImportBatch.Status.DONE, batch.refusals
    person = Person.objects.get()
    assert [(n.full_name, n.script, n.kind) for n in person.names.all()] == [
        ("Abdelatif El Khattabi", "Latn", "primary"),
        ("عبد اللطيف الخطابي", "Arab", "alias"),
    ]
    assert (person.birth_dates, person.nationalities, person.gender) == (
        ["1980-03-12"],
        ["MA"],
        "male",
    )
    kinds = {d.kind: d for d in Document.objects.filter(person=person)}
    assert set(kinds) == {"passport", "residence"}
    assert kinds["residence"].checked_format == "es.nie"
    assert Vehicle.objects.get().organisation == Organisation.objects.get()
    assert Address.objects.get().person == person
    assert Phone.objects.filter(person=None, organisation=None).get().key == "phone:+34612345678"
    assert Aircraft.objects.get().aircraft_type == "B737"


def test_an_ftm_line_that_cannot_be_read_refuses_the_file(world: World) -> None:
    text = ftm_text(FTM) + "not json\n" + ftm_text([{"id": "x", "schema": "Sanction"}])
    batch = imports.run(batch_for(world, "ftm"), ftm.read(text, markings()), world.analyst)
    assert batch.status == ImportBatch.Status.REFUSED
    assert [(r["row"], r["id"]) for r in batch.refusals] == [(9, ""), (10, "x")]
    assert Person.objects.count() == 0


def test_ftm_export_round_trips_through_the_import(world: World) -> None:
    person = make_person(
        world.analyst,
        names=[
            NameDraft("عبد اللطيف الخطابي", language="ar"),
            NameDraft("Abdelatif", kind="alias"),
        ],
        birth_dates=["1980-03"],
        place_of_birth="Tétouan",
        identifiers=[
            IdentifierDraft("phone", "0661 12 34 56"),
            IdentifierDraft("document", "12345678Z", "ES", "id_card"),
        ],
    )
    vehicle_fields = {"value": "1234 BCD", "plate_country": "ES", "vin": "WVWZZZ1JZXW000001"}
    actions.create_record(
        "vehicle", vehicle_fields, markings(handling="H2"), acting_user=world.analyst, person=person
    )
    actions.create_record(
        "vessel", {"name": "Nour", "imo": "9074729"}, markings(), acting_user=world.analyst
    )
    actions.create_record(
        "address",
        {"city": "Tanger", "country": "MA"},
        markings(),
        acting_user=world.analyst,
        person=person,
    )
    text = approved_export(world)

    batch = ImportBatch.objects.create(
        agency=world.other, user=world.other_analyst, filename="x.ftm", format="ftm"
    )
    batch = imports.run(batch, ftm.read(text, markings(purpose="other")), world.other_analyst)
    assert batch.status == ImportBatch.Status.DONE, batch.refusals

    def snapshot(agency: Any) -> dict[str, Any]:
        p = Person.objects.get(agency=agency)
        return {
            "names": [(n.full_name, n.script, n.language, n.kind) for n in p.names.all()],
            "person": (p.birth_dates, p.place_of_birth, p.nationalities, p.handling, p.purpose),
            "phones": [x.key for x in Phone.objects.filter(person=p)],
            "documents": [
                (d.key, d.kind, d.checked_format) for d in Document.objects.filter(person=p)
            ],
            "vehicles": [(v.key, v.vin_key, v.handling) for v in Vehicle.objects.filter(person=p)],
            "addresses": [str(a) for a in Address.objects.filter(person=p)],
            "vessels": [v.imo_key for v in Vessel.objects.filter(agency=agency)],
        }

    assert snapshot(world.other) == snapshot(world.here)
    assert AuditEntry.objects.filter(action=AuditAction.ENTITIES_EXPORTED).count() == 1


class InlineThread:
    """Runs the thread's target when started: the test's transaction is the thread's."""

    def __init__(self, target: Any, args: tuple[Any, ...], name: str) -> None:
        self.target, self.args, self.name, self.daemon = target, args, name, False

    def start(self) -> None:
        self.target(*self.args)

    def is_alive(self) -> bool:
        return False


def test_the_page_import_runs_in_a_thread_after_commit(
    world: World,
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.ENTITIES_IMPORT_INLINE = False
    closed: list[bool] = []
    monkeypatch.setattr(imports.threading, "Thread", InlineThread)
    monkeypatch.setattr(imports.connection, "close", lambda: closed.append(True))
    batch = batch_for(world)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        imports.submit(batch, csv_format.read(CSV, markings()), world.analyst)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PENDING  # nothing before the commit
    for callback in callbacks:
        callback()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE, batch.refusals
    assert batch.processed_rows == 8
    assert Person.objects.count() == 2
    assert closed == [True]  # the thread closes its own connection


def test_the_command_line_import(world: World, tmp_path: Path, capsys: Any) -> None:
    path = tmp_path / "people.csv"
    path.write_text(CSV, encoding="utf-8")
    call_command(
        "entities", "import", str(path), "--agency", world.here.code,
        "--user", world.analyst.username, "--purpose", "Test", "--subject-category", "suspect",
        "--handling", "H0", "--review-date", "2099-01-01", "--retention-date", "2099-12-31",
    )  # fmt: skip
    assert "imported 13 records from 8 rows" in capsys.readouterr().out
    assert Person.objects.count() == 2
    bad = tmp_path / "bad.csv"
    bad.write_text(CSV + "person,,,,,,,1980-99,,,,,,,,,,,,,,,,,,\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        call_command(
            "entities", "import", str(bad), "--agency", world.here.code,
            "--user", world.analyst.username, "--purpose", "Test", "--subject-category", "suspect",
            "--handling", "H0", "--review-date", "2099-01-01", "--retention-date", "2099-12-31",
        )  # fmt: skip
    assert "row 9" in capsys.readouterr().err
    assert Person.objects.count() == 2


# Issue 11, finding 6: a broken quote must not swallow the rows after it -----------------------

UNTERMINATED = (
    "kind,id,name,birth_dates\n"
    "person,p1,Alpha One,1980\n"
    'person,p2,"Bravo Two,1981\n'
    "person,p3,Charlie Three,1982\n"
    "person,p4,Delta Four,1983\n"
    "person,p5,Echo Five,1984\n"
)


@pytest.mark.parametrize(
    "text",
    [
        UNTERMINATED,
        # The quote is closed rows later: a "name" holding two rows and a line break.
        UNTERMINATED.replace("Delta Four", 'Delta Four"'),
        # Or closed properly, still over a line break: no field holds one.
        'kind,id,name,birth_dates\nperson,p1,Alpha One,1980\nperson,p2,"Bravo\nTwo",1981\n',
    ],
)
def test_an_unterminated_quote_refuses_the_whole_file_with_its_row(world: World, text: str) -> None:
    with pytest.raises(csv_format.FileRefused, match=r"^Row 2 ") as refused:
        csv_format.read(text, markings())
    assert refused.value.row == 2
    answer = Api(world.analyst).post(
        "/import", {"format": "csv", "text": text, "markings": markings_json()}
    )
    assert answer.json()["status"] == "refused"
    assert [r["row"] for r in answer.json()["refusals"]] == [2]
    assert not Person.objects.exists()


def test_blank_lines_and_a_quoted_comma_still_read(world: World) -> None:
    text = 'kind,id,name,birth_dates\n\nperson,p1,"One, Alpha",1980\n\nperson,p2,Bravo Two,1981\n'
    items = csv_format.read(text, markings())
    assert [(i.row, i.ref) for i in items] == [(1, "p1"), (2, "p2")]
    assert items[0].person is not None
    assert items[0].person.names[0].full_name == "One, Alpha"
