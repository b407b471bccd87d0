"""Two agencies in two countries, users of each, and a valid set of DP-01 markings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from strait.accounts.models import User
from strait.agencies.models import Agency
from strait.entities import actions, exports
from strait.entities.models import Person
from strait.entities.validation import IdentifierDraft, Markings, NameDraft, PersonDraft
from strait.permissions import Role
from tests.factories import AgencyFactory, CountryFactory


@dataclass
class World:
    here: Agency
    other: Agency
    analyst: User
    officer: User
    other_analyst: User
    supervisor: User


@pytest.fixture(autouse=True)
def _imports_inline(settings: Any) -> None:
    # Page imports run in a thread after commit; tests run them in the caller instead
    # (test_imports.py starts the real thread once).
    settings.ENTITIES_IMPORT_INLINE = True


@pytest.fixture
def world(make_user: Callable[..., User]) -> World:
    spain = CountryFactory(
        code="ES", name_ar="إسبانيا", name_es="España", name_fr="Espagne", name_en="Spain"
    )
    here = AgencyFactory(code="es-test", abbreviation="EST", country=spain, node_code="es")
    other = AgencyFactory(code="ma-test", abbreviation="MAT", node_code="ma")
    return World(
        here=here,
        other=other,
        analyst=make_user(agency=here, role=Role.ANALYST),
        officer=make_user(agency=here, role=Role.OFFICER),
        other_analyst=make_user(agency=other, role=Role.ANALYST),
        supervisor=make_user(agency=here, role=Role.SUPERVISOR),
    )


def markings(**overrides: Any) -> Markings:
    today = timezone.localdate()
    values: dict[str, Any] = {
        "purpose": "Investigation of migrant smuggling",
        "subject_category": "suspect",
        "fact_or_assessment": "fact",
        "source_reliability": "B",
        "information_credibility": "2",
        "handling": "H1",
        "review_date": today + dt.timedelta(days=90),
        "retention_date": today + dt.timedelta(days=365),
    }
    values.update(overrides)
    return Markings(**values)


def markings_json(**overrides: Any) -> dict[str, Any]:
    m = markings(**overrides)
    values = m.as_fields()
    values["review_date"] = m.review_date.isoformat() if m.review_date else None
    values["retention_date"] = m.retention_date.isoformat() if m.retention_date else None
    return values


def person_draft(**overrides: Any) -> PersonDraft:
    values: dict[str, Any] = {
        "markings": markings(),
        "names": [
            NameDraft("عبد اللطيف الخطابي", language="ar"),
            NameDraft("Abdelatif El Khattabi"),
        ],
        "birth_dates": ["1980-03-12"],
        "nationalities": ["MA"],
        "identifiers": [IdentifierDraft("phone", "0661 12 34 56", country="MA")],
    }
    values.update(overrides)
    return PersonDraft(**values)


def make_person(user: User, **overrides: Any) -> Person:
    return actions.create_person(person_draft(**overrides), acting_user=user)


def approved_export(world: World) -> str:
    """The analyst's export of their agency's records, asked and approved by the supervisor."""
    asked = exports.request_export(world.analyst, "Handover of the file to the court")
    exports.decide(asked, world.supervisor, approve=True)
    return exports.download(asked, world.analyst)
