"""What tests/browser/test_linkchart.py does inside the demo's ``ma`` node (see
tests/nodes/__init__.py): an operation of its own with a small network of persons in both
scripts and a phone and a boat, shared and related through the operations' actions, as the
pages would. Its records are made directly (they are the DGST's own, as its file would hold)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.utils import timezone

from strait.entities.models import Person, PersonName, Phone, Vessel
from strait.matching import identifier_key
from strait.operations import actions
from strait.operations.models import OperationEntity
from tests.nodes.common import user

RECORD = {
    "purpose": "Browser test: synthetic records",
    "subject_category": "suspect",
    "fact_or_assessment": "fact",
    "source_reliability": "B",
    "information_credibility": "2",
    "handling": "H1",
}

# Synthetic names, none a real person's: (key, name, script).
PERSONS = (
    ("emir", "حمزة البقالي", "Arab"),
    ("recruiter", "سفيان الحداد", "Arab"),
    ("courier", "إلياس المرابط", "Arab"),
    ("driver", "Anouar Lamrani", "Latn"),
    ("financier", "Mehdi Ait Lahcen", "Latn"),
    ("contact", "Rachid Ouali", "Latn"),
)
# (source, kind, target, observed on or None)
RELATIONS = (
    ("emir", "leads", "recruiter", "2014-03-02"),
    ("recruiter", "recruits", "courier", "2014-06-01"),
    ("recruiter", "recruits", "driver", "2014-08-20"),
    ("financier", "finances", "emir", "2014-02-11"),
    ("courier", "calls", "phone", "2014-08-25"),
    ("driver", "uses_vehicle", "boat", None),
    ("contact", "travels_with", "driver", "2014-09-05"),
)


def _record(model: Any, **fields: Any) -> Any:
    today = timezone.localdate()
    return model.objects.create(
        review_date=today + dt.timedelta(days=90),
        retention_date=today + dt.timedelta(days=365),
        **RECORD,
        **fields,
    )


def chart_operation(username: str) -> dict[str, Any]:
    """A new operation led by ``username``'s agency with the network above; its uid and the
    entities' uids by key."""
    lead = user(username)
    op = actions.create_operation(
        lead,
        code_name=f"LINKCHART-{uuid.uuid4().hex[:6].upper()}",
        crime_area="terrorism",
        legal_basis="Bilateral agreement on police cooperation",
        purpose="Browser test of the link chart",
    )
    records: dict[str, tuple[str, Any]] = {}
    for key, name, script in PERSONS:
        person = _record(Person, agency=lead.agency, birth_dates=["1990-01-01"])
        PersonName.objects.create(person=person, full_name=name, script=script)
        records[key] = ("person", person)
    value = "+212661234567"
    records["phone"] = (
        "phone",
        _record(Phone, agency=lead.agency, value=value, key=identifier_key("phone", value, "MA")),
    )
    records["boat"] = ("vessel", _record(Vessel, agency=lead.agency, name="Go-fast Almadraba"))
    for kind, record in records.values():
        actions.share_entity(lead, op, kind=kind, record=record.uid)
    shared = {e.source_ref: str(e.uid) for e in OperationEntity.objects.filter(operation=op)}
    uids = {key: shared[str(record.uid)] for key, (_kind, record) in records.items()}
    for source, kind, target, on in RELATIONS:
        actions.add_relation(
            lead,
            op,
            source=uids[source],
            target=uids[target],
            kind=kind,
            observed_on=dt.date.fromisoformat(on) if on else None,
        )
    # Arrests on both sides of August 2014, for the statistics page's charts.
    for on, count in (("2014-06-02", 3), ("2014-08-14", 7), ("2015-01-20", 2)):
        actions.record_outcome(
            lead,
            op,
            kind="arrest",
            country="MA",
            on=dt.date.fromisoformat(on),
            count=count,
            crime_category="terrorism",
        )
    return {"uid": str(op.obj.uid), "entities": uids, "code_name": op.code_name}
