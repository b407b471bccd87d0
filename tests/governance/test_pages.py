# ruff: noqa: RUF001 - Arabic texts are this module's data, not look-alikes
"""The governance pages of bodies, meetings, minutes, recommendations, actions and evidence:
what each shows, to whom, the forms that write through the actions, and what they refuse."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from strait.accounts.models import User
from strait.governance import actions
from strait.governance.models import ActionItem, Evidence, Meeting, Recommendation
from strait.permissions import Role
from tests.factories.operations import add_members, make_operation
from tests.governance.conftest import World

pytestmark = pytest.mark.django_db

Login = Callable[..., Client]


def meeting_of(world: World, **values: object) -> Meeting:
    change = actions.schedule_meeting(
        world.ma_secretary,
        world.body,
        **({"starts_on": dt.date(2014, 3, 12), "place": "Marrakech", "status": "held"} | values),
    )
    return Meeting.objects.get(uid=change.body["uid"])


def minutes_written(world: World, meeting: Meeting) -> Meeting:
    actions.write_minutes(world.ma_secretary, meeting, language="ar", text="محضر الاجتماع")
    actions.write_minutes(world.ma_secretary, meeting, language="es", text="Acta de la reunión")
    return Meeting.objects.get(pk=meeting.pk)


def recommendation_of(world: World, meeting: Meeting | None = None) -> Recommendation:
    change = actions.add_recommendation(
        world.ma_secretary,
        world.body,
        texts={"ar": "خطة عمل ثنائية", "es": "Plan de acción bilateral"},
        number="R1",
        meeting=meeting,
    )
    return Recommendation.objects.get(uid=change.body["uid"])


def action_of(world: World, recommendation: Recommendation) -> ActionItem:
    change = actions.add_action(
        world.ma_secretary,
        recommendation,
        title={"es": "Primer curso conjunto"},
        owner_agency=world.ma.code,
        co_owner_agency=world.es.code,
        deadline=dt.date(2014, 12, 31),
    )
    return ActionItem.objects.get(uid=change.body["uid"])


def test_the_body_page_shows_the_body_to_its_members_and_not_to_another_agency(
    world: World, verified_client: Login
) -> None:
    meeting_of(world)
    recommendation_of(world)
    url = reverse("governance:body", kwargs={"uid": world.body.obj.uid})
    page = verified_client(world.es_secretary).get(url)
    assert page.status_code == 200
    text = page.content.decode()
    # In English, the first language written: Arabic.
    assert "Marrakech" in text
    assert "خطة عمل ثنائية" in text
    assert reverse("governance:meeting_new", kwargs={"uid": world.body.obj.uid}) in text
    # A member who only reads sees it, without the forms.
    read = verified_client(world.ma_officer).get(url).content.decode()
    assert "Marrakech" in read
    assert reverse("governance:meeting_new", kwargs={"uid": world.body.obj.uid}) not in read
    assert verified_client(world.outsider_secretary).get(url).status_code == 404


def test_a_secretary_creates_a_body_with_its_members(world: World, verified_client: Login) -> None:
    client = verified_client(world.es_secretary)
    assert client.get(reverse("governance:body_new")).status_code == 200
    response = client.post(
        reverse("governance:body_new"),
        {
            "code": "ministers",
            "name_ar": "اجتماع وزراء الداخلية",
            "name_es": "Reunión de ministros del Interior",
            "kind": "ministerial",
            "area": "general",
            "co_chairs": [world.ma.code, world.es.code],
            "members": [world.ma.code],
            "founded_on": "2019-02-01",
            "cadence": "months",
            "cadence_months": "6",
            "warn_months": "5",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(response["Location"]).content.decode()
    assert "Reunión de ministros del Interior" in page
    # The Moroccan agency takes part: its officer sees the new body.
    assert verified_client(world.ma_officer).get(response["Location"]).status_code == 200


def test_a_meeting_dated_before_the_body_was_founded_is_refused_and_nothing_is_written(
    world: World, verified_client: Login
) -> None:
    url = reverse("governance:meeting_new", kwargs={"uid": world.body.obj.uid})
    response = verified_client(world.ma_secretary).post(
        url, {"starts_on": "2010-01-01", "place": "Rabat", "status": "held"}
    )
    assert response.status_code == 400
    assert not Meeting.objects.filter(body=world.body).exists()
    ok = verified_client(world.ma_secretary).post(
        url, {"starts_on": "2014-03-12", "place": "Marrakech", "status": "held", "title_es": "X"}
    )
    assert ok.status_code == 302
    made = Meeting.objects.get(body=world.body)
    assert ok["Location"] == reverse("governance:meeting", kwargs={"uid": made.uid})


def test_the_meeting_page_shows_the_arabic_and_spanish_minutes_side_by_side(
    world: World, verified_client: Login
) -> None:
    meeting = minutes_written(world, meeting_of(world))
    actions.write_minutes(world.ma_secretary, meeting, language="fr", text="Procès-verbal")
    page = verified_client(world.es_chair).get(
        reverse("governance:meeting", kwargs={"uid": meeting.uid})
    )
    text = page.content.decode()
    pair = re.search(
        r'<div class="minutes-pair">(.*?)</div>\s*<div class="minutes-more">', text, re.S
    )
    assert pair is not None
    assert re.search(r'<article lang="ar" dir="rtl"[^>]*>.*محضر الاجتماع', pair.group(1), re.S)
    assert re.search(r'<article lang="es" dir="ltr"[^>]*>.*Acta de la reunión', pair.group(1), re.S)
    assert "Procès-verbal" in text.split('class="minutes-more"')[1]


def test_partner_text_is_never_rendered_as_html(world: World, verified_client: Login) -> None:
    meeting = meeting_of(world, place="<b>Rabat</b>")
    actions.write_minutes(
        world.ma_secretary, meeting, language="es", text="<script>alert(1)</script>"
    )
    recommendation = recommendation_of(world, meeting)
    actions.add_action(
        world.ma_secretary,
        recommendation,
        title={"en": "<img src=x onerror=alert(2)>"},
        owner_agency=world.ma.code,
        deadline=dt.date(2030, 1, 1),
    )
    client = verified_client(world.es_secretary)
    pages = [
        client.get(reverse("governance:meeting", kwargs={"uid": meeting.uid})),
        client.get(reverse("governance:recommendation", kwargs={"uid": recommendation.uid})),
        client.get(reverse("governance:body", kwargs={"uid": world.body.obj.uid})),
    ]
    for page in pages:
        text = page.content.decode()
        assert "<script>alert(1)" not in text
        assert "<img src=x" not in text
        assert "<b>Rabat</b>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages[0].content.decode()


def test_the_sign_button_is_shown_to_a_co_chairs_chair_once_both_minutes_are_written(
    world: World, verified_client: Login
) -> None:
    meeting = meeting_of(world)
    url = reverse("governance:meeting", kwargs={"uid": meeting.uid})
    sign = reverse("governance:meeting_sign", kwargs={"uid": meeting.uid})
    chair = verified_client(world.ma_chair)
    assert sign not in chair.get(url).content.decode()  # nothing written yet
    minutes_written(world, meeting)
    assert sign in chair.get(url).content.decode()
    assert sign not in verified_client(world.ma_secretary).get(url).content.decode()
    # Signing answers with the page's signature panel, and the button is gone (once a node).
    response = chair.post(sign)
    assert response.status_code == 302
    text = chair.get(url).content.decode()
    assert sign not in text
    assert "sig-valid" in text


def test_a_text_changed_after_a_signature_shows_the_signature_as_void(
    world: World, verified_client: Login
) -> None:
    meeting = minutes_written(world, meeting_of(world))
    actions.sign_minutes(world.ma_chair, meeting)
    url = reverse("governance:meeting", kwargs={"uid": meeting.uid})
    client = verified_client(world.es_secretary)
    assert "the text changed after this signature" not in client.get(url).content.decode()
    response = client.post(
        reverse("governance:meeting_minutes", kwargs={"uid": meeting.uid}),
        {"language": "es", "text": "Acta corregida"},
    )
    assert response.status_code == 302
    text = client.get(url).content.decode()
    assert "Void: the text changed after this signature" in text
    assert "Acta corregida" in text


def test_signing_refused_without_the_sign_permission(world: World, verified_client: Login) -> None:
    meeting = minutes_written(world, meeting_of(world))
    url = reverse("governance:meeting_sign", kwargs={"uid": meeting.uid})
    assert verified_client(world.ma_secretary).post(url).status_code == 403
    assert verified_client(world.ma_chair).post(url).status_code == 302
    assert meeting.signatures.count() == 1


def test_the_meeting_forms_write_attendees_agenda_and_decisions(
    world: World, verified_client: Login
) -> None:
    meeting = meeting_of(world)
    client = verified_client(world.ma_secretary)
    kw = {"uid": meeting.uid}
    attendees = f"*{world.ma.code} | Abdellatif H. | Director General\n{world.es.code} | Ana R."
    assert (
        client.post(reverse("governance:meeting_attendees", kwargs=kw), {"attendees": attendees})
    ).status_code == 302
    assert (
        client.post(
            reverse("governance:meeting_agenda", kwargs=kw),
            {"items_ar": "افتتاح\nالتكوين", "items_es": "Apertura\nFormación"},
        )
    ).status_code == 302
    assert (
        client.post(
            reverse("governance:meeting_decision", kwargs=kw), {"text_es": "Reunirse cada año"}
        )
    ).status_code == 302
    assert [(a.agency, a.name, a.head) for a in meeting.attendees.all()] == [
        (world.ma.code, "Abdellatif H.", True),
        (world.es.code, "Ana R.", False),
    ]
    assert [i.texts for i in meeting.agenda.all()] == [
        {"ar": "افتتاح", "es": "Apertura"},
        {"ar": "التكوين", "es": "Formación"},
    ]
    page = client.get(reverse("governance:meeting", kwargs=kw)).content.decode()
    assert "Abdellatif H." in page
    assert "Reunirse cada año" in page
    # An attendee of an agency that is not a member: the form says so, nothing is written.
    bad = client.post(
        reverse("governance:meeting_attendees", kwargs=kw),
        {"attendees": f"{world.outsider.code} | Someone"},
    )
    assert bad.status_code == 400
    assert meeting.attendees.count() == 2


def test_an_action_without_an_owner_is_refused_on_the_recommendation_page(
    world: World, verified_client: Login
) -> None:
    recommendation = recommendation_of(world)
    client = verified_client(world.es_secretary)
    url = reverse("governance:action_add", kwargs={"uid": recommendation.uid})
    bad = client.post(url, {"title_es": "Curso", "deadline": "2014-12-31"})
    assert bad.status_code == 400
    assert not recommendation.actions.exists()
    ok = client.post(
        url,
        {
            "title_es": "Curso",
            "deadline": "2014-12-31",
            "owner_agency": world.es.code,
            "co_owner_agency": world.ma.code,
        },
    )
    assert ok.status_code == 302
    item = recommendation.actions.get()
    assert (item.owner_agency, item.co_owner_agency) == (world.es.code, world.ma.code)
    dropped = client.post(
        reverse("governance:action_status", kwargs={"uid": item.uid}), {"status": "dropped"}
    )
    assert dropped.status_code == 400  # dropped needs a reason
    assert ActionItem.objects.get(pk=item.pk).status == "planned"


def test_evidence_is_picked_from_what_the_user_sees_and_hidden_from_who_does_not(
    world: World, verified_client: Login, make_user: Callable[..., User]
) -> None:
    lead = make_user(agency=world.es, role=Role.ANALYST)
    operation = make_operation(lead, code_name="Operation Cedar")
    add_members(lead, operation, world.es_secretary)
    item = action_of(world, recommendation_of(world))
    page_url = reverse("governance:recommendation", kwargs={"uid": item.recommendation.uid})
    es = verified_client(world.es_secretary)
    pick = f"operation:{operation.obj.uid}"
    assert pick in es.get(page_url).content.decode()  # offered in the select
    added = es.post(reverse("governance:evidence_add", kwargs={"uid": item.uid}), {"pick": pick})
    assert added.status_code == 302
    assert "Operation Cedar" in es.get(page_url).content.decode()
    # The Moroccan secretary cannot see the operation: its existence, never its title.
    ma_page = verified_client(world.ma_secretary).get(page_url).content.decode()
    assert "Operation Cedar" not in ma_page
    assert "not visible to you" in ma_page
    # Nor can they link it: the same refusal whether it exists or not.
    refused = verified_client(world.ma_secretary).post(
        reverse("governance:evidence_add", kwargs={"uid": item.uid}),
        {"kind": "operation", "ref": str(operation.obj.uid)},
    )
    assert refused.status_code == 400
    assert Evidence.objects.filter(action=item).count() == 1
    remove = reverse("governance:evidence_remove", kwargs={"uid": item.evidence.get().uid})
    assert remove in es.get(page_url).content.decode()
    assert es.post(remove).status_code == 302
    assert Evidence.objects.get(action=item).removed_at is not None
    assert remove not in es.get(page_url).content.decode()


def test_another_agencys_meeting_recommendation_and_action_answer_404(
    world: World, verified_client: Login
) -> None:
    meeting = meeting_of(world)
    item = action_of(world, recommendation_of(world, meeting))
    outsider = verified_client(world.outsider_secretary)
    for name, uid in (
        ("governance:meeting", meeting.uid),
        ("governance:recommendation", item.recommendation.uid),
    ):
        assert outsider.get(reverse(name, kwargs={"uid": uid})).status_code == 404
    for name, uid in (
        ("governance:meeting_minutes", meeting.uid),
        ("governance:action_status", item.uid),
        ("governance:evidence_add", item.uid),
    ):
        assert outsider.post(reverse(name, kwargs={"uid": uid})).status_code == 404


def test_the_joint_statement_is_offered_only_once_both_sides_signed(
    world: World, verified_client: Login, make_user: Callable[..., User]
) -> None:
    meeting = minutes_written(world, meeting_of(world))
    url = reverse("governance:meeting", kwargs={"uid": meeting.uid})
    statement = reverse("governance:meeting_statement", kwargs={"uid": meeting.uid})
    client = verified_client(world.es_secretary)
    assert statement not in client.get(url).content.decode()
    actions.sign_minutes(world.ma_chair, meeting)  # both co-chairs are on this node
    assert statement in client.get(url).content.decode()
    response = client.post(statement, {"fmt": "json"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert b"signatures" in response.content
    assert statement not in verified_client(world.ma_officer).get(url).content.decode()
    pdf = verified_client(world.ma_chair).post(statement, {"fmt": "pdf"})
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")


def test_a_channel_the_agency_takes_part_in_is_offered_and_linked_as_evidence(
    world: World, verified_client: Login
) -> None:
    from tests.factories import ChannelFactory

    channel = ChannelFactory(
        code="ma-es-direct", name_en="Rabat–Madrid", agencies=[world.ma, world.es]
    )
    ChannelFactory(code="elsewhere", agencies=[world.outsider])
    item = action_of(world, recommendation_of(world))
    page_url = reverse("governance:recommendation", kwargs={"uid": item.recommendation.uid})
    client = verified_client(world.es_secretary)
    page = client.get(page_url).content.decode()
    assert f"channel:{channel.code}" in page
    assert "channel:elsewhere" not in page
    linked = client.post(
        reverse("governance:evidence_add", kwargs={"uid": item.uid}),
        {"pick": f"channel:{channel.code}", "note": "Opened in 2014"},
    )
    assert linked.status_code == 302
    assert Evidence.objects.get(action=item).ref == channel.code


def test_each_language_s_minutes_form_holds_its_text_in_its_direction(
    world: World, verified_client: Login
) -> None:
    meeting = minutes_written(world, meeting_of(world))
    client = verified_client(world.es_secretary)
    text = client.get(reverse("governance:meeting", kwargs={"uid": meeting.uid})).content.decode()
    arabic = text.split('class="minutes-form-ar"')[1].split("</details>")[0]
    textarea = re.search(r"<textarea([^>]*)>\s*محضر الاجتماع</textarea>", arabic)
    assert textarea is not None
    assert 'lang="ar"' in textarea.group(1)
    assert 'dir="rtl"' in textarea.group(1)
    spanish = text.split('class="minutes-form-es"')[1].split("</details>")[0]
    assert "Acta de la reunión</textarea>" in spanish
    # Too long a text: the form says so, in its language's form, and nothing is written.
    too_long = client.post(
        reverse("governance:meeting_minutes", kwargs={"uid": meeting.uid}),
        {"language": "es", "text": "x" * 40_001},
    )
    assert too_long.status_code == 400
    shown = (
        too_long.content.decode().split('class="minutes-form-es" open')[1].split("</details>")[0]
    )
    assert "40000" in shown.replace(",", "").replace(".", "").replace("\u202f", "")
    assert Meeting.objects.get(pk=meeting.pk).minutes_version == meeting.minutes_version


def test_the_forms_of_a_page_each_have_ids_of_their_own(
    world: World, verified_client: Login
) -> None:
    """Four minutes forms on the meeting page, a status and an evidence form per action: a
    label must name its own field, so no id is given twice."""
    meeting = minutes_written(world, meeting_of(world))
    recommendation = recommendation_of(world, meeting)
    action_of(world, recommendation)
    action_of(world, recommendation)
    client = verified_client(world.es_secretary)
    for url in (
        reverse("governance:meeting", kwargs={"uid": meeting.uid}),
        reverse("governance:recommendation", kwargs={"uid": recommendation.uid}),
    ):
        ids = re.findall(r'\sid="([^"]+)"', client.get(url).content.decode())
        assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


def test_the_pages_read_in_a_number_of_queries_that_does_not_grow_with_their_rows(
    world: World, verified_client: Login
) -> None:
    """The body page with its meetings and recommendations, a meeting, a recommendation with
    its actions: as many queries for twenty rows as for one (no query per row)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories.governance import (
        ActionItemFactory,
        MeetingFactory,
        RecommendationFactory,
    )

    client = verified_client(world.es_secretary)
    recommendation = RecommendationFactory(body=world.body)
    meeting = MeetingFactory(body=world.body)
    pages = [
        reverse("governance:body", kwargs={"uid": world.body.obj.uid}),
        reverse("governance:meeting", kwargs={"uid": meeting.uid}),
        reverse("governance:recommendation", kwargs={"uid": recommendation.uid}),
    ]

    def counts() -> list[int]:
        found = []
        for url in pages:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            found.append(len(queries.captured_queries))
        return found

    def add_rows(count: int) -> None:
        for _ in range(count):
            source = MeetingFactory(body=world.body)
            ActionItemFactory(recommendation=RecommendationFactory(body=world.body, meeting=source))
            ActionItemFactory(recommendation=recommendation)
            meeting.attendees.create(agency=world.ma.code, name="A")

    add_rows(1)
    few = counts()
    add_rows(19)
    assert counts() == few


def test_the_lead_changes_the_body_and_a_member_is_not_offered_to(
    world: World, verified_client: Login
) -> None:
    url = reverse("governance:body_edit", kwargs={"uid": world.body.obj.uid})
    page = reverse("governance:body", kwargs={"uid": world.body.obj.uid})
    lead = verified_client(world.ma_secretary)
    assert url in lead.get(page).content.decode()
    form = lead.get(url)
    assert form.status_code == 200
    assert "Strategic Committee" in form.content.decode()
    values = {
        "name_ar": "اللجنة الاستراتيجية",
        "name_es": "Comité Estratégico",
        "name_en": "Strategic Committee",
        "kind": "committee",
        "area": "general",
        "co_chairs": [world.ma.code, world.es.code],
        "mandate": "Steer the cooperation",
        "founded_on": "2013-11-20",
        "cadence": "yearly",
    }
    assert lead.post(url, values).status_code == 302
    world.body.refresh_from_db()
    assert world.body.mandate == "Steer the cooperation"
    member = verified_client(world.es_secretary)
    assert url not in member.get(page).content.decode()
    refused = member.post(url, values | {"mandate": "Something else"})
    assert refused.status_code == 400
    world.body.refresh_from_db()
    assert world.body.mandate == "Steer the cooperation"
    # Founded after a meeting it held: refused, nothing changed.
    meeting_of(world)
    late = lead.post(url, values | {"founded_on": "2020-01-01"})
    assert late.status_code == 400
    world.body.refresh_from_db()
    assert world.body.founded_on == dt.date(2013, 11, 20)


def test_a_meeting_is_changed_and_one_ending_before_it_starts_is_refused(
    world: World, verified_client: Login
) -> None:
    meeting = meeting_of(world, status="scheduled")
    url = reverse("governance:meeting_edit", kwargs={"uid": meeting.uid})
    client = verified_client(world.es_secretary)
    form = client.get(url).content.decode()
    assert 'value="Marrakech"' in form
    bad = client.post(
        url,
        {
            "starts_on": "2014-03-12",
            "ends_on": "2014-03-10",
            "place": "Marrakech",
            "status": "held",
        },
    )
    assert bad.status_code == 400
    assert Meeting.objects.get(pk=meeting.pk).status == "scheduled"
    ok = client.post(
        url,
        {
            "starts_on": "2014-03-12",
            "ends_on": "2014-03-13",
            "place": "Marrakech",
            "status": "held",
            "title_ar": "الندوة العلمية المشتركة",
        },
    )
    assert ok.status_code == 302
    changed = Meeting.objects.get(pk=meeting.pk)
    assert (changed.status, changed.ends_on) == ("held", dt.date(2014, 3, 13))
    assert changed.title == {"ar": "الندوة العلمية المشتركة"}


def test_a_recommendation_is_recorded_from_its_meeting(
    world: World, verified_client: Login
) -> None:
    meeting = meeting_of(world)
    url = reverse("governance:recommendation_new", kwargs={"uid": world.body.obj.uid})
    client = verified_client(world.ma_secretary)
    form = client.get(url, {"meeting": str(meeting.uid)}).content.decode()
    assert f'value="{meeting.uid}" selected' in form
    empty = client.post(url, {"number": "R1", "meeting": str(meeting.uid)})
    assert empty.status_code == 400  # a text in at least one language
    assert not Recommendation.objects.exists()
    made = client.post(
        url,
        {"number": "R2", "meeting": str(meeting.uid), "text_ar": "تعزيز قنوات تبادل المعلومات"},
    )
    assert made.status_code == 302
    recommendation = Recommendation.objects.get()
    assert made["Location"] == reverse(
        "governance:recommendation", kwargs={"uid": recommendation.uid}
    )
    assert (recommendation.meeting, recommendation.number) == (meeting, "R2")


def test_the_body_page_says_when_the_next_meeting_falls_due(
    world: World, verified_client: Login
) -> None:
    from django.utils import timezone

    from strait.governance.cadence import add_months

    today = timezone.localdate()
    held = add_months(today, -11) - dt.timedelta(days=10)  # yearly, warned after 11 months
    meeting_of(world, starts_on=held)
    url = reverse("governance:body", kwargs={"uid": world.body.obj.uid})
    client = verified_client(world.ma_officer)
    text = client.get(url).content.decode()
    assert '<dd class="cadence-due_soon"><strong>Next meeting falls due</strong>' in text
    meeting_of(world, starts_on=today + dt.timedelta(days=10), status="scheduled", place="Rabat")
    assert '<dd class="cadence-ok"><strong>On schedule</strong>' in client.get(url).content.decode()
