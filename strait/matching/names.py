"""Comparing two parsed names, whatever their scripts and word order.

Tokens are paired greedily by similarity (best pair first), so "Khattabi Abdelatif" and
"Abdelatif El Khattabi" pair the same way. Each token carries a weight (rarer names weigh more,
titles and kunyas little); the name score is the weighted share of both names that is paired,
the query side counting more than the record side.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from strait.matching.tokens import NameToken

#: Share of the name score that comes from covering the query's tokens (the rest: the record's).
QUERY_SIDE = 0.6
#: Weight multiplier of a title ("Sheikh") or kunya ("Abu Ali").
WEAK_TOKEN = 0.35
#: Below this similarity two tokens do not pair at all.
MIN_TOKEN_SIMILARITY = 0.5


@dataclass(frozen=True, slots=True)
class TokenPair:
    query: str
    record: str
    similarity: float
    how: str  # "same key", "same skeleton", "close skeleton", "close spelling"


@dataclass(frozen=True, slots=True)
class NameComparison:
    score: float
    query_name: str
    record_name: str
    pairs: tuple[TokenPair, ...]
    unmatched_query: tuple[str, ...]
    unmatched_record: tuple[str, ...]


def _skeleton_similarity(a: frozenset[str], b: frozenset[str]) -> float:
    if a & b:
        return 1.0
    best = 0.0
    for x in a:
        for y in b:
            longest = max(len(x), len(y))
            if longest == 0:
                continue
            distance = Levenshtein.distance(x, y, score_cutoff=2)
            if distance > 2 or min(len(x), len(y)) < 3:
                continue
            best = max(best, (1.0 - distance / longest) ** 1.5)
    return best


def token_similarity(a: NameToken, b: NameToken) -> tuple[float, str]:
    """Similarity in [0, 1] of two tokens and how it was established."""
    if not a.arabic and not b.arabic:
        if a.key == b.key:
            return 1.0, "same key"
        spelling = Levenshtein.normalized_similarity(a.key, b.key)
        skeleton = _skeleton_similarity(a.skeletons, b.skeletons)
        sim = 0.5 * spelling + 0.5 * skeleton
        return sim, "same skeleton" if skeleton == 1.0 else "close spelling"
    sim = _skeleton_similarity(a.skeletons, b.skeletons)
    if not any(a.skeletons) and not any(b.skeletons):
        return 0.8, "vowels only"
    return sim, "same skeleton" if sim == 1.0 else "close skeleton"


def compare_tokens(
    query: Sequence[NameToken],
    record: Sequence[NameToken],
    weight: Callable[[NameToken], float],
    *,
    query_name: str = "",
    record_name: str = "",
) -> NameComparison:
    """Pair the tokens of two names and score the pairing (see the module docstring)."""
    candidates: list[tuple[float, int, int, str]] = []
    for i, q in enumerate(query):
        for j, r in enumerate(record):
            sim, how = token_similarity(q, r)
            if sim >= MIN_TOKEN_SIMILARITY:
                candidates.append((sim, i, j, how))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_q: set[int] = set()
    used_r: set[int] = set()
    pairs: list[TokenPair] = []
    q_weights = [weight(t) * (WEAK_TOKEN if t.weak else 1.0) for t in query]
    r_weights = [weight(t) * (WEAK_TOKEN if t.weak else 1.0) for t in record]
    matched_q = matched_r = 0.0
    for sim, i, j, how in candidates:
        if i in used_q or j in used_r:
            continue
        used_q.add(i)
        used_r.add(j)
        pairs.append(TokenPair(query[i].text, record[j].text, round(sim, 3), how))
        matched_q += q_weights[i] * sim
        matched_r += r_weights[j] * sim
    total_q = sum(q_weights) or 1.0
    total_r = sum(r_weights) or 1.0
    score = QUERY_SIDE * matched_q / total_q + (1 - QUERY_SIDE) * matched_r / total_r
    return NameComparison(
        score=score,
        query_name=query_name,
        record_name=record_name,
        pairs=tuple(pairs),
        unmatched_query=tuple(t.text for i, t in enumerate(query) if i not in used_q),
        unmatched_record=tuple(t.text for j, t in enumerate(record) if j not in used_r),
    )
