# ruff: noqa: RUF002 - Arabic letters are this module's data, not look-alikes
"""The consonant skeleton: the comparable key shared by Arabic-script and Latin-script names.

Arabic writes consonants and long vowels; Latin spellings of the same name add short vowels,
disagree on long ones and choose among several digraphs for one consonant. Both sides are
therefore reduced to a string of consonant classes, one capital letter per class, with vowels
and the semi-vowels (alef, waw, ya, ayn, hamza / a e i o u y w v) dropped:

====  ==============================  ============================================
key   Arabic                          Latin
====  ==============================  ============================================
B     ب پ                             b p
T     ت ط (ث, ة)                      t th
J     ج                               j dj (g)
H     ح ه (ة)                         h (j)
X     خ                               kh (j: Spanish "Jalid")
D     د (ذ ض ظ)                       d dh
R     ر                               r
Z     ز ژ ظ (ذ ض)                     z zh
S     س ص (ث)                         s, c before e/i
C     ش چ                             sh ch sch tch
K     ق ك گ غ                         k q c ck g gh
F     ف                               f ph
L M N ل م ن                           l m n
====  ==============================  ============================================

Letters in parentheses are alternatives: one token may yield a few skeletons (ذ is "dh" in one
list and "z" in another), and two tokens compare by their closest pair.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

#: One position of a spelled name: the classes it may stand for ("" = silent / vowel).
Segment = tuple[str, ...]

VOWEL: Segment = ("",)
MAX_VARIANTS = 12


def collapse(segments: Iterable[Segment]) -> list[Segment]:
    """Merge adjacent equal segments: a doubled letter (Latin "mm") is one consonant."""
    out: list[Segment] = []
    for seg in segments:
        if out and seg == out[-1] and seg != VOWEL:
            continue
        out.append(seg)
    return out


def expand(
    segments: Sequence[Segment], limit: int = MAX_VARIANTS, *, merge_doubles: bool = True
) -> frozenset[str]:
    """All skeletons a segment sequence may spell, at most ``limit`` of them.

    ``merge_doubles`` is for Latin, where "mm" is one consonant; Arabic writes a doubled
    consonant once (with an optional shadda), so two equal letters there are two consonants.

    The first option of each segment is the preferred reading, so the first skeleton built
    is always kept even when the alternatives are cut off.
    """
    results: list[str] = [""]
    for seg in collapse(segments) if merge_doubles else segments:
        if seg == VOWEL:
            continue
        grown = [prefix + option for option in seg for prefix in results]
        # Keep the preferred reading first, then as many alternatives as fit.
        results = list(dict.fromkeys(grown))[:limit]
    return frozenset(results)
