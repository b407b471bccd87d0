"""Issue 12: the channels page names the kinds a channel carries in the reader's language,
not by their codes."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from tests.conftest import login_verified
from tests.exchange.conftest import World


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["es", "ar", "fr"])
def test_the_channels_page_shows_kinds_in_the_readers_language(world: World, language: str) -> None:
    client = login_verified(Client(), world.analyst)
    page = client.get("/exchange/channels/", headers={"accept-language": language})
    assert page.status_code == 200
    html = page.content.decode()
    with translation.override(language):
        expected = ", ".join(
            gettext(text)
            for text in ("Information", "Request for information", "Reply", "Acknowledgement")
        )
    assert expected in html
    assert "information, request" not in html
