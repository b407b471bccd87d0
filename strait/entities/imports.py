"""Importing a file of records, all or nothing (docs/entities.md).

A file is first read into :class:`Item` s (``csv_format`` or ``ftm``), then every item is checked
(``validation``) while ``ImportBatch.processed_rows`` counts them for the progress bar. If any
item is refused, nothing is written and the batch keeps a report per row; otherwise every record
is written in one transaction with one audit entry for the batch.

Pages start the work in a thread after their transaction commits (:func:`submit`); the API and
the command line run it in the caller (:func:`run`).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from strait.audit.events import AuditAction
from strait.audit.log import record as audit
from strait.entities import actions
from strait.entities.models import (
    Address,
    ImportBatch,
    Organisation,
    Person,
    Provenance,
    Record,
    Vessel,
)
from strait.entities.validation import (
    MARKING_FIELDS,
    BuiltPerson,
    Invalid,
    Markings,
    PersonDraft,
    build_person,
    build_record,
    kind_of,
)
from strait.permissions import Permission, require

if TYPE_CHECKING:
    from strait.accounts.models import User

logger = logging.getLogger("strait.entities")

MAX_ROWS = 20000
MAX_BYTES = 10 * 1024 * 1024
# The JSON API takes the file inside its body, which Django bounds by DATA_UPLOAD_MAX_MEMORY_SIZE.
API_MAX_BYTES = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or MAX_BYTES
# Days a refused report keeps the refused values (kept on the model: the retention task reads it).
REFUSALS_KEPT_DAYS = ImportBatch.REFUSALS_KEPT_DAYS
# How often the check pass writes its progress (rows).
PROGRESS_EVERY = 50


@dataclass
class Item:
    """One record read from a file, not yet checked."""

    row: int  # line or row number in the file (1 = first data row)
    ref: str = ""  # the file's own id for it (CSV ``id``, FtM ``id``), for links and reports
    kind: str = "person"
    person: PersonDraft | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    markings: Markings | None = None
    owner: str = ""  # ``ref`` of the person or organisation it belongs to
    problems: list[str] = field(default_factory=list)


@dataclass
class Prepared:
    item: Item
    built: BuiltPerson | Record


def markings_with(defaults: Markings, overrides: dict[str, str], problems: list[str]) -> Markings:
    """The batch's DP-01 values with a row's own values in their place where it has them."""
    values = defaults.as_fields()
    for name in MARKING_FIELDS:
        raw = (overrides.get(name) or "").strip()
        if not raw:
            continue
        if name.endswith("_date"):
            try:
                values[name] = dt.date.fromisoformat(raw)
            except ValueError:
                problems.append(_("%(f)s: not a date (YYYY-MM-DD): %(v)r") % {"f": name, "v": raw})
        else:
            values[name] = raw
    raw = (overrides.get("open_to_checks") or "").strip().lower()
    if raw:
        if raw not in ("yes", "no", "true", "false", "1", "0"):
            problems.append(_("open_to_checks: say yes or no, not %(v)r") % {"v": raw})
        values["open_to_checks"] = raw in ("yes", "true", "1")
    return Markings(**values)


def check(
    items: list[Item], region: str, progress: Any = None
) -> tuple[list[Prepared], list[dict[str, Any]]]:
    """Every item checked; the refusals as ``[{"row": n, "id": ref, "errors": [...]}]``."""
    prepared: list[Prepared] = []
    refusals: list[dict[str, Any]] = []
    owners = {i.ref: i.kind for i in items if i.ref and i.kind in ("person", "organisation")}
    seen = Counter(i.ref for i in items if i.ref)
    duplicates = {ref for ref, n in seen.items() if n > 1}
    for number, item in enumerate(items, 1):
        errors = list(item.problems)
        if item.ref in duplicates:
            errors.append(_("the id %(id)r appears more than once in the file") % {"id": item.ref})
        if item.owner and item.owner not in owners:
            errors.append(
                _("belongs to %(id)r, which is no person or organisation in this file")
                % {"id": item.owner}
            )
        built: BuiltPerson | Record | None = None
        if not errors:
            try:
                if item.person is not None:
                    built = build_person(item.person, region=region)
                elif item.markings is not None:
                    built = build_record(item.kind, item.fields, item.markings, region=region)
            except Invalid as exc:
                errors.extend(exc.messages())
        if errors:
            refusals.append({"row": item.row, "id": item.ref, "errors": errors})
        elif built is not None:
            prepared.append(Prepared(item, built))
        if progress is not None and (number % PROGRESS_EVERY == 0 or number == len(items)):
            progress(number)
    return prepared, refusals


def held(prepared: list[Prepared], agency_id: int) -> dict[int, Record]:
    """The rows the agency already holds, by row number, with the record each one is: a person
    by its name and dates of birth, an organisation by its name, a phone, e-mail address,
    document, vehicle or aircraft by its key (as matched exactly), a vessel by IMO or name.
    An address is never taken for one already held."""
    found: dict[int, Record] = {}
    for p in prepared:
        built = p.built
        match: Record | None = None
        if isinstance(built, BuiltPerson):
            primary = next((n for n in built.names if n.kind == "primary"), None)
            if primary is not None:
                match = (
                    Person.objects.filter(
                        agency_id=agency_id,
                        names__full_name=primary.full_name,
                        names__kind="primary",
                    )
                    .filter(birth_dates=built.person.birth_dates)
                    .first()
                )
        elif isinstance(built, Organisation):
            match = Organisation.objects.filter(agency_id=agency_id, name=built.name).first()
        elif isinstance(built, Vessel):
            vessels = Vessel.objects.filter(agency_id=agency_id)
            if built.imo_key:
                match = vessels.filter(imo_key=built.imo_key).first()
            elif built.name:
                match = vessels.filter(name=built.name, imo_key="").first()
        elif getattr(built, "key", "") and not isinstance(built, Address):
            match = type(built).objects.filter(agency_id=agency_id, key=built.key).first()  # type: ignore[attr-defined]
        if match is not None:
            found[p.item.row] = match
    return found


# What an update from a file leaves as it was: who holds the record and where it came from.
_KEPT: tuple[str, ...] = ("id", "uid", "agency", "created_by", "created_at", "provenance")
_KEPT += ("source_message_uid", "import_batch", "person", "organisation", "updated_at")


def _update(existing: Record, built: BuiltPerson | Record, user: User) -> None:
    """A record already held takes a row's values: a person its facts, markings and names (and
    the identifiers of the row it does not hold yet), any other record its fields."""
    now = timezone.now()
    if isinstance(built, BuiltPerson):
        if not isinstance(existing, Person):  # ``held`` pairs a person with a person only
            raise TypeError(existing)
        fresh = built.person
        for name in (
            *MARKING_FIELDS,
            "open_to_checks",
            "gender",
            "birth_dates",
            "place_of_birth",
            "nationalities",
            "search_text",
        ):
            setattr(existing, name, getattr(fresh, name))
        existing.updated_at = now
        existing.save()
        existing.names.all().delete()
        for name_row in built.names:
            name_row.person = existing
        existing.names.model.objects.bulk_create(built.names)
        for row in built.identifiers:
            model: Any = type(row)
            if not model.objects.filter(person=existing, key=getattr(row, "key", "")).exists():
                actions._stamp(row, user, provenance=Provenance.IMPORT, person=existing)
                row.save()
        return
    names = [f.attname for f in type(existing)._meta.concrete_fields if f.name not in _KEPT]
    for name in names:
        setattr(existing, name, getattr(built, name))
    existing.updated_at = now
    existing.save()


@dataclass
class Written:
    created: int = 0
    updated: int = 0
    skipped: int = 0


def write(
    prepared: list[Prepared],
    user: User,
    batch: ImportBatch | None,
    already: dict[int, Record] | None = None,
    on_existing: str = ImportBatch.OnExisting.ASK,
) -> Written:
    """Write checked items (owners first) inside the caller's transaction. ``already``: the rows
    held before (``held``), updated or skipped as ``on_existing`` says."""
    owners: dict[str, Person | Organisation] = {}
    done = Written()
    already = already or {}
    ordered = sorted(prepared, key=lambda p: p.item.kind not in ("person", "organisation"))
    for p in ordered:
        existing = already.get(p.item.row)
        if existing is not None:
            if on_existing == ImportBatch.OnExisting.UPDATE:
                _update(existing, p.built, user)
                done.updated += 1
            else:
                done.skipped += 1
            if p.item.ref and isinstance(existing, Person | Organisation):
                owners[p.item.ref] = existing
            continue
        if isinstance(p.built, BuiltPerson):
            saved: Record = actions.save_person(
                p.built, user, provenance=Provenance.IMPORT, batch=batch
            )
            done.created += 1 + len(p.built.identifiers)
        else:
            owner = owners.get(p.item.owner)
            actions._stamp(
                p.built,
                user,
                provenance=Provenance.IMPORT,
                batch=batch,
                person=owner if isinstance(owner, Person) else None,
                organisation=owner if isinstance(owner, Organisation) else None,
            )
            p.built.save()
            saved = p.built
            done.created += 1
        if p.item.ref and isinstance(saved, Person | Organisation):
            owners[p.item.ref] = saved
    return done


def run(batch: ImportBatch, items: list[Item], user: User) -> ImportBatch:
    """Check every item, then write all of them or none; the batch says what happened.

    Whatever fails on the way (a database error while writing) leaves nothing written and the
    batch refused, never "importing"."""
    require(user, Permission.ENTITIES_IMPORT)
    # The report is written in the importer's language: a page thread or the worker has none
    # of its own, and the report must not come out in English on a Spanish or Arabic page.
    with translation.override(user.language or settings.LANGUAGE_CODE):
        return _run_reported(batch, items, user)


def _run_reported(batch: ImportBatch, items: list[Item], user: User) -> ImportBatch:
    try:
        # No transaction around the check pass: its progress must be seen while it runs.
        return _run(batch, items, user)
    except Exception:
        logger.exception("import %s failed", batch.pk)
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportBatch.Status.REFUSED,
            refusals=[
                {"row": 0, "id": "", "errors": [_("The import failed; see the node's log.")]}
            ],
            finished_at=timezone.now(),
        )
        batch.refresh_from_db()
        return batch


def _run(batch: ImportBatch, items: list[Item], user: User) -> ImportBatch:
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.RUNNING, total_rows=len(items)
    )

    def progress(n: int) -> None:
        ImportBatch.objects.filter(pk=batch.pk).update(processed_rows=n)

    prepared, refusals = check(items, actions.region_of(user), progress)
    batch.refresh_from_db()
    if not items:
        refusals = [{"row": 0, "id": "", "errors": [_("The file holds no records.")]}]
    already = held(prepared, batch.agency_id) if not refusals else {}
    if already and batch.on_existing == ImportBatch.OnExisting.ASK:
        # The same rows imported again: nothing is written until the user says what to do.
        refusals = [
            {
                "row": row,
                "id": next((p.item.ref for p in prepared if p.item.row == row), ""),
                "errors": [_("already held: import the file again to update or skip it")],
                "held": f"{kind_of(record)}:{record.uid}",
            }
            for row, record in sorted(already.items())
        ]
    if refusals:
        batch.status = ImportBatch.Status.REFUSED
        batch.refusals = refusals
        batch.finished_at = timezone.now()
        batch.save(update_fields=["status", "refusals", "finished_at"])
        return batch
    with transaction.atomic():
        done = write(prepared, user, batch, already, batch.on_existing)
        batch.status = ImportBatch.Status.DONE
        batch.created_count = done.created
        batch.updated_count = done.updated
        batch.skipped_count = done.skipped
        batch.processed_rows = len(items)
        batch.finished_at = timezone.now()
        batch.save(
            update_fields=[
                "status",
                "created_count",
                "updated_count",
                "skipped_count",
                "processed_rows",
                "finished_at",
            ]
        )
        audit(
            AuditAction.ENTITIES_IMPORTED,
            actor=user,
            target=f"import:{batch.uid}",
            details={
                "format": batch.format,
                "rows": len(items),
                "records": done.created,
                "updated": done.updated,
                "skipped": done.skipped,
            },
        )
    return batch


def open_batch(
    user: User,
    *,
    filename: str,
    fmt: str,
    on_existing: str = ImportBatch.OnExisting.ASK,
    request: HttpRequest | None = None,
) -> ImportBatch:
    """An import begins: its batch (the report every later step fills in), with an audit entry
    naming who brought a file of which format. Every way in (page, API, command) opens one
    before reading the file, so a file refused whole still has its report."""
    require(user, Permission.ENTITIES_IMPORT)
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            agency=user.agency,
            user=user,
            filename=filename.replace("\x00", "")[:255],
            format=fmt,
            on_existing=on_existing
            if on_existing in ImportBatch.OnExisting.values
            else ImportBatch.OnExisting.ASK,
        )
        audit(
            AuditAction.ENTITIES_IMPORT_STARTED,
            request=request,
            actor=user,
            target=f"import:{batch.uid}",
            details={"format": fmt, "on_existing": on_existing},
        )
    return batch


def refuse_file(batch: ImportBatch, errors: list[str], *, row: int = 0) -> ImportBatch:
    """The file could not even be read: refused as a whole (``row``: where reading stopped)."""
    batch.status = ImportBatch.Status.REFUSED
    batch.refusals = [{"row": row, "id": "", "errors": errors}]
    batch.finished_at = timezone.now()
    batch.save()
    return batch


def _run_in_thread(batch_id: int, items: list[Item], user_id: int) -> None:
    from strait.accounts.models import User

    try:
        batch = ImportBatch.objects.get(pk=batch_id)
        run(batch, items, User.objects.get(pk=user_id))
    except Exception:
        logger.exception("import %s failed", batch_id)
        ImportBatch.objects.filter(pk=batch_id).update(
            status=ImportBatch.Status.REFUSED,
            refusals=[
                {"row": 0, "id": "", "errors": [_("The import failed; see the node's log.")]}
            ],
            finished_at=timezone.now(),
        )
    finally:
        connection.close()  # the thread's own connection


threads: list[threading.Thread] = []


def launch(batch_id: int, items: list[Item], user_id: int) -> None:
    # ENTITIES_IMPORT_INLINE (tests) runs the import in the caller instead of a thread.
    if getattr(settings, "ENTITIES_IMPORT_INLINE", False):
        batch = ImportBatch.objects.get(pk=batch_id)
        from strait.accounts.models import User

        run(batch, items, User.objects.get(pk=user_id))
        return
    thread = threading.Thread(
        target=_run_in_thread, args=(batch_id, items, user_id), name=f"import-{batch_id}"
    )
    thread.daemon = True
    threads[:] = [t for t in threads if t.is_alive()] + [thread]
    thread.start()


def submit(batch: ImportBatch, items: list[Item], user: User) -> None:
    """Run the import once the batch row is committed, in a thread of this process.

    A thread, not the worker: the items live in this process's memory and the file is not kept.
    If the process stops meanwhile, the batch stays "importing" with nothing written.
    """
    batch.total_rows = len(items)
    batch.save(update_fields=["total_rows"])
    batch_id, user_id = batch.pk, user.pk
    transaction.on_commit(lambda: launch(batch_id, items, user_id))
