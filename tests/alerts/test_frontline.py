"""A discreet check on the frontline (AC-05, issue 14): an officer (no ALERTS_READ_GROUNDS)
sees only what to do, "Report discreetly. Do not alert the person.", never why the alert was
issued nor its free-text details, on any page and in any language; an analyst of the same
agency reads the grounds."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from strait.accounts.models import User
from strait.alerts import actions, codes
from strait.alerts.models import Alert
from tests.alerts.test_pages import Scene, client, make_scene, submitted
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(make_user: Callable[..., User], settings: Any) -> Scene:
    return make_scene(make_user, settings)


GROUNDS = "Suspected courier of the Tetouan network, under investigation 2026-117"
DETAILS = "Travels with a grey Peugeot, meets his contact at the port café"


def discreet_check(scene: Scene) -> Alert:
    person = PersonFactory(agency=scene.issuer, names=[("Youssef Idrissi", "Latn")])
    draft = submitted(
        scene,
        type="discreet_check",
        title="Youssef Idrissi",
        grounds=GROUNDS,
        entity_ref=str(person.uid),
        area_kind="territory",
        area_codes=[],
        details={"description": DETAILS},
    )
    return actions.release(scene.supervisor, draft)


@pytest.mark.parametrize("language", ["ar", "es", "fr", "en"])
def test_the_frontline_sees_only_report_discreetly_never_why(
    scene: Scene, verified_client: Callable[..., Client], language: str
) -> None:
    alert = discreet_check(scene)
    officer = client(verified_client, scene.recipient, language)
    with translation.override(language):
        action = str(codes.REQUIRED_ACTION[codes.AlertType.DISCREET_CHECK])
    pages = [
        reverse("alerts:detail", kwargs={"uid": alert.uid}),
        reverse("alerts:board"),
        reverse("alerts:board") + "?type=discreet_check",
        # Where the alert's news reaches the officer: the home page's work queue, the live
        # fragment's banner, the notifications, the situation picture and its data.
        reverse("web:home"),
        reverse("notifications:poll"),
        reverse("notifications:list"),
        reverse("situation:map"),
        reverse("situation:data"),
    ]
    for url in pages:
        html = officer.get(url).content.decode()
        if url.startswith(reverse("alerts:board")):
            assert action in html, url
        assert GROUNDS not in html, url
        assert "Tetouan" not in html, url
        assert DETAILS not in html, url
        assert "Peugeot" not in html, url


def test_a_refused_form_on_the_page_does_not_show_the_grounds_either(
    scene: Scene, verified_client: Callable[..., Client]
) -> None:
    alert = discreet_check(scene)
    officer = client(verified_client, scene.recipient)
    url = reverse("alerts:acknowledge", kwargs={"uid": alert.uid})
    html = officer.post(url, {"kind": "cannot_act"}).content.decode()
    assert "Report discreetly. Do not alert the person." in html
    assert "Tetouan" not in html
    assert "Peugeot" not in html


def test_an_analyst_of_the_same_agency_reads_the_grounds_and_details(
    scene: Scene, verified_client: Callable[..., Client]
) -> None:
    alert = discreet_check(scene)
    analyst = client(verified_client, scene.recipient_analyst)
    html = analyst.get(reverse("alerts:detail", kwargs={"uid": alert.uid})).content.decode()
    assert GROUNDS in html
    assert DETAILS in html
    assert "Report discreetly. Do not alert the person." in html
