"""The alert pages in a real Chromium, in Arabic: the draft form shows the chosen type's own
fields only (alerts/draft.js) and disables the others, so they are not sent; a dangerous
person's alert page with long unbroken text stays within the window, right to left, the
officer-safety line first. Screenshots: test-artifacts/alerts-*.png.

The pages are rendered by the test client (its session has both factors) and handed to Chromium
with their static files from the finders: no live server, whose transactional flush the audit
log's append-only triggers refuse."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from strait.accounts.models import User
from strait.alerts import actions
from tests.alerts.test_pages import Scene, client, make_scene, released
from tests.factories import PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

CHROMIUM = os.environ.get("STRAIT_CHROMIUM", "/usr/bin/chromium")
ORIGIN = "http://strait.test"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
WIDTH = 1280


@pytest.fixture
def scene(make_user: Callable[..., User], settings: Any) -> Scene:
    return make_scene(make_user, settings)


@contextmanager
def chromium() -> Iterator[Any]:
    """Started after the pages are rendered: while Playwright's sync API runs its event loop,
    the ORM would open a second connection to the in-memory database, locked by the test's."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        yield browser
        browser.close()


def show(browser: Any, path: str, html: bytes, *later: bytes) -> Any:
    """Chromium showing ``html`` (a page the test client got at ``path``), in Arabic, 1280 px
    wide, with its static files from the finders; ``later``: what the page's own requests for
    ``path`` get next, in order (the last one again and again)."""
    answers = [html, *later]

    def answer(route: Any) -> None:
        address = urlsplit(route.request.url).path
        if address == path:
            body = answers.pop(0) if len(answers) > 1 else answers[0]
            route.fulfill(body=body, content_type="text/html; charset=utf-8")
            return
        static = address.startswith(settings.STATIC_URL)
        found = finders.find(address.removeprefix(settings.STATIC_URL)) if static else None
        if found:
            route.fulfill(path=str(found))
        else:  # the live fragment's poll, the push stream: nothing here
            route.fulfill(status=204, body="")

    context = browser.new_context(locale="ar", viewport={"width": WIDTH, "height": 900})
    page = context.new_page()
    page.route(f"{ORIGIN}/**", answer)
    page.goto(ORIGIN + path)
    return page


def test_the_draft_form_shows_the_chosen_types_fields_only(
    scene: Scene, verified_client: Callable[..., Client]
) -> None:
    path = reverse("alerts:new")
    html = client(verified_client, scene.author, "ar").get(path).content
    with chromium() as browser:
        page = show(browser, path, html)
        assert page.get_attribute("html", "dir") == "rtl"

        page.select_option("#id_type", "wanted")
        assert page.is_visible("#id_warrant_ref")
        assert not page.is_visible("#id_estimated_people")
        assert not page.is_visible("#id_officer_safety")
        page.fill("#id_warrant_ref", "TGR-2026-0042")  # then the officer changes the type

        page.select_option("#id_type", "migration_surge")
        assert not page.is_visible("#id_warrant_ref")
        assert page.is_disabled("#id_warrant_ref")  # hidden, so not sent
        for field in ("#id_place", "#id_estimated_people", "#id_boats", "#id_direction"):
            assert page.is_visible(field), field
            assert page.is_enabled(field), field
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "alerts-draft-ar.png"), full_page=True)

        page.select_option("#id_type", "dangerous")
        assert page.is_visible("#id_officer_safety")
        assert not page.is_visible("#id_place")


def test_a_dangerous_persons_page_stays_in_the_window_right_to_left(
    scene: Scene, verified_client: Callable[..., Client]
) -> None:
    person = PersonFactory(agency=scene.issuer, names=[("كريم بنعلي", "Arab")])
    token = "ESTRECHO-" + "0123456789" * 30
    alert = released(
        scene,
        type="dangerous",
        title="كريم بنعلي، مسلح " + token[:150],
        officer_safety="يحمل سكينا؛ هاجم شرطيين. " + token,
        grounds=token * 10,
        entity_ref=str(person.uid),
        area_kind="territory",
        area_codes=[],
        details={},
    )
    detail = reverse("alerts:detail", kwargs={"uid": alert.uid})
    pages = []
    for user, name in ((scene.recipient, "officer"), (scene.recipient_analyst, "analyst")):
        logged_in = client(verified_client, user, "ar")
        for path in (detail, reverse("alerts:board")):
            pages.append((name, path, logged_in.get(path).content))
    ARTIFACTS.mkdir(exist_ok=True)
    with chromium() as browser:
        for name, path, html in pages:
            page = show(browser, path, html)
            assert page.get_attribute("html", "dir") == "rtl"
            scroll, inner = page.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            assert scroll <= inner, (name, path, scroll)
            if path != detail:
                continue
            safety = page.locator(".officer-safety").bounding_box()
            action = page.locator(".required-action").bounding_box()
            assert safety is not None
            assert action is not None
            assert safety["y"] + safety["height"] <= action["y"]  # its own line, first
            shot = ARTIFACTS / f"alerts-dangerous-{name}-ar.png"
            page.screenshot(path=str(shot), full_page=True)


def test_the_board_shows_a_new_alert_when_news_arrives_without_a_reload(
    scene: Scene, verified_client: Callable[..., Client]
) -> None:
    released(scene, title="First surge")
    reader = client(verified_client, scene.recipient, "ar")
    path = reverse("alerts:board")
    before = reader.get(path).content
    released(scene, title="Second surge")
    after = reader.get(path).content
    with chromium() as browser:
        page = show(browser, path, before, after)
        page.evaluate("window.__stillTheSamePage = true")
        assert "Second surge" not in page.locator("#board").inner_text()
        # What push.js does when the stream says something new came (strait:push on #live).
        page.evaluate("htmx.trigger(document.getElementById('live'), 'strait:push')")
        page.locator("#board :text('Second surge')").wait_for(timeout=10_000)
        assert page.evaluate("window.__stillTheSamePage === true"), "the page was reloaded"
        assert "2" in page.locator("#unacknowledged").inner_text()


def test_the_issuer_sees_an_acknowledgement_come_without_a_reload(
    scene: Scene, verified_client: Callable[..., Client]
) -> None:
    alert = released(scene)
    issuer = client(verified_client, scene.supervisor, "ar")
    path = reverse("alerts:detail", kwargs={"uid": alert.uid})
    before = issuer.get(path).content
    actions.acknowledge(scene.recipient, alert, "cannot_act", reason="Fuera de nuestras aguas")
    after = issuer.get(path).content
    with chromium() as browser:
        page = show(browser, path, before, after)
        page.evaluate("window.__stillTheSamePage = true")
        page.evaluate("htmx.trigger(document.getElementById('live'), 'strait:push')")
        page.locator("#ack-list :text('Fuera de nuestras aguas')").wait_for(timeout=10_000)
        assert page.evaluate("window.__stillTheSamePage === true"), "the page was reloaded"
        assert scene.addressee.code in page.locator("#ack-list").inner_text()
