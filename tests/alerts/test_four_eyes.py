"""Four eyes on every way in (AC-05): a draft's author, even a supervisor, cannot release it nor
return it from the review page or through the API; another agency's supervisor finds no such
draft; an officer has no release at all. Each refusal sends nothing, writes nothing, and the
draft still waits for review; the second supervisor then releases it on either way."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from strait.accounts.models import User
from strait.alerts import actions, codes
from strait.alerts.models import Alert, AlertDraft
from strait.federation.models import OutboxEnvelope
from strait.sharing.models import SharedObject
from tests.alerts.scene import Scene, make_scene, surge
from tests.api_client import Api
from tests.conftest import login_verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(make_user: Callable[..., User], settings: Any) -> Scene:
    return make_scene(make_user, settings)


@pytest.fixture
def own(scene: Scene) -> AlertDraft:
    """A draft written and submitted by a supervisor: the one person who may not release it."""
    return actions.submit(scene.supervisor, actions.save_draft(scene.supervisor, surge(scene)))


def nothing_sent(draft: AlertDraft) -> None:
    draft.refresh_from_db()
    assert draft.status == codes.DraftStatus.SUBMITTED
    assert not Alert.objects.exists()
    assert not SharedObject.objects.exists()
    assert not OutboxEnvelope.objects.exists()


def review(client: Any, draft: AlertDraft, **data: str) -> Any:
    return client.post(reverse("alerts:review", kwargs={"uid": draft.uid}), data)


def test_the_page_refuses_the_authors_release_and_return(scene: Scene, own: AlertDraft) -> None:
    client = login_verified(Client(), scene.supervisor)
    page = client.get(reverse("alerts:review", kwargs={"uid": own.uid}))
    assert page.status_code == 200
    assert page.context["can_release"] is False
    answer = review(client, own, decision="release")
    assert answer.status_code == 400
    assert "someone other than you" in answer.content.decode()
    nothing_sent(own)
    answer = review(client, own, decision="return", note="Let me fix it")
    assert answer.status_code == 400
    nothing_sent(own)


def test_the_page_lets_a_second_supervisor_release(scene: Scene, own: AlertDraft) -> None:
    client = login_verified(Client(), scene.other_supervisor)
    assert client.get(reverse("alerts:review", kwargs={"uid": own.uid})).context["can_release"]
    answer = review(client, own, decision="release")
    assert answer.status_code == 302
    alert = Alert.objects.get()
    assert answer["Location"] == reverse("alerts:detail", kwargs={"uid": alert.obj.uid})
    assert alert.released_by == scene.other_supervisor.full_name


def test_the_page_finds_no_draft_of_another_agency(scene: Scene, own: AlertDraft) -> None:
    client = login_verified(Client(), scene.recipient_supervisor)
    assert review(client, own, decision="release").status_code == 404
    nothing_sent(own)


def test_the_api_refuses_the_authors_release_and_return(scene: Scene, own: AlertDraft) -> None:
    api = Api(scene.supervisor)
    answer = api.post(f"/alerts/review/{own.uid}/release", {})
    assert answer.status_code == 403
    assert answer.json()["error"] == "own_request"
    answer = api.post(f"/alerts/review/{own.uid}/return", {"note": "Let me fix it"})
    assert answer.status_code == 403
    assert answer.json()["error"] == "own_request"
    nothing_sent(own)


def test_the_api_refuses_an_officer_and_another_agency(scene: Scene, own: AlertDraft) -> None:
    assert Api(scene.author).post(f"/alerts/review/{own.uid}/release", {}).status_code == 403
    answer = Api(scene.recipient_supervisor).post(f"/alerts/review/{own.uid}/release", {})
    assert answer.status_code == 404
    nothing_sent(own)


def test_the_api_lets_a_second_supervisor_release(scene: Scene, own: AlertDraft) -> None:
    answer = Api(scene.other_supervisor).post(f"/alerts/review/{own.uid}/release", {})
    assert answer.status_code == 201
    body = answer.json()
    assert body["status"] == "active"
    assert sorted(body["addressees"]) == ["dev-gc", "es-pn"]
    assert OutboxEnvelope.objects.filter(peer__code="es").exists()
