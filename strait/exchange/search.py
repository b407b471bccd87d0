"""Folding text for search in Arabic, Spanish, French and English.

``fold`` gives one spelling per word however it was typed: Unicode compatibility forms
(Arabic presentation forms) unfolded, every combining mark dropped (Arabic diacritics and the
hamza written above or below alef, waw and ya; Latin accents), alef maqsura read as ya, ta
marbuta as ha, tatweel removed, case folded, punctuation as spaces. Messages store the folded
subject and body in ``search_text``; a query is folded the same way and each of its words must
occur. On PostgreSQL a trigram index serves those substring tests (migration 0003, see
``search_key``).
"""

from __future__ import annotations

import re
import unicodedata

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


def search_text(subject: str, body: str) -> str:
    return fold(f"{subject}\n{body}")


# The trigram index (migration 0003) reads ``search_key(search_text)``, not ``search_text``:
# pg_trgm takes trigrams only from letters its database's LC_CTYPE knows, and under the C locale
# (a common default) that leaves every Arabic word out of the index. Mapping each folded Arabic
# letter and digit to an ASCII one keeps Arabic words in it whatever the locale; what the map
# makes equal (an Arabic word and a Latin one) the exact test on ``search_text`` tells apart.
# Migration 0003 holds a frozen copy of these two strings in SQL: change both or neither.
KEY_FROM = "ءابتثجحخدذرزسشصضطظعغفقكلمنهويڤگڭکی٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹"
KEY_TO = "2abtcj75dezrsxpouv3gf9klmnhwyqggky01234567890123456789"
_KEY = str.maketrans(KEY_FROM, KEY_TO)


def search_key(folded: str) -> str:
    """What PostgreSQL's ``exchange_search_key`` gives for folded text."""
    return folded.translate(_KEY)
