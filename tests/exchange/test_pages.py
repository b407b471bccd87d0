"""The exchange pages: what each shows, who may see it, and bad input answered with form errors."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from strait.accounts.models import User
from strait.audit.events import AuditAction
from strait.audit.models import AuditEntry
from strait.exchange import actions
from strait.exchange.models import Attachment, Message
from tests.conftest import login_verified
from tests.exchange.conftest import World, draft

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def client_for(user: User) -> Client:
    return login_verified(Client(), user)


def compose_data(world: World, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "channel": world.channel.pk,
        "recipients": [world.neighbour.pk],
        "kind": "request",
        "urgency": "urgent",
        "language": "ar",
        "subject": "طلب معلومات عن سيارة",
        "body": "المرجو التحقق من رقم التسجيل",
        "crime_area": "drugs",
        "handling": "H1",
        "purpose": "تحقيق",
        "subject_category": "suspect",
        "fact_or_assessment": "fact",
        "review_date": "2099-01-01",
        "retention_date": "2099-06-01",
    }
    data.update(overrides)
    return data


def test_compose_sends_and_shows_the_thread_with_its_deadline(world: World) -> None:
    response = client_for(world.analyst).post(
        reverse("exchange:compose"), compose_data(world), follow=True
    )
    assert response.status_code == 200
    message = Message.objects.get()
    assert message.language == "ar"
    assert message.deadline is not None
    page = response.content.decode()
    assert 'dir="auto" lang="ar"' in page
    assert "طلب معلومات عن سيارة" in page


def test_another_agencys_thread_answers_404(world: World) -> None:
    message = actions.send_message(draft(world), acting_user=world.analyst)
    outsider = client_for(world.outsider_analyst)
    assert outsider.get(reverse("exchange:thread", args=[message.thread_uid])).status_code == 404
    assert outsider.get(reverse("exchange:export", args=[message.uid])).status_code == 404
    assert outsider.post(reverse("exchange:reply", args=[message.uid]), {}).status_code == 404
    inbox = outsider.get(reverse("exchange:inbox")).content.decode()
    assert message.subject not in inbox


def test_reading_a_thread_is_audited_and_shows_the_read_receipt(world: World) -> None:
    message = actions.send_message(draft(world), acting_user=world.analyst)
    client_for(world.neighbour_analyst).get(reverse("exchange:thread", args=[message.thread_uid]))
    assert AuditEntry.objects.filter(
        action=AuditAction.MESSAGE_CONSULTED, target=str(message.uid)
    ).exists()
    sent = client_for(world.analyst).get(reverse("exchange:sent")).content.decode()
    assert "read" in sent


def test_script_in_the_body_is_shown_as_text(world: World) -> None:
    message = actions.send_message(
        draft(world, body="<script>alert(1)</script><b>x</b>"), acting_user=world.analyst
    )
    page = (
        client_for(world.neighbour_analyst)
        .get(reverse("exchange:thread", args=[message.thread_uid]))
        .content.decode()
    )
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;x&lt;/b&gt;" in page


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"kind": "information"}, "evaluation"),
        ({"subject": ""}, "required"),
        ({"review_date": "not a date"}, "valid date"),
        ({"handling": "H3"}, "H3"),
        ({"recipients": []}, "required"),
    ],
)
def test_bad_compose_input_gets_form_errors_and_sends_nothing(
    world: World, overrides: dict[str, object], error: str
) -> None:
    response = client_for(world.analyst).post(
        reverse("exchange:compose"), compose_data(world, **overrides)
    )
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not Message.objects.exists()


def test_an_attachment_that_is_not_what_it_claims_is_refused(world: World) -> None:
    fake = SimpleUploadedFile("report.pdf", b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    response = client_for(world.analyst).post(
        reverse("exchange:compose"), compose_data(world, attachments=[fake])
    )
    assert response.status_code == 400
    assert "does not contain what its name says" in response.content.decode()
    assert not Message.objects.exists()


def test_an_oversized_attachment_is_refused(world: World, settings: object) -> None:
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (5 * 1024 * 1024))
    response = client_for(world.analyst).post(
        reverse("exchange:compose"), compose_data(world, attachments=[big])
    )
    assert response.status_code == 400
    assert "larger than 5 MiB" in response.content.decode()
    assert not Message.objects.exists()


def test_attachment_is_stored_encrypted_and_downloaded_as_an_attachment(
    world: World, settings: object
) -> None:
    upload = SimpleUploadedFile("report.pdf", PDF)
    client_for(world.analyst).post(
        reverse("exchange:compose"), compose_data(world, attachments=[upload])
    )
    attachment = Attachment.objects.get()
    root = settings.ATTACHMENTS_DIR  # type: ignore[attr-defined]
    stored = b"".join(p.read_bytes() for p in root.rglob("*") if p.is_file())
    assert PDF not in stored
    response = client_for(world.neighbour_analyst).get(
        reverse("exchange:attachment", args=[attachment.uid])
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content == PDF
    assert AuditEntry.objects.filter(action=AuditAction.ATTACHMENT_DOWNLOADED).count() == 1
    outsider = client_for(world.outsider_analyst)
    assert outsider.get(reverse("exchange:attachment", args=[attachment.uid])).status_code == 404


def test_a_second_request_about_the_same_person_warns_and_links(
    world: World, make_user: Callable[..., User]
) -> None:
    from strait.exchange.models import Channel

    other = Channel.objects.create(
        code="other",
        kind="interpol",
        allowed_kinds=["request", "reply"],
        max_handling="H1",
        name_ar="أخرى",
        name_es="Otra",
        name_fr="Autre",
        name_en="Other",
    )
    other.agencies.set([world.here, world.neighbour])
    first = actions.send_message(
        draft(world, about=[("person", "عبد اللطيف الخطابي")]), acting_user=world.analyst
    )
    response = client_for(world.analyst).post(
        reverse("exchange:compose"),
        compose_data(world, channel=other.pk, about_person="Abdelatif El Khattabi"),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "already open on another channel" in page
    assert reverse("exchange:thread", args=[first.thread_uid]) in page
    assert Message.objects.count() == 1
    sent = client_for(world.analyst).post(
        reverse("exchange:compose"),
        compose_data(
            world, channel=other.pk, about_person="Abdelatif El Khattabi", send_anyway="on"
        ),
    )
    assert sent.status_code == 302
    assert Message.objects.count() == 2


def test_search_folds_arabic_and_accents(world: World) -> None:
    actions.send_message(
        draft(world, subject="إعادة التوجيه", body="الجريمة المنظمة في الميناء"),
        acting_user=world.analyst,
    )
    actions.send_message(
        draft(world, subject="Operación en el puerto", body="Información sobre el vehículo"),
        acting_user=world.analyst,
    )
    client = client_for(world.neighbour_analyst)
    arabic = client.get(reverse("exchange:search"), {"q": "اعادة الجريمه"}).content.decode()
    assert "إعادة التوجيه" in arabic
    assert "Operación" not in arabic
    spanish = client.get(reverse("exchange:search"), {"q": "operacion VEHICULO"}).content.decode()
    assert "Operación en el puerto" in spanish
    outsider = client_for(world.outsider_analyst)
    assert (
        "Operación"
        not in outsider.get(reverse("exchange:search"), {"q": "operacion"}).content.decode()
    )


def test_deadlines_page_shows_escalated_requests(world: World) -> None:
    import datetime as dt

    from django.utils import timezone

    message = actions.send_message(draft(world, urgency="urgent_direct"), acting_user=world.analyst)
    actions.escalate_overdue(timezone.now() + dt.timedelta(hours=9))
    message.refresh_from_db()
    Message.objects.filter(pk=message.pk).update(deadline=timezone.now() - dt.timedelta(hours=1))
    page = client_for(world.neighbour_analyst).get(reverse("exchange:deadlines")).content.decode()
    assert "Escalated to the supervisor" in page
    assert message.subject in page
