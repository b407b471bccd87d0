"""Where Arabic and Latin spellings must agree: how a name begins and how it ends.

The consonant skeleton ignores vowels, so "علي" (Ali) and "Lava" share the skeleton L. But a
written Arabic word that begins with a consonant letter begins with a consonant in Latin too,
and a final long vowel or nisba ya ("التكريتي", al-Tikriti) ends in a vowel in Latin. These
two checks are cheap and separate most skeleton look-alikes.
"""

from __future__ import annotations

#: Latin beginning -> Arabic beginnings it may spell.
BEGINS: dict[str, frozenset[str]] = {
    "V": frozenset("V"),
    "W": frozenset("W"),
    "Y": frozenset("Y"),
    "C": frozenset("C"),
}
#: Latin ending -> Arabic endings it may spell (see latin_edges and arabic_edges).
ENDS: dict[str, frozenset[str]] = {
    "I": frozenset("YG"),
    "A": frozenset("AYTHG"),
    "AH": frozenset("THAGC"),
    "AT": frozenset("TCG"),
    "U": frozenset("WG"),
    "E": frozenset("CTG"),
    "C": frozenset("CGHW"),
}


def edges_agree(
    latin_begins: frozenset[str],
    latin_ends: frozenset[str],
    arabic_begins: frozenset[str],
    arabic_ends: frozenset[str],
) -> tuple[bool, bool]:
    """Whether some reading of the Latin token begins, and ends, as the Arabic one may."""
    begins = any(BEGINS[b] & arabic_begins for b in latin_begins)
    ends = any(ENDS[e] & arabic_ends for e in latin_ends)
    return begins, ends
