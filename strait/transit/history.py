"""Public totals of earlier operations, as data: what the dashboard compares a season with when
the earlier year's daily figures are not in the system.

The figures are the rounded totals published at the end (or, for 2024, at a date) of each year's
operation (Spain's Operación Paso del Estrecho, Morocco's Marhaba); ``as_of`` says when the count
stopped. ``peak_day_passengers`` is the busiest day's count when it was published.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Season:
    year: int
    passengers: int
    vehicles: int
    as_of: dt.date
    peak_day_passengers: int | None = None
    note: str = ""


SEASONS: tuple[Season, ...] = (
    Season(2023, 3_220_000, 775_000, dt.date(2023, 9, 15)),
    Season(
        2024,
        2_980_000,
        733_000,
        dt.date(2024, 8, 30),
        peak_day_passengers=80_000,
        note="up to 80,000 passengers a day at the Moroccan ports",
    ),
)


def season(year: int) -> Season | None:
    return next((s for s in SEASONS if s.year == year), None)
