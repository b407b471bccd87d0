"""Each user reads times on their own clock: their chosen zone, else their agency's (from its
country when it has none set); stored times stay UTC."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from strait.accounts import actions
from strait.accounts.models import User
from strait.agencies.models import Agency
from strait.agencies.seed import seed_reference_data
from strait.refusals import Refused
from tests.factories import AgencyFactory, CountryFactory


def clock(client: Client) -> str:
    """The settings page says what the reader's clock reads."""
    page = client.get(reverse("accounts:preferences")).content.decode()
    return page.split("Your clock now:", 1)[1].split(".", 1)[0]


@pytest.mark.django_db
def test_seeded_agencies_take_their_countrys_zone() -> None:
    seed_reference_data()
    assert Agency.objects.get(code="ma-dgsn").time_zone == "Africa/Casablanca"
    spanish = Agency.objects.filter(country__code="ES")
    assert set(spanish.values_list("time_zone", flat=True)) == {"Europe/Madrid"}
    # An operator's change survives the next seeding.
    Agency.objects.filter(code="ma-dgsn").update(time_zone="UTC")
    seed_reference_data()
    assert Agency.objects.get(code="ma-dgsn").time_zone == "UTC"


@pytest.mark.django_db
def test_an_agency_without_a_zone_uses_its_countrys() -> None:
    agency = AgencyFactory(country=CountryFactory(code="PT"), time_zone="")
    assert agency.zone_name == "Europe/Lisbon"


def test_pages_use_the_agencys_zone_then_the_users_own(
    make_user: Callable[..., User], verified_client: Callable[..., Client]
) -> None:
    spain = CountryFactory(code="ES", name_en="Spain")
    user = make_user(agency=AgencyFactory(country=spain))
    client = verified_client(user)
    assert "(Madrid)" in clock(client)

    response = client.post(reverse("accounts:preferences"), {"time_zone": "Africa/Casablanca"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.time_zone == "Africa/Casablanca"
    assert "(Casablanca)" in clock(client)

    client.post(reverse("accounts:preferences"), {"time_zone": ""})  # back to the agency's
    assert "(Madrid)" in clock(client)
    # The zone is the request's only: nothing of it stays on the thread afterwards.
    assert timezone.get_current_timezone_name() == "UTC"


def test_a_zone_outside_the_list_is_refused(
    make_user: Callable[..., User], verified_client: Callable[..., Client]
) -> None:
    user = make_user()
    client = verified_client(user)
    response = client.post(reverse("accounts:preferences"), {"time_zone": "Mars/Olympus"})
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.time_zone == ""
    with pytest.raises(Refused):
        actions.do_set_user_time_zone(user, "Mars/Olympus")


def test_the_settings_page_offers_the_agencys_zone_by_name(
    make_user: Callable[..., User], verified_client: Callable[..., Client]
) -> None:
    client = verified_client(make_user())  # a Moroccan agency by default
    page = client.get(reverse("accounts:preferences"), headers={"Accept-Language": "ar"})
    assert "الدار البيضاء" in page.content.decode()


def test_an_agencys_page_names_its_zone(
    make_user: Callable[..., User], verified_client: Callable[..., Client]
) -> None:
    agency = AgencyFactory(country=CountryFactory(code="ES", name_en="Spain"))
    client = verified_client(make_user())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    page = client.get(reverse("agencies:agency", kwargs={"code": agency.code}))
    assert "Madrid" in page.content.decode()
