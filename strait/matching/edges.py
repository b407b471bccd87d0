"""Where Arabic and Latin spellings must agree: how a name begins and how it ends.

The consonant skeleton ignores vowels, so "علي" (Ali) and "Lava" share the skeleton L. But a
written Arabic word that begins with a consonant letter begins with a consonant in Latin too,
and a final long vowel or nisba ya ("التكريتي", al-Tikriti) ends in a vowel in Latin. These
two checks are cheap and separate most skeleton look-alikes.
"""

from __future__ import annotations

#: Latin beginning -> Arabic beginnings it may spell.
BEGINS: dict[str, frozenset[str]] = {
    "V": frozenset("Vv"),
    "W": frozenset("W"),
    "Y": frozenset("Y"),
    "C": frozenset("C"),
}
#: Latin beginnings that may drop an Arabic initial alef, at a cost ("Brahim", "Driss").
ELIDED_ALEF = 0.85
#: Latin ending -> Arabic endings it may spell (see latin_edges and arabic_edges).
ENDS: dict[str, frozenset[str]] = {
    "I": frozenset("YG"),
    "A": frozenset("AYTHG"),
    "AH": frozenset("THAGC"),
    "AT": frozenset("TCG"),
    "U": frozenset("WG"),
    "E": frozenset("CTGYH"),  # French mute e, or Spanish "Enrique" (إنريكي)
    "C": frozenset("CGHW"),
}


def edges_agree(
    latin_begins: frozenset[str],
    latin_ends: frozenset[str],
    arabic_begins: frozenset[str],
    arabic_ends: frozenset[str],
) -> tuple[float, bool]:
    """How well some reading of the Latin token begins as the Arabic one (1, ELIDED_ALEF or
    0), and whether it may end as the Arabic one."""
    if any(BEGINS[b] & arabic_begins for b in latin_begins):
        begins = 1.0
    elif "C" in latin_begins and "v" in arabic_begins:
        begins = ELIDED_ALEF
    else:
        begins = 0.0
    ends = any(ENDS[e] & arabic_ends for e in latin_ends)
    return begins, ends
