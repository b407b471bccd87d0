"""Match decisions: recorded one after another per pair, never changed, never deleted, except
erasure's redaction of what was said."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction

from strait.accounts.models import User
from strait.decisions import actions as decisions
from strait.decisions import queries
from strait.decisions.models import MatchDecision
from strait.permissions import Role

pytestmark = pytest.mark.django_db

PAIR = "check:00000000-0000-0000-0000-000000000001"


@pytest.fixture
def analyst(make_user: Callable[..., User]) -> User:
    return make_user(role=Role.ANALYST)


@pytest.fixture
def decided(analyst: User) -> MatchDecision:
    record_uid = uuid.uuid4()
    decisions.decide(analyst, record_uid, PAIR, "unsure", label="Ali (1980)", note="first")
    return decisions.decide(analyst, record_uid, PAIR, "match", label="Ali (1980)", note="second")


def test_a_decision_supersedes_the_one_in_force(decided: MatchDecision) -> None:
    first, second = queries.history(decided.agency_id, decided.record_uid, PAIR)[::-1]
    assert second.supersedes_id == first.pk
    assert decided.pk == second.pk


def test_a_decision_on_a_stale_view_supersedes_the_latest_not_the_old_one(
    analyst: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two analysts deciding the same pair at once: the second one read the decision in force
    before the first one's was stored. Deciding is serialised per pair: it supersedes the
    latest decision instead of failing on the one-to-one ``supersedes``."""
    record_uid = uuid.uuid4()
    first = decisions.decide(analyst, record_uid, PAIR, "unsure")
    decisions.decide(analyst, record_uid, PAIR, "match")  # the other analyst's, just stored
    real = queries.current_decision
    calls = iter([first])  # what the second analyst's first read saw

    def stale(*args: Any) -> MatchDecision | None:
        return next(calls, None) or real(*args)

    monkeypatch.setattr(queries, "current_decision", stale)
    latest = decisions.decide(analyst, record_uid, PAIR, "no_match")
    chain = queries.history(analyst.agency_id, record_uid, PAIR)
    assert [d.verdict for d in chain] == ["no_match", "match", "unsure"]
    assert latest.supersedes_id == chain[1].pk


def test_the_supersedes_link_is_still_one_to_one(decided: MatchDecision) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        MatchDecision.objects.create(
            agency_id=decided.agency_id,
            record_uid=decided.record_uid,
            counterpart=PAIR,
            verdict="match",
            decided_by_id=decided.decided_by_id,
            supersedes_id=decided.supersedes_id,
        )


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE matching_matchdecision SET verdict = 'no_match'",
        "UPDATE matching_matchdecision SET record_uid = record_uid || ''",
        "UPDATE matching_matchdecision SET counterpart = 'check:other'",
        "UPDATE matching_matchdecision SET supersedes_id = NULL",
        "UPDATE matching_matchdecision SET decided_at = decided_at + INTERVAL '1 day'",
        "UPDATE matching_matchdecision SET score = 0.5",
        "UPDATE matching_matchdecision SET note = 'rewritten'",
        "UPDATE matching_matchdecision SET counterpart_label = 'someone else'",
        "DELETE FROM matching_matchdecision",
    ],
)
def test_the_database_refuses_changes_and_deletion(decided: MatchDecision, sql: str) -> None:
    if connection.vendor == "sqlite":
        sql = sql.replace("record_uid || ''", "upper(record_uid)").replace(
            "decided_at + INTERVAL '1 day'", "'2000-01-01 00:00:00'"
        )
    elif "record_uid ||" in sql:
        sql = sql.replace("record_uid || ''", "gen_random_uuid()")
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
    assert MatchDecision.objects.count() == 2
    assert MatchDecision.objects.get(pk=decided.pk).verdict == "match"


def test_redact_blanks_what_was_said_and_nothing_else(decided: MatchDecision) -> None:
    other = decisions.decide(
        decided.decided_by, uuid.uuid4(), f"person:{decided.record_uid}", "match", label="Ali"
    )
    kept = decisions.decide(decided.decided_by, uuid.uuid4(), PAIR, "match", note="keep")
    assert decisions.redact(decided.record_uid) == 3
    for row in MatchDecision.objects.filter(pk__in=[decided.pk, decided.supersedes_id, other.pk]):
        assert (row.counterpart_label, row.note) == ("", "")
    assert MatchDecision.objects.get(pk=decided.pk).verdict == "match"
    assert MatchDecision.objects.get(pk=kept.pk).note == "keep"
    assert decisions.redact(decided.record_uid) == 0
