"""Pre-filled dates survive every language: a date input holds an ISO value (the only one a
browser's ``<input type=date>`` reads), so a Spanish officer sends the compose form as it comes,
and the review and retention dates of a record show on its edit page."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from strait.accounts.models import User
from strait.exchange.models import Message
from strait.permissions import Role
from tests.conftest import login_verified
from tests.exchange.conftest import World
from tests.factories import PersonFactory

LANGUAGES = ["ar", "en", "es", "fr"]


class FormValues(HTMLParser):
    """What a browser would send for the first form posting to ``action`` (or to its own page):
    each input's
    value, each select's selected options, each textarea's text (a date input whose value it
    cannot read sends nothing, as a browser does)."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action = action
        self.inside = False
        self.done = False
        self.values: dict[str, list[str]] = {}
        self.select: str | None = None
        self.multiple = False
        self.first: str | None = None
        self.chosen = False
        self.textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and not self.done and a.get("action", self.action) == self.action:
            self.inside = True
        if not self.inside:
            return
        name = a.get("name", "")
        if tag == "input" and name:
            kind = a.get("type", "text")
            value = a.get("value", "")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind == "date" and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                value = ""  # the browser shows an empty picker
            if kind != "file":
                self.values.setdefault(name, []).append(value)
        elif tag == "select":
            self.select = name
            self.multiple = "multiple" in a
            self.first = None
            self.chosen = False
        elif tag == "option" and self.select:
            if self.first is None:
                self.first = a.get("value", "")
            if "selected" in a:
                self.chosen = True
                self.values.setdefault(self.select, []).append(a.get("value", ""))
        elif tag == "textarea":
            self.textarea = name
            self.values.setdefault(name, []).append("")

    def handle_data(self, data: str) -> None:
        if self.textarea:
            self.values[self.textarea][-1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "select" and self.select:
            # Nothing selected: a browser sends a single select's first option.
            if not self.chosen and not self.multiple and self.first is not None:
                self.values[self.select] = [self.first]
            self.select = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "form" and self.inside:
            self.inside, self.done = False, True


def form_values(client: Client, url: str, language: str) -> dict[str, list[str]]:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(url)
    assert page.status_code == 200
    assert f'lang="{language}"' in page.content.decode()
    parser = FormValues(url)
    parser.feed(page.content.decode())
    assert parser.done, f"no form posting to {url}"
    return parser.values


@pytest.fixture(autouse=True)
def _no_language_left_behind() -> Iterator[None]:
    # The pages activate each language on this thread; the next test starts from the default.
    yield
    translation.deactivate()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compose_form_sends_with_its_prefilled_dates(world: World, language: str) -> None:
    client = login_verified(Client(), world.analyst)
    url = reverse("exchange:compose")
    values = form_values(client, url, language)
    today = str(timezone.localdate())
    for name in ("review_date", "retention_date"):
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", values[name][0]), values[name]
        assert values[name][0] > today

    # What the officer types; everything else is sent as the page pre-filled it.
    values.update(
        {
            "channel": [str(world.channel.pk)],
            "recipients": [str(world.neighbour.pk)],
            "subject": ["Vehículo visto en el puerto"],
            "body": ["Comprueben la matrícula 1234-ABC."],
            "purpose": ["Investigación"],
        }
    )
    response = client.post(url, values)
    errors = re.findall(r"<ul class=\"errorlist[^>]*>.*?</ul>", response.content.decode(), re.S)
    assert response.status_code == 302, errors
    message = Message.objects.get()
    assert message.review_date == dt.date.fromisoformat(values["review_date"][0])
    assert message.retention_date == dt.date.fromisoformat(values["retention_date"][0])


@pytest.mark.parametrize("language", LANGUAGES)
def test_record_and_import_pages_prefill_iso_dates(
    world: World, make_user: Callable[..., User], language: str
) -> None:
    analyst = make_user(agency=world.here, role=Role.ANALYST)
    client = login_verified(Client(), analyst)
    record = PersonFactory(agency=world.here, review_date=dt.date(2027, 5, 31))
    pages = [
        reverse("entities:person_new"),
        reverse("entities:person_edit", args=[record.uid]),
        reverse("entities:import"),
    ]
    for url in pages:
        values = form_values(client, url, language)
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", values["review_date"][0]), (url, values)
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", values["retention_date"][0]), (url, values)
    edit = form_values(client, pages[1], language)
    assert edit["review_date"] == ["2027-05-31"]
