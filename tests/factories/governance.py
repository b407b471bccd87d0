"""Governance. A body is a shared object whose rows only its ops write, so ``make_body`` makes
one through the action (``create_body``), as the home would. The rows inside it (meetings,
recommendations, actions, evidence, courses) may be made directly with the factories below,
for tests of pages, the follow-up and the reports that do not test the ops themselves."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import factory
from django.utils import timezone

from strait.accounts.models import User
from strait.agencies.models import Agency
from strait.governance import actions
from strait.governance.models import (
    ActionItem,
    Body,
    Course,
    Evidence,
    Meeting,
    Recommendation,
)

BODY = {
    "code": "strategic-committee",
    "name_ar": "اللجنة الاستراتيجية",
    "name_es": "Comité Estratégico",
    "name_fr": "Comité stratégique",
    "name_en": "Strategic Committee",
    "kind": "committee",
    "founded_on": dt.date(2013, 11, 20),
    "cadence": "yearly",
}


def make_body(secretary: User, members: list[Agency] | None = None, **values: Any) -> Body:
    """A body led by ``secretary``'s agency, on this node; its co-chairs default to the
    secretary's agency and the members'."""
    members = members or []
    co_chairs = [secretary.agency.code, *(a.code for a in members)]
    return actions.create_body(
        secretary, members=members, **({"co_chairs": co_chairs} | BODY | values)
    )


def default_body() -> Body:
    """A body of a new agency of this node, made by its secretariat (the factories' default)."""
    from django.conf import settings

    from strait.federation.keys import ensure_keys
    from strait.permissions import Role
    from tests.factories.accounts import UserFactory
    from tests.factories.agencies import AgencyFactory

    ensure_keys()
    agency = AgencyFactory(node_code=settings.NODE.code)
    return make_body(UserFactory(agency=agency, role=Role.SECRETARIAT))


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    body = factory.LazyFunction(default_body)  # or give one: ``MeetingFactory(body=body)``
    uid = factory.LazyFunction(uuid.uuid4)
    starts_on = dt.date(2014, 3, 12)
    place = "Marrakech"
    status = "held"
    created_at = factory.LazyFunction(timezone.now)


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    body = factory.LazyFunction(default_body)
    uid = factory.LazyFunction(uuid.uuid4)
    number = factory.Sequence(lambda n: f"R{n + 1}")
    texts = factory.LazyFunction(
        lambda: {"ar": "خطة عمل ثنائية للتكوين", "es": "Plan de acción bilateral de formación"}
    )
    by_agency = "ma-dgsn"
    created_at = factory.LazyFunction(timezone.now)


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    recommendation = factory.SubFactory(RecommendationFactory)
    uid = factory.LazyFunction(uuid.uuid4)
    title = factory.LazyFunction(lambda: {"en": "Hold the first joint course"})
    owner_agency = "ma-dgsn"
    co_owner_agency = "es-pn"
    deadline = dt.date(2014, 12, 31)
    status = "planned"
    created_at = factory.LazyFunction(timezone.now)
    updated_at = factory.LazyFunction(timezone.now)


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    action = factory.SubFactory(ActionItemFactory)
    uid = factory.LazyFunction(uuid.uuid4)
    kind = "operation"
    ref = factory.LazyFunction(lambda: str(uuid.uuid4()))
    by_agency = "es-pn"
    added_at = factory.LazyFunction(timezone.now)


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    body = factory.LazyFunction(default_body)
    uid = factory.LazyFunction(uuid.uuid4)
    topic = "forensic"
    title = factory.LazyFunction(lambda: {"en": "Forensic and technical police"})
    host_agency = "es-pn"
    starts_on = dt.date(2014, 10, 6)
    ends_on = dt.date(2014, 10, 10)
    place = "Ávila"
    status = "delivered"
    created_at = factory.LazyFunction(timezone.now)
