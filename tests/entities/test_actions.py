"""Writing records: checked before anything is written, one audit entry each, kept as written."""

from __future__ import annotations

import pytest

from strait.audit.events import AuditAction
from strait.audit.models import AuditEntry
from strait.entities import actions
from strait.entities.models import Document, Person, PersonName, Phone, Vehicle, Vessel
from strait.entities.validation import IdentifierDraft, Invalid, NameDraft, detect_script
from strait.refusals import NotPermitted
from tests.entities.conftest import World, make_person, markings, person_draft

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, int, int, int]:
    return (
        Person.objects.count(),
        PersonName.objects.count(),
        Phone.objects.count() + Document.objects.count(),
        AuditEntry.objects.count(),
    )


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("عبد اللطيف الخطابي", "Arab"),
        ("Abdelatif El Khattabi", "Latn"),
        ("José Núñez", "Latn"),
        ("Иван", "Zyyy"),
        ("12345", "Zyyy"),
    ],
)
def test_the_script_of_a_name_is_detected(text: str, script: str) -> None:
    assert detect_script(text) == script


def test_a_person_keeps_every_name_as_written_with_script_and_language(world: World) -> None:
    person = make_person(world.analyst)

    names = list(person.names.values_list("full_name", "script", "language"))
    assert names == [("عبد اللطيف الخطابي", "Arab", "ar"), ("Abdelatif El Khattabi", "Latn", "")]
    assert person.agency == world.here
    assert person.birth_dates == ["1980-03-12"]
    phone = Phone.objects.get(person=person)
    assert phone.value == "0661 12 34 56"
    assert phone.key == "phone:+212661123456"
    assert phone.handling == "H1"
    assert phone.agency == world.here
    entry = AuditEntry.objects.get(action=AuditAction.ENTITY_CREATED)
    assert entry.target == f"person:{person.uid}"
    assert entry.actor == world.analyst.username
    # The audit log says what happened, not the personal data.
    assert "Khattabi" not in str(entry.details)


@pytest.mark.parametrize("date", ["1980", "1980-03", "1980-03-12", "12/03/1980"])
def test_partial_dates_of_birth_are_accepted(world: World, date: str) -> None:
    person = make_person(world.analyst, birth_dates=[date])
    assert person.birth_dates == [{"12/03/1980": "1980-03-12"}.get(date, date)]


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"birth_dates": ["1980-13-01"]}, "not a date of birth"),
        ({"birth_dates": ["1980-02-31"]}, "not a date of birth"),
        ({"identifiers": [IdentifierDraft("phone", "12")]}, "phone"),
        (
            {"identifiers": [IdentifierDraft("document", "12345678A", "ES", "id_card")]},
            "check digit of es.dni",
        ),
        ({"markings": markings(purpose="")}, "purpose"),
        ({"markings": markings(handling="")}, "handling"),
        ({"markings": markings(review_date=None)}, "review_date"),
        ({"names": [NameDraft("  ")]}, "at least one name"),
        ({"nationalities": ["QQ"]}, "country code"),
    ],
)
def test_bad_input_is_refused_clearly_and_changes_nothing(
    world: World, overrides: dict[str, object], expected: str
) -> None:
    before = counts()
    with pytest.raises(Invalid) as refused:
        make_person(world.analyst, **overrides)
    assert expected in str(refused.value)
    assert counts() == before


def test_a_spanish_id_card_is_checked_with_stdnum(world: World) -> None:
    dni = IdentifierDraft("document", "12345678-z", "ES", "id_card")
    nie = IdentifierDraft("document", "X1234567L", "ES", "id_card")
    person = make_person(world.analyst, identifiers=[dni, nie])
    documents = {d.value: d for d in Document.objects.filter(person=person)}
    assert documents["12345678-z"].checked_format == "es.dni"
    assert documents["12345678-z"].key == "document:12345678Z"
    assert documents["X1234567L"].checked_format == "es.nie"


def test_a_passport_without_a_known_format_is_kept_unchecked(world: World) -> None:
    passport = IdentifierDraft("document", "AB1234567", "MA", "passport")
    person = make_person(world.analyst, identifiers=[passport])
    assert Document.objects.get(person=person).checked_format == ""


def test_an_officer_may_not_write(world: World) -> None:
    with pytest.raises(NotPermitted):
        make_person(world.officer)
    assert Person.objects.count() == 0


def test_records_of_other_kinds_get_their_keys(world: World) -> None:
    vehicle = actions.create_record(
        "vehicle",
        {"value": "1234 BCD", "plate_country": "es", "vin": "WVWZZZ1JZXW000001"},
        markings(),
        acting_user=world.analyst,
    )
    assert isinstance(vehicle, Vehicle)
    assert (vehicle.key, vehicle.vin_key, vehicle.plate_country) == (
        "plate:1234BCD",
        "vin:WVWZZZ1JZXW000001",
        "ES",
    )
    vessel = actions.create_record(
        "vessel",
        {"name": "Nour", "imo": "IMO 9074729", "mmsi": "242123450"},
        markings(),
        acting_user=world.analyst,
    )
    assert isinstance(vessel, Vessel)
    assert (vessel.imo_key, vessel.mmsi_key) == ("imo:9074729", "mmsi:242123450")
    with pytest.raises(Invalid, match="imo"):
        actions.create_record(
            "vessel", {"name": "X", "imo": "9074728"}, markings(), acting_user=world.analyst
        )


def test_an_update_replaces_names_and_is_audited(world: World) -> None:
    person = make_person(world.analyst)
    draft = person_draft(names=[NameDraft("Abdellatif Khattabi")], identifiers=[])
    actions.update_person(person, draft, acting_user=world.analyst)
    assert list(person.names.values_list("full_name", flat=True)) == ["Abdellatif Khattabi"]
    entry = AuditEntry.objects.get(action=AuditAction.ENTITY_CHANGED)
    assert "names" in entry.details["changed"]


def test_erasing_a_person_erases_what_hangs_from_it_and_is_audited(world: World) -> None:
    person = make_person(world.analyst)
    actions.erase(person, acting_user=world.analyst)
    assert (Person.objects.count(), PersonName.objects.count(), Phone.objects.count()) == (0, 0, 0)
    entry = AuditEntry.objects.get(action=AuditAction.ENTITY_ERASED)
    assert entry.target == f"person:{person.uid}"


def test_another_agency_cannot_change_or_erase(world: World) -> None:
    person = make_person(world.analyst)
    with pytest.raises(Invalid):
        actions.erase(person, acting_user=world.other_analyst)
    assert Person.objects.filter(pk=person.pk).exists()
