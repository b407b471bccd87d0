"""The governance pages drawn by Chromium in Arabic and Spanish, without nodes: each page is
rendered by Django's test client (a chair of the world's body, logged in) and handed to the
browser with its static files served from disk. The minutes stand side by side, the Arabic
column on the right in Arabic; a 300-character token with no space in it (a place, a text, an
attendee's name) never makes a page wider than the window. Screenshots in test-artifacts/."""

from __future__ import annotations

import datetime as dt
import mimetypes
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from strait.accounts.models import User
from strait.governance import actions
from strait.governance.models import Meeting, Recommendation
from strait.permissions import Role
from tests.browser.conftest import ARTIFACTS
from tests.factories import ChannelFactory
from tests.factories.operations import add_members, make_operation
from tests.governance.conftest import World, world  # noqa: F401  (the governance world fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

WIDTH = 1280
TOKEN = ("Reunion-ESTRECHO-" + "0123456789ABCDEFGHIJ" * 15)[:300]
BASE = "http://strait.test"


def _serve_static(route: Any) -> None:
    path = route.request.url.split("/static/", 1)[1].split("?")[0]
    found = finders.find(path)
    if not found:
        route.fulfill(status=404, body="")
        return
    kind = mimetypes.guess_type(path)[0] or "application/octet-stream"
    with open(found, "rb") as handle:
        route.fulfill(status=200, body=handle.read(), content_type=kind)


def _draw(browser: Any, client: Client, path: str, language: str, name: str) -> Any:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(path)
    assert response.status_code == 200, path
    context = browser.new_context(locale=language, viewport={"width": WIDTH, "height": 900})
    page = context.new_page()
    page.route("**/static/**", _serve_static)
    page.route(
        f"{BASE}{path}",
        lambda route: route.fulfill(
            status=200, body=response.content, content_type="text/html; charset=utf-8"
        ),
    )
    page.goto(f"{BASE}{path}")
    page.wait_for_load_state("load")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"governance-{name}-{language}.png"), full_page=True)
    return page


def _width(page: Any) -> tuple[int, int]:
    return page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )


def test_meeting_recommendation_and_body_pages_in_arabic_and_spanish(
    world: World,  # noqa: F811  (the fixture imported above)
    browser: Any,
    verified_client: Callable[..., Client],
    make_user: Callable[..., User],
) -> None:
    change = actions.schedule_meeting(
        world.ma_secretary, world.body, starts_on=dt.date(2014, 3, 12), place=TOKEN[:200]
    )
    meeting = Meeting.objects.get(uid=change.body["uid"])
    actions.set_attendees(
        world.ma_secretary,
        meeting,
        [
            {
                "agency": world.ma.code,
                "name": TOKEN[:200],
                "position": "المدير العام",
                "head": True,
            },
            {"agency": world.es.code, "name": "Ana Ruiz", "position": "Directora adjunta"},
        ],
    )
    actions.write_minutes(
        world.ma_secretary,
        meeting,
        language="ar",
        text="انعقد اجتماع اللجنة الاستراتيجية بمراكش.\n" + TOKEN,
    )
    actions.write_minutes(
        world.ma_secretary,
        meeting,
        language="es",
        text="Se reunió el Comité Estratégico en Marrakech.\n" + TOKEN,
    )
    actions.sign_minutes(world.ma_chair, Meeting.objects.get(pk=meeting.pk))
    actions.write_minutes(world.ma_secretary, meeting, language="es", text="Acta corregida.")
    rec = actions.add_recommendation(
        world.ma_secretary,
        world.body,
        texts={"ar": "خطة عمل ثنائية " + TOKEN, "es": "Plan de acción " + TOKEN},
        number="R1",
        meeting=meeting,
    )
    recommendation = Recommendation.objects.get(uid=rec.body["uid"])
    actions.add_action(
        world.ma_secretary,
        recommendation,
        title={"es": TOKEN},
        owner_agency=world.ma.code,
        deadline=dt.date(2014, 12, 31),
    )
    # The secretary's forms too: an evidence select whose options are long unbroken names.
    lead = make_user(agency=world.es, role=Role.ANALYST)
    add_members(lead, make_operation(lead, code_name=TOKEN[:100]), world.es_secretary)
    ChannelFactory(code="long-channel", name_en=TOKEN[:200], agencies=[world.es])
    secretary = verified_client(world.es_secretary)
    client = verified_client(world.es_chair)
    paths = {
        "meeting": reverse("governance:meeting", kwargs={"uid": meeting.uid}),
        "recommendation": reverse("governance:recommendation", kwargs={"uid": recommendation.uid}),
        "body": reverse("governance:body", kwargs={"uid": world.body.obj.uid}),
    }
    too_wide = []
    for language in ("ar", "es"):
        for name in ("meeting", "recommendation"):
            page = _draw(browser, secretary, paths[name], language, f"{name}-secretary")
            page.locator("details").evaluate_all("all => all.forEach(d => d.open = true)")
            page.screenshot(
                path=str(ARTIFACTS / f"governance-{name}-secretary-{language}.png"), full_page=True
            )
            scroll, window = _width(page)
            if scroll > window:
                too_wide.append(f"{name} (secretary) {language}: {scroll} px")
            page.context.close()
        for name, path in paths.items():
            page = _draw(browser, client, path, language, name)
            assert page.evaluate("document.documentElement.dir") == (
                "rtl" if language == "ar" else "ltr"
            )
            scroll, window = _width(page)
            if scroll > window:
                too_wide.append(f"{name} {language}: {scroll} px")
            if name == "meeting":
                ar = page.locator("article.minutes-ar").bounding_box()
                es = page.locator("article.minutes-es").bounding_box()
                # Side by side: the same row, each about half the width.
                assert abs(ar["y"] - es["y"]) < 2
                assert ar["width"] < WIDTH / 2
                # Arabic reads from the right: its column on the right in Arabic, left in Spanish.
                assert (ar["x"] > es["x"]) == (language == "ar")
                assert (
                    page.locator("article.minutes-ar").evaluate(
                        "e => getComputedStyle(e).direction"
                    )
                    == "rtl"
                )
                assert page.locator(".sig-void").count() == 1
            page.context.close()
    assert not too_wide, too_wide
