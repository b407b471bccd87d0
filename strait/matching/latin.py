# ruff: noqa: RUF001 - Arabic letters are this module's data, not look-alikes
"""Latin-script normalisation: accents, case, and the spellings of French, Spanish and English.

Two keys come out of a Latin token:

* the **common key** (:func:`latin_key`) keeps vowels but folds the spelling conventions, so
  "Youssef" (French), "Yusuf" (English) and "Yúsef" (Spanish) become "iusuf", "Chakib" and
  "Shakib" become "shakib", "Djamal" and "Jamal" become "jamal", "Khalid" and the Spanish
  "Jalid" become "jalid";
* the **skeletons** (:func:`latin_skeletons`) keep only consonant classes and are comparable
  with Arabic-script names (see :mod:`strait.matching.skeleton`).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from strait.matching.skeleton import VOWEL, Segment, expand

_SPECIAL = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "ø": "o",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ı": "i",
        "ʿ": "'",
        "ʾ": "'",
        "‘": "'",
        "’": "'",
        "`": "'",
        "´": "'",
    }
)
_NOT_NAME = re.compile(r"[^a-z0-9' -]+")


# Letters with a caron (háček) mark a Czech or Slovak transliteration, as the EU lists use
# for some names ("Mohammed Šaháb Chanian" for Mohammad Shahab Khanian): there ch is kh,
# j is y, dž is j, and č, š, ž are ch, sh, zh.
_CARON = frozenset("čšžřěůňťď")
_CZECH_RULES: tuple[tuple[str, str], ...] = (
    ("j", "y"),
    ("dž", "j"),
    ("ch", "kh"),
    ("č", "ch"),
    ("š", "sh"),
    ("ž", "zh"),
)
# Invisible characters that PDF and web text leave inside words: soft hyphen, zero-width
# space, joiners, word joiner.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))


def fold_latin(text: str) -> str:
    """Lower-case ASCII without accents; punctuation other than apostrophe and hyphen is a space.

    A name written with carons is read as a Czech or Slovak transliteration (see _CZECH_RULES).
    """
    text = text.translate(_INVISIBLE).lower()
    if not _CARON.isdisjoint(text):
        for letters, spelled in _CZECH_RULES:
            text = text.replace(letters, spelled)
    text = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(_NOT_NAME.sub(" ", text).split())


# Ordered rewrites for the common key; earlier rules see the original spelling.
_KEY_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), repl)
    for pattern, repl in (
        (r"'", ""),
        (r"sch|tch", "sh"),
        (r"ch", "sh"),  # French and Spanish "ch" for shin: Chakib, Chaib
        (r"dj", "j"),  # French: Djamal
        (r"kh", "j"),  # Khalid ~ Spanish Jalid
        (r"ph", "f"),
        (r"ck|q", "k"),
        (r"c(?=[eiy])", "s"),
        (r"c", "k"),
        (r"x", "ks"),
        (r"ou|oo|w", "u"),  # French "ou", English "oo"/"w", Spanish "u"
        (r"ee|y", "i"),
        (r"e", "a"),
        (r"o", "u"),
        (r"(.)\1+", r"\1"),
    )
)


@lru_cache(maxsize=200_000)
def latin_key(token: str) -> str:
    """The vowelled common key of one folded Latin token (see the module docstring)."""
    for pattern, repl in _KEY_RULES:
        token = pattern.sub(repl, token)
    return token


# Digraphs first; each maps to its skeleton classes (see strait.matching.skeleton).
_DIGRAPHS: dict[str, Segment] = {
    "sch": ("C",),
    "tch": ("C",),
    "sh": ("C", "SH"),  # "Ishaq" is s-h
    "ch": ("C",),
    "kh": ("X",),
    "gh": ("K",),
    "rh": ("K", "R"),  # French spelling of ghayn: "Rhazouani", "Rhizlane"
    "th": ("T", "TH"),  # "Fathi" is t-h
    "dh": ("D", "DH", "Z"),  # "Adham" is d-h
    "zh": ("Z", "ZH"),  # "Nezha" is z-h
    "ph": ("F",),
    "dj": ("J",),
    "ck": ("K",),
}
_SINGLE: dict[str, Segment] = {
    "b": ("B",),
    "p": ("B",),
    "t": ("T",),
    "j": ("J", "X", "H"),  # English/French jim, Spanish kha or ha
    "h": ("H",),
    "d": ("D",),
    "r": ("R",),
    "z": ("Z",),
    "s": ("S",),
    "k": ("K",),
    "q": ("K",),
    "g": ("K", "J"),  # Egyptian "Gamal" is jim
    "f": ("F",),
    "l": ("L",),
    "m": ("M",),
    "n": ("N",),
}
_VOWELS = frozenset("aeiouyw")
_VOWEL_LETTERS = frozenset("aeiou")


def latin_segments(token: str) -> list[Segment]:
    """Split a folded Latin token into skeleton segments."""
    token = token.replace("'", "").replace("-", "")
    segments: list[Segment] = []
    i = 0
    while i < len(token):
        for size in (3, 2):
            seg = _DIGRAPHS.get(token[i : i + size])
            if seg is not None and len(token[i : i + size]) == size:
                segments.append(seg)
                i += size
                break
        else:
            ch = token[i]
            nxt = token[i + 1 : i + 2]
            prev = token[i - 1 : i] if i else ""
            if ch == "c":
                segments.append(("S",) if nxt in ("e", "i", "y") else ("K",))
            elif ch == "g" and nxt in ("e", "i"):
                segments.append(("K", "J", "X"))  # Spanish "Gil" is written خيل
            elif ch == "s" and prev in _VOWEL_LETTERS and nxt in _VOWEL_LETTERS:
                segments.append(("S", "Z"))  # "Isabel" is written إيزابيل
            elif ch == "v":
                segments.append(("", "F"))  # Persian waw, or European v written ف
            elif ch == "x":
                segments.extend((("K",), ("S",)))
            elif ch in _VOWELS or ch.isdigit():
                segments.append(VOWEL)
            else:
                segments.append(_SINGLE.get(ch, VOWEL))
            i += 1
    return segments


@lru_cache(maxsize=200_000)
def latin_skeletons(token: str) -> frozenset[str]:
    """The skeleton(s) of one folded Latin token."""
    return expand(latin_segments(token))


def latin_edges(token: str) -> tuple[str, str]:
    """How a folded Latin token begins and ends, for :mod:`strait.matching.edges`.

    Begins: V (a vowel), W (w, v, or "ou"/"o"/"u" before a vowel as in "Oualid"), Y (y
    before a vowel), C (other consonant). Ends: I ("i", "y", "ie", "ee" ...), A ("a"),
    AH ("ah", "eh"), AT ("at", "et"), U ("o", "u", "ou", "aw"), E (a French mute "e"),
    C (other consonant).
    """
    token = token.replace("'", "").replace("-", "")
    first, second = token[:1], token[1:2]
    if first in ("w", "v"):
        begins = "W"
    elif first == "y":
        begins = "Y" if second in _VOWEL_LETTERS else "V"
    elif first in _VOWEL_LETTERS:
        rest = token[2:] if token.startswith("ou") else token[1:]
        begins = "W" if first in "ou" and rest[:1] in _VOWEL_LETTERS else "V"
    else:
        begins = "C"
    if token.endswith(("i", "y", "ee", "ie", "ei", "ai")):
        ends = "I"
    elif token.endswith(("ah", "eh")):
        ends = "AH"
    elif token.endswith(("at", "et")):
        ends = "AT"
    elif token.endswith("a"):
        ends = "A"
    elif token.endswith(("o", "u", "aw", "ow")):
        ends = "U"
    elif token.endswith("e"):
        ends = "E"
    else:
        ends = "C"
    return begins, ends
