"""Issue 12: the compose page shows every problem at once, with a summary at the top linked to
the fields, and keeps the attached files when it sends the form back: the user fixes what is
wrong and sends, and the message carries the file without it being picked again."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from strait.exchange import pending
from strait.exchange.models import Attachment, Message
from tests.exchange.conftest import World
from tests.exchange.test_pages import client_for, compose_data

pytestmark = pytest.mark.django_db

NOTE = b"Notes on the vehicle seen at the port.\n"


def test_every_problem_is_shown_at_once_with_a_linked_summary(world: World) -> None:
    response = client_for(world.analyst).post(
        reverse("exchange:compose"),
        compose_data(
            world,
            subject="",  # a required field
            kind="information",  # the evaluation codes then missing
            handling="H3",  # its conditions not stated
            retention_date="2098-01-01",  # before the review date
        ),
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) >= {
        "subject",
        "source_reliability",
        "handling_conditions",
        "retention_date",
    }
    page = response.content.decode()
    assert 'class="error-summary"' in page
    # In the order of the page.
    links = [
        page.index(f'href="#id_{field}"')
        for field in ("subject", "handling_conditions", "source_reliability", "retention_date")
    ]
    assert links == sorted(links)
    assert Message.objects.count() == 0


def test_a_file_attached_to_a_form_sent_back_goes_with_the_corrected_message(
    world: World, settings: object
) -> None:
    client = client_for(world.analyst)
    upload = SimpleUploadedFile("vehicle-notes.txt", NOTE, content_type="text/plain")
    first = client.post(
        reverse("exchange:compose"), {**compose_data(world, subject=""), "attachments": upload}
    )
    assert first.status_code == 400
    [held] = first.context["held"]
    assert held.filename == "vehicle-notes.txt"
    page = first.content.decode()
    assert f'name="held" value="{held.token}" checked' in page
    # Kept sealed: the file's bytes are not on disk as they came.
    stored = (Path(settings.ATTACHMENTS_DIR) / "pending" / held.token).read_bytes()  # type: ignore[attr-defined]
    assert NOTE not in stored

    # The user fixes the subject and sends, without picking the file again.
    second = client.post(
        reverse("exchange:compose"), compose_data(world, subject="Vehicle", held=[held.token])
    )
    assert second.status_code == 302
    message = Message.objects.get()
    [attachment] = Attachment.objects.filter(message=message)
    assert attachment.filename == "vehicle-notes.txt"
    assert attachment.size == len(NOTE)
    # Sent: the held copy is gone.
    assert pending.take(world.analyst.pk, [held.token]) == []


def test_another_users_held_file_is_not_theirs_to_send(world: World) -> None:
    upload = SimpleUploadedFile("vehicle-notes.txt", NOTE, content_type="text/plain")
    first = client_for(world.analyst).post(
        reverse("exchange:compose"), {**compose_data(world, subject=""), "attachments": upload}
    )
    [held] = first.context["held"]

    client_for(world.supervisor).post(
        reverse("exchange:compose"), compose_data(world, subject="Vehicle", held=[held.token])
    )
    message = Message.objects.get()
    assert not Attachment.objects.filter(message=message).exists()
    # Still the analyst's, for the analyst.
    assert [h.filename for h in pending.take(world.analyst.pk, [held.token])] == [
        "vehicle-notes.txt"
    ]
