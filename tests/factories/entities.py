"""Records (persons, their names, phones, vehicles, vessels), import batches and export
requests, as rows: they skip the validation and the audit entry of ``entities.actions`` (use
the actions to test those)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from strait.entities.models import (
    ExportRequest,
    ImportBatch,
    Person,
    PersonName,
    Phone,
    Vehicle,
    Vessel,
)
from strait.matching.identifiers import identifier_key
from tests.factories.accounts import UserFactory
from tests.factories.agencies import AgencyFactory


def _today_plus(days: int) -> Any:
    return factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=days))


class RecordFactory(DjangoModelFactory[Any]):
    """The markings every record carries (a suspect, fact, B2, H0, review in 90 days)."""

    class Meta:
        abstract = True

    agency = factory.SubFactory(AgencyFactory)
    purpose = "Prevention of drug trafficking"
    subject_category = "suspect"
    fact_or_assessment = "fact"
    source_reliability = "B"
    information_credibility = "2"
    handling = "H0"
    review_date = _today_plus(90)
    retention_date = _today_plus(365)


class PersonFactory(RecordFactory):
    """A person; ``PersonFactory(names=[("Abdelatif El Khattabi", "Latn")])`` names them."""

    class Meta:
        model = Person
        skip_postgeneration_save = True

    birth_dates = factory.LazyFunction(lambda: ["1980-03-12"])

    @factory.post_generation
    def names(person: Person, create: bool, extracted: Any, **kwargs: Any) -> None:
        for full_name, script in extracted or ():
            PersonName.objects.create(person=person, full_name=full_name, script=script)


class PersonNameFactory(DjangoModelFactory[PersonName]):
    class Meta:
        model = PersonName

    person = factory.SubFactory(PersonFactory)
    full_name = factory.Sequence(lambda n: f"Person Name {n}")
    script = "Latn"


class PhoneFactory(RecordFactory):
    """A Moroccan mobile number, with its matching key."""

    class Meta:
        model = Phone

    value = "0661 12 34 56"
    key = factory.LazyAttribute(lambda o: identifier_key("phone", o.value, "MA"))


class VehicleFactory(RecordFactory):
    class Meta:
        model = Vehicle

    value = factory.Sequence(lambda n: f"{1000 + n}-ABC")
    key = factory.LazyAttribute(lambda o: identifier_key("plate", o.value))


class VesselFactory(RecordFactory):
    class Meta:
        model = Vessel

    name = factory.Sequence(lambda n: f"Vessel {n}")


class ImportBatchFactory(DjangoModelFactory[ImportBatch]):
    class Meta:
        model = ImportBatch

    agency = factory.SubFactory(AgencyFactory)
    user = factory.SubFactory(UserFactory, agency=factory.SelfAttribute("..agency"))
    filename = "records.csv"
    format = ImportBatch.Format.CSV


class ExportRequestFactory(DjangoModelFactory[ExportRequest]):
    """A pending export request asked by a user of ``agency``."""

    class Meta:
        model = ExportRequest

    agency = factory.SubFactory(AgencyFactory)
    requested_by = factory.SubFactory(UserFactory, agency=factory.SelfAttribute("..agency"))
    justification = "Handover of the file to the court"
