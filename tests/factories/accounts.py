"""Users, their second factors and their sessions."""

from __future__ import annotations

import functools

import factory
from django.contrib.auth.hashers import make_password
from django_otp.plugins.otp_totp.models import TOTPDevice
from factory.django import DjangoModelFactory

from strait.accounts.models import User, UserSession
from strait.permissions import Role
from tests.factories.agencies import AgencyFactory

PASSWORD = "correct horse battery staple"


@functools.cache
def password_hash() -> str:
    # Argon2id at 64 MiB is deliberately slow; hash the shared test password once per run.
    return make_password(PASSWORD)


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Test User {n}")
    agency = factory.SubFactory(AgencyFactory)
    role = Role.OFFICER
    password = factory.LazyFunction(password_hash)


class TOTPDeviceFactory(DjangoModelFactory[TOTPDevice]):
    class Meta:
        model = TOTPDevice

    user = factory.SubFactory(UserFactory)
    name = "default"
    confirmed = True


class UserSessionFactory(DjangoModelFactory[UserSession]):
    class Meta:
        model = UserSession

    user = factory.SubFactory(UserFactory)
    session_key = factory.Sequence(lambda n: f"session-{n:032d}")
