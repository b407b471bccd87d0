"""Issue 12: 403, 404 and 500 are pages of the site (layout, the reader's language), the 500
page reads nothing from the database, and the API keeps answering its JSON errors."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.test import Client, RequestFactory
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext

from strait.accounts.models import User
from strait.permissions import Role
from strait.web import errors


def _in(language: str, text: str) -> str:
    with translation.override(language):
        return gettext(text)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["es", "ar"])
def test_an_unknown_address_is_a_translated_page_inside_the_layout(language: str) -> None:
    response = Client().get("/no-such-page/", headers={"accept-language": language})
    assert response.status_code == 404
    page = response.content.decode()
    assert f'<html lang="{language}"' in page
    assert 'class="site-header"' in page
    assert _in(language, "Not found") in page
    assert _in(language, "Back to the home page") in page


@pytest.mark.django_db
def test_a_page_the_role_does_not_allow_is_a_403_page_inside_the_layout(
    verified_client: Callable[..., Client],
) -> None:
    client = verified_client(role=Role.OFFICER)
    response = client.get("/audit/", headers={"accept-language": "es"})
    assert response.status_code == 403
    page = response.content.decode()
    assert 'class="site-header"' in page
    assert 'class="main-nav"' in page  # the menu of a logged-in user is still there
    assert _in("es", "Not permitted") in page


@pytest.mark.django_db
def test_the_api_keeps_its_json_404() -> None:
    response = Client().get("/api/v1/no-such-operation")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert json.loads(response.content)["error"] == "not_found"


# No django_db mark: pytest-django refuses any database access in these two tests.
def test_the_500_page_needs_no_database() -> None:
    request = RequestFactory().get("/exchange/", headers={"accept-language": "es"})
    # As the middleware leaves it: a user read from the database when first used.
    request.user = SimpleLazyObject(lambda: User.objects.first())  # type: ignore[attr-defined]
    with translation.override("es"):
        response = errors.server_error(request)
    assert response.status_code == 500
    page = response.content.decode()
    assert '<html lang="es"' in page
    assert 'class="site-header"' in page
    assert _in("es", "Something went wrong") in page


def test_the_api_answers_its_500_as_json() -> None:
    response = errors.server_error(RequestFactory().get("/api/v1/exchange/messages"))
    assert response.status_code == 500
    assert json.loads(response.content)["error"] == "server_error"


@pytest.mark.django_db
@pytest.mark.urls("tests.web.failing_urls")
def test_an_exception_in_a_view_shows_the_500_page() -> None:
    client = Client(raise_request_exception=False)
    response = client.get("/fails/", headers={"accept-language": "ar"})
    assert response.status_code == 500
    assert '<html lang="ar" dir="rtl"' in response.content.decode()
