"""factory_boy factories shared by every test package."""

from __future__ import annotations

import functools

import factory
from django.contrib.auth.hashers import make_password
from django_otp.plugins.otp_totp.models import TOTPDevice

from strait.accounts.models import User
from strait.agencies.models import Agency, Country, Unit
from strait.permissions import Role

PASSWORD = "correct horse battery staple"


@functools.cache
def password_hash() -> str:
    # Argon2id at 64 MiB is deliberately slow; hash the shared test password once per run.
    return make_password(PASSWORD)


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ("code",)

    code = "MA"
    name_ar = "المغرب"
    name_es = "Marruecos"
    name_fr = "Maroc"
    name_en = "Morocco"


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"agency-{n}")
    abbreviation = factory.Sequence(lambda n: f"AG{n}")
    country = factory.SubFactory(CountryFactory)
    kind = Agency.Kind.POLICE
    node_code = "ma"
    name_ar = factory.Sequence(lambda n: f"الوكالة {n}")
    name_es = factory.Sequence(lambda n: f"Agencia {n}")
    name_fr = factory.Sequence(lambda n: f"Agence {n}")
    name_en = factory.Sequence(lambda n: f"Agency {n}")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    agency = factory.SubFactory(AgencyFactory)
    code = factory.Sequence(lambda n: f"unit-{n}")
    name_ar = factory.Sequence(lambda n: f"الوحدة {n}")
    name_es = factory.Sequence(lambda n: f"Unidad {n}")
    name_fr = factory.Sequence(lambda n: f"Unité {n}")
    name_en = factory.Sequence(lambda n: f"Unit {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Test User {n}")
    agency = factory.SubFactory(AgencyFactory)
    role = Role.OFFICER
    password = factory.LazyFunction(password_hash)


class TOTPDeviceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TOTPDevice

    user = factory.SubFactory(UserFactory)
    name = "default"
    confirmed = True
