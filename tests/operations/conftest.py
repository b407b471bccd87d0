"""A small operations world on this node ("dev"): the lead agency, a participant and an observer
agency with a member each, an agency that takes no part, and one operation led by the lead's
analyst (every other agency's user a member)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from strait.accounts.models import User
from strait.agencies.models import Agency
from strait.entities.models import Person, PersonName, Phone
from strait.federation.keys import ensure_keys
from strait.matching import identifier_key
from strait.operations.models import Operation
from strait.permissions import Role
from tests.factories import AgencyFactory, CountryFactory
from tests.factories.operations import add_members, make_operation


@dataclass
class World:
    lead: Agency
    partner: Agency
    observer: Agency
    outsider: Agency
    analyst: User  # the lead's, who opened the operation
    officer: User  # the lead's, not a member
    supervisor: User  # the lead's, not a member (a supervisor sees the agency's operations)
    partner_analyst: User
    observer_officer: User
    outsider_analyst: User
    op: Operation


@pytest.fixture
def world(make_user: Callable[..., User], settings: Any) -> World:
    ensure_keys()
    here = settings.NODE.code
    morocco = CountryFactory(code="MA", name_en="Morocco")
    spain = CountryFactory(code="ES", name_en="Spain")
    lead = AgencyFactory(code="dev-dgst", abbreviation="DGST", node_code=here, country=morocco)
    partner = AgencyFactory(code="dev-cgi", abbreviation="CGI", node_code=here, country=spain)
    observer = AgencyFactory(code="dev-psp", abbreviation="PSP", node_code=here, country=spain)
    outsider = AgencyFactory(code="dev-other", abbreviation="OTH", node_code=here, country=spain)
    analyst = make_user(agency=lead, role=Role.ANALYST)
    partner_analyst = make_user(agency=partner, role=Role.ANALYST)
    observer_officer = make_user(agency=observer, role=Role.OFFICER)
    op = make_operation(analyst, [(partner, "participant"), (observer, "observer")])
    add_members(analyst, op, partner_analyst, observer_officer)
    return World(
        lead=lead,
        partner=partner,
        observer=observer,
        outsider=outsider,
        analyst=analyst,
        officer=make_user(agency=lead, role=Role.OFFICER),
        supervisor=make_user(agency=lead, role=Role.SUPERVISOR),
        partner_analyst=partner_analyst,
        observer_officer=observer_officer,
        outsider_analyst=make_user(agency=outsider, role=Role.ANALYST),
        op=op,
    )


RECORD = {
    "purpose": "Prevention of terrorism",
    "subject_category": "suspect",
    "fact_or_assessment": "fact",
    "source_reliability": "B",
    "information_credibility": "2",
}


def _dates() -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "review_date": today + dt.timedelta(days=90),
        "retention_date": today + dt.timedelta(days=365),
    }


def person(agency: Agency, name: str, script: str = "Latn", handling: str = "H0") -> Person:
    record = Person.objects.create(
        agency=agency, handling=handling, birth_dates=["1990-04-02"], **RECORD, **_dates()
    )
    PersonName.objects.create(person=record, full_name=name, script=script)
    return record


def phone(agency: Agency, value: str, handling: str = "H0") -> Phone:
    return Phone.objects.create(
        agency=agency,
        value=value,
        key=identifier_key("phone", value, "MA"),
        handling=handling,
        **RECORD,
        **_dates(),
    )
