"""Checks asked, answered and received, their candidates, and the openings that allow them."""

from __future__ import annotations

import uuid

import factory
from factory.django import DjangoModelFactory

from strait.checks.models import Candidate, Check, CheckAnswer, CheckOpening, IncomingCheck
from tests.factories.accounts import UserFactory
from tests.factories.agencies import AgencyFactory
from tests.factories.exchange import ChannelFactory


class CheckOpeningFactory(DjangoModelFactory[CheckOpening]):
    """``agency`` answers ``partner``'s checks of ``kinds`` on ``channel``."""

    class Meta:
        model = CheckOpening

    agency = factory.SubFactory(AgencyFactory)
    partner = factory.SubFactory(AgencyFactory, node_code="es")
    channel = factory.SubFactory(ChannelFactory)
    kinds = factory.LazyFunction(lambda: ["person", "phone"])
    max_handling = "H1"


class CheckFactory(DjangoModelFactory[Check]):
    """A phone check asked by a user of ``agency``."""

    class Meta:
        model = Check

    agency = factory.SubFactory(AgencyFactory)
    user = factory.SubFactory(UserFactory, agency=factory.SelfAttribute("..agency"))
    channel = factory.SubFactory(ChannelFactory)
    kind = "phone"
    query = factory.LazyFunction(lambda: {"value": "+212661123456"})
    label = "+212661123456"
    purpose = "Investigation"
    crime_area = "other"


class CheckAnswerFactory(DjangoModelFactory[CheckAnswer]):
    class Meta:
        model = CheckAnswer

    check_ref = factory.SubFactory(CheckFactory)
    agency = factory.SubFactory(AgencyFactory, node_code="es")
    result = "hit"


class IncomingCheckFactory(DjangoModelFactory[IncomingCheck]):
    """A partner's check as the answering ``agency`` keeps it."""

    class Meta:
        model = IncomingCheck

    check_uid = factory.LazyFunction(uuid.uuid4)
    origin_node = factory.SelfAttribute("requester.node_code")
    requester = factory.SubFactory(AgencyFactory, node_code="es")
    requester_name = factory.Sequence(lambda n: f"Requester {n}")
    agency = factory.SubFactory(AgencyFactory)
    channel = factory.SubFactory(ChannelFactory)
    kind = "phone"
    result = "no_hit"


class CandidateFactory(DjangoModelFactory[Candidate]):
    class Meta:
        model = Candidate

    incoming = factory.SubFactory(IncomingCheckFactory)
    record_kind = "person"
    record_uid = factory.LazyFunction(uuid.uuid4)
    record_label = factory.Sequence(lambda n: f"Candidate {n}")
    score = 0.9
