"""Batch checks in one process: a manifest's items sent at once (stored in bulk, envelopes of at
most 250 items, the batch one send for the user's limit), answered on arrival per item with only
the check, hit or no hit and a reference (AC-04), the answers stored with the batch's progress,
and the batch's checks without a hit erased on both sides after ``erase_after``."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Any

import pytest
from django.utils import timezone

from strait.audit.events import AuditAction
from strait.audit.models import AuditEntry
from strait.checks import actions, batch, signals, tasks
from strait.checks.models import Check, CheckAnswer, CheckBatch, IncomingCheck
from strait.entities.models import Script, Vehicle
from strait.exchange.rules import RuleViolation
from strait.federation.models import InboxEnvelope, OutboxEnvelope
from strait.matching import identifier_key
from tests.checks.conftest import RECORD, World, _dates, deliver, khattabi, open_to, person
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db

REFERENCE = re.compile(r"^CK-[0-9A-F]{12}$")


def later(hours: int = 48) -> dt.datetime:
    return timezone.now() + dt.timedelta(hours=hours)


def traveller(n: int) -> dict[str, Any]:
    return {"ref": f"row-{n}", "kind": "person", "names": [f"Traveller Number{n}"]}


def send(world: World, items: list[dict[str, Any]], **overrides: Any) -> CheckBatch:
    values: dict[str, Any] = {
        "channel": world.channel,
        "recipients": [world.partner],
        "purpose": "Manifest screening, sailing Algeciras - Tanger Med",
        "items": items,
        "erase_after": later(),
    }
    values.update(overrides)
    return actions.send_batch(world.officer, **values)


# --- asking --------------------------------------------------------------------------------------


def test_a_manifest_is_stored_in_bulk_and_travels_in_envelopes_of_at_most_250_items(
    world: World,
) -> None:
    items = [traveller(n) for n in range(600)]
    items.append({"ref": "car-1", "kind": "vehicle", "value": "1234 ABC"})
    sent = send(world, items)
    assert (sent.asked, sent.answered, sent.hits) == (601, 0, 0)
    assert Check.objects.filter(batch=sent).count() == 601
    assert CheckAnswer.objects.filter(check_ref__batch=sent, result="pending").count() == 601
    envelopes = list(OutboxEnvelope.objects.filter(kind="checks.batch_query").order_by("id"))
    assert [len(e.body["items"]) for e in envelopes] == [250, 250, 101]
    assert {e.peer.code for e in envelopes} == {"ma"}
    first = envelopes[0].body
    assert first["batch"] == str(sent.uid)
    assert first["recipients"] == [world.partner.code]
    assert set(first["items"][0]) == {"uid", "kind", "names", "birth_date", "value", "country"}
    uids = {i["uid"] for e in envelopes for i in e.body["items"]}
    assert uids == {str(u) for u in Check.objects.values_list("uid", flat=True)}
    entry = AuditEntry.objects.get(action=AuditAction.CHECK_BATCH_SENT)
    assert (entry.details["items"], entry.details["envelopes"]) == (601, 3)
    assert entry.target == str(sent.uid)


def test_envelopes_are_cut_by_size_too(world: World) -> None:
    long_names = ["ب" * 200] * 5  # 2 KB of Arabic script per item
    items = [{"ref": f"r{n}", "kind": "person", "names": long_names} for n in range(250)]
    send(world, items)
    envelopes = OutboxEnvelope.objects.filter(kind="checks.batch_query")
    assert envelopes.count() > 1
    assert sum(len(e.body["items"]) for e in envelopes) == 250


def test_one_bad_item_refuses_the_whole_batch_naming_it(world: World) -> None:
    items = [
        traveller(1),
        {"ref": "row-2", "kind": "person", "names": ["X"], "birth_date": "1980-02-31"},
    ]
    with pytest.raises(RuleViolation, match="row-2"):
        send(world, items)
    assert not CheckBatch.objects.exists()
    assert not Check.objects.exists()
    assert not OutboxEnvelope.objects.exists()


@pytest.mark.parametrize(
    ("items", "error"),
    [
        ([], "Nothing to check"),
        ([traveller(1), {**traveller(2), "ref": "row-1"}], "its own reference"),
        ([{"kind": "person", "names": ["A B"]}], "its own reference"),
    ],
)
def test_items_refused(world: World, items: list[dict[str, Any]], error: str) -> None:
    with pytest.raises(RuleViolation, match=error):
        send(world, items)
    assert not Check.objects.exists()


def test_a_batch_over_the_item_limit_is_refused_as_a_whole(world: World, settings: Any) -> None:
    settings.CHECKS_BATCH_MAX_ITEMS = 3
    with pytest.raises(RuleViolation, match="At most 3"):
        send(world, [traveller(n) for n in range(4)])
    assert not Check.objects.exists()
    send(world, [traveller(n) for n in range(3)])


@pytest.mark.parametrize("hours", [-1, 24 * 32])
def test_erase_after_must_be_within_31_days(world: World, hours: int) -> None:
    with pytest.raises(RuleViolation, match="31 days"):
        send(world, [traveller(1)], erase_after=later(hours))


def test_a_batch_counts_as_one_check_for_the_users_limit(world: World, settings: Any) -> None:
    settings.CHECKS_PER_USER_PER_MINUTE = 2
    send(world, [traveller(n) for n in range(50)])
    single = actions.Ask(
        kind="person",
        channel=world.channel,
        recipients=[world.partner],
        purpose="Border control",
        names=["Abdelatif El Khattabi"],
    )
    actions.send_check(single, acting_user=world.officer)  # 50 items did not use the limit up
    with pytest.raises(RuleViolation, match="last minute"):
        send(world, [traveller(1)])
    with pytest.raises(RuleViolation, match="last minute"):
        actions.send_check(single, acting_user=world.officer)


def test_a_user_without_the_permission_cannot_send_a_batch(world: World) -> None:
    from strait.refusals import NotPermitted

    world.officer.role = "secretariat"
    world.officer.save()
    with pytest.raises(NotPermitted):
        send(world, [traveller(1)])


# --- answering -----------------------------------------------------------------------------------


def batch_body(world: World, items: list[dict[str, Any]], **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "batch": str(uuid.uuid4()),
        "channel": world.channel.code,
        "requester_agency": world.partner.code,
        "requester_name": "Officer of the partner",
        "recipients": [world.here.code],
        "purpose": "Manifest screening",
        "crime_area": "other",
        "created_at": timezone.now().isoformat(),
        "erase_after": later().isoformat(),
        "items": items,
    }
    body.update(overrides)
    return body


def item(**fields: Any) -> dict[str, Any]:
    return {"uid": str(uuid.uuid4()), "kind": "person", **fields}


def vehicle(world: World, plate: str) -> Vehicle:
    return Vehicle.objects.create(
        agency=world.here,
        value=plate,
        key=identifier_key("plate", plate),
        handling="H0",
        **RECORD,
        **_dates(),
    )


def answers_sent() -> list[dict[str, Any]]:
    return [dict(e.body) for e in OutboxEnvelope.objects.filter(kind="checks.batch_answer")]


def test_each_item_is_answered_with_only_its_check_result_and_reference(world: World) -> None:
    record = khattabi(world.here)
    vehicle(world, "1234 ABC")
    open_to(world)
    hit = item(names=["Abdelatif El Khattabi"], birth_date="1980-03-12")
    nobody = item(names=["Juan Nadie Ninguno"])
    car = item(kind="vehicle", value="1234-abc")
    assert deliver(world, batch_body(world, [hit, nobody, car]), "checks.batch_query") == "applied"
    (answer,) = answers_sent()
    assert set(answer) == {"batch", "agency", "reason", "answered_at", "items"}
    assert answer["reason"] == ""
    results = {i["check"]: i["result"] for i in answer["items"]}
    assert results == {hit["uid"]: "hit", nobody["uid"]: "no_hit", car["uid"]: "hit"}
    for one in answer["items"]:
        assert set(one) == {"check", "result", "reference"}
        assert REFERENCE.match(one["reference"])
    text = str(answer)
    for leak in ("Khattabi", "الخطابي", "1980", "1234", "score", "Nadie"):
        assert leak not in text
    # Kept here for the analysts: the hit with its candidates, as any partner's check.
    incoming = IncomingCheck.objects.get(check_uid=hit["uid"])
    assert incoming.result == "hit"
    assert incoming.query["names"] == ["Abdelatif El Khattabi"]
    assert incoming.purpose == "Manifest screening"
    assert incoming.erase_after is None
    (candidate,) = incoming.candidates.all()
    assert candidate.record_uid == record.uid
    # A no-hit keeps nothing of what was asked, and is to be erased with the batch.
    miss = IncomingCheck.objects.get(check_uid=nobody["uid"])
    assert (miss.query, miss.label, miss.purpose, miss.requester_name) == ({}, "", "", "")
    assert miss.erase_after is not None
    assert not miss.candidates.exists()
    entry = AuditEntry.objects.get(action=AuditAction.CHECK_BATCH_ANSWERED)
    assert (entry.details["items"], entry.details["hits"]) == (3, 2)
    assert entry.agency == world.here.code
    assert sorted(entry.details["hit_references"]) == sorted(
        i["reference"] for i in answer["items"] if i["result"] == "hit"
    )


def test_without_an_opening_every_item_is_no_hit(world: World) -> None:
    khattabi(world.here)
    deliver(world, batch_body(world, [item(names=["Abdelatif El Khattabi"])]), "checks.batch_query")
    (answer,) = answers_sent()
    assert [i["result"] for i in answer["items"]] == ["no_hit"]


def test_a_record_closed_to_checks_is_no_hit_in_a_batch(world: World) -> None:
    person(world.here, [("Abdelatif Khattabi", Script.LATIN)], open_to_checks=False)
    open_to(world)
    deliver(world, batch_body(world, [item(names=["Abdelatif Khattabi"])]), "checks.batch_query")
    (answer,) = answers_sent()
    assert [i["result"] for i in answer["items"]] == ["no_hit"]


def test_every_item_is_signalled_for_the_alerts(world: World) -> None:
    seen: list[dict[str, Any]] = []

    def receiver(sender: Any, **kwargs: Any) -> None:
        seen.append(kwargs)

    signals.check_recorded.connect(receiver, dispatch_uid="test-batch")
    try:
        items = [item(names=["Juan Nadie"]), item(kind="vehicle", value="9999 ZZZ")]
        deliver(world, batch_body(world, items), "checks.batch_query")
    finally:
        signals.check_recorded.disconnect(dispatch_uid="test-batch")
    assert [s["query"].get("names") or s["query"]["value"] for s in seen] == [
        ["Juan Nadie"],
        "9999 ZZZ",
    ]
    assert all(s["agency"] == world.here for s in seen)
    assert all(s["label"].startswith(world.partner.abbreviation + " CK-") for s in seen)


def test_a_repeated_check_uid_is_parked(world: World) -> None:
    one = item(names=["Juan Nadie"])
    assert deliver(world, batch_body(world, [one, one]), "checks.batch_query") == "parked"
    assert deliver(world, batch_body(world, [one]), "checks.batch_query") == "applied"
    assert deliver(world, batch_body(world, [one]), "checks.batch_query") == "parked"
    assert IncomingCheck.objects.count() == 1


def test_a_channel_the_requester_is_not_on_is_parked(world: World) -> None:
    body = batch_body(world, [item(names=["Juan Nadie"])], channel="nowhere")
    assert deliver(world, body, "checks.batch_query") == "parked"
    assert not IncomingCheck.objects.exists()


def test_over_the_peers_item_limit_every_item_is_refused_and_nothing_kept(
    world: World, settings: Any
) -> None:
    settings.CHECKS_BATCH_ITEMS_PER_PEER_PER_MINUTE = 3
    khattabi(world.here)
    open_to(world)
    deliver(
        world,
        batch_body(world, [item(names=["Juan Nadie"]) for _ in range(2)]),
        "checks.batch_query",
    )
    over = [item(names=["Abdelatif El Khattabi"]), item(names=["Juan Nadie"])]
    deliver(world, batch_body(world, over), "checks.batch_query")
    _first, second = answers_sent()
    assert [i["result"] for i in second["items"]] == ["refused", "refused"]
    assert second["reason"] == "rate_limited"
    assert IncomingCheck.objects.count() == 2  # the first batch's only
    assert AuditEntry.objects.get(action=AuditAction.CHECK_REFUSED).details["items"] == 2


def test_batch_items_leave_the_single_checks_limit_alone(world: World, settings: Any) -> None:
    settings.CHECKS_PER_PEER_PER_MINUTE = 2
    deliver(
        world,
        batch_body(world, [item(names=["Juan Nadie"]) for _ in range(5)]),
        "checks.batch_query",
    )
    from tests.checks.conftest import query_body

    deliver(world, query_body(world))
    single = OutboxEnvelope.objects.get(kind="checks.answer").body
    assert single["result"] != "refused"


# --- answers arriving ----------------------------------------------------------------------------


def answer_body(world: World, sent: CheckBatch, results: dict[str, str]) -> dict[str, Any]:
    checks = {c.batch_ref: c for c in Check.objects.filter(batch=sent)}
    return {
        "batch": str(sent.uid),
        "agency": world.partner.code,
        "reason": "",
        "answered_at": timezone.now().isoformat(),
        "items": [
            {"check": str(checks[ref].uid), "result": result, "reference": f"CK-{n:012X}"}
            for n, (ref, result) in enumerate(results.items())
        ],
    }


def test_answers_are_stored_per_item_with_the_batch_progress(world: World) -> None:
    sent = send(world, [traveller(n) for n in range(4)])
    got: list[Any] = []

    def receiver(sender: Any, **kwargs: Any) -> None:
        got.extend(kwargs["answers"])

    signals.batch_answered.connect(receiver, dispatch_uid="test-batch-answered")
    try:
        body = answer_body(world, sent, {"row-0": "hit", "row-1": "no_hit", "row-2": "no_hit"})
        assert deliver(world, body, "checks.batch_answer") == "applied"
    finally:
        signals.batch_answered.disconnect(dispatch_uid="test-batch-answered")
    progress = batch.progress(sent)
    assert (progress.asked, progress.answered, progress.hits, progress.done) == (4, 3, 1, False)
    answers = {a.ref: a for a in batch.item_answers(sent)}
    assert answers["row-0"].result == "hit"
    assert answers["row-0"].reference == "CK-000000000000"
    assert answers["row-3"].result == "pending"
    assert {a.ref for a in got} == {"row-0", "row-1", "row-2"}
    entry = AuditEntry.objects.get(action=AuditAction.CHECK_BATCH_ANSWER_RECEIVED)
    assert (entry.details["items"], entry.details["hits"]) == (3, 1)
    # The same answers again: parked, nothing counted twice.
    assert deliver(world, body, "checks.batch_answer") == "parked"
    assert batch.progress(sent).answered == 3


def test_a_refused_answer_carries_its_reason_to_the_caller(world: World) -> None:
    sent = send(world, [traveller(n) for n in range(2)])
    got: list[Any] = []

    def receiver(sender: Any, **kwargs: Any) -> None:
        got.extend(kwargs["answers"])

    signals.batch_answered.connect(receiver, dispatch_uid="test-batch-refused")
    try:
        body = answer_body(world, sent, {"row-0": "refused", "row-1": "refused"})
        body["reason"] = "rate_limited"
        assert deliver(world, body, "checks.batch_answer") == "applied"
    finally:
        signals.batch_answered.disconnect(dispatch_uid="test-batch-refused")
    assert {(a.ref, a.result, a.reason) for a in got} == {
        ("row-0", "refused", "rate_limited"),
        ("row-1", "refused", "rate_limited"),
    }
    stored = CheckAnswer.objects.filter(check_ref__batch=sent)
    assert {(a.result, a.reason) for a in stored} == {("refused", "rate_limited")}
    assert all(a.answered_at is not None for a in stored)
    assert {a.reason for a in batch.item_answers(sent)} == {"rate_limited"}
    assert batch.progress(sent).answered == 2


def test_an_answer_for_an_unknown_batch_is_parked(world: World) -> None:
    sent = send(world, [traveller(1)])
    body = answer_body(world, sent, {"row-1": "hit"})
    body["batch"] = str(uuid.uuid4())
    assert deliver(world, body, "checks.batch_answer") == "parked"
    assert InboxEnvelope.objects.get().status == "parked"


# --- erasure -------------------------------------------------------------------------------------


def test_erase_batch_removes_the_askers_rows_but_a_hit(world: World) -> None:
    sent = send(world, [traveller(n) for n in range(3)])
    deliver(
        world, answer_body(world, sent, {"row-0": "hit", "row-1": "no_hit"}), "checks.batch_answer"
    )
    erased = actions.erase_batch(sent)
    assert erased == 2
    assert not CheckBatch.objects.exists()
    (kept,) = Check.objects.all()
    assert kept.batch_ref == "row-0"
    assert kept.batch is None
    assert CheckAnswer.objects.get().result == "hit"
    entry = AuditEntry.objects.get(action=AuditAction.CHECK_BATCH_ERASED)
    assert entry.details == {"side": "asking", "erased": 2, "kept_hits": 1, "reason": "erase_after"}
    assert "Traveller" not in str(entry.details)


def test_the_task_erases_both_sides_once_erase_after_has_passed(world: World) -> None:
    khattabi(world.here)
    open_to(world)
    items = [
        item(names=["Abdelatif El Khattabi"], birth_date="1980-03-12"),
        item(names=["Juan Nadie"]),
    ]
    deliver(world, batch_body(world, items, erase_after=later(1).isoformat()), "checks.batch_query")
    ours = send(world, [traveller(1)], erase_after=later(1))
    assert tasks.erase_batches() == 0  # not yet
    assert IncomingCheck.objects.count() == 2
    CheckBatch.objects.filter(pk=ours.pk).update(
        erase_after=timezone.now() - dt.timedelta(seconds=1)
    )
    IncomingCheck.objects.exclude(erase_after=None).update(
        erase_after=timezone.now() - dt.timedelta(seconds=1)
    )
    assert tasks.erase_batches() == 2
    (kept,) = IncomingCheck.objects.all()
    assert kept.result == "hit"  # the analysts' hit stays, like any partner's check
    assert not CheckBatch.objects.exists()
    assert not Check.objects.exists()
    sides = sorted(
        (e.details["side"], e.details["erased"])
        for e in AuditEntry.objects.filter(action=AuditAction.CHECK_BATCH_ERASED)
    )
    assert sides == [("answering", 1), ("asking", 1)]


def test_the_answering_node_caps_erase_after(world: World) -> None:
    far = (timezone.now() + dt.timedelta(days=400)).isoformat()
    deliver(
        world,
        batch_body(world, [item(names=["Juan Nadie"])], erase_after=far),
        "checks.batch_query",
    )
    incoming = IncomingCheck.objects.get()
    assert incoming.erase_after is not None
    assert incoming.erase_after <= timezone.now() + batch.MAX_KEEP


# --- what the lists show -------------------------------------------------------------------------


def test_the_analysts_queue_shows_a_batchs_hits_not_its_empty_no_hits(world: World) -> None:
    from strait.checks import queries

    khattabi(world.here)
    open_to(world)
    items = [item(names=["Abdelatif El Khattabi"], birth_date="1980-03-12"), item(names=["Juan"])]
    deliver(world, batch_body(world, items), "checks.batch_query")
    (shown,) = queries.incoming_queue(world.analyst)
    assert shown.result == "hit"
    miss = IncomingCheck.objects.get(result="no_hit")
    assert queries.incoming(world.analyst, miss.uid) is None


def test_the_officers_list_leaves_out_a_batchs_items(world: World) -> None:
    from strait.checks import queries

    sent = send(world, [traveller(n) for n in range(3)])
    assert queries.my_checks(world.officer) == []
    one = Check.objects.filter(batch=sent).first()
    assert one is not None
    assert queries.check(world.officer, one.uid) == one  # its page still opens


# --- the matcher, many at once -------------------------------------------------------------------


def test_the_batch_matcher_answers_as_the_single_matcher_item_by_item(world: World) -> None:
    from strait.checks import batch_matcher, matcher
    from strait.entities.models import Document

    held = khattabi(world.here)
    person(world.here, [("Mohamed Benali", Script.LATIN)], ["1975-01-01"])
    person(world.here, [("Mohamed Benali", Script.LATIN)], ["1975-01-01"], open_to_checks=False)
    person(world.here, [("Karim Secret", Script.LATIN)], handling="H3")
    closed_owner = person(world.here, [("Ali Closed", Script.LATIN)], open_to_checks=False)
    vehicle(world, "1234 ABC")
    Vehicle.objects.create(
        agency=world.here,
        person=closed_owner,
        value="5555 XYZ",
        key=identifier_key("plate", "5555 XYZ"),
        handling="H0",
        **RECORD,
        **_dates(),
    )
    Document.objects.create(
        agency=world.here,
        person=held,
        kind="passport",
        value="AB1234567",
        key="document:AB1234567",
        issuing_country="MA",
        handling="H0",
        **RECORD,
        **_dates(),
    )
    other = AgencyFactory(code="dev-elsewhere", node_code="dev")
    vehicle_of_other = Vehicle.objects.create(
        agency=other,
        value="7777 QQQ",
        key=identifier_key("plate", "7777 QQQ"),
        handling="H0",
        **RECORD,
        **_dates(),
    )
    assert vehicle_of_other.pk
    items: list[tuple[str, dict[str, Any]]] = [
        ("person", {"names": ["Abdelatif El Khattabi"], "birth_date": "1980-03-12"}),
        ("person", {"names": ["عبد اللطيف الخطابي"], "birth_date": ""}),
        ("person", {"names": ["Mohamed Benali"], "birth_date": "1975-01-01"}),
        ("person", {"names": ["Karim Secret"], "birth_date": ""}),
        ("person", {"names": ["Nobody Atall"], "birth_date": ""}),
        ("vehicle", {"value": "1234-abc", "country": ""}),
        ("vehicle", {"value": "5555 XYZ", "country": ""}),
        ("vehicle", {"value": "7777 QQQ", "country": ""}),
        ("document", {"value": "AB1234567", "country": ""}),
        ("document", {"value": "ZZ0000000", "country": ""}),
    ]
    handling = ["H0", "H1"]
    many = batch_matcher.look_up_hits(world.here.pk, items, handling)
    single = [
        [f for f in matcher.look_up(world.here.pk, kind, query, handling) if f.hit]
        for kind, query in items
    ]
    assert [[(f.uid, f.score) for f in found] for found in many] == [
        [(f.uid, f.score) for f in found] for found in single
    ]
    assert [bool(found) for found in many] == [
        True, True, True, False, False, True, False, False, True, False
    ]  # fmt: skip


def test_a_name_given_as_a_string_is_one_name(world: World) -> None:
    sent = send(world, [{"ref": "r", "kind": "person", "names": "Abdelatif El Khattabi"}])
    assert Check.objects.get(batch=sent).query["names"] == ["Abdelatif El Khattabi"]
