"""The public API: Index.add, Index.search, Match and its explanation."""

from __future__ import annotations

import json

import pytest

from strait.matching import THRESHOLD, Index, InvalidIdentifier, PartialDate
from strait.matching.synthetic import generate_persons, query_variant


@pytest.fixture
def index() -> Index:
    index = Index()
    index.add("ma-1", ["عبد اللطيف الخطابي"], ["1980-03-12"], [("phone", "0661123456", "MA")])
    index.add("ma-2", ["محمد العلمي"], ["1975"])
    index.add("es-1", ["Jalid el Jatabi", "Khalid Khattabi"], ["1990-05-01"])
    index.add("es-2", ["María García López"], [], [("document", "X1234567L")])
    return index


def test_search_finds_across_scripts(index: Index) -> None:
    best = index.search(["Abdelatif El Khattabi"])[0]
    assert best.record_id == "ma-1"
    assert best.flagged


def test_explanation_says_what_matched(index: Index) -> None:
    best = index.search(["Abdelatif El Khattabi"], ["1980-12-03"])[0]
    explanation = best.explanation
    assert explanation.name is not None
    assert {(p.query, p.record) for p in explanation.name.pairs} == {
        ("abdelatif", "عبد اللطيف"),
        ("khattabi", "الخطابي"),
    }
    assert explanation.dob is not None
    assert explanation.dob.relation == "day-month swapped"
    assert explanation.features["name"] == pytest.approx(1.0)
    summary = explanation.summary()
    assert "khattabi~الخطابي" in summary
    assert "day-month swapped" in summary


def test_date_of_birth_conflict_lowers_the_score(index: Index) -> None:
    agree = index.search(["Khalid Khattabi"], ["1990-05-01"])[0]
    conflict = index.search(["Khalid Khattabi"], ["1961-09-30"])[0]
    assert agree.record_id == conflict.record_id == "es-1"
    assert agree.score > conflict.score
    assert not conflict.flagged


def test_identifier_alone_is_a_hit(index: Index) -> None:
    found = index.search(["Somebody Else"], identifiers=[("phone", "+212 661-123456")])
    assert found[0].record_id == "ma-1"
    assert found[0].flagged
    assert found[0].explanation.identifiers == ("phone:+212661123456",)


def test_document_matches_whatever_the_separators(index: Index) -> None:
    found = index.search([], identifiers=[("document", "x-1234567-l")])
    assert [m.record_id for m in found] == ["es-2"]


def test_unrelated_query_flags_nothing(index: Index) -> None:
    assert not [m for m in index.search(["Pedro Sánchez Pérez"]) if m.flagged]


def test_limit_and_order(index: Index) -> None:
    found = index.search(["Khattabi"], limit=2)
    assert len(found) <= 2
    assert [m.score for m in found] == sorted((m.score for m in found), reverse=True)


def test_add_validates_before_storing(index: Index) -> None:
    with pytest.raises(ValueError, match="date of birth"):
        index.add("bad-1", ["Ali Tazi"], ["sometime in 1970"])
    with pytest.raises(InvalidIdentifier):
        index.add("bad-2", ["Ali Tazi"], [], [("imo", "123")])
    with pytest.raises(ValueError, match="neither"):
        index.add("bad-3", ["  ", "-"])
    assert "bad-1" not in index
    assert len(index) == 4


def test_duplicate_id_is_refused(index: Index) -> None:
    with pytest.raises(KeyError):
        index.add("ma-1", ["Ali"])


def test_remove_takes_a_record_out(index: Index) -> None:
    index.remove("ma-1")
    assert "ma-1" not in index
    assert all(m.record_id != "ma-1" for m in index.search(["Abdelatif El Khattabi"]))


def test_dates_may_be_partial_objects() -> None:
    index = Index()
    index.add("p", ["Ali Tazi"], [PartialDate(1970, 2)])
    found = index.search(["علي التازي"], [PartialDate(1970)])
    assert found[0].explanation.dob is not None
    assert found[0].explanation.dob.relation == "same year"


def test_threshold_is_documented_value() -> None:
    assert 0.5 < THRESHOLD < 1.0


def test_synthetic_persons_are_found_by_their_other_spellings() -> None:
    import random

    rng = random.Random(7)
    persons = list(generate_persons(2000, seed=3))
    index = Index()
    for person in persons:
        index.add(person.id, person.names, person.birth_dates)
    hits = 0
    sample = rng.sample(persons, 100)
    for person in sample:
        name, dates = query_variant(person, rng)
        found = index.search([name], dates, limit=5)
        hits += any(m.record_id == person.id for m in found)
    assert hits >= 90


def test_synthetic_generation_is_deterministic() -> None:
    assert list(generate_persons(5, seed=1)) == list(generate_persons(5, seed=1))


def test_explanation_as_data_holds_the_same_evidence(index: Index) -> None:
    """as_dict() is what the checks pages render in the reader's language: it must carry the
    names as written, each pair with how it matched, and the date relation."""
    best = index.search(names=["Abdelatif El Khattabi"], birth_dates=["1980-12-03"])[0]
    data = best.explanation.as_dict()
    assert data["features"] == dict(best.explanation.features)
    assert data["name"]["record_name"] == best.explanation.name.record_name  # type: ignore[union-attr]
    assert {p["how"] for p in data["name"]["pairs"]} <= {
        "same spelling",
        "same key",
        "same skeleton",
        "close skeleton",
        "close spelling",
    }
    assert data["dob"]["relation"] == "day-month swapped"
    assert json.loads(json.dumps(data)) == data
