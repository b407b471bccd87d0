"""Every read of entities, scoped to the user's agency (AC-02): another agency's record is
"not found" (``None`` here, 404 in pages and the API)."""

from __future__ import annotations

import contextlib
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from strait.agencies.models import Country
from strait.entities.models import (
    Address,
    Document,
    EmailAddress,
    ImportBatch,
    Person,
    Phone,
    Record,
    Vehicle,
)
from strait.entities.person_index import person_index
from strait.entities.validation import KINDS, OWNED
from strait.exchange.search import query_words
from strait.matching import identifier_key
from strait.permissions import Permission

if TYPE_CHECKING:
    from strait.accounts.models import User

PAGE = 100


def _may_read(user: User) -> bool:
    return bool(user.agency_id) and user.has_permission(Permission.ENTITIES_READ)


def records_of(user: User, kind: str) -> QuerySet[Any]:
    """The user's agency's records of one kind (none at all without the permission)."""
    model: Any = KINDS.get(kind)
    if model is None:
        return Person.objects.none()
    rows = model.objects.all() if _may_read(user) else model.objects.none()
    rows = rows.filter(agency_id=user.agency_id)
    if kind == "person":
        rows = rows.prefetch_related("names")
    return rows


def record(user: User, kind: str, uid: uuid.UUID | str) -> Any:
    try:
        uid = uuid.UUID(str(uid))
    except ValueError:
        return None
    return records_of(user, kind).filter(uid=uid).first()


def person(user: User, uid: uuid.UUID | str) -> Person | None:
    found: Person | None = record(user, "person", uid)
    return found


@dataclass(frozen=True)
class Row:
    kind: str
    record: Record

    @property
    def label(self) -> str:
        return str(KINDS[self.kind]._meta.verbose_name)

    @property
    def display(self) -> str:
        """What a list shows of the record (LOG-01: a list is no consultation of its content).

        A person's first name as written; an organisation's or vessel's name; an address's city
        and country; an identifier (phone, document, plate …) never shows its value, only whose
        it is."""
        record: Any = self.record
        if self.kind == "person":
            first = next(iter(record.names.all()), None)
            return first.full_name if first is not None else ""
        if self.kind in ("organisation", "vessel"):
            return str(record.name or record.imo or record.mmsi)
        if self.kind == "address":
            return ", ".join(p for p in (record.city, record.country) if p)
        owner = record.person or record.organisation
        if owner is None:
            return ""
        if isinstance(owner, Person):
            first = next(iter(owner.names.all()), None)
            return first.full_name if first is not None else ""
        return str(owner.name)


@dataclass(frozen=True)
class Found:
    """A page of a records search."""

    rows: list[Row]
    number: int = 1
    has_next: bool = False

    @property
    def has_previous(self) -> bool:
        return self.number > 1


NEWEST, OLDEST = "newest", "oldest"
MAX_PAGE = 20
# A name search reads this many of the index's best candidates (it proposes at most
# ``strait.matching.index.CANDIDATES`` anyway).
NAME_CANDIDATES = 100
# Below a hit, a person is found by name when every token of the query pairs with one of its
# names this closely ("Khattabi" finds "عبد اللطيف الخطابي"; "Khattab" does not).
TOKEN_SIMILARITY = 0.8


def _named(agency_id: int, query: str) -> list[str]:
    """Uids of the agency's persons the matcher's index finds by ``query`` as a name, in any
    script or spelling: those a check would hit, and those holding every token of the query."""
    if not query.strip():
        return []
    found = []
    for match in person_index(agency_id).search(names=[query], limit=NAME_CANDIDATES):
        name = match.explanation.name
        whole = (
            name is not None
            and name.pairs
            and not name.unmatched_query
            and min(p.similarity for p in name.pairs) >= TOKEN_SIMILARITY
        )
        if match.flagged or whole:
            found.append(match.record_id)
    return found


def _identifier_keys(query: str, country: str) -> dict[str, set[str]]:
    """The normalised keys ``query`` may be, by the field that holds them: a phone in the
    searcher's country's format or any partner's, a document, a plate or VIN, an aircraft, an
    e-mail, a vessel's IMO or MMSI."""
    keys: dict[str, set[str]] = {}
    value = query.strip()
    if not value:
        return keys
    countries = [country, *Country.objects.exclude(code=country).values_list("code", flat=True)]
    for region in dict.fromkeys(c for c in countries if c):
        with contextlib.suppress(ValueError):
            keys.setdefault("key", set()).add(identifier_key("phone", value, region))
    for kind, field in (
        ("document", "key"),
        ("plate", "key"),
        ("aircraft", "key"),
        ("email", "key"),
        ("vin", "vin_key"),
        ("imo", "imo_key"),
        ("mmsi", "mmsi_key"),
    ):
        with contextlib.suppress(ValueError):
            keys.setdefault(field, set()).add(identifier_key(kind, value))
    return keys


def find(
    user: User, query: str = "", kind: str = "", *, sort: str = NEWEST, page: int = 1
) -> Found:
    """A page of the agency's records that ``query`` finds, one kind when ``kind`` is given:
    persons by name across scripts and spellings (the matcher's index the checks use), phones,
    documents, plates and other identifiers by their normalised key whatever the format typed,
    and every record whose folded names or identifiers hold every word of the query. Newest (or
    oldest) first; no query lists them all."""
    number = max(1, min(page, MAX_PAGE))
    words = query_words(query)
    kinds = [kind] if kind in KINDS else list(KINDS)
    if not _may_read(user):
        return Found([], number)
    named = _named(user.agency_id, query) if "person" in kinds and words else []
    keys = _identifier_keys(query, user.agency.country.code) if query.strip() else {}
    wanted = number * PAGE + 1
    order = ("-created_at", "-id") if sort != OLDEST else ("created_at", "id")
    rows: list[Row] = []
    for name in kinds:
        found = records_of(user, name)
        if query.strip():
            text = Q()
            for word in words:
                text &= Q(search_text__contains=word)
            condition = text if words else Q(pk__in=[])
            if name == "person" and named:
                condition |= Q(uid__in=named)
            fields = {f.name for f in KINDS[name]._meta.get_fields()}
            for field, values in keys.items():
                if field in fields:
                    condition |= Q(**{f"{field}__in": sorted(values)})
            found = found.filter(condition)
        if name in OWNED:
            found = found.select_related("person", "organisation").prefetch_related("person__names")
        rows.extend(Row(name, r) for r in found.order_by(*order)[:wanted])
    rows.sort(key=lambda r: (r.record.created_at, r.record.pk), reverse=sort != OLDEST)
    return Found(
        rows[(number - 1) * PAGE : number * PAGE],
        number,
        has_next=len(rows) > number * PAGE and number < MAX_PAGE,
    )


def search(user: User, query: str = "", kind: str = "") -> list[Row]:
    """The first page of ``find``."""
    return find(user, query, kind).rows


def belongings(person: Person) -> dict[str, list[Any]]:
    """What hangs from a person already read through ``record`` (same agency by construction)."""
    scoped = {"person": person, "agency_id": person.agency_id}
    return {
        "phones": list(Phone.objects.filter(**scoped)),
        "emails": list(EmailAddress.objects.filter(**scoped)),
        "documents": list(Document.objects.filter(**scoped)),
        "vehicles": list(Vehicle.objects.filter(**scoped)),
        "addresses": list(Address.objects.filter(**scoped)),
    }


def batch(user: User, uid: uuid.UUID | str) -> ImportBatch | None:
    if not user.has_permission(Permission.ENTITIES_IMPORT):
        return None
    return ImportBatch.objects.filter(uid=uid, agency_id=user.agency_id).first()


def batches(user: User) -> list[ImportBatch]:
    if not user.has_permission(Permission.ENTITIES_IMPORT):
        return []
    return list(ImportBatch.objects.filter(agency_id=user.agency_id)[:20])
