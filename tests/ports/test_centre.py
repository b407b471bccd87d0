"""The centre's ops through its actions, on one node (the home): postings, the roster, the duty
log (refused off the roster), incidents with snapshots of the agency's own records and a
referral checked per user, the centre's rule and the day's counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.utils import timezone

from strait import timefmt
from strait.accounts.models import User
from strait.audit.events import AuditAction
from strait.audit.models import AuditEntry
from strait.ports import actions, ops
from strait.ports.models import Centre, CountReport, Incident, LogEntry, Posting
from strait.refusals import Refused
from strait.sharing import actions as sharing
from tests.factories import PersonFactory, VehicleFactory
from tests.factories.ports import CentreWorld, build


@pytest.fixture
def cw(make_user: Callable[..., User]) -> CentreWorld:
    return build(make_user)


def test_a_centre_is_hosted_by_the_creators_agency_with_its_guests(cw: CentreWorld) -> None:
    centre = Centre.objects.get(pk=cw.centre.pk)
    assert (centre.code, centre.port, centre.country) == ("tanger-med", "MAPTM", "MA")
    assert centre.host_agency == cw.ma.code
    assert centre.manifest_retention_hours == 48
    assert centre.obj.home_agency == cw.ma
    assert Posting.objects.filter(centre=centre).count() == 4


def test_an_agent_on_duty_writes_in_the_log(cw: CentreWorld) -> None:
    actions.log_entry(cw.es_officer, cw.centre, kind="information", text="Plate 1234-ABC checked")
    entry = LogEntry.objects.get(centre=cw.centre)
    assert (entry.agency, entry.by_user, entry.kind) == (
        cw.es.code,
        cw.es_officer.username,
        "information",
    )


@pytest.mark.parametrize("who", ["ma_idle", "es_idle", "outsider_officer"])
def test_a_log_entry_by_someone_not_on_the_roster_is_refused(cw: CentreWorld, who: str) -> None:
    with pytest.raises(Refused) as refused:
        actions.log_entry(getattr(cw, who), cw.centre, kind="information", text="x")
    assert refused.value.code in {"not_on_roster", "not_participant"}
    if who != "outsider_officer":
        assert refused.value.code == "not_on_roster"
    assert not LogEntry.objects.exists()


def test_a_log_entry_outside_the_shift_is_refused(cw: CentreWorld) -> None:
    before = cw.shift_start - dt.timedelta(minutes=1)
    with pytest.raises(Refused) as refused:
        actions.log_entry(cw.es_officer, cw.centre, kind="handover", text="x", at=before)
    assert refused.value.code == "not_on_roster"
    actions.log_entry(cw.es_officer, cw.centre, kind="handover", text="x", at=cw.shift_start)
    assert LogEntry.objects.count() == 1


def test_an_ended_posting_is_off_the_roster(cw: CentreWorld) -> None:
    actions.end_posting(cw.es_officer, cw.centre, cw.posting(cw.es_officer).uid)
    with pytest.raises(Refused) as refused:
        actions.log_entry(cw.es_officer, cw.centre, kind="information", text="x")
    assert refused.value.code == "not_on_roster"


def test_a_log_entry_in_the_future_or_too_long_is_refused(cw: CentreWorld) -> None:
    later = timezone.now() + dt.timedelta(hours=1)
    with pytest.raises(Refused) as refused:
        actions.log_entry(cw.es_officer, cw.centre, kind="information", text="x", at=later)
    assert refused.value.code == "in_future"
    with pytest.raises(Refused) as refused:
        actions.log_entry(cw.es_officer, cw.centre, kind="information", text="x" * 2001)
    assert refused.value.code == "invalid"
    assert not LogEntry.objects.exists()


def test_a_log_entry_names_the_proposers_own_agency(cw: CentreWorld) -> None:
    body = {
        "uid": "6f1c3a52-7d3c-4c1e-9d0a-3c1e2f4a5b6c",
        "at": timezone.now().isoformat(),
        "kind": "information",
        "text": "x",
        "agency": cw.ma.code,
    }
    with pytest.raises(Refused):
        sharing.propose(cw.es_officer, cw.centre.obj, ops.LOG_ENTRY, body)
    assert not LogEntry.objects.exists()


def test_a_guest_posts_its_own_agents_only(cw: CentreWorld) -> None:
    with pytest.raises(Refused) as refused:
        actions.post_agent(
            cw.es_officer,
            cw.centre,
            agency=cw.ma.code,
            username="someone",
            name="Someone",
            role="agent",
            starts=timezone.localdate(),
        )
    assert refused.value.code == "not_your_agency"
    # The host posts anyone of an agency taking part, never of one that does not.
    with pytest.raises(Refused) as refused:
        actions.post_agent(
            cw.coordinator,
            cw.centre,
            agency=cw.outsider.code,
            username="someone",
            name="Someone",
            role="agent",
            starts=timezone.localdate(),
        )
    assert refused.value.code == "agency_not_in_centre"


def test_a_shift_takes_only_agents_posted_that_day(cw: CentreWorld) -> None:
    actions.end_posting(cw.es_officer, cw.centre, cw.posting(cw.es_idle).uid)
    start = timezone.now()
    with pytest.raises(Refused) as refused:
        actions.add_shift(
            cw.es_officer,
            cw.centre,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=8),
            postings=[cw.posting(cw.es_idle).uid],
        )
    assert refused.value.code == "unknown_posting"
    with pytest.raises(Refused) as refused:
        actions.add_shift(
            cw.es_officer,
            cw.centre,
            starts_at=start,
            ends_at=start - dt.timedelta(hours=1),
            postings=[cw.posting(cw.es_officer).uid],
        )
    assert refused.value.code == "invalid"


def test_a_shifts_day_is_the_ports_day_not_utcs(cw: CentreWorld) -> None:
    """Tanger Med is on Casablanca time (UTC+1 in December): a shift starting at 00:30 there is
    that day's, though it is still the day before in UTC."""
    day = timezone.localdate() + dt.timedelta(days=10)
    actions.post_agent(
        cw.coordinator,
        cw.centre,
        agency=cw.ma.code,
        username=cw.ma_idle.username,
        name=cw.ma_idle.full_name,
        role="agent",
        starts=day,
    )
    posting = cw.posting(cw.ma_idle).uid
    half_past_midnight = dt.datetime.combine(
        day, dt.time(0, 30), tzinfo=timefmt.zone("Africa/Casablanca")
    )
    assert half_past_midnight.astimezone(dt.UTC).date() == day - dt.timedelta(days=1)
    with pytest.raises(Refused) as refused:  # 23:30 the evening before, at the port
        actions.add_shift(
            cw.coordinator,
            cw.centre,
            starts_at=half_past_midnight - dt.timedelta(hours=1),
            ends_at=half_past_midnight + dt.timedelta(hours=7),
            postings=[posting],
        )
    assert refused.value.code == "unknown_posting"
    actions.add_shift(
        cw.coordinator,
        cw.centre,
        starts_at=half_past_midnight.astimezone(dt.UTC),
        ends_at=half_past_midnight + dt.timedelta(hours=8),
        postings=[posting],
    )
    assert cw.centre.shifts.filter(postings__uid=posting).count() == 1


def test_an_incident_is_recorded_with_the_agencys_own_records_and_shows_in_the_log(
    cw: CentreWorld,
) -> None:
    person = PersonFactory(agency=cw.es, names=[("Karim Benali", "Latn")])
    car = VehicleFactory(agency=cw.es, value="1234-BCD")
    actions.record_incident(
        cw.es_officer,
        cw.centre,
        kind="stolen_vehicle",
        at=timezone.now(),
        summary="Stolen car found on the ramp",
        terminal="T1",
        vessel="Ciudad de Tanger",
        rotation="R12",
        entities=[("person", person.uid), ("vehicle", car.uid)],
        action_taken="Vehicle held",
    )
    incident = Incident.objects.get(centre=cw.centre)
    assert [e["label"] for e in incident.entities] == ["Karim Benali", "1234-BCD"]
    shared = AuditEntry.objects.filter(action=AuditAction.PORTS_RECORD_SHARED)
    assert set(shared.values_list("target", flat=True)) == {
        f"person:{person.uid}",
        f"vehicle:{car.uid}",
    }
    assert incident.agency == cw.es.code
    line = LogEntry.objects.get(centre=cw.centre)
    assert (line.kind, line.incident, line.text) == (
        "incident",
        incident.uid,
        "Stolen car found on the ramp",
    )


def test_an_incident_involves_only_the_agencys_own_records(cw: CentreWorld) -> None:
    theirs = PersonFactory(agency=cw.ma, names=[("Karim Benali", "Latn")])
    with pytest.raises(Refused) as refused:
        actions.record_incident(
            cw.es_officer,
            cw.centre,
            kind="wanted_person",
            at=timezone.now(),
            summary="x",
            entities=[("person", theirs.uid)],
        )
    assert refused.value.code == "not_your_record"
    assert not Incident.objects.exists()


def test_an_incident_off_the_roster_is_refused(cw: CentreWorld) -> None:
    with pytest.raises(Refused) as refused:
        actions.record_incident(cw.es_idle, cw.centre, kind="other", at=timezone.now(), summary="x")
    assert refused.value.code == "not_on_roster"
    assert not Incident.objects.exists()
    assert not LogEntry.objects.exists()


def test_a_referral_the_user_cannot_see_is_refused(cw: CentreWorld) -> None:
    with pytest.raises(Refused) as refused:
        actions.record_incident(
            cw.es_officer,
            cw.centre,
            kind="other",
            at=timezone.now(),
            summary="x",
            referral_kind="operation",
            referral_ref="6f1c3a52-7d3c-4c1e-9d0a-3c1e2f4a5b6c",
        )
    assert refused.value.code == "evidence_not_found"
    assert not Incident.objects.exists()


def test_only_the_recording_agency_updates_its_incident(cw: CentreWorld) -> None:
    actions.record_incident(cw.es_officer, cw.centre, kind="other", at=timezone.now(), summary="x")
    incident = Incident.objects.get()
    with pytest.raises(Refused) as refused:
        actions.update_incident(cw.ma_officer, cw.centre, incident.uid, action_taken="Mine now")
    assert refused.value.code == "not_your_agency"
    actions.update_incident(cw.es_officer, cw.centre, incident.uid, action_taken="Handed over")
    incident.refresh_from_db()
    assert incident.action_taken == "Handed over"
    assert incident.updated_at is not None


def test_the_centres_rule_is_the_managers_and_bounded(cw: CentreWorld) -> None:
    with pytest.raises(Refused):
        actions.set_rule(cw.ma_officer, cw.centre, retention_hours=24)
    for hours in (0, 721):
        with pytest.raises(Refused) as refused:
            actions.set_rule(cw.coordinator, cw.centre, retention_hours=hours)
        assert refused.value.code == "invalid"
    actions.set_rule(cw.coordinator, cw.centre, retention_hours=24)
    assert Centre.objects.get(pk=cw.centre.pk).manifest_retention_hours == 24


def test_a_days_counts_are_each_sides_and_a_later_report_replaces_them(cw: CentreWorld) -> None:
    day = timezone.localdate()
    actions.report_counts(cw.es_officer, cw.centre, day=day, asked=10, answered=8, hits=1)
    actions.report_counts(cw.es_officer, cw.centre, day=day, asked=12, answered=9, hits=2)
    actions.report_counts(cw.ma_officer, cw.centre, day=day, asked=5, answered=5, hits=0)
    rows = {r.agency: (r.asked, r.answered, r.hits) for r in CountReport.objects.all()}
    assert rows == {cw.es.code: (12, 9, 2), cw.ma.code: (5, 5, 0)}
    body = {"agency": cw.ma.code, "day": str(day), "asked": 1, "answered": 1, "hits": 0}
    with pytest.raises(Refused):
        sharing.propose(cw.es_officer, cw.centre.obj, ops.REPORT_COUNTS, body)
    with pytest.raises(Refused):
        actions.report_counts(cw.es_officer, cw.centre, day=day, asked=-1, answered=0, hits=0)
