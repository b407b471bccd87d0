"""The alert pages: the board, a draft from the form to its review, the alert page with the
required action first, acknowledgements and the issuer's forms; who sees what (another agency's
draft or alert answers 404; the author is never offered the release, and a release posted by
the author is refused with nothing sent); bad input shows a clear error and writes nothing."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from strait.accounts.models import User
from strait.agencies.models import Agency
from strait.alerts import actions, codes
from strait.alerts.models import Acknowledgement, Alert, AlertDraft, AlertHit
from strait.audit.events import AuditAction
from strait.audit.models import AuditEntry
from strait.exchange.models import Channel
from strait.federation.keys import ensure_keys
from strait.permissions import Role
from tests.factories import AgencyFactory, ChannelFactory, CountryFactory, PersonFactory

pytestmark = pytest.mark.django_db


@dataclass
class Scene:
    issuer: Agency  # DGSN, drafts and releases
    addressee: Agency  # Guardia Civil, receives
    outsider: Agency  # neither: shares no alert
    author: User  # the issuer's officer
    supervisor: User  # the issuer's supervisor, who releases
    author_supervisor: User  # a supervisor who drafts: may never release their own
    recipient: User  # the addressee's officer (frontline)
    recipient_analyst: User
    outsider_supervisor: User


def make_scene(make_user: Callable[..., User], settings: Any) -> Scene:
    """Three agencies on this node (the issuer shares a channel with both others) and their
    users; the alerts are addressed to the Guardia Civil only."""
    ensure_keys()
    here = settings.NODE.code
    morocco = CountryFactory(code="MA", name_en="Morocco")
    spain = CountryFactory(code="ES", name_en="Spain")
    issuer = AgencyFactory(code="dev-dgsn", abbreviation="DGSN", node_code=here, country=morocco)
    addressee = AgencyFactory(code="dev-gc", abbreviation="GC", node_code=here, country=spain)
    outsider = AgencyFactory(code="dev-pn", abbreviation="PN", node_code=here, country=spain)
    ChannelFactory(code="dgsn-gc", agencies=[issuer, addressee])
    ChannelFactory(code="dgsn-pn", agencies=[issuer, outsider])
    return Scene(
        issuer=issuer,
        addressee=addressee,
        outsider=outsider,
        author=make_user(agency=issuer, role=Role.OFFICER),
        supervisor=make_user(agency=issuer, role=Role.SUPERVISOR),
        author_supervisor=make_user(agency=issuer, role=Role.SUPERVISOR),
        recipient=make_user(agency=addressee, role=Role.OFFICER),
        recipient_analyst=make_user(agency=addressee, role=Role.ANALYST),
        outsider_supervisor=make_user(agency=outsider, role=Role.SUPERVISOR),
    )


@pytest.fixture
def scene(make_user: Callable[..., User], settings: Any) -> Scene:
    return make_scene(make_user, settings)


def _local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def surge_form(scene: Scene, **values: Any) -> dict[str, Any]:
    """What the new-alert form posts for a migration surge at Fnideq."""
    now = timezone.now()
    return {
        "type": "migration_surge",
        "title": "Fnideq: surge expected tonight",
        "grounds": "Gathering of about 300 people reported near Castillejos.",
        "handling": "H1",
        "area_kind": "coast",
        "area_codes": "tanger-fnideq",
        "valid_from": _local(now - dt.timedelta(minutes=5)),
        "valid_until": _local(now + dt.timedelta(days=1)),
        "addressees": [scene.addressee.code],
        "place": "Fnideq beach",
        "estimated_people": "300",
        "boats": "4",
        "direction": "North, towards Ceuta",
        # A field of another type: never part of a surge's details.
        "warrant_ref": "W-123",
    } | values


def surge_data(scene: Scene, **values: Any) -> dict[str, Any]:
    now = timezone.now()
    return {
        "type": "migration_surge",
        "title": "Fnideq: surge expected tonight",
        "grounds": "Gathering of about 300 people reported near Castillejos.",
        "officer_safety": "",
        "handling": "H1",
        "area_kind": "coast",
        "area_codes": ["tanger-fnideq"],
        "valid_from": now - dt.timedelta(minutes=5),
        "valid_until": now + dt.timedelta(days=1),
        "addressees": [scene.addressee.code],
        "entity_ref": "",
        "details": {
            "place": "Fnideq beach",
            "estimated_people": 300,
            "boats": 4,
            "direction": "North, towards Ceuta",
        },
    } | values


def submitted(scene: Scene, author: User | None = None, **values: Any) -> AlertDraft:
    author = author or scene.author
    draft = actions.save_draft(author, surge_data(scene, **values))
    return actions.submit(author, draft)


def released(scene: Scene, **values: Any) -> Alert:
    return actions.release(scene.supervisor, submitted(scene, **values))


def client(verified_client: Callable[..., Client], user: User, language: str = "en") -> Client:
    made = verified_client(user)
    made.cookies["django_language"] = language
    made.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    return made


def main(response: Any) -> str:
    """The page's main content (not its title nor menu)."""
    html = response.content.decode()
    return html[html.index('<main id="main">') :]


# The draft, from the form to the review.


def test_an_officer_drafts_from_the_form_with_the_types_own_fields_only(
    scene: Scene, verified_client: Callable[..., Client]
) -> None:
    author = client(verified_client, scene.author)
    page = author.get(reverse("alerts:new"))
    assert page.status_code == 200
    # The type's own fields say which types show them (alerts/draft.js reads the same).
    assert 'data-types="migration_surge"' in page.content.decode()

    response = author.post(reverse("alerts:new"), surge_form(scene))
    draft = AlertDraft.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("alerts:draft", kwargs={"uid": draft.uid})
    assert draft.author == scene.author
    assert draft.status == codes.DraftStatus.DRAFT
    assert draft.area_codes == ["tanger-fnideq"]
    assert draft.addressees == [scene.addressee.code]
    assert draft.details["estimated_people"] == 300
    assert "warrant_ref" not in draft.details  # another type's field, never sent
    assert not Alert.objects.exists()  # nothing leaves before release

    edit = author.get(reverse("alerts:draft", kwargs={"uid": draft.uid}))
    assert 'value="Fnideq beach"' in edit.content.decode()
    assert author.post(reverse("alerts:submit", kwargs={"uid": draft.uid})).status_code == 302
    draft.refresh_from_db()
    assert draft.status == codes.DraftStatus.SUBMITTED
    assert not Alert.objects.exists()


def test_a_surge_with_negative_numbers_is_a_clear_error_and_nothing_is_written(
    scene: Scene, verified_client: Callable[..., Client]
) -> None:
    author = client(verified_client, scene.author)
    response = author.post(reverse("alerts:new"), surge_form(scene, estimated_people="-3"))
    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()
    assert not AlertDraft.objects.exists()


def test_coordinates_outside_the_map_are_refused_on_their_field(
    scene: Scene, verified_client: Callable[..., Client]
) -> None:
    author = client(verified_client, scene.author)
    draft = actions.save_draft(scene.author, surge_data(scene))
    url = reverse("alerts:draft", kwargs={"uid": draft.uid})
    response = author.post(url, surge_form(scene, lat="48.85", lon="2.35"))  # Paris
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#id_lat"' in html  # the problem named on the latitude field
    draft.refresh_from_db()
    assert "lat" not in draft.details


def test_the_review_releases_and_the_alert_reaches_the_addressee(
    scene: Scene, verified_client: Callable[..., Client]
) -> None:
    draft = submitted(scene)
    reviewer = client(verified_client, scene.supervisor)
    queue = reviewer.get(reverse("alerts:review_queue"))
    assert reverse("alerts:review", kwargs={"uid": draft.uid}) in queue.content.decode()
    page = reviewer.get(reverse("alerts:review", kwargs={"uid": draft.uid}))
    assert 'value="release"' in page.content.decode()

    response = reviewer.post(
        reverse("alerts:review", kwargs={"uid": draft.uid}), {"decision": "release"}
    )
    alert = Alert.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("alerts:detail", kwargs={"uid": alert.uid})
    board = client(verified_client, scene.recipient).get(reverse("alerts:board"))
    assert reverse("alerts:detail", kwargs={"uid": alert.uid}) in board.content.decode()


def test_the_author_is_never_offered_the_release_and_a_posted_release_is_refused(
    scene: Scene, verified_client: Callable[..., Client]
) -> None:
    draft = submitted(scene, author=scene.author_supervisor)
    author = client(verified_client, scene.author_supervisor)
    url = reverse("alerts:review", kwargs={"uid": draft.uid})
    page = author.get(url)
    assert page.status_code == 200
    assert 'value="release"' not in page.content.decode()

    response = author.post(url, {"decision": "release"})
    assert response.status_code in (400, 403)
    assert not Alert.objects.exists()
    draft.refresh_from_db()
    assert draft.status == codes.DraftStatus.SUBMITTED


def test_returning_needs_a_note_and_the_author_reads_it(
    scene: Scene, verified_client: Callable[..., Client]
) -> None:
    draft = submitted(scene)
    reviewer = client(verified_client, scene.supervisor)
    url = reverse("alerts:review", kwargs={"uid": draft.uid})
    assert reviewer.post(url, {"decision": "return", "note": " "}).status_code == 400
    draft.refresh_from_db()
    assert draft.status == codes.DraftStatus.SUBMITTED

    note = "Name the segment's boats <b>precisely</b>"
    assert reviewer.post(url, {"decision": "return", "note": note}).status_code == 302
    draft.refresh_from_db()
    assert draft.status == codes.DraftStatus.RETURNED
    page = client(verified_client, scene.author).get(
        reverse("alerts:draft", kwargs={"uid": draft.uid})
    )
    html = page.content.decode()
    assert "Name the segment&#x27;s boats &lt;b&gt;precisely&lt;/b&gt;" in html  # never HTML
    assert not Alert.objects.exists()


def test_another_agencys_draft_answers_404(
    scene: Scene, verified_client: Callable[..., Client]
) -> None:
    draft = submitted(scene)
    stranger = client(verified_client, scene.outsider_supervisor)
    for name in ("draft", "review"):
        url = reverse(f"alerts:{name}", kwargs={"uid": draft.uid})
        assert stranger.get(url).status_code == 404
        assert stranger.post(url, {"decision": "release"}).status_code == 404
    assert stranger.post(reverse("alerts:submit", kwargs={"uid": draft.uid})).status_code == 404
    assert not Alert.objects.exists()


# The board and the alert page.


def test_the_board_shows_the_active_alerts_newest_first_and_the_count(
    scene: Scene, verified_client: Callable[..., Client]
) -> None:
    first = released(scene, title="First surge")
    second = released(scene, title="Second surge")
    reader = client(verified_client, scene.recipient)
    html = main(reader.get(reverse("alerts:board")))
    assert html.index("Second surge") < html.index("First surge")
    assert "2 alerts addressed to your agency are not acknowledged yet." in html

    actions.acknowledge(scene.recipient, first, codes.AckKind.RECEIVED)
    html = main(reader.get(reverse("alerts:board")))
    assert "1 alert addressed to your agency is not acknowledged yet." in html

    filtered = main(reader.get(reverse("alerts:board"), {"type": "dangerous"}))
    assert "Second surge" not in filtered
    assert second.title in main(reader.get(reverse("alerts:board"), {"type": "migration_surge"}))


def test_the_alert_page_shows_the_required_action_first(
    scene: Scene, verified_client: Callable[..., Client]
) -> None:
    alert = released(scene)
    html = main(client(verified_client, scene.recipient).get(alert_url(alert)))
    action = str(codes.REQUIRED_ACTION[codes.AlertType.MIGRATION_SURGE])
    assert html.index(action) < html.index(alert.title)
    assert "Fnideq beach" in html  # the type's details


def test_a_dangerous_persons_officer_safety_comes_first_on_its_own_line(
    scene: Scene, verified_client: Callable[..., Client]
) -> None:
    person = PersonFactory(agency=scene.issuer, names=[("Karim Benali", "Latn")])
    alert = released(
        scene,
        type="dangerous",
        title="Karim Benali, armed",
        officer_safety="Carries a knife; has attacked officers.",
        entity_ref=str(person.uid),
        area_kind="territory",
        area_codes=[],
        details={},
    )
    html = main(client(verified_client, scene.recipient).get(alert_url(alert)))
    safety = html.index("Carries a knife; has attacked officers.")
    action = html.index(str(codes.REQUIRED_ACTION[codes.AlertType.DANGEROUS]))
    assert safety < action < html.index("Karim Benali, armed")
    line = re.search(r'<p class="officer-safety"[^>]*>(.*?)</p>', html, re.S)
    assert line is not None
    assert "Carries a knife" in line.group(1)
    assert "Do not approach" not in line.group(1)  # its own line, not the action's


def alert_url(alert: Alert, name: str = "detail") -> str:
    return reverse(f"alerts:{name}", kwargs={"uid": alert.uid})


def test_the_addressee_acknowledges_and_the_issuer_sees_who_and_when(
    scene: Scene, verified_client: Callable[..., Client]
) -> None:
    alert = released(scene)
    reader = client(verified_client, scene.recipient)
    assert (
        'action="' + alert_url(alert, "acknowledge")
        in reader.get(alert_url(alert)).content.decode()
    )
    response = reader.post(alert_url(alert, "acknowledge"), {"kind": "received"})
    assert response.status_code == 302
    ack = Acknowledgement.objects.get()
    assert (ack.agency, ack.kind, ack.username) == (
        scene.addressee.code,
        "received",
        scene.recipient.username,
    )
    html = main(client(verified_client, scene.supervisor).get(alert_url(alert)))
    section = html[html.index('id="acknowledgements"') : html.index('id="hits"')]
    assert scene.addressee.code in section
    assert ack.name in section
    assert "<time" in section


def test_cannot_act_needs_a_reason_and_writes_nothing_without_one(
    scene: Scene, verified_client: Callable[..., Client]
) -> None:
    alert = released(scene)
    reader = client(verified_client, scene.recipient)
    response = reader.post(alert_url(alert, "acknowledge"), {"kind": "cannot_act", "reason": ""})
    assert response.status_code == 400
    assert 'href="#id_reason"' in response.content.decode()
    assert not Acknowledgement.objects.exists()
    reason = "Outside our waters"
    response = reader.post(
        alert_url(alert, "acknowledge"), {"kind": "cannot_act", "reason": reason}
    )
    assert response.status_code == 302
    assert Acknowledgement.objects.get().reason == reason


def test_an_acknowledgement_of_a_withdrawn_alert_is_refused_clearly(
    scene: Scene, verified_client: Callable[..., Client]
) -> None:
    alert = released(scene)
    issuer = client(verified_client, scene.supervisor)
    assert issuer.post(alert_url(alert, "withdraw"), {"reason": "Surge over"}).status_code == 302
    alert.refresh_from_db()
    assert alert.status == codes.Status.WITHDRAWN
    reader = client(verified_client, scene.recipient)
    page = main(reader.get(alert_url(alert)))
    assert "Surge over" in page
    history = page[page.index('id="history"') :]
    assert history.index("Released") < history.index("Withdrawn")
    assert "sharing." not in history  # the sharing's bookkeeping is not the alert's history
    assert 'action="' + alert_url(alert, "acknowledge") not in page  # not offered
    response = reader.post(alert_url(alert, "acknowledge"), {"kind": "received"})
    assert response.status_code == 400
    assert "withdrawn" in response.content.decode()
    assert not Acknowledgement.objects.exists()


def test_only_the_issuing_agencys_supervisors_get_the_update_extend_withdraw_forms(
    scene: Scene, verified_client: Callable[..., Client]
) -> None:
    alert = released(scene)
    forms = [alert_url(alert, name) for name in ("update", "extend", "withdraw")]
    issuer = client(verified_client, scene.supervisor).get(alert_url(alert)).content.decode()
    assert all(f'action="{url}"' in issuer for url in forms)
    for user in (scene.author, scene.recipient, scene.recipient_analyst):
        html = client(verified_client, user).get(alert_url(alert)).content.decode()
        assert not any(f'action="{url}"' in html for url in forms), user.role

    later = timezone.now() + dt.timedelta(days=3)
    response = client(verified_client, scene.supervisor).post(
        alert_url(alert, "extend"), {"valid_until": _local(later)}
    )
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.valid_until > timezone.now() + dt.timedelta(days=2)
    assert alert.version >= 1

    earlier = client(verified_client, scene.supervisor).post(
        alert_url(alert, "extend"), {"valid_until": _local(timezone.now())}
    )
    assert earlier.status_code == 400


def test_another_agencys_alert_answers_404_everywhere(
    scene: Scene, verified_client: Callable[..., Client]
) -> None:
    alert = released(scene)
    stranger = client(verified_client, scene.outsider_supervisor)
    for name in ("detail", "acknowledge", "measure", "update", "extend", "withdraw"):
        url = alert_url(alert, name)
        # 405: a method the page never serves (GET of a form's action, POST of the page).
        assert stranger.get(url).status_code in (404, 405), name
        posted = stranger.post(url, {"kind": "received", "reason": "x"})
        assert posted.status_code in ((404, 405) if name == "detail" else (404,)), name
    assert alert.title not in main(stranger.get(reverse("alerts:board")))
    assert not Acknowledgement.objects.exists()


@pytest.mark.parametrize("language", ["ar", "es", "fr", "en"])
def test_the_pages_render_in_every_language_with_its_direction(
    scene: Scene, verified_client: Callable[..., Client], language: str
) -> None:
    # An Arabic title keeps its own direction; one long unbroken word in the grounds.
    alert = released(scene, title="موجة هجرة نحو سبتة", grounds="x" * 3000)
    draft = submitted(scene, title="Segundo")
    pages = [
        (scene.recipient, reverse("alerts:board")),
        (scene.recipient, alert_url(alert)),
        (scene.author, reverse("alerts:new")),
        (scene.author, reverse("alerts:drafts")),
        (scene.author, reverse("alerts:draft", kwargs={"uid": draft.uid})),
        (scene.supervisor, reverse("alerts:review_queue")),
        (scene.supervisor, reverse("alerts:review", kwargs={"uid": draft.uid})),
    ]
    direction = "rtl" if language == "ar" else "ltr"
    for user, url in pages:
        response = client(verified_client, user, language).get(url)
        assert response.status_code == 200, url
        assert f'<html lang="{language}" dir="{direction}">' in response.content.decode(), url


def test_what_this_node_found_shows_to_the_agency_it_was_found_for(
    scene: Scene, verified_client: Callable[..., Client]
) -> None:
    alert = released(scene)
    # A finding of the matcher (alerts/matching.py) for the addressee: written as it writes it.
    AlertHit.objects.create(
        alert=alert, agency=scene.addressee, source="check", ref="c-1", label="Boat ZX-12", score=1
    )
    found = main(client(verified_client, scene.recipient).get(alert_url(alert)))
    assert "Boat ZX-12" in found[found.index('id="hits"') :]
    issuer = main(client(verified_client, scene.supervisor).get(alert_url(alert)))
    assert "Boat ZX-12" not in issuer  # the addressee's own finding


def test_the_menu_offers_alerts_to_those_who_read_them(
    scene: Scene, verified_client: Callable[..., Client]
) -> None:
    board = f'href="{reverse("alerts:board")}"'
    assert (
        board in client(verified_client, scene.recipient).get(reverse("web:home")).content.decode()
    )
    admin = verified_client(role=Role.NODE_ADMIN, agency=scene.issuer)
    assert board not in admin.get(reverse("web:home")).content.decode()
    assert admin.get(reverse("alerts:board")).status_code == 403


def test_the_form_offers_the_agencys_own_records_and_a_person_alert_carries_one(
    scene: Scene, verified_client: Callable[..., Client]
) -> None:
    ours = PersonFactory(agency=scene.issuer, names=[("Karim Benali", "Latn")])
    theirs = PersonFactory(agency=scene.addressee, names=[("Pedro Ruiz", "Latn")])
    author = client(verified_client, scene.author)
    html = author.get(reverse("alerts:new")).content.decode()
    assert f'<option value="{ours.uid}">' in html
    assert "Karim Benali" in html
    assert str(theirs.uid) not in html
    assert "Pedro Ruiz" not in html

    form = surge_form(
        scene,
        type="wanted",
        title="Karim Benali",
        area_kind="territory",
        area_codes="",
        warrant_ref="TGR-2026-0042",
        entity_ref=str(ours.uid),
    )
    assert author.post(reverse("alerts:new"), form).status_code == 302
    draft = AlertDraft.objects.get()
    assert (draft.entity_ref, draft.details) == (str(ours.uid), {"warrant_ref": "TGR-2026-0042"})
    # Another agency's record is not one the alert can be about.
    refused = author.post(reverse("alerts:new"), form | {"entity_ref": str(theirs.uid)})
    assert refused.status_code == 400
    assert 'href="#id_entity_ref"' in refused.content.decode()
    assert AlertDraft.objects.count() == 1


def test_the_issuer_updates_a_surges_numbers_and_every_reader_sees_the_new_version(
    scene: Scene, verified_client: Callable[..., Client]
) -> None:
    alert = released(scene)
    issuer = client(verified_client, scene.supervisor)
    page = issuer.get(alert_url(alert)).content.decode()
    assert 'name="estimated_people"' in page  # the type's own fields
    assert 'name="warrant_ref"' not in page  # not another type's
    assert 'name="officer_safety"' not in page  # a dangerous person's only

    form = {
        "title": alert.title,
        "grounds": alert.grounds,
        "handling": "H1",
        "area_kind": "coast",
        "area_codes": "tanger-fnideq, ceuta-perimeter",
        "place": "Fnideq beach",
        "estimated_people": "-1",
        "boats": "6",
        "direction": "North",
    }
    refused = issuer.post(alert_url(alert, "update"), form)
    assert refused.status_code == 400
    assert 'href="#id_estimated_people"' in refused.content.decode()
    alert.refresh_from_db()
    assert (alert.version, alert.details["estimated_people"]) == (1, 300)

    assert (
        issuer.post(alert_url(alert, "update"), form | {"estimated_people": "650"}).status_code
        == 302
    )
    alert.refresh_from_db()
    assert alert.version == 2
    assert (alert.details["estimated_people"], alert.details["boats"]) == (650, 6)
    assert alert.area_codes == ["tanger-fnideq", "ceuta-perimeter"]
    html = main(client(verified_client, scene.recipient).get(alert_url(alert)))
    assert "650" in html
    assert "Updated" in html[html.index('id="history"') :]


def test_the_author_takes_a_submitted_draft_back_to_edit_it(
    scene: Scene, verified_client: Callable[..., Client]
) -> None:
    draft = submitted(scene)
    author = client(verified_client, scene.author)
    page = author.get(reverse("alerts:draft", kwargs={"uid": draft.uid})).content.decode()
    assert reverse("alerts:take_back", kwargs={"uid": draft.uid}) in page
    assert 'name="title"' not in page  # not editable while it waits for review
    # Nobody else takes it back, not even the reviewer.
    reviewer = client(verified_client, scene.supervisor)
    reviewer.post(reverse("alerts:take_back", kwargs={"uid": draft.uid}))
    draft.refresh_from_db()
    assert draft.status == codes.DraftStatus.SUBMITTED

    assert author.post(reverse("alerts:take_back", kwargs={"uid": draft.uid})).status_code == 302
    draft.refresh_from_db()
    assert draft.status == codes.DraftStatus.DRAFT
    assert (
        'name="title"'
        in author.get(reverse("alerts:draft", kwargs={"uid": draft.uid})).content.decode()
    )
    queue = reviewer.get(reverse("alerts:review_queue")).content.decode()
    assert reverse("alerts:review", kwargs={"uid": draft.uid}) not in queue


def test_the_reviewer_reads_whom_the_draft_is_about(
    scene: Scene, verified_client: Callable[..., Client]
) -> None:
    person = PersonFactory(agency=scene.issuer, names=[("يوسف الإدريسي", "Arab")])
    draft = submitted(
        scene,
        type="wanted",
        title="Wanted: Y. Idrissi",
        entity_ref=str(person.uid),
        area_kind="territory",
        area_codes=[],
        details={"warrant_ref": "TGR-2026-0042"},
    )
    page = client(verified_client, scene.supervisor).get(
        reverse("alerts:review", kwargs={"uid": draft.uid})
    )
    html = main(page)
    assert "يوسف الإدريسي" in html
    assert "TGR-2026-0042" in html


def test_the_board_filters_by_area_and_by_place(
    scene: Scene, verified_client: Callable[..., Client]
) -> None:
    released(scene, title="Fnideq surge")
    released(scene, title="Ceuta surge", area_codes=["ceuta-perimeter"])
    reader = client(verified_client, scene.recipient)
    board = reverse("alerts:board")
    by_place = main(reader.get(board, {"place": "ceuta-perimeter"}))
    assert "Ceuta surge" in by_place
    assert "Fnideq surge" not in by_place
    by_area = main(reader.get(board, {"area": "coast"}))
    assert "Ceuta surge" in by_area
    assert "Fnideq surge" in by_area
    assert "surge" not in main(reader.get(board, {"area": "ports"})).split("</form>", 1)[1]


def test_each_side_records_its_measures_on_a_surge_for_the_rapid_reaction_log(
    scene: Scene, verified_client: Callable[..., Client]
) -> None:
    alert = released(scene)
    reader = client(verified_client, scene.recipient)
    assert (
        f'action="{alert_url(alert, "measure")}"' in reader.get(alert_url(alert)).content.decode()
    )
    assert reader.post(alert_url(alert, "measure"), {"text": " "}).status_code == 400
    text = "Two patrol boats sent to Benzú <script>"
    assert reader.post(alert_url(alert, "measure"), {"text": text}).status_code == 302
    html = main(client(verified_client, scene.supervisor).get(alert_url(alert)))
    history = html[html.index('id="history"') :]
    assert reverse("situation:surge", kwargs={"uid": alert.uid}) in history  # the log's page
    assert "Measure recorded" in history
    assert "Two patrol boats sent to Benzú &lt;script&gt;" in history  # never HTML


def test_no_measure_form_on_an_alert_that_is_not_a_surge(
    scene: Scene, verified_client: Callable[..., Client]
) -> None:
    alert = released(
        scene,
        type="suspicious_vessel",
        title="Go-fast off Ceuta",
        details={"description": "Grey semi-rigid, three engines"},
    )
    html = client(verified_client, scene.recipient).get(alert_url(alert)).content.decode()
    assert alert_url(alert, "measure") not in html
    assert "Grey semi-rigid, three engines" in html


def test_submitting_an_incomplete_draft_names_what_it_lacks_and_sends_nothing(
    scene: Scene, verified_client: Callable[..., Client]
) -> None:
    data = surge_data(scene)
    data["details"] = {"place": "Fnideq beach", "boats": 4}  # no numbers, no direction
    draft = actions.save_draft(
        scene.author, data | {"addressees": [scene.addressee.code, scene.outsider.code]}
    )
    # Their channel closed since the draft was saved: that addressee cannot be reached.
    Channel.objects.filter(code="dgsn-pn").update(active=False)
    author = client(verified_client, scene.author)
    response = author.post(reverse("alerts:submit", kwargs={"uid": draft.uid}))
    assert response.status_code == 400
    html = response.content.decode()
    for field in ("estimated_people", "direction", "addressees"):
        assert f'href="#id_{field}"' in html, field
    assert "PN shares no channel with DGSN" in html
    assert 'value="Fnideq beach"' in html  # the draft as saved, in its form
    draft.refresh_from_db()
    assert draft.status == codes.DraftStatus.DRAFT
    assert not Alert.objects.exists()


def test_my_drafts_lists_what_i_released_with_a_link_to_each_alert(
    scene: Scene, verified_client: Callable[..., Client]
) -> None:
    alert = released(scene, title="Released surge")
    waiting = submitted(scene, title="Waiting surge")
    html = main(client(verified_client, scene.author).get(reverse("alerts:drafts")))
    assert reverse("alerts:draft", kwargs={"uid": waiting.uid}) in html
    assert reverse("alerts:detail", kwargs={"uid": alert.uid}) in html
    others = main(client(verified_client, scene.recipient).get(reverse("alerts:drafts")))
    assert "Released surge" not in others
    assert "Waiting surge" not in others


def test_opening_an_alert_is_an_audited_consultation_and_its_refresh_is_not(
    scene: Scene, verified_client: Callable[..., Client]
) -> None:
    alert = released(scene)
    reader = client(verified_client, scene.recipient)
    consulted = AuditEntry.objects.filter(action=AuditAction.ALERT_CONSULTED)
    assert reader.get(alert_url(alert)).status_code == 200
    entry = consulted.get()
    assert entry.target == f"alert:{alert.uid}"
    assert entry.actor == scene.recipient.username
    assert reader.get(alert_url(alert), headers={"HX-Request": "true"}).status_code == 200
    assert consulted.count() == 1


def test_home_offers_a_new_alert_to_those_who_draft(
    scene: Scene, verified_client: Callable[..., Client]
) -> None:
    home = client(verified_client, scene.recipient).get(reverse("web:home")).content.decode()
    assert f'href="{reverse("alerts:new")}"' in home
    assert "not available on this node yet" not in home
