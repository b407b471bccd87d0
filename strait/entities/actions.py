"""Every write of the entities app: checked first (``validation``), then written with its audit
row in one transaction. Views, the API, imports and the demo call these and nothing else."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Any, cast

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from strait.audit.events import AuditAction
from strait.audit.log import record as audit
from strait.entities import signals
from strait.entities.models import (
    ImportBatch,
    Organisation,
    Person,
    PersonName,
    Provenance,
    Record,
)
from strait.entities.validation import (
    BuiltPerson,
    Invalid,
    Markings,
    PersonDraft,
    build_person,
    build_record,
    kind_of,
)
from strait.permissions import Permission, require
from strait.refusals import NotPermitted

if TYPE_CHECKING:
    from strait.accounts.models import User
    from strait.agencies.models import Agency


def region_of(user: User) -> str:
    """Where national phone numbers typed by this user are read: their agency's country."""
    return str(user.agency.country.code)


def _own(user: User, record: Record | None) -> None:
    if record is not None and record.agency_id != user.agency_id:
        # Callers resolve owners through queries; reaching here is a programming error.
        raise Invalid([("", _("That record is not your agency's."))])


def _stamp(
    row: Record,
    user: User,
    *,
    provenance: str = Provenance.MANUAL,
    batch: ImportBatch | None = None,
    person: Person | None = None,
    organisation: Organisation | None = None,
) -> None:
    row.agency_id = user.agency_id
    row.created_by = user
    row.provenance = provenance
    row.import_batch = batch
    if person is not None:
        row.person = person  # type: ignore[attr-defined]
    if organisation is not None:
        row.organisation = organisation  # type: ignore[attr-defined]


def save_person(
    built: BuiltPerson,
    user: User,
    *,
    provenance: str = Provenance.MANUAL,
    batch: ImportBatch | None = None,
) -> Person:
    """Write a checked person with its names and identifiers (inside the caller's transaction)."""
    person = built.person
    _stamp(person, user, provenance=provenance, batch=batch)
    person.save()
    for name in built.names:
        name.person = person
    person.names.model.objects.bulk_create(built.names)
    for row in built.identifiers:
        _stamp(row, user, provenance=provenance, batch=batch, person=person)
        row.save()
    return person


def create_person(
    draft: PersonDraft, *, acting_user: User, request: HttpRequest | None = None
) -> Person:
    require(acting_user, Permission.ENTITIES_WRITE)
    built = build_person(draft, region=region_of(acting_user))
    with transaction.atomic():
        person = save_person(built, acting_user)
        audit(
            AuditAction.ENTITY_CREATED,
            request=request,
            actor=acting_user,
            target=f"person:{person.uid}",
            details={
                "kind": "person",
                "names": len(built.names),
                "identifiers": len(built.identifiers),
            },
        )
    return person


def update_person(
    person: Person, draft: PersonDraft, *, acting_user: User, request: HttpRequest | None = None
) -> Person:
    """Replace the person's facts and names; identifiers in the draft are added to it."""
    require(acting_user, Permission.ENTITIES_WRITE)
    _own(acting_user, person)
    built = build_person(draft, region=region_of(acting_user))
    fields = [
        *Markings.of(person).as_fields(),
        "gender",
        "birth_dates",
        "place_of_birth",
        "nationalities",
        "search_text",
    ]
    changed = [f for f in fields if getattr(person, f) != getattr(built.person, f)]
    old_names = [(n.full_name, n.language, n.kind) for n in person.names.all()]
    if old_names != [(n.full_name, n.language, n.kind) for n in built.names]:
        changed.append("names")
    with transaction.atomic():
        for name in fields:
            setattr(person, name, getattr(built.person, name))
        person.updated_at = timezone.now()
        person.save()
        person.names.all().delete()
        for name_row in built.names:
            name_row.person = person
        person.names.model.objects.bulk_create(built.names)
        for row in built.identifiers:
            _stamp(row, acting_user, person=person)
            row.save()
        if built.identifiers:
            changed.append("identifiers")
        audit(
            AuditAction.ENTITY_CHANGED,
            request=request,
            actor=acting_user,
            target=f"person:{person.uid}",
            details={"kind": "person", "changed": changed},
        )
    return person


def create_record(
    kind: str,
    fields: dict[str, Any],
    markings: Markings,
    *,
    acting_user: User,
    person: Person | None = None,
    organisation: Organisation | None = None,
    request: HttpRequest | None = None,
) -> Record:
    """A record of any kind but person (organisation, phone, vehicle …)."""
    require(acting_user, Permission.ENTITIES_WRITE)
    _own(acting_user, person)
    _own(acting_user, organisation)
    row = build_record(kind, fields, markings, region=region_of(acting_user))
    with transaction.atomic():
        _stamp(row, acting_user, person=person, organisation=organisation)
        row.save()
        audit(
            AuditAction.ENTITY_CREATED,
            request=request,
            actor=acting_user,
            target=f"{kind}:{row.uid}",
            details={"kind": kind},
        )
    return row


def update_record(
    row: Record,
    fields: dict[str, Any],
    markings: Markings,
    *,
    acting_user: User,
    request: HttpRequest | None = None,
) -> Record:
    require(acting_user, Permission.ENTITIES_WRITE)
    _own(acting_user, row)
    kind = kind_of(row)
    fresh = build_record(kind, fields, markings, region=region_of(acting_user))
    names = [
        f.attname
        for f in type(row)._meta.concrete_fields
        if f.name not in ("id", "uid", "agency", "created_by", "created_at", "provenance")
        and f.name not in ("source_message_uid", "import_batch", "person", "organisation")
        and f.name != "updated_at"
    ]
    changed = [n for n in names if getattr(row, n) != getattr(fresh, n)]
    with transaction.atomic():
        for name in names:
            setattr(row, name, getattr(fresh, name))
        row.updated_at = timezone.now()
        row.save()
        audit(
            AuditAction.ENTITY_CHANGED,
            request=request,
            actor=acting_user,
            target=f"{kind}:{row.uid}",
            details={"kind": kind, "changed": changed},
        )
    return row


def _hanging(row: Record) -> list[uuid.UUID]:
    """References of the records erased with ``row`` (a person's phones, documents …)."""
    from strait.entities.validation import KINDS, OWNED

    if not isinstance(row, Person | Organisation):
        return []
    owner = "person" if isinstance(row, Person) else "organisation"
    uids: list[uuid.UUID] = []
    for kind in OWNED:
        model: Any = KINDS[kind]
        uids += model.objects.filter(**{owner: row}).values_list("uid", flat=True)
    return uids


def erase(
    row: Record,
    *,
    acting_user: User | None,
    request: HttpRequest | None = None,
    system_reason: str = "",
) -> None:
    """Erase a record and what hangs from it (a person's names, phones, documents …), and what
    other apps keep of them: the labels of partners' check candidates and of match decisions
    (DP-02, DP-03), in the same transaction.

    ``acting_user`` None is the node itself (the retention task), which must say why in
    ``system_reason``."""
    if acting_user is None:
        if not system_reason:
            raise NotPermitted(_("You do not have permission to do this."))
    else:
        require(acting_user, Permission.ENTITIES_WRITE)
        _own(acting_user, row)
    kind = kind_of(row)
    uid = row.uid
    with transaction.atomic():
        erased = [uid, *_hanging(row)]
        _count, removed = row.delete()
        # Other apps blank what they keep of these records (check candidates, decisions).
        replies = signals.records_erased.send(sender=kind_of, uids=erased)
        candidates = sum(cast(int, count) for _receiver, count in replies)
        details: dict[str, Any] = {
            "kind": kind,
            "removed": {k.split(".")[-1]: n for k, n in removed.items()},
            "candidates_redacted": candidates,
        }
        if acting_user is None:
            details |= {"by": "system", "reason": system_reason, "agency": row.agency.code}
        audit(
            AuditAction.ENTITY_ERASED,
            request=request,
            actor=acting_user,
            target=f"{kind}:{uid}",
            details=details,
        )


def erase_expired(today: dt.date | None = None) -> int:
    """DP-02: erase every record past its retention date, as the node (one audit entry each),
    and cut down import reports older than ``ImportBatch.REFUSALS_KEPT_DAYS`` to their row numbers.
    Returns how many records were erased (what hangs from them not counted)."""
    from strait.entities.validation import KINDS

    today = today or timezone.localdate()
    erased = 0
    # Persons and organisations first: what hangs from them goes with them.
    for kind in (
        "person",
        "organisation",
        *(k for k in KINDS if k not in ("person", "organisation")),
    ):
        model: Any = KINDS[kind]
        for row in model.objects.filter(retention_date__lt=today).select_related("agency"):
            erase(row, acting_user=None, system_reason="retention date passed")
            erased += 1
    cutoff = timezone.now() - dt.timedelta(days=ImportBatch.REFUSALS_KEPT_DAYS)
    for batch in ImportBatch.objects.filter(finished_at__lt=cutoff).exclude(refusals=[]):
        kept = [{"row": r.get("row", 0), "id": "", "errors": []} for r in batch.refusals]
        if kept != batch.refusals:
            batch.refusals = kept
            batch.save(update_fields=["refusals"])
    return erased


def consult_list(
    rows: list[Any],
    *,
    query: str,
    kind: str,
    acting_user: User,
    request: HttpRequest | None = None,
) -> None:
    """Every list or search is one consultation entry naming the search terms and what it
    showed (their kinds and references), even when it found nothing: the terms themselves may
    be personal data (LOG-01)."""
    audit(
        AuditAction.ENTITY_CONSULTED,
        request=request,
        actor=acting_user,
        target="entities:list",
        details={
            "query": query,
            "kind": kind,
            "shown": [f"{r.kind}:{r.record.uid}" for r in rows],
        },
    )


def consult(row: Record, *, acting_user: User, request: HttpRequest | None = None) -> None:
    """Reading a record's detail is a consultation of personal data (LOG-01)."""
    kind = kind_of(row)
    audit(
        AuditAction.ENTITY_CONSULTED,
        request=request,
        actor=acting_user,
        target=f"{kind}:{row.uid}",
        details={"kind": kind},
    )


def add_in_bulk(
    agency: Agency,
    persons: list[tuple[Person, list[PersonName]]],
    records: list[Record],
    *,
    source: str,
    system_reason: str,
    fmt: str = "demo",
) -> int:
    """Write many records at once for the node itself (the demo's synthetic data), with one
    audit entry naming ``source`` and how many records were written.

    ``persons``: unsaved persons with their unsaved names; ``records``: unsaved records of other
    kinds, which may point at those persons. Every row is the agency's. No user acts here: the
    caller must say why in ``system_reason``. Returns the records written (names not counted)."""
    if not system_reason:
        raise NotPermitted(_("You do not have permission to do this."))
    with transaction.atomic():
        for person, _names in persons:
            person.agency = agency
        Person.objects.bulk_create([p for p, _names in persons])
        # bulk_create sets primary keys on PostgreSQL and SQLite >= 3.35 (RETURNING): the names
        # and records built with these persons now point at them.
        PersonName.objects.bulk_create([n for _p, names in persons for n in names])
        by_model: dict[Any, list[Record]] = {}
        for row in records:
            row.agency = agency
            by_model.setdefault(type(row), []).append(row)
        for model, rows in by_model.items():
            model.objects.bulk_create(rows)
        count = len(persons) + len(records)
        audit(
            AuditAction.ENTITIES_IMPORTED,
            target=source,
            details={"format": fmt, "records": count},
        )
    return count


def consult_import_report(
    batch: ImportBatch, *, acting_user: User, request: HttpRequest | None = None
) -> None:
    """A refused import's report quotes the refused values (a phone number, a name) until the
    retention task cuts it down to row numbers: reading it is a consultation (LOG-01) naming the
    rows shown, never their values. A report without values (running, done, cut down) is not:
    only a refused batch has refusals, and the retention task empties their errors."""
    if not any(r.get("errors") for r in batch.refusals):
        return
    audit(
        AuditAction.ENTITY_CONSULTED,
        request=request,
        actor=acting_user,
        target=f"import:{batch.uid}",
        details={
            "kind": "import",
            "status": batch.status,
            "rows": [r.get("row", 0) for r in batch.refusals],
        },
    )
