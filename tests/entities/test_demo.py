"""The demo records: synthetic, made once through actions (audited), and the checks scenario's
person. How quick they are to make: benchmarks/entities_demo.py."""

from __future__ import annotations

import pytest

from strait.agencies.seed import seed_reference_data
from strait.audit.events import AuditAction
from strait.audit.models import AuditEntry
from strait.entities.demo import (
    DEMO_CHECK_SUBJECT_AR,
    PERSONS_PER_AGENCY,
    seed_demo_entities,
)
from strait.entities.models import Person, PersonName, Phone, Vehicle, Vessel

pytestmark = pytest.mark.django_db


def test_the_ma_node_gets_synthetic_records_and_the_check_subject_once() -> None:
    seed_reference_data()
    # How long this takes is measured by benchmarks/entities_demo.py (under 3 s), not here.
    created = seed_demo_entities("ma")
    assert created > 2 * PERSONS_PER_AGENCY
    assert Person.objects.filter(agency__code="ma-dgsn").count() == PERSONS_PER_AGENCY + 1
    assert Person.objects.filter(agency__code="ma-dgst").count() == PERSONS_PER_AGENCY
    assert Vessel.objects.filter(agency__code="ma-dgsn", imo_key="imo:9074729").exists()
    created_by_agency = {
        code: sum(
            model.objects.filter(agency__code=code).count()
            for model in (Person, Phone, Vehicle, Vessel)
        )
        - (2 if code == "ma-dgsn" else 0)  # the check subject and its phone
        for code in ("ma-dgsn", "ma-dgst")
    }

    subject = Person.objects.get(names__full_name=DEMO_CHECK_SUBJECT_AR)
    assert subject.agency.code == "ma-dgsn"
    assert [(n.script, n.language) for n in subject.names.all()] == [("Arab", "ar")]
    assert (subject.birth_dates, subject.handling, subject.subject_category) == (
        ["1980-03-12"],
        "H1",
        "suspect",
    )
    assert Phone.objects.get(person=subject).key == "phone:+212661123456"

    # Written through actions, each batch with its audit entry (issue 10).
    entries = AuditEntry.objects.filter(action=AuditAction.ENTITIES_IMPORTED)
    assert {e.target: e.details for e in entries} == {
        "demo:ma-dgsn": {"format": "demo", "records": created_by_agency["ma-dgsn"]},
        "demo:ma-dgst": {"format": "demo", "records": created_by_agency["ma-dgst"]},
        "demo:ma-dgsn:check-subject": {"format": "demo", "records": 2},
    }
    assert created == created_by_agency["ma-dgsn"] + created_by_agency["ma-dgst"]

    counts = (Person.objects.count(), PersonName.objects.count(), Phone.objects.count())
    assert seed_demo_entities("ma") == 0
    assert AuditEntry.objects.filter(action=AuditAction.ENTITIES_IMPORTED).count() == 3
    assert (Person.objects.count(), PersonName.objects.count(), Phone.objects.count()) == counts


def test_the_es_node_gets_its_agencies_records_and_no_check_subject() -> None:
    seed_reference_data()
    seed_demo_entities("es")
    assert set(Person.objects.values_list("agency__code", flat=True)) == {"es-gc", "es-pn-cgi"}
    assert not PersonName.objects.filter(full_name=DEMO_CHECK_SUBJECT_AR).exists()
    assert Phone.objects.filter(key__startswith="phone:+34").exists()
