"""Countries, agencies and their units."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from strait import timefmt
from strait.agencies.models import Agency, Country, Unit


class CountryFactory(DjangoModelFactory[Country]):
    class Meta:
        model = Country
        django_get_or_create = ("code",)

    code = "MA"
    name_ar = "المغرب"
    name_es = "Marruecos"
    name_fr = "Maroc"
    name_en = "Morocco"


class AgencyFactory(DjangoModelFactory[Agency]):
    class Meta:
        model = Agency
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"agency-{n}")
    abbreviation = factory.Sequence(lambda n: f"AG{n}")
    country = factory.SubFactory(CountryFactory)
    kind = Agency.Kind.POLICE
    node_code = "ma"
    time_zone = factory.LazyAttribute(lambda o: timefmt.zone_for_country(o.country.code))
    name_ar = factory.Sequence(lambda n: f"الوكالة {n}")
    name_es = factory.Sequence(lambda n: f"Agencia {n}")
    name_fr = factory.Sequence(lambda n: f"Agence {n}")
    name_en = factory.Sequence(lambda n: f"Agency {n}")


class UnitFactory(DjangoModelFactory[Unit]):
    class Meta:
        model = Unit

    agency = factory.SubFactory(AgencyFactory)
    code = factory.Sequence(lambda n: f"unit-{n}")
    name_ar = factory.Sequence(lambda n: f"الوحدة {n}")
    name_es = factory.Sequence(lambda n: f"Unidad {n}")
    name_fr = factory.Sequence(lambda n: f"Unité {n}")
    name_en = factory.Sequence(lambda n: f"Unit {n}")
