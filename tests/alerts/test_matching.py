"""Alerts meet the data (issue 14): an alert arriving on this node is matched against the
records of the agencies it is addressed to here (names in any script, identifiers by their key),
and a check made or answered here later that matches an active alert is flagged at once; a
withdrawn or expired alert matches nothing. Hits are this node's own rows, flagged to the
agency's users with the alert's required action.

The alert is a copy as a partner node's release leaves it here (its shared object led by the
partner's agency, this node's agency a participant), written with the ORM: what is tested is
the matching, not the sharing that delivers it (tests/alerts/test_done_when.py runs that)."""

# The checks' ``world`` fixture is imported below, and every test takes it as a parameter.
# ruff: noqa: F811

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone, translation

from strait.agencies.models import Agency
from strait.alerts import codes, matching
from strait.alerts.models import Alert, AlertHit
from strait.checks import actions as checks
from strait.checks.models import IncomingCheck
from strait.entities.models import Script, Vehicle
from strait.matching import identifier_key
from strait.notifications.models import Notification
from strait.notifications.topics import describe
from strait.sharing.models import Participant, ParticipantRole, SharedObject
from tests.checks.conftest import (  # noqa: F401  (the checks' world and its fixtures)
    RECORD,
    World,
    _dates,
    _fresh_index,
    answers_sent,
    deliver,
    khattabi,
    person,
    world,
)
from tests.checks.conftest import query_body as check_body
from tests.federation.conftest import remote  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_watch() -> Iterator[None]:
    matching.forget()
    yield
    matching.forget()


# Synthetic: no alert here stands for a real person.
KHATTABI_LATIN = {
    "kind": "person",
    "label": "Abdelatif El Khattabi",
    "script": "Latn",
    "names": [{"text": "Abdelatif El Khattabi", "script": "Latn"}],
    "birth_dates": ["1980-03-12"],
    "nationalities": ["MA"],
    "identifiers": [],
}


def alert_copy(
    world: World,
    *,
    type: str = codes.AlertType.WANTED,
    entity: dict[str, Any] | None = None,
    details: dict[str, Any] | None = None,
    addressed: list[Agency] | None = None,
    status: str = codes.Status.ACTIVE,
    valid_until: dt.datetime | None = None,
) -> Alert:
    """An alert released by the partner (ma) and addressed to ``addressed`` (this node's
    dev-police by default), as its copy stands here."""
    now = timezone.now()
    obj = SharedObject.objects.create(
        kind="alerts.alert",
        home="ma",
        home_agency=world.partner,
        digest="0" * 64,
        ceiling="H1",
        seq=1,
    )
    Participant.objects.create(obj=obj, agency=world.partner, role=ParticipantRole.LEAD, since=now)
    for agency in [world.here] if addressed is None else addressed:
        Participant.objects.create(
            obj=obj, agency=agency, role=ParticipantRole.PARTICIPANT, since=now
        )
    return Alert.objects.create(
        obj=obj,
        type=type,
        title="Wanted: drug trafficking across the Strait",
        details=details or {},
        handling="H1",
        area_kind=codes.AreaKind.PORTS,
        area_codes=["algeciras"],
        valid_from=now - dt.timedelta(hours=1),
        valid_until=valid_until or now + dt.timedelta(days=7),
        status=status,
        origin_agency=world.partner.code,
        released_at=now,
        released_by="Nadia T.",
        drafted_by="Youssef A.",
        entity=KHATTABI_LATIN if entity is None else entity,
        updated_at=now,
    )


def vehicle(agency: Agency, plate: str) -> Vehicle:
    return Vehicle.objects.create(
        agency=agency,
        value=plate,
        key=identifier_key("plate", plate),
        handling="H0",
        **RECORD,
        **_dates(),
    )


def flagged_texts(world: World, topic: str) -> list[str]:
    rows = Notification.objects.filter(topic=topic, user=world.officer)
    with translation.override("en"):
        return [describe(n.topic, n.params) for n in rows]


def test_a_person_alert_matches_a_record_held_only_in_arabic_script(world: World) -> None:
    record = khattabi(world.here)  # held as عبد اللطيف الخطابي, born 1980-03-12
    khattabi(world.outsider)  # the same person held by an agency the alert is not addressed to
    person(world.here, [("Salma Benkirane", Script.LATIN)], ["1991-07-02"])
    alert = alert_copy(world)

    (hit,) = matching.match_alert(alert)

    assert (hit.agency, hit.source, hit.ref) == (world.here, "record", str(record.uid))
    assert hit.score >= 0.8
    assert "الخطابي" in hit.label
    assert AlertHit.objects.count() == 1  # nothing for the agency not addressed
    # The addressed agency's users are told, with the required action (an officer included).
    (text,) = flagged_texts(world, "alerts.hit_record")
    assert "Wanted: drug trafficking across the Strait" in text
    assert "Arrest the person and inform the issuing agency at once." in text
    with translation.override("es"):
        (row,) = Notification.objects.filter(topic="alerts.hit_record", user=world.officer)
        assert "Wanted" in describe(row.topic, row.params)
    assert not Notification.objects.filter(user=world.outsider_analyst).exists()


def test_matching_again_after_an_update_flags_nothing_twice(world: World) -> None:
    khattabi(world.here)
    alert = alert_copy(world)
    assert len(matching.match_alert(alert)) == 1
    assert matching.match_alert(alert) == []
    assert AlertHit.objects.count() == 1
    assert Notification.objects.filter(topic="alerts.hit_record", user=world.officer).count() == 1


def test_a_different_date_of_birth_or_name_is_no_hit(world: World) -> None:
    person(world.here, [("عبد اللطيف الخطابي", Script.ARABIC)], ["1955-11-30"])
    person(world.here, [("Abdelkader Bennani", Script.LATIN)], ["1980-03-12"])
    assert matching.match_alert(alert_copy(world)) == []


def test_a_withdrawn_or_expired_alert_matches_nothing(world: World) -> None:
    khattabi(world.here)
    withdrawn = alert_copy(world, status=codes.Status.WITHDRAWN)
    assert matching.match_alert(withdrawn) == []
    expired = alert_copy(world)
    assert matching.match_alert(expired, now=expired.valid_until) == []
    assert not AlertHit.objects.exists()
    assert not Notification.objects.filter(topic__startswith="alerts.").exists()


def test_a_stolen_vehicle_alert_matches_the_plate_however_written(world: World) -> None:
    car = vehicle(world.here, "1234-BCD")
    alert = alert_copy(
        world,
        type=codes.AlertType.STOLEN_OBJECT,
        entity={},
        details={"object_kind": "vehicle", "identifier": "1234 bcd"},
    )
    (hit,) = matching.match_alert(alert)
    assert hit.ref == str(car.uid)
    (text,) = flagged_texts(world, "alerts.hit_record")
    assert "Seize the object and inform the issuing agency." in text


def test_a_partner_check_arriving_later_that_matches_an_active_alert_is_flagged(
    world: World,
) -> None:
    alert = alert_copy(world)
    # No record here, no opening: the partner's answer stays "no hit" (AC-04), but the check
    # names the person of an active alert addressed to us: flagged at once.
    body = check_body(world, names=["عبد اللطيف الخطابي"], birth_date="1980-03-12")
    assert deliver(world, body) == "applied"
    (answer,) = answers_sent()
    assert answer["result"] == "no_hit"
    incoming = IncomingCheck.objects.get()
    (hit,) = AlertHit.objects.all()
    assert (hit.alert, hit.agency, hit.source) == (alert, world.here, "check")
    assert hit.ref == str(incoming.uid)
    # Who checked and the reference: what the partner checked is for the analysts only.
    assert hit.label == f"{world.partner.abbreviation} {incoming.reference}"
    (text,) = flagged_texts(world, "alerts.hit_check")
    assert "Arrest the person and inform the issuing agency at once." in text


def test_a_check_sent_here_matching_an_active_alert_is_flagged_to_the_officer(
    world: World,
) -> None:
    alert = alert_copy(
        world,
        type=codes.AlertType.STOLEN_OBJECT,
        entity={},
        details={"object_kind": "vehicle", "identifier": "1234-BCD"},
    )
    ask = checks.Ask(
        kind="vehicle",
        channel=world.channel,
        recipients=[world.partner],
        purpose="Port check at boarding",
        value="1234 BCD",
    )
    check = checks.send_check(ask, acting_user=world.officer)
    (hit,) = AlertHit.objects.all()
    assert (hit.alert, hit.source, hit.ref) == (alert, "check", str(check.uid))
    assert flagged_texts(world, "alerts.hit_check")


def test_a_later_check_does_not_match_a_withdrawn_or_expired_alert(world: World) -> None:
    alert_copy(world, status=codes.Status.WITHDRAWN)
    expired = alert_copy(world)
    Alert.objects.filter(pk=expired.pk).update(valid_until=timezone.now() - dt.timedelta(minutes=1))
    deliver(world, check_body(world))
    assert IncomingCheck.objects.count() == 1
    assert not AlertHit.objects.exists()
    assert not Notification.objects.filter(topic__startswith="alerts.").exists()


def test_a_check_matches_only_the_alerts_of_its_agency(world: World) -> None:
    # Addressed to the other agency of this node: a check asked of dev-police is not its business.
    alert_copy(world, addressed=[world.outsider])
    deliver(world, check_body(world, uid=str(uuid.uuid4())))
    assert not AlertHit.objects.exists()


def test_an_alert_arriving_from_its_home_is_matched_on_arrival(world: World) -> None:
    """Through the real path: the home's signed changes (create, the participants, announce)
    fed to this node's inbox; the announce's ``after`` matches the copy against our records."""
    from strait.federation import inbox
    from strait.sharing import registry
    from tests.sharing.conftest import HomeStream

    record = khattabi(world.here)
    home = HomeStream(world.remote, world.partner.code, kind="alerts.alert")
    now = timezone.now()
    create = {
        "type": "wanted",
        "title": "Wanted: drug trafficking across the Strait",
        "details": {"warrant_ref": "TNG-2026-0412"},
        "handling": "H1",
        "area_kind": "territory",
        "valid_from": now.isoformat(),
        "valid_until": (now + dt.timedelta(days=7)).isoformat(),
        "origin_agency": world.partner.code,
        "drafted_by": "Youssef A.",
        "entity": {**KHATTABI_LATIN, "ref": str(uuid.uuid4())},
    }
    changes = [
        home.change("alerts.create", create),
        home.change(registry.ADD_PARTICIPANT, {"agency": world.partner.code, "role": "lead"}),
        home.change(registry.ADD_PARTICIPANT, {"agency": world.here.code, "role": "participant"}),
        home.change("alerts.announce", {}),
    ]
    inbox.receive_batch(
        [world.remote.envelope(body, kind="sharing.change", handling="H1") for body in changes]
    )
    from strait.federation.models import InboxEnvelope

    assert {e.status for e in InboxEnvelope.objects.all()} == {"applied"}
    alert = Alert.objects.get()
    assert alert.obj.seq == 4
    (hit,) = AlertHit.objects.all()
    assert (hit.alert, hit.agency, hit.source, hit.ref) == (
        alert,
        world.here,
        "record",
        str(record.uid),
    )
    assert flagged_texts(world, "alerts.hit_record")


@pytest.mark.parametrize(
    ("type_", "entity", "details", "expected"),
    [
        # A person as the release snapshots it: names in their script, dates of birth.
        ("wanted", KHATTABI_LATIN, {}, (("Abdelatif El Khattabi",), ("1980-03-12",), ())),
        # An older or leaner snapshot: the names under "details", or only a label.
        (
            "missing",
            {"kind": "person", "details": {"names": ["نور الهدى"], "birth_dates": ["2011"]}},
            {},
            (("نور الهدى",), ("2011",), ()),
        ),
        ("dangerous", {"kind": "person", "label": "Karim Azizi"}, {}, (("Karim Azizi",), (), ())),
        # A vehicle: its plate (the label) and VIN; the make is no identifier.
        (
            "stolen_object",
            {
                "kind": "vehicle",
                "label": "1234-BCD",
                "identifiers": [
                    {"kind": "vehicle", "value": "1234-BCD"},
                    {"kind": "vin", "value": "VF1AA000012345678"},
                    {"kind": "make_model", "value": "Renault Trafic"},
                ],
            },
            {"object_kind": "vehicle", "identifier": "1234-BCD"},
            ((), (), (("vehicle", "1234-BCD"), ("vehicle", "VF1AA000012345678"))),
        ),
        # A vessel by MMSI and IMO in the details, an aircraft by its registration; a
        # firearm's serial number has no records to meet.
        (
            "suspicious_vessel",
            {},
            {"mmsi": "224123450", "imo": "9176187"},
            ((), (), (("vessel", "224123450"), ("vessel", "9176187"))),
        ),
        (
            "suspicious_aircraft",
            {},
            {"registration": "EC-MZX"},
            ((), (), (("aircraft", "EC-MZX"),)),
        ),
        ("stolen_object", {}, {"object_kind": "firearm", "identifier": "SN-4411"}, ((), (), ())),
        # A surge names no one, whatever its details say.
        ("migration_surge", {}, {"place": "Fnideq", "estimated_people": 300}, ((), (), ())),
    ],
)
def test_what_an_alert_looks_for(
    type_: str, entity: dict[str, Any], details: dict[str, Any], expected: tuple[Any, ...]
) -> None:
    alert = Alert(type=type_, entity=entity, details=details, origin_agency="ma-dgsn")
    want = matching.wanted(alert, country="MA")
    assert (want.names, want.birth_dates, want.identifiers) == expected
    assert bool(want) == bool(expected[0] or expected[2])


def test_a_document_alert_matches_the_document_and_an_unreadable_date_hides_no_name(
    world: World,
) -> None:
    from strait.entities.models import Document

    passport = Document.objects.create(
        agency=world.here,
        value="XK4471234",
        key=identifier_key("document", "XK4471234"),
        handling="H0",
        **RECORD,
        **_dates(),
    )
    alert = alert_copy(
        world,
        type=codes.AlertType.STOLEN_OBJECT,
        entity={},
        details={"object_kind": "document", "identifier": "xk 447 1234"},
    )
    (hit,) = matching.match_alert(alert)
    assert hit.ref == str(passport.uid)

    held = khattabi(world.here)
    odd = alert_copy(world, entity={**KHATTABI_LATIN, "birth_dates": ["not a date"]})
    (hit,) = matching.match_alert(odd)
    assert hit.ref == str(held.uid)


def test_an_alert_the_matcher_cannot_read_stops_neither_its_arrival_nor_a_check(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    # A snapshot no release writes (names as a number): matching it fails, is logged, and
    # leaves nothing half-written; the partner's check is still answered.
    alert = alert_copy(world, entity={"kind": "person", "names": 5})
    assert matching.match_alert(alert) == []
    assert deliver(world, check_body(world)) == "applied"
    (answer,) = answers_sent()
    assert answer["result"] == "no_hit"
    assert not AlertHit.objects.exists()
    failed = [r for r in caplog.records if r.name == "strait.alerts.matching"]
    assert len(failed) == 2
    assert all(r.levelname == "ERROR" for r in failed)
