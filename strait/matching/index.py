"""The candidate index: blocking keys to find the few records worth scoring, then the scorer.

Each record's names are parsed once into tokens. The index keeps postings (record numbers) for

* every skeleton of every token (``t:XTB``), and
* every pair of tokens within one name (``p:BDLTF|XTB``), which stays selective when both
  tokens are common (Mohamed + Alami).

A search groups its keys by token and token pair, reads the groups from the rarest up
within a budget of postings, ranks the records reached by the summed rarity of the groups they
share, and scores the best :data:`CANDIDATES` of them with
:func:`strait.matching.scoring.combine`.
"""

from __future__ import annotations

import heapq
import math
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from operator import itemgetter

from strait.matching.dates import PartialDate, compare_dates, parse_date
from strait.matching.identifiers import identifier_key
from strait.matching.names import NameComparison, compare_tokens
from strait.matching.scoring import Match, combine
from strait.matching.tokens import NameToken, parse_name

#: Records scored in full per search (the rest are ranked out by the blocking vote).
CANDIDATES = 100
#: Records whose vote is below this share of the best vote are not scored.
MIN_VOTE_SHARE = 0.5
#: Postings read per search before the commoner keys are skipped.
POSTINGS_BUDGET = 5_000
#: Skeleton pairs indexed per pair of tokens (tokens with several readings).
PAIR_VARIANTS = 6

#: An identifier as given to :meth:`Index.add`: (kind, value) or (kind, value, country).
IdentifierInput = tuple[str, str] | tuple[str, str, str | None]


@dataclass(frozen=True, slots=True)
class _Name:
    text: str
    tokens: tuple[NameToken, ...]


def _parse_names(names: Iterable[str]) -> tuple[_Name, ...]:
    parsed = []
    for text in names:
        tokens = parse_name(text)
        if tokens:
            parsed.append(_Name(text, tokens))
    return tuple(parsed)


def _parse_dates(dates: Iterable[str | PartialDate]) -> tuple[PartialDate, ...]:
    return tuple(d if isinstance(d, PartialDate) else parse_date(d) for d in dates)


def _identifier_keys(identifiers: Iterable[IdentifierInput]) -> tuple[str, ...]:
    keys = []
    for item in identifiers:
        kind, value = item[0], item[1]
        country = item[2] if len(item) > 2 else None
        keys.append(identifier_key(kind, value, country))
    return tuple(sorted(set(keys)))


def _key_groups(names: Sequence[_Name]) -> list[list[str]]:
    """Blocking keys, grouped: one group per token and per pair of tokens in a name.

    A record reached by several keys of one group (several readings of one token) counts
    that group once, so a token with many readings does not outvote the others.
    """
    groups: list[list[str]] = []
    for name in names:
        for token in name.tokens:
            groups.append(["t:" + s for s in sorted(token.skeletons) if s])
        for a, b in combinations(name.tokens, 2):
            pairs = sorted("|".join(sorted((sa, sb))) for sa in a.skeletons for sb in b.skeletons)
            groups.append(["p:" + p for p in pairs[:PAIR_VARIANTS] if not p.startswith("|")])
    return [g for g in groups if g]


class Index:
    """Records (persons) searchable by name across scripts, date of birth and identifiers."""

    def __init__(self) -> None:
        self._ids: list[str] = []
        self._numbers: dict[str, int] = {}
        self._names: list[tuple[_Name, ...]] = []
        self._dates: list[tuple[PartialDate, ...]] = []
        self._identifiers: list[tuple[str, ...]] = []
        self._postings: dict[str, array[int]] = {}
        self._by_identifier: dict[str, list[int]] = {}
        self._removed: set[int] = set()

    def __len__(self) -> int:
        return len(self._ids) - len(self._removed)

    def __contains__(self, record_id: object) -> bool:
        number = self._numbers.get(record_id) if isinstance(record_id, str) else None
        return number is not None and number not in self._removed

    def add(
        self,
        record_id: str,
        names: Iterable[str],
        birth_dates: Iterable[str | PartialDate] = (),
        identifiers: Iterable[IdentifierInput] = (),
    ) -> None:
        """Index one record. Everything is validated before anything is stored.

        ``birth_dates`` are ISO strings ("1975", "1975-03", "1975-03-14") or
        :class:`PartialDate`; ``identifiers`` are ``(kind, value[, country])`` with kinds from
        :class:`~strait.matching.identifiers.IdentifierKind`. Raises ``ValueError`` (or its
        subclass ``InvalidIdentifier``) on a bad value and ``KeyError`` on a duplicate id.
        """
        if record_id in self:
            raise KeyError(f"record already indexed: {record_id!r}")
        parsed = _parse_names(names)
        dates = _parse_dates(birth_dates)
        id_keys = _identifier_keys(identifiers)
        if not parsed and not id_keys:
            raise ValueError(f"record {record_id!r} has neither a usable name nor an identifier")
        number = len(self._ids)
        self._ids.append(record_id)
        self._numbers[record_id] = number
        self._names.append(parsed)
        self._dates.append(dates)
        self._identifiers.append(id_keys)
        for key in {key for group in _key_groups(parsed) for key in group}:
            postings = self._postings.get(key)
            if postings is None:
                postings = self._postings[key] = array("I")
            postings.append(number)
        for key in id_keys:
            self._by_identifier.setdefault(key, []).append(number)

    def remove(self, record_id: str) -> None:
        """Take a record out of every result (erasure); its postings are skipped from now on."""
        number = self._numbers.pop(record_id)
        self._removed.add(number)

    # -- searching -------------------------------------------------------------------------

    def _df(self, key: str) -> int:
        postings = self._postings.get(key)
        return len(postings) if postings is not None else 0

    def _idf(self, key: str) -> float:
        return math.log((len(self._ids) + 1) / (self._df(key) + 1)) + 1.0

    def token_weight(self, token: NameToken) -> float:
        """How much a token counts in a name: the rarer in this index, the more."""
        if not any(token.skeletons):
            return 1.0
        return min(self._idf("t:" + s) for s in token.skeletons if s)

    def _candidates(self, groups: list[list[str]], exclude: set[int]) -> list[int]:
        votes: dict[int, float] = {}
        budget = POSTINGS_BUDGET
        ranked_groups = sorted((sum(self._df(k) for k in g), g) for g in groups)
        for df, group in ranked_groups:
            if df == 0:
                continue
            if df > budget and votes:
                break
            budget -= df
            best: dict[int, float] = {}
            for key in group:
                postings = self._postings.get(key)
                if postings is None:
                    continue
                weight = self._idf(key)
                for number in postings:
                    if best.get(number, 0.0) < weight:
                        best[number] = weight
            for number, weight in best.items():
                votes[number] = votes.get(number, 0.0) + weight
        for number in exclude:
            votes.pop(number, None)
        ranked = heapq.nlargest(CANDIDATES, votes.items(), key=itemgetter(1))
        if not ranked:
            return []
        floor = ranked[0][1] * MIN_VOTE_SHARE
        return [number for number, vote in ranked if vote >= floor]

    def search(
        self,
        names: Iterable[str],
        birth_dates: Iterable[str | PartialDate] = (),
        identifiers: Iterable[IdentifierInput] = (),
        limit: int = 5,
    ) -> list[Match]:
        """The ``limit`` best-scoring records, best first, each with its explanation."""
        query_names = _parse_names(names)
        query_dates = _parse_dates(birth_dates)
        query_ids = _identifier_keys(identifiers)
        numbers: dict[int, None] = {}
        for key in query_ids:
            for number in self._by_identifier.get(key, ()):
                numbers[number] = None
        for number in self._candidates(_key_groups(query_names), set(numbers)):
            numbers[number] = None
        weights: dict[int, float] = {}

        def weight(token: NameToken) -> float:
            found = weights.get(id(token))
            if found is None:
                found = weights[id(token)] = self.token_weight(token)
            return found

        results: list[Match] = []
        for number in numbers:
            if number in self._removed:
                continue
            best: NameComparison | None = None
            for q in query_names:
                for r in self._names[number]:
                    found = compare_tokens(
                        q.tokens, r.tokens, weight, query_name=q.text, record_name=r.text
                    )
                    if best is None or found.score > best.score:
                        best = found
            dob = compare_dates(query_dates, self._dates[number]) if query_dates else None
            shared = tuple(k for k in query_ids if k in self._identifiers[number])
            score, explanation = combine(best, dob, shared)
            results.append(Match(self._ids[number], score, explanation))
        results.sort(key=lambda m: (-m.score, m.record_id))
        return results[:limit]
