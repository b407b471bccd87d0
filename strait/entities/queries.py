"""Every read of entities, scoped to the user's agency (AC-02): another agency's record is
"not found" (``None`` here, 404 in pages and the API)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

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
from strait.entities.validation import KINDS, OWNED
from strait.exchange.search import query_words
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


def search(user: User, query: str = "", kind: str = "") -> list[Row]:
    """The agency's records whose folded names or identifiers hold every word of ``query``,
    newest first, at most a page; one kind when ``kind`` is given."""
    words = query_words(query)
    kinds = [kind] if kind in KINDS else list(KINDS)
    rows: list[Row] = []
    for name in kinds:
        found = records_of(user, name)
        for word in words:
            found = found.filter(search_text__contains=word)
        if name in OWNED:
            found = found.select_related("person", "organisation").prefetch_related("person__names")
        rows.extend(Row(name, r) for r in found.order_by("-created_at", "-id")[:PAGE])
    rows.sort(key=lambda r: r.record.created_at, reverse=True)
    return rows[:PAGE]


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
