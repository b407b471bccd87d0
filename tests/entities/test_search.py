"""Records search as strong as the matcher (issue 12): names across scripts and spellings through
the same index partners' checks use, phones in any format, documents and plates by their key,
pages and order; another agency's records are never found."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.urls import reverse
from django.utils import timezone

from strait.audit.events import AuditAction
from strait.audit.models import AuditEntry
from strait.entities import person_index, queries
from strait.entities.models import Person
from strait.entities.validation import IdentifierDraft, NameDraft
from strait.matching import THRESHOLD
from tests.api_client import Api as ApiClient
from tests.entities.conftest import World, make_person
from tests.exchange.test_pages import client_for
from tests.factories.entities import PersonFactory, VehicleFactory


class Api(ApiClient):
    base = "/api/v1/entities"


@pytest.fixture(autouse=True)
def _fresh_index() -> Iterator[None]:
    # The index is cached per agency id and change count; ids come back between tests.
    person_index.forget()
    yield
    person_index.forget()


def labels(world_user: object, query: str, kind: str = "", **options: object) -> list[str]:
    found = queries.find(world_user, query, kind, **options)  # type: ignore[arg-type]
    return [row.display for row in found.rows]


def arabic_only(world: World) -> Person:
    return make_person(
        world.analyst, names=[NameDraft("عبد اللطيف الخطابي", language="ar")], identifiers=[]
    )


def test_khattabi_finds_the_record_a_check_hits(world: World) -> None:
    person = arabic_only(world)
    make_person(world.analyst, names=[NameDraft("Fatima Zahra Khattab")], identifiers=[])
    index = person_index.person_index(world.here.pk)
    [hit] = index.search(names=["Abdelatif El Khattabi"], limit=1)
    assert (hit.record_id, hit.score >= THRESHOLD) == (str(person.uid), True)
    for typed in ("Khattabi", "Abdelatif El Khattabi", "El-Khattabi Abdellatif", "الخطابي"):
        assert labels(world.analyst, typed) == ["عبد اللطيف الخطابي"], typed
    # A near name is not the same token: "Khattab" finds Fatima Zahra Khattab only.
    assert labels(world.analyst, "Khattab") == ["Fatima Zahra Khattab"]


def test_a_record_written_after_a_search_is_found_by_the_next_one(world: World) -> None:
    assert labels(world.analyst, "Khattabi") == []
    arabic_only(world)
    assert labels(world.analyst, "Khattabi") == ["عبد اللطيف الخطابي"]


def test_a_phone_is_found_in_any_format(world: World) -> None:
    make_person(
        world.analyst,
        names=[NameDraft("Karim Benali")],
        identifiers=[IdentifierDraft("phone", "+212 661 12 34 56", country="MA")],
    )
    # The searcher's agency is Spanish: a Moroccan local number is tried as a partner's too.
    for typed in ("+212661123456", "0661123456", "00212 661 12 34 56", "+212 661-12-34-56"):
        assert labels(world.analyst, typed, "phone") == ["Karim Benali"], typed
    assert labels(world.analyst, "0661123457", "phone") == []


def test_documents_and_plates_are_found_however_they_are_typed(world: World) -> None:
    make_person(
        world.analyst,
        names=[NameDraft("Karim Benali")],
        identifiers=[
            IdentifierDraft("document", "12345678Z", country="ES", document_kind="id_card")
        ],
    )
    VehicleFactory(agency=world.here, value="1234-BCD")
    assert labels(world.analyst, "12345678-z", "document") == ["Karim Benali"]
    [vehicle] = queries.find(world.analyst, "1234 bcd", "vehicle").rows
    assert vehicle.record.value == "1234-BCD"


def test_another_agency_never_finds_the_records(world: World) -> None:
    make_person(world.analyst)
    for typed in ("Khattabi", "عبد اللطيف الخطابي", "0661123456", "+212661123456"):
        assert labels(world.other_analyst, typed) == [], typed
        assert labels(world.analyst, typed) != [], typed
    assert Api(world.other_analyst).get("/", q="Khattabi").json() == []


def test_records_come_a_page_at_a_time_newest_or_oldest_first(world: World) -> None:
    start = timezone.now() - dt.timedelta(days=5)
    for n in range(queries.PAGE + 3):
        person = PersonFactory(
            agency=world.here,
            created_at=start + dt.timedelta(minutes=n),
            search_text=f"harbour {n:03}",
        )
        person.names.create(full_name=f"Harbour {n:03}", script="Latn")
    first = queries.find(world.analyst, "harbour", "person")
    assert len(first.rows) == queries.PAGE
    assert first.has_next
    assert first.rows[0].display == f"Harbour {queries.PAGE + 2:03}"
    second = queries.find(world.analyst, "harbour", "person", page=2)
    assert [r.display for r in second.rows] == ["Harbour 002", "Harbour 001", "Harbour 000"]
    assert not second.has_next
    oldest = queries.find(world.analyst, "harbour", "person", sort="oldest")
    assert [r.display for r in oldest.rows[:2]] == ["Harbour 000", "Harbour 001"]


def test_the_list_page_links_the_next_page_and_the_api_pages_too(world: World) -> None:
    for n in range(queries.PAGE + 1):
        person = PersonFactory(agency=world.here, search_text=f"quay {n}")
        person.names.create(full_name=f"Quay {n}", script="Latn")
    client = client_for(world.analyst)
    html = client.get(reverse("entities:list"), {"q": "quay"}).content.decode()
    assert 'rel="next"' in html
    second = client.get(reverse("entities:list"), {"q": "quay", "page": 2}).content.decode()
    assert second.count("Quay ") == 1
    assert 'rel="prev"' in second
    entry = AuditEntry.objects.filter(action=AuditAction.ENTITY_CONSULTED).order_by("-seq")[0]
    assert len(entry.details["shown"]) == 1
    api = Api(world.analyst)
    assert len(api.get("/", q="quay", page=2, sort="oldest").json()) == 1
    assert api.get("/", q="quay", page=0).status_code == 422
