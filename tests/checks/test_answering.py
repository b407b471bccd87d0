"""The answering side: a partner's check arrives, is looked up in the records our agency opened
to that partner on that channel, and is answered in the same transaction with hit or no hit and
an opaque reference, nothing else (AC-04)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from strait.audit.events import AuditAction
from strait.audit.models import AuditEntry
from strait.checks import matcher
from strait.checks.models import Candidate, IncomingCheck
from strait.entities import person_index
from strait.entities.models import PersonName, Script
from tests.checks.conftest import (
    World,
    answers_sent,
    deliver,
    khattabi,
    open_to,
    person,
    phone,
    query_body,
)
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db

REFERENCE = re.compile(r"^CK-[0-9A-F]{12}$")


def only_answer() -> dict[str, Any]:
    (answer,) = answers_sent()
    return answer


def test_latin_query_hits_a_record_held_only_in_arabic_script(world: World) -> None:
    record = khattabi(world.here)
    open_to(world)
    assert deliver(world, query_body(world)) == "applied"
    answer = only_answer()
    assert answer["result"] == "hit"
    incoming = IncomingCheck.objects.get()
    assert incoming.reference == answer["reference"]
    (candidate,) = incoming.candidates.all()
    assert candidate.record_uid == record.uid
    assert candidate.score >= 0.8
    assert "الخطابي" in candidate.explanation
    assert candidate.features["dob"] == 1.0
    entry = AuditEntry.objects.get(action=AuditAction.CHECK_ANSWERED)
    assert entry.details["result"] == "hit"
    assert entry.details["from"] == world.partner.code
    assert entry.agency == world.here.code  # the answering agency's DPO reads it


def test_the_answer_carries_only_the_result_and_an_opaque_reference(world: World) -> None:
    khattabi(world.here)
    person(world.here, [("Abdelatif Khattabi", Script.LATIN)], ["1980-03-12"])
    open_to(world)
    deliver(world, query_body(world))
    answer = only_answer()
    # The body exactly as it is sealed for the partner: no names, scores, counts or record ids.
    assert set(answer) == {"check", "agency", "result", "reference", "reason", "answered_at"}
    assert answer["agency"] == world.here.code
    assert answer["reason"] == ""
    assert REFERENCE.match(answer["reference"])
    text = str(answer)
    for leak in ("Khattabi", "الخطابي", "1980", "score", "0.", "2 "):
        assert leak not in text.replace(answer["answered_at"], "")
    assert Candidate.objects.count() == 2  # kept here, for our analysts only


def test_no_opening_no_hit_and_nothing_revealed(world: World) -> None:
    khattabi(world.here)
    deliver(world, query_body(world))
    answer = only_answer()
    assert answer["result"] == "no_hit"
    assert REFERENCE.match(answer["reference"])
    assert not Candidate.objects.exists()


def test_an_opening_on_another_channel_or_kind_does_not_open(world: World) -> None:
    khattabi(world.here)
    open_to(world, kinds=["phone"])
    deliver(world, query_body(world))
    assert only_answer()["result"] == "no_hit"


def test_a_record_closed_to_checks_is_never_a_hit(world: World) -> None:
    khattabi(world.here, open_to_checks=False)
    open_to(world)
    deliver(world, query_body(world))
    assert only_answer()["result"] == "no_hit"


def test_a_record_above_the_opened_handling_code_is_never_a_hit(world: World) -> None:
    khattabi(world.here, handling="H2")
    open_to(world, max_handling="H1")
    deliver(world, query_body(world))
    assert only_answer()["result"] == "no_hit"


def test_records_of_another_agency_are_not_searched(world: World) -> None:
    khattabi(world.outsider)
    open_to(world)
    deliver(world, query_body(world))
    assert only_answer()["result"] == "no_hit"


def test_the_index_follows_changes_of_the_records(world: World) -> None:
    open_to(world)
    deliver(world, query_body(world))
    record = khattabi(world.here)
    deliver(world, query_body(world))
    PersonName.objects.filter(person=record).delete()
    record.save()
    deliver(world, query_body(world))
    assert [a["result"] for a in answers_sent()] == ["no_hit", "hit", "no_hit"]


def test_a_phone_matches_exactly_on_its_key(world: World) -> None:
    phone(world.here, "0661 12 34 56")
    open_to(world)
    deliver(world, query_body(world, kind="phone", names=[], value="+212661123456", country="ES"))
    deliver(world, query_body(world, kind="phone", names=[], value="+212661123457", country="ES"))
    assert [a["result"] for a in answers_sent()] == ["hit", "no_hit"]


def test_over_the_peer_limit_the_node_answers_refused(world: World, settings: Any) -> None:
    settings.CHECKS_PER_PEER_PER_MINUTE = 2
    khattabi(world.here)
    open_to(world)
    for _ in range(3):
        deliver(world, query_body(world))
    results = [(a["result"], a["reason"]) for a in answers_sent()]
    assert results == [("hit", ""), ("hit", ""), ("refused", "rate_limited")]
    refused = IncomingCheck.objects.get(result="refused")
    assert refused.query == {}
    assert not refused.candidates.exists()
    assert AuditEntry.objects.filter(action=AuditAction.CHECK_REFUSED).count() == 1


def test_a_check_from_an_agency_off_the_channel_is_parked(world: World) -> None:
    body = query_body(world, channel=world.other_channel.code, recipients=[world.outsider.code])
    assert deliver(world, body) == "parked"
    assert not IncomingCheck.objects.exists()
    assert not answers_sent()


def test_a_peer_speaks_only_for_its_own_agencies(world: World) -> None:
    assert deliver(world, query_body(world, requester_agency=world.outsider.code)) == "parked"
    assert not answers_sent()


def test_a_malformed_check_is_parked(world: World) -> None:
    assert deliver(world, query_body(world, names=[])) == "parked"
    assert deliver(world, query_body(world, extra="field")) == "parked"
    assert not IncomingCheck.objects.exists()


def test_index_trusted_for_a_second_between_stamp_reads(
    monkeypatch: pytest.MonkeyPatch, django_assert_max_num_queries: Any
) -> None:
    """Within STAMP_TTL a check reuses the index without reading the stamp (a count over the
    agency's persons, costly at a million records)."""
    monkeypatch.setattr(person_index, "STAMP_TTL", 60.0)
    agency = AgencyFactory(code="ttl-agency", node_code="dev")
    first = matcher.person_index(agency.pk)
    with django_assert_max_num_queries(0):
        assert matcher.person_index(agency.pk) is first


def test_every_kind_of_write_to_persons_moves_the_change_counter(world: World) -> None:
    """The index's stamp is the agency's change counter, kept by database triggers: bulk
    inserts, queryset updates and deletes (none of which send Django signals) move it too."""
    from strait.entities.models import Person, PersonChanges

    def counter() -> int | None:
        return (
            PersonChanges.objects.filter(agency=world.here).values_list("count", flat=True).first()
        )

    record = khattabi(world.here)
    seen = counter()
    assert seen is not None
    PersonName.objects.bulk_create(
        [PersonName(person=record, full_name="Abdellatif Khattabi", script=Script.LATIN)]
    )
    assert counter() == seen + 1
    Person.objects.filter(pk=record.pk).update(open_to_checks=False)
    assert counter() == seen + 2
    before_delete = counter()
    Person.objects.filter(pk=record.pk).delete()  # its two names go first, then the person
    assert counter() == before_delete + 3  # type: ignore[operator]
    other = AgencyFactory(code="counter-other", node_code="dev")
    assert PersonChanges.objects.filter(agency=other).first() is None


def test_a_person_written_after_the_index_was_built_is_found_by_the_next_check(
    world: World,
) -> None:
    open_to(world)
    matcher.person_index(world.here.pk)  # built, empty of Khattabi
    khattabi(world.here)
    deliver(world, query_body(world))
    (answer,) = answers_sent()
    assert answer["result"] == "hit"
