"""The scorer: named features, their weights, and the explanation every result carries.

``score = clamp(name + dob_weight(dob) + identifier bonus, 0, 1)`` where

* ``name`` is the best :class:`~strait.matching.names.NameComparison` between any query name
  and any record name (0..1);
* ``dob`` is the best :class:`~strait.matching.dates.DateComparison` value (-1..1), weighed by
  :data:`DOB_AGREE` when positive and :data:`DOB_CONFLICT` when negative, 0 when a side has
  no date;
* an identifier (phone, document, plate, IMO, MMSI, registration) equal on both sides after
  normalisation lifts the score to at least :data:`IDENTIFIER_FLOOR`.

A result at or above :data:`THRESHOLD` is flagged (a "hit" for a check).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from strait.matching.dates import DateComparison
from strait.matching.names import NameComparison

#: Operating threshold: flag a candidate at or above this score (see docs/matching.md).
THRESHOLD = 0.8
#: Weight of a positive date-of-birth agreement (exact date: +DOB_AGREE).
DOB_AGREE = 0.12
#: Weight of a date-of-birth conflict (different years: -DOB_CONFLICT).
DOB_CONFLICT = 0.25
#: An identical identifier makes a candidate at least this strong, whatever the names say.
IDENTIFIER_FLOOR = 0.9

WEIGHTS = {"name": 1.0, "dob_agree": DOB_AGREE, "dob_conflict": DOB_CONFLICT}


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why a record scored what it did: the feature values and the evidence behind them."""

    features: dict[str, float]
    name: NameComparison | None
    dob: DateComparison | None
    identifiers: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """The evidence as plain JSON-able data, for a caller that renders it itself (in the
        reader's language: the ``how`` and ``relation`` words are a fixed vocabulary)."""
        out: dict[str, Any] = {
            "features": dict(self.features),
            "identifiers": list(self.identifiers),
        }
        if self.name is not None:
            out["name"] = {
                "score": self.name.score,
                "query_name": self.name.query_name,
                "record_name": self.name.record_name,
                "pairs": [
                    {"query": p.query, "record": p.record, "similarity": p.similarity, "how": p.how}
                    for p in self.name.pairs
                ],
                "unmatched_query": list(self.name.unmatched_query),
                "unmatched_record": list(self.name.unmatched_record),
            }
        if self.dob is not None:
            out["dob"] = {
                "relation": self.dob.relation,
                "value": self.dob.value,
                "query": self.dob.query,
                "record": self.dob.record,
            }
        return out

    def summary(self) -> str:
        """One line for an analyst: which names and dates matched and how."""
        parts: list[str] = []
        if self.name is not None:
            pairs = ", ".join(
                f"{p.query}~{p.record} ({p.how}, {p.similarity:.2f})" for p in self.name.pairs
            )
            parts.append(
                f"name {self.name.score:.2f}: {self.name.query_name!r} ~ "
                f"{self.name.record_name!r} [{pairs}]"
            )
            if self.name.unmatched_query:
                parts.append("query only: " + ", ".join(self.name.unmatched_query))
            if self.name.unmatched_record:
                parts.append("record only: " + ", ".join(self.name.unmatched_record))
        if self.dob is not None:
            parts.append(f"date of birth {self.dob.query} ~ {self.dob.record}: {self.dob.relation}")
        if self.identifiers:
            parts.append("same identifier: " + ", ".join(self.identifiers))
        return "; ".join(parts)


@dataclass(frozen=True, slots=True)
class Match:
    """One search result."""

    record_id: str
    score: float
    explanation: Explanation = field(compare=False)

    @property
    def flagged(self) -> bool:
        return self.score >= THRESHOLD


def combine(
    name: NameComparison | None,
    dob: DateComparison | None,
    identifiers: tuple[str, ...] = (),
) -> tuple[float, Explanation]:
    """Weigh the features into a score and keep them as the explanation."""
    name_value = name.score if name is not None else 0.0
    dob_value = dob.value if dob is not None else 0.0
    features = {
        "name": round(name_value, 4),
        "dob": dob_value,
        "identifier": float(bool(identifiers)),
    }
    score = WEIGHTS["name"] * name_value
    if dob_value > 0:
        score += WEIGHTS["dob_agree"] * dob_value
    else:
        score += WEIGHTS["dob_conflict"] * dob_value
    if identifiers:
        score = max(score, IDENTIFIER_FLOOR + 0.1 * name_value)
    score = min(1.0, max(0.0, score))
    return round(score, 4), Explanation(features, name, dob, identifiers)
