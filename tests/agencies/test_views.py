"""The agency directory: names in the reader's language, the node holding each, permissions."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from strait.agencies.seed import seed_reference_data
from strait.permissions import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def seeded() -> None:
    seed_reference_data()


def in_language(client: Client, language: str) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_every_role_sees_the_directory(verified_client: Callable[..., Client], role: Role) -> None:
    client = in_language(verified_client(role=role), "es")
    response = client.get(reverse("agencies:directory"))
    assert response.status_code == 200
    assert "Comisaría General de Información" in response.text


def test_directory_lists_countries_agencies_units_and_nodes(verified_client) -> None:
    response = in_language(verified_client(role=Role.OFFICER), "en").get(
        reverse("agencies:directory")
    )
    text = response.text
    for name in (
        "Morocco",
        "Spain",
        "Germany",
        "General Directorate for National Security",
        "General Commissariat of Information",
        "Civil Guard",
        "Tanger Med Port Police",
        "Civil Guard Station, Port of Algeciras",
        "Central Foreign Intelligence Unit (counter-terrorism)",
        "INTERPOL National Central Bureau Rabat",
    ):
        assert name in text, name
    assert 'Held on node <span class="mono">ma</span>' in text
    assert 'Held on node <span class="mono">es</span>' in text
    assert reverse("agencies:agency", kwargs={"code": "es-pn-cgi"}) in text


def test_directory_shows_names_in_arabic(verified_client) -> None:
    response = in_language(verified_client(role=Role.OFFICER), "ar").get(
        reverse("agencies:directory")
    )
    assert '<html lang="ar" dir="rtl">' in response.text
    for name in ("المغرب", "إسبانيا", "المديرية العامة للأمن الوطني", "الحرس المدني"):
        assert name in response.text, name
    assert "General Directorate for National Security" not in response.text


def test_directory_shows_names_in_spanish(verified_client) -> None:
    response = in_language(verified_client(role=Role.OFFICER), "es").get(
        reverse("agencies:directory")
    )
    assert "Marruecos" in response.text
    assert "Dirección General de Vigilancia del Territorio Nacional" in response.text


def test_agency_page_shows_all_names_parent_and_units(verified_client) -> None:
    client = in_language(verified_client(role=Role.ANALYST), "fr")
    response = client.get(reverse("agencies:agency", kwargs={"code": "es-pn-cgi"}))
    assert response.status_code == 200
    text = response.text
    assert "<h1>Commissariat général à l&#x27;information" in text
    assert '<li lang="ar" dir="rtl">المفوضية العامة للاستعلامات</li>' in text
    assert "Police nationale espagnole" in text  # the parent
    assert "Unité centrale d&#x27;information extérieure (antiterrorisme)" in text


def test_unknown_agency_is_not_found(verified_client) -> None:
    client = verified_client(role=Role.OFFICER)
    assert client.get(reverse("agencies:agency", kwargs={"code": "xx-none"})).status_code == 404


def test_anonymous_is_sent_to_login() -> None:
    for url in (
        reverse("agencies:directory"),
        reverse("agencies:agency", kwargs={"code": "ma-dgsn"}),
    ):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_password_without_second_factor_is_not_enough(make_user) -> None:
    client = Client()
    client.force_login(make_user(role=Role.OFFICER))
    response = client.get(reverse("agencies:directory"))
    assert response.status_code == 302
