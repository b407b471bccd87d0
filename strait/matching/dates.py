"""Dates of birth as the lists hold them: partial (a year, a month), swapped, or conflicting."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_ISO = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*$")
_DMY = re.compile(r"^\s*(\d{1,2})[./-](\d{1,2})[./-](\d{4})\s*$")


@dataclass(frozen=True, slots=True, order=True)
class PartialDate:
    """A date of birth known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    def __str__(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month is not None:
            parts.append(f"{self.month:02d}")
            if self.day is not None:
                parts.append(f"{self.day:02d}")
        return "-".join(parts)


def parse_date(text: str) -> PartialDate:
    """Parse "1975", "1975-03", "1975-03-14" or "14/03/1975"; raise ValueError otherwise."""
    month: int | None
    day: int | None
    if match := _ISO.match(text):
        year = int(match.group(1))
        month, day = (int(g) if g else None for g in match.groups()[1:])
    elif match := _DMY.match(text):
        day, month, year = (int(g) for g in match.groups())
    else:
        raise ValueError(f"not a date of birth: {text!r}")
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"month out of range in {text!r}")
    if day is not None and not 1 <= day <= 31:
        raise ValueError(f"day out of range in {text!r}")
    return PartialDate(year, month, day if month is not None else None)


@dataclass(frozen=True, slots=True)
class DateComparison:
    """How two dates of birth relate, and the feature value the scorer weighs."""

    relation: str  # exact, same month, same year, day-month swapped, year off by one, conflict
    value: float  # +1 full agreement ... -1 conflict
    query: str
    record: str


# Relation -> feature value. Partial agreement is weaker evidence than a full date.
_VALUES = {
    "exact": 1.0,
    "day-month swapped": 0.7,
    "same month": 0.6,
    "same year": 0.4,
    "year off by one": 0.0,
    "same year, other day": -0.3,
    "conflict": -1.0,
}


def _relation(a: PartialDate, b: PartialDate) -> str:
    if a.year != b.year:
        if abs(a.year - b.year) == 1 and (a.month, a.day) == (b.month, b.day):
            return "year off by one"
        return "conflict"
    if a.month is None or b.month is None:
        return "same year"
    if a.day is not None and b.day is not None:
        if (a.month, a.day) == (b.month, b.day):
            return "exact"
        if (a.month, a.day) == (b.day, b.month):
            return "day-month swapped"
        if (a.month, a.day) == (1, 1) or (b.month, b.day) == (1, 1):
            return "same year"  # 1 January stands in for "unknown" in many registers
        return "same year, other day"
    if a.month == b.month:
        return "same month"
    return "same year, other day"


def compare_dates(
    query: Iterable[PartialDate], record: Iterable[PartialDate]
) -> DateComparison | None:
    """The best agreement between any query date and any record date; None if a side has none."""
    record = list(record)
    best: DateComparison | None = None
    for a in query:
        for b in record:
            relation = _relation(a, b)
            found = DateComparison(relation, _VALUES[relation], str(a), str(b))
            if best is None or found.value > best.value:
                best = found
    return best
