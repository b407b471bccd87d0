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

from strait.matching.edges import edges_agree
from strait.matching.tokens import NameToken

#: Share of the name score that comes from covering the query's tokens (the rest: the record's).
QUERY_SIDE = 0.7
#: Weight multiplier of a title ("Sheikh") or kunya ("Abu Ali").
WEAK_TOKEN = 0.35
#: Factor on a cross-script token similarity when the beginnings (or endings) disagree.
EDGE_MISMATCH = 0.5
#: Penalty times the smaller of the two unpaired shares (query side, record side).
CONFLICT_PENALTY = 0.5
#: Penalty times the share of an unpaired leading name (see _shift).
SHIFT_PENALTY = 0.6
#: Highest name score when fewer than two tokens (titles aside) pair in a multi-token name.
SINGLE_TOKEN_CAP = 0.7
#: Similarity a joined pair of adjacent tokens needs to pair with one token.
MERGE_SIMILARITY = 0.9
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
    query_coverage: float = 0.0  # weighted share of the query's tokens that paired


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


def _latin_edges_differ(a: NameToken, b: NameToken) -> bool:
    # Between two Latin spellings only the clear cases count: a vowel against a consonant at
    # the start ("Iman" / "Manal"), a nisba "-i" against a consonant ("Jabari" / "Jabir").
    vowel_start: tuple[frozenset[str], frozenset[str]] = (frozenset("V"), frozenset("C"))
    if (a.begins, b.begins) in (vowel_start, vowel_start[::-1]):
        return True
    return ("I" in a.ends and "C" in b.ends and "I" not in b.ends) or (
        "I" in b.ends and "C" in a.ends and "I" not in a.ends
    )


_CACHE: dict[tuple[int, int], tuple[float, str]] = {}  # by NameToken.uid
_CACHE_LIMIT = 2_000_000


def token_similarity(a: NameToken, b: NameToken) -> tuple[float, str]:
    """Similarity in [0, 1] of two tokens and how it was established.

    Results are cached for interned tokens (every token
    :func:`~strait.matching.tokens.parse_name` returns is interned).
    """
    if not a.uid or not b.uid:
        return _token_similarity(a, b)
    cache_key = (a.uid, b.uid)
    found = _CACHE.get(cache_key)
    if found is None:
        if len(_CACHE) >= _CACHE_LIMIT:
            _CACHE.clear()
        found = _CACHE[cache_key] = _token_similarity(a, b)
    return found


def _token_similarity(a: NameToken, b: NameToken) -> tuple[float, str]:
    if a.arabic and b.arabic:
        if a.key == b.key:
            return 1.0, "same spelling"
        spelling = Levenshtein.normalized_similarity(a.key, b.key)
        skeleton = _skeleton_similarity(a.skeletons, b.skeletons)
        return 0.5 * spelling + 0.5 * skeleton, "close spelling"
    if not a.arabic and not b.arabic:
        if a.key == b.key:
            return 1.0, "same key"
        spelling = Levenshtein.normalized_similarity(a.key, b.key)
        skeleton = _skeleton_similarity(a.skeletons, b.skeletons)
        sim = 0.5 * spelling + 0.5 * skeleton
        how = "same skeleton" if skeleton == 1.0 else "close spelling"
        if _latin_edges_differ(a, b):
            sim *= EDGE_MISMATCH
            how += ", other beginning or ending"
        return sim, how
    sim = _skeleton_similarity(a.skeletons, b.skeletons)
    if not any(a.skeletons) and not any(b.skeletons):
        sim = 0.8
    if sim == 0.0:
        return 0.0, "different"
    latin, arabic = (b, a) if a.arabic else (a, b)
    begins, ends = edges_agree(latin.begins, latin.ends, arabic.begins, arabic.ends)
    how = "same skeleton" if sim == 1.0 else "close skeleton"
    if begins < 1.0:
        sim *= begins or EDGE_MISMATCH
        how += ", elided alef" if begins else ", other beginning"
    if not ends:
        sim *= EDGE_MISMATCH
        how += ", other ending"
    return sim, how


def _merged(tokens: Sequence[NameToken], i: int) -> NameToken:
    a, b = tokens[i], tokens[i + 1]
    return NameToken(
        text=f"{a.text} {b.text}",
        skeletons=frozenset(x + y for x in a.skeletons for y in b.skeletons),
        key=a.key + b.key,
        arabic=a.arabic,
        begins=a.begins,
        ends=b.ends,
        weak=a.weak and b.weak,
    )


def _first(tokens: Sequence[NameToken]) -> int | None:
    return next((i for i, t in enumerate(tokens) if not t.weak), None)


def _shift(
    query: Sequence[NameToken],
    record: Sequence[NameToken],
    paired: list[tuple[tuple[int, ...], tuple[int, ...], float, str]],
    q_weights: list[float],
    r_weights: list[float],
) -> float:
    """The share of an unpaired leading name when the other side's leading name is paired.

    An Arabic name is a chain: given name, father's name, grandfather's name. "Uday Saddam
    Hussein" against "Saddam Hussein" is the son against the father, not an abbreviation.
    """
    q_first, r_first = _first(query), _first(record)
    if q_first is None or r_first is None:
        return 0.0
    q_of = {i: rs for qs, rs, _, _ in paired for i in qs}
    r_of = {j: qs for qs, rs, _, _ in paired for j in rs}
    if q_first not in q_of and r_first in r_of:
        return q_weights[q_first] / (sum(q_weights) or 1.0)
    if r_first not in r_of and q_first in q_of:
        return r_weights[r_first] / (sum(r_weights) or 1.0)
    return 0.0


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
    q_weights = [weight(t) * (WEAK_TOKEN if t.weak else 1.0) for t in query]
    r_weights = [weight(t) * (WEAK_TOKEN if t.weak else 1.0) for t in record]
    # (query indexes, record indexes, similarity, how)
    paired: list[tuple[tuple[int, ...], tuple[int, ...], float, str]] = []
    used_q: set[int] = set()
    used_r: set[int] = set()
    for sim, i, j, how in candidates:
        if i in used_q or j in used_r:
            continue
        used_q.add(i)
        used_r.add(j)
        paired.append(((i,), (j,), sim, how))
    # Names written as one word on one side and two on the other ("Miraghaei" / "Mir Aghaei").
    for side, other, used_side, used_other in (
        (query, record, used_q, used_r),
        (record, query, used_r, used_q),
    ):
        if len(used_other) == len(other):
            continue
        for i in range(len(side) - 1):
            if i in used_side or i + 1 in used_side:
                continue
            joined = _merged(side, i)
            for j, token in enumerate(other):
                if j in used_other:
                    continue
                sim, how = token_similarity(joined, token)
                if sim >= MERGE_SIMILARITY:
                    used_side.update((i, i + 1))
                    used_other.add(j)
                    pair = ((i, i + 1), (j,)) if side is query else ((j,), (i, i + 1))
                    paired.append((*pair, sim, how + ", joined"))
                    break
    matched_q = sum(q_weights[i] * sim for qs, _, sim, _ in paired for i in qs)
    matched_r = sum(r_weights[j] * sim for _, rs, sim, _ in paired for j in rs)
    total_q = sum(q_weights) or 1.0
    total_r = sum(r_weights) or 1.0
    score = QUERY_SIDE * matched_q / total_q + (1 - QUERY_SIDE) * matched_r / total_r
    # A name part on each side that pairs with nothing is a different name ("Khawla" vs
    # "Thoraya" among shared family names): stronger evidence against than a missing part.
    left_q = sum(w for i, w in enumerate(q_weights) if i not in used_q) / total_q
    left_r = sum(w for j, w in enumerate(r_weights) if j not in used_r) / total_r
    score -= CONFLICT_PENALTY * min(left_q, left_r)
    score -= SHIFT_PENALTY * _shift(query, record, paired, q_weights, r_weights)
    named = sum(1 for qs, _, _, _ in paired if not all(query[i].title for i in qs))
    if named < 2 and (len(query) > 1 or len(record) > 1):
        # One shared name among several does not identify a person.
        score = min(score, SINGLE_TOKEN_CAP)
    return NameComparison(
        score=max(0.0, score),
        query_name=query_name,
        record_name=record_name,
        pairs=tuple(
            TokenPair(
                " ".join(query[i].text for i in qs),
                " ".join(record[j].text for j in rs),
                round(sim, 3),
                how,
            )
            for qs, rs, sim, how in paired
        ),
        unmatched_query=tuple(t.text for i, t in enumerate(query) if i not in used_q),
        unmatched_record=tuple(t.text for j, t in enumerate(record) if j not in used_r),
        query_coverage=matched_q / total_q,
    )
