"""Folding text for search in Arabic, Spanish, French and English, and the keys a message is
found by.

``fold`` gives one spelling per word however it was typed: Unicode compatibility forms
(Arabic presentation forms) unfolded, every combining mark dropped (Arabic diacritics and the
hamza written above or below alef, waw and ya; Latin accents), alef maqsura read as ya, ta
marbuta as ha, tatweel removed, case folded, punctuation as spaces. Messages store the folded
subject, body and what they are about in ``search_text``; a query is folded the same way and each
of its words must be a word of it (on PostgreSQL through a full-text index, migration 0005).

What a message is about is also stored as search keys (``SearchKey`` rows, written with the
message): the normalised key of each subject (a case reference, phone, plate, vessel) and, for a
person, the matcher's name keys (``n:`` and the consonant skeleton of each name token, the same
in either script), so "Youssef" finds a message about "يوسف".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from strait.matching import parse_name

# alef maqsura → ya, ta marbuta → ha, tatweel dropped, alef wasla → alef.
_ARABIC_LETTERS = str.maketrans(
    {"\u0649": "\u064a", "\u0629": "\u0647", "\u0640": None, "\u0671": "\u0627"}
)
_NOT_WORD = re.compile(r"[^\w]+", re.UNICODE)

MAX_QUERY_WORDS = 8
MIN_WORD_LENGTH = 2


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    bare = bare.translate(_ARABIC_LETTERS).casefold()
    return " ".join(_NOT_WORD.sub(" ", bare).split())


def query_words(query: str) -> list[str]:
    """The folded words of a search query that are worth looking for, at most a few."""
    words = [w for w in fold(query).split() if len(w) >= MIN_WORD_LENGTH]
    return list(dict.fromkeys(words))[:MAX_QUERY_WORDS]


def search_text(subject: str, body: str, about: Iterable[str] = ()) -> str:
    """The folded words a message is searched by: subject, body and what it is about."""
    return fold("\n".join([subject, body, *about]))


def parties(agency_codes: Iterable[str]) -> str:
    """The words naming the agencies party to an item (``Message.search_parties``). Folded text
    never holds "@", so no word of a query is one of them."""
    return " ".join(PARTY + code for code in dict.fromkeys(agency_codes))


PARTY = "@"


def words_query(words: Iterable[str]) -> str:
    """A PostgreSQL ``tsquery`` (in its text form) where each word must be a word of the text.

    Whole words, not beginnings: a beginning ("embarc:*", "2025:*") makes the full-text index
    gather every word it begins, several times slower (benchmarks/exchange.py). The words come
    from ``query_words``: folded, so only word characters, which need no escape in quotes."""
    return " & ".join(f"'{w}'" for w in words)


def party_query(agency_code: str) -> str:
    """The ``tsquery`` term of one party (agency codes are slugs: nothing to escape)."""
    return f"'{PARTY}{agency_code}'"


def name_key_groups(name: str) -> list[list[str]]:
    """One group of name keys per token of ``name`` (the matcher's tokens: articles dropped,
    "Abd al-Latif" one token): a message about the name holds a key of every group."""
    groups = []
    for token in parse_name(name):
        keys = sorted(NAME_KEY + s for s in token.skeletons if s)
        if keys:
            groups.append(keys)
    return groups


def name_keys(name: str) -> set[str]:
    return {key for group in name_key_groups(name) for key in group}


NAME_KEY = "n:"
