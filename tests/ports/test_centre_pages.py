"""The centre's pages: list, centre page with the duty log and its quick entry (HTMX and plain),
the roster, postings, the rule, incidents and counters; bad input answers with a clear error and
writes nothing; another agency's user finds no centre (404)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from strait.accounts.models import User
from strait.ports import actions
from strait.ports.models import Centre, CountReport, Incident, LogEntry, Posting, Shift
from tests.factories import PersonFactory
from tests.factories.ports import CentreWorld, build

pytestmark = pytest.mark.django_db


@pytest.fixture
def cw(make_user: Callable[..., User]) -> CentreWorld:
    return build(make_user)


@pytest.fixture
def client_of(verified_client: Callable[..., Client]) -> Callable[[User], Client]:
    return lambda user: verified_client(user)


def _url(name: str, cw: CentreWorld, **kwargs: object) -> str:
    return reverse(f"ports:{name}", kwargs={"uid": cw.centre.obj.uid, **kwargs})


def test_the_list_shows_the_users_centres_only(cw: CentreWorld, client_of) -> None:
    page = client_of(cw.es_officer).get(reverse("ports:centres"))
    assert page.status_code == 200
    assert "Tanger Med" in page.content.decode()
    other = client_of(cw.outsider_officer).get(reverse("ports:centres"))
    assert "Tanger Med" not in other.content.decode()


@pytest.mark.parametrize(
    "name", ["centre", "log", "roster", "counters", "incident_new", "post_agent"]
)
def test_another_agencys_user_finds_no_centre(cw: CentreWorld, client_of, name: str) -> None:
    assert client_of(cw.outsider_officer).get(_url(name, cw)).status_code == 404


def test_the_centre_page_shows_who_is_on_duty_and_the_log_newest_first(
    cw: CentreWorld, client_of
) -> None:
    now = timezone.now()
    actions.log_entry(
        cw.es_officer, cw.centre, kind="information", text="first", at=now - dt.timedelta(minutes=5)
    )
    actions.log_entry(cw.ma_officer, cw.centre, kind="handover", text="second", at=now)
    html = client_of(cw.coordinator).get(_url("centre", cw)).content.decode()
    assert html.index("second") < html.index("first")
    assert cw.es_officer.full_name in html
    assert 'hx-post="' in html  # the coordinator is on duty: the quick entry is offered


def test_the_quick_entry_is_not_offered_off_the_roster(cw: CentreWorld, client_of) -> None:
    html = client_of(cw.es_idle).get(_url("centre", cw)).content.decode()
    assert 'hx-post="' not in html
    assert "You are not on duty now" in html


def test_a_quick_entry_through_htmx_answers_the_refreshed_log(cw: CentreWorld, client_of) -> None:
    client = client_of(cw.es_officer)
    page = client.post(
        _url("log", cw),
        {"kind": "check_request", "text": "Plate 9876-XYZ?"},
        HTTP_HX_REQUEST="true",
    )
    assert page.status_code == 200
    assert 'id="duty-log"' in page.content.decode()
    assert "Plate 9876-XYZ?" in page.content.decode()
    assert LogEntry.objects.get().by_user == cw.es_officer.username


def test_an_entry_off_the_roster_is_refused_on_the_form(cw: CentreWorld, client_of) -> None:
    page = client_of(cw.es_idle).post(_url("log", cw), {"kind": "information", "text": "x"})
    assert page.status_code == 403
    assert "not on the roster" in page.content.decode()
    assert not LogEntry.objects.exists()


def test_long_unbroken_text_and_markup_are_shown_as_text(cw: CentreWorld, client_of) -> None:
    text = "<script>alert(1)</script>" + "x" * 500
    actions.log_entry(cw.es_officer, cw.centre, kind="information", text=text)
    html = client_of(cw.coordinator).get(_url("centre", cw)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_an_incident_is_recorded_from_its_page_and_appears_in_the_log(
    cw: CentreWorld, client_of
) -> None:
    person = PersonFactory(agency=cw.es, names=[("Youssef Amrani", "Latn")])
    client = client_of(cw.es_officer)
    at = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    page = client.post(
        _url("incident_new", cw),
        {
            "kind": "wanted_person",
            "at": at,
            "vessel": "Ciudad de Tanger",
            "rotation": "R7",
            "summary": "Alert hit at boarding",
            "records": f"person {person.uid}",
            "action_taken": "Held for the judge",
        },
    )
    assert page.status_code == 302, page.content.decode()[:2000]
    incident = Incident.objects.get()
    html = client_of(cw.coordinator).get(_url("centre", cw)).content.decode()
    assert "Alert hit at boarding" in html
    detail = client_of(cw.coordinator).get(_url("incident", cw, incident=incident.uid))
    assert "Youssef Amrani" in detail.content.decode()
    # Only the recording agency updates it.
    assert "Update the incident" not in detail.content.decode()
    refused = client_of(cw.coordinator).post(
        _url("incident", cw, incident=incident.uid), {"action_taken": "x"}
    )
    assert refused.status_code == 403


def test_a_broken_incident_form_is_refused_with_nothing_written(cw: CentreWorld, client_of) -> None:
    page = client_of(cw.es_officer).post(
        _url("incident_new", cw),
        {"kind": "wanted_person", "at": "not a time", "summary": "", "records": "cat 12"},
    )
    assert page.status_code == 400
    assert not Incident.objects.exists()


def test_the_roster_adds_a_shift_and_posts_an_agent(cw: CentreWorld, client_of) -> None:
    client = client_of(cw.es_officer)
    page = client.get(_url("roster", cw))
    assert page.status_code == 200
    start = timezone.localtime() + dt.timedelta(hours=8)
    posted = client.post(
        _url("post_agent", cw),
        {
            "agency": cw.es.code,
            "username": "new.agent",
            "name": "New Agent",
            "role": "agent",
            "starts": timezone.localdate().isoformat(),
        },
    )
    assert posted.status_code == 302
    agent = Posting.objects.get(username="new.agent")
    added = client.post(
        _url("roster", cw),
        {
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + dt.timedelta(hours=8)).strftime("%Y-%m-%dT%H:%M"),
            "postings": [str(agent.uid)],
            "handover": "Quiet night",
        },
    )
    assert added.status_code == 302
    assert Shift.objects.filter(handover="Quiet night").exists()


def test_a_guest_cannot_post_the_hosts_agents(cw: CentreWorld, client_of) -> None:
    page = client_of(cw.es_officer).post(
        _url("post_agent", cw),
        {
            "agency": cw.ma.code,
            "username": "x",
            "name": "X",
            "role": "agent",
            "starts": timezone.localdate().isoformat(),
        },
    )
    assert page.status_code == 400
    assert not Posting.objects.filter(username="x").exists()


def test_the_rule_is_set_by_the_host_and_bounded(cw: CentreWorld, client_of) -> None:
    client = client_of(cw.coordinator)
    client.post(_url("rule", cw), {"retention_hours": "721"})
    assert Centre.objects.get(pk=cw.centre.pk).manifest_retention_hours == 48
    client.post(_url("rule", cw), {"retention_hours": "24"})
    assert Centre.objects.get(pk=cw.centre.pk).manifest_retention_hours == 24


def test_the_counters_count_incidents_referrals_and_each_sides_checks(
    cw: CentreWorld, client_of
) -> None:
    actions.record_incident(cw.es_officer, cw.centre, kind="other", at=timezone.now(), summary="x")
    actions.report_counts(
        cw.es_officer, cw.centre, day=timezone.localdate(), asked=40, answered=38, hits=2
    )
    assert CountReport.objects.count() == 1
    page = client_of(cw.coordinator).get(_url("counters", cw))
    html = page.content.decode()
    assert page.status_code == 200
    assert ">40<" in html
    assert ">38<" in html


def test_a_referral_is_shown_to_each_reader_as_they_see_it(
    cw: CentreWorld, client_of, make_user: Callable[..., User]
) -> None:
    from strait.permissions import Role
    from tests.factories.operations import add_members, make_operation

    lead = make_user(agency=cw.es, role=Role.ANALYST)
    op = make_operation(lead, code_name="ESTRECHO")
    add_members(lead, op, cw.es_officer)
    actions.record_incident(
        cw.es_officer,
        cw.centre,
        kind="smuggling",
        summary="Referred to the joint operation",
        referral_kind="operation",
        referral_ref=str(op.obj.uid),
    )
    incident = Incident.objects.get()
    mine = client_of(cw.es_officer).get(_url("incident", cw, incident=incident.uid))
    assert "ESTRECHO" in mine.content.decode()
    theirs = client_of(cw.coordinator).get(_url("incident", cw, incident=incident.uid))
    assert "ESTRECHO" not in theirs.content.decode()
    assert "not visible to you" in theirs.content.decode()
    counters = client_of(cw.coordinator).get(_url("counters", cw)).content.decode()
    assert "Referrals</dt><dd>1<" in counters


def test_a_task_reports_counts_as_the_agencys_posted_coordinator(cw: CentreWorld) -> None:
    from strait.ports import queries

    assert queries.reporting_user(cw.centre, cw.ma) == cw.coordinator
    found = queries.reporting_user(cw.centre, cw.es)
    assert found is not None
    assert found.agency == cw.es
