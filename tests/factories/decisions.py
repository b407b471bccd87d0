"""Analysts' match decisions (strait/decisions)."""

from __future__ import annotations

import uuid

import factory
from factory.django import DjangoModelFactory

from strait.decisions.models import MatchDecision
from tests.factories.accounts import UserFactory
from tests.factories.agencies import AgencyFactory


class MatchDecisionFactory(DjangoModelFactory[MatchDecision]):
    class Meta:
        model = MatchDecision

    agency = factory.SubFactory(AgencyFactory)
    record_uid = factory.LazyFunction(uuid.uuid4)
    counterpart = factory.Sequence(lambda n: f"check:{n}")
    verdict = "unsure"
    decided_by = factory.SubFactory(UserFactory, agency=factory.SelfAttribute("..agency"))
