# ruff: noqa: RUF001 - Arabic letters are this module's data, not look-alikes
"""Arabic-to-Latin transliteration: a readable romanisation and the comparable skeleton.

Input is one Arabic-script token already passed through
:func:`strait.matching.arabic.normalise_arabic` with ``fold_ta_marbuta=False``.
"""

from __future__ import annotations

from functools import lru_cache

from strait.matching.skeleton import VOWEL, Segment, expand

# Letter -> (readable romanisation, skeleton classes). A vowel letter has no class.
_LETTERS: dict[str, tuple[str, Segment]] = {
    "ا": ("a", VOWEL),
    "و": ("w", VOWEL),
    "ي": ("y", VOWEL),
    "ع": ("'", VOWEL),
    "ء": ("'", VOWEL),
    "ب": ("b", ("B",)),
    "پ": ("p", ("B",)),
    "ت": ("t", ("T",)),
    "ط": ("t", ("T",)),
    "ث": ("th", ("T", "S")),
    "ج": ("j", ("J",)),
    "ح": ("h", ("H",)),
    "خ": ("kh", ("X",)),
    "د": ("d", ("D",)),
    "ذ": ("dh", ("D", "Z")),
    "ر": ("r", ("R",)),
    "ز": ("z", ("Z",)),
    "ژ": ("zh", ("Z",)),
    "س": ("s", ("S",)),
    "ص": ("s", ("S",)),
    "ش": ("sh", ("C",)),
    "چ": ("ch", ("C",)),
    "ض": ("d", ("D", "Z")),
    "ظ": ("z", ("Z", "D")),
    "غ": ("gh", ("K",)),
    "ف": ("f", ("F",)),
    "ڤ": ("v", VOWEL),
    "ق": ("q", ("K",)),
    "ك": ("k", ("K",)),
    "گ": ("g", ("K",)),
    "ل": ("l", ("L",)),
    "م": ("m", ("M",)),
    "ن": ("n", ("N",)),
    "ه": ("h", ("H",)),
    "ة": ("a", ("", "H", "T")),
}

_FINAL_HA: Segment = ("H", "")


def romanise_arabic(token: str) -> str:
    """A plain ASCII reading of an Arabic token, for explanations ("الخطابي" -> "alkhtaby")."""
    return "".join(_LETTERS.get(ch, (ch if ch.isascii() else "", VOWEL))[0] for ch in token)


@lru_cache(maxsize=200_000)
def arabic_skeletons(token: str) -> frozenset[str]:
    """The skeleton(s) of one normalised Arabic token (see :mod:`strait.matching.skeleton`)."""
    segments: list[Segment] = []
    for ch in token:
        entry = _LETTERS.get(ch)
        if entry is None:
            continue
        segments.append(entry[1])
    if token.endswith("ه") and len(token) > 2:
        # A final ha is often the pronounced-in-pause ta marbuta or dropped ("Salama").
        segments[-1] = _FINAL_HA
    return expand(segments, merge_doubles=False)


def arabic_edges(token: str) -> tuple[str, str]:
    """How a normalised Arabic token begins and ends, for :mod:`strait.matching.edges`.

    Begins: v (alef: a vowel in Latin, often elided in the Maghreb: "Brahim"), V (ayn),
    W (waw), Y (ya), C (other consonant).
    Ends: Y (ya, alef maqsura), A (alef), T (ta marbuta), H (ha), W (waw), G (ayn, hamza),
    C (other consonant).
    """
    first, last = token[:1], token[-1:]
    begins = {"ا": "v", "ع": "V", "و": "W", "ي": "Y"}.get(first, "C")
    ends = {"ي": "Y", "ا": "A", "ة": "T", "ه": "H", "و": "W", "ع": "G", "ء": "G"}.get(last, "C")
    return begins, ends
