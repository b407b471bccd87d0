"""Synthetic records for the demo agencies of this node (never real people).

Persons come from ``strait.matching.synthetic.generate_persons``; a few phones, vehicles and
vessels go with them. On the ``ma`` node DGSN also holds the person of the checks demo: a
suspect known only in Arabic script, whom a Guardia Civil officer at Algeciras looks up as
"Abdelatif El Khattabi". Idempotent: an agency that already has its demo records is skipped.
"""

from __future__ import annotations

import datetime as dt
import random

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from strait.agencies.models import Agency
from strait.entities import actions
from strait.entities.models import Person, PersonName, Phone, Record, Vehicle, Vessel
from strait.entities.validation import detect_script
from strait.exchange.search import fold
from strait.matching import identifier_key
from strait.matching.synthetic import generate_persons

DEMO_PURPOSE = "Demo data: synthetic records"
DEMO_AGENCIES: dict[str, tuple[str, ...]] = {
    "ma": ("ma-dgsn", "ma-dgst"),
    "es": ("es-gc", "es-pn-cgi"),
}
PERSONS_PER_AGENCY = 300

# The checks demo scenario relies on this person (ma-dgsn, Arabic script only).
DEMO_CHECK_SUBJECT_AR = "عبد اللطيف الخطابي"
DEMO_CHECK_SUBJECT_BIRTH_DATE = "1980-03-12"
DEMO_CHECK_SUBJECT_PHONE = "+212 661-123456"
DEMO_CHECK_SUBJECT_AGENCY = "ma-dgsn"
_SCENARIO_FAMILY = {fold("الخطابي"), "khattabi"}

# Synthetic vessels with valid IMO check digits, and plates in each country's pattern.
_VESSELS = (
    ("Nour Al Bahr", "9074729", "242123450", "MA"),
    ("Estrella Sur", "9176187", "224123450", "ES"),
)


def _markings(handling: str = "H0", category: str = "suspect") -> dict[str, object]:
    today = timezone.localdate()
    return {
        "purpose": DEMO_PURPOSE,
        "subject_category": category,
        "fact_or_assessment": "fact",
        "source_reliability": "B",
        "information_credibility": "2",
        "handling": handling,
        "review_date": today + dt.timedelta(days=365),
        "retention_date": today + dt.timedelta(days=5 * 365),
    }


def _seed_agency(agency: Agency, seed: int) -> int:
    rng = random.Random(seed)  # noqa: S311 - reproducible invented data
    categories = ("suspect", "contact", "witness", "victim", "other")
    # The checks scenario's family name stays out of the synthetic crowd: one person to find.
    synthetic = [
        p
        for p in generate_persons(PERSONS_PER_AGENCY + 50, seed=seed)
        if not any(_SCENARIO_FAMILY & set(fold(name).split()) for name in p.names)
    ][:PERSONS_PER_AGENCY]
    persons: list[tuple[Person, list[PersonName]]] = []
    for p in synthetic:
        person = Person(
            agency=agency,
            **_markings(category=rng.choice(categories)),
            birth_dates=list(p.birth_dates),
            nationalities=[p.nationality],
            gender=rng.choice(("female", "male")),
            search_text=fold(" ".join(p.names)),
        )
        names = [
            PersonName(
                person=person,
                full_name=name,
                script=detect_script(name),
                language="ar" if detect_script(name) == "Arab" else "",
            )
            for name in p.names
        ]
        persons.append((person, names))
    region = agency.country.code
    prefix = "+212 6" if region == "MA" else "+34 6"
    records: list[Record] = []
    for person, _names in persons[:20]:
        value = f"{prefix}{rng.randint(10, 99)} {rng.randint(100000, 999999)}"
        records.append(
            Phone(
                agency=agency,
                **_markings(),
                person=person,
                value=value,
                key=identifier_key("phone", value, region),
                search_text=fold(value),
            )
        )
    for person, _names in persons[20:30]:
        plate = (
            f"{rng.randint(10000, 99999)}-{rng.choice('ABDHW')}-{rng.randint(1, 80)}"
            if region == "MA"
            else f"{rng.randint(1000, 9999)} {''.join(rng.choices('BCDFGHJKLMNPRSTVWXYZ', k=3))}"
        )
        key = identifier_key("plate", plate)
        records.append(
            Vehicle(
                agency=agency,
                **_markings(),
                person=person,
                value=plate,
                key=key,
                plate_country=region,
                search_text=fold(f"{plate} {key}"),
            )
        )
    records += [
        Vessel(
            agency=agency,
            **_markings(),
            name=name,
            imo=imo,
            mmsi=mmsi,
            flag=flag,
            imo_key=identifier_key("imo", imo),
            mmsi_key=identifier_key("mmsi", mmsi),
            search_text=fold(f"{name} {imo} {mmsi}"),
        )
        for name, imo, mmsi, flag in _VESSELS
        if flag == region
    ]
    return actions.add_in_bulk(
        agency, persons, records, source=f"demo:{agency.code}", system_reason=DEMO_PURPOSE
    )


def _seed_check_subject(agency: Agency) -> None:
    exists = PersonName.objects.filter(
        person__agency=agency, full_name=DEMO_CHECK_SUBJECT_AR
    ).exists()
    if exists:
        return
    person = Person(
        agency=agency,
        **_markings(handling="H1", category="suspect"),
        birth_dates=[DEMO_CHECK_SUBJECT_BIRTH_DATE],
        nationalities=["MA"],
        gender="male",
        search_text=fold(DEMO_CHECK_SUBJECT_AR),
    )
    name = PersonName(person=person, full_name=DEMO_CHECK_SUBJECT_AR, script="Arab", language="ar")
    phone = Phone(
        agency=agency,
        **_markings(handling="H1", category="suspect"),
        person=person,
        value=DEMO_CHECK_SUBJECT_PHONE,
        key=identifier_key("phone", DEMO_CHECK_SUBJECT_PHONE, "MA"),
        search_text=fold(DEMO_CHECK_SUBJECT_PHONE),
    )
    actions.add_in_bulk(
        agency,
        [(person, [name])],
        [phone],
        source=f"demo:{agency.code}:check-subject",
        system_reason=DEMO_PURPOSE,
    )


def seed_demo_entities(node_code: str | None = None) -> int:
    """This node's demo records, created where missing; how many records were created. Each
    agency's records are written by one action with one audit entry (``entities.imported``,
    format ``demo``), the checks scenario's person by another."""
    node_code = node_code or settings.NODE.code
    created = 0
    codes = DEMO_AGENCIES.get(node_code, ())
    agencies = Agency.objects.filter(code__in=codes).select_related("country")
    with transaction.atomic():
        for agency in agencies:
            if not Person.objects.filter(agency=agency, purpose=DEMO_PURPOSE).exists():
                created += _seed_agency(
                    agency, seed=codes.index(agency.code) + (0 if node_code == "ma" else 10)
                )
            if agency.code == DEMO_CHECK_SUBJECT_AGENCY:
                _seed_check_subject(agency)
    return created
