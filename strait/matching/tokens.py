"""From a name as written to the tokens the scorer compares.

``parse_name("Abd al-Latif al-Khattabi")`` gives two tokens, ``abd al latif`` and ``khattabi``,
each carrying its comparable keys. Arabic-script and Latin-script names give tokens with the
same kind of keys, so they compare directly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from strait.matching.arabic import has_arabic, normalise_arabic
from strait.matching.latin import fold_latin, latin_edges, latin_key, latin_skeletons
from strait.matching.particles import (
    ARABIC_ARTICLE,
    ARABIC_JOINED_LINKS,
    ARABIC_JOINED_PREFIXES,
    LATIN_JOINED_ARTICLES,
    LATIN_JOINED_LINKS,
    Role,
    arabic_role,
    latin_role,
)
from strait.matching.skeleton import MAX_VARIANTS
from strait.matching.translit import arabic_edges, arabic_skeletons, romanise_arabic

LATIN_STRIPPED = (*LATIN_JOINED_ARTICLES, *LATIN_JOINED_LINKS)
_LATIN_SUN_ARTICLE = re.compile(r"^[ae]([tdrzsnl])\1")
_SPLIT = re.compile(r"[\s\-_.,;/()\"]+")
_ABD_ARTICLE = re.compile(r"^abd[aeiou]*l(?=[a-z]{2})")


@dataclass(frozen=True, slots=True)
class NameToken:
    """One comparable part of a name (a word, or a compound such as "abd al-latif")."""

    text: str  # as written, normalised, words of a compound joined by spaces
    skeletons: frozenset[str]  # consonant-class keys, comparable across scripts
    key: str  # Latin common key (Latin tokens) or plain romanisation (Arabic tokens)
    arabic: bool
    begins: frozenset[str] = frozenset()  # see strait.matching.edges
    ends: frozenset[str] = frozenset()
    weak: bool = False  # a title or kunya: weak evidence on its own
    title: bool = False  # Sheikh, Mullah, Haji, General ...
    uid: int = field(default=0, compare=False)  # set by intern_token; 0 = not interned


@dataclass(slots=True)
class _Word:
    text: str
    role: Role
    arabic: bool


def _join(left: frozenset[str], right: frozenset[str]) -> frozenset[str]:
    return frozenset(sorted(a + b for a in left for b in right)[: MAX_VARIANTS * 2])


def _word_skeletons(word: str, arabic: bool, *, in_compound: bool = False) -> frozenset[str]:
    if arabic:
        keys = set(arabic_skeletons(word))
        if word.startswith(ARABIC_ARTICLE) and len(word) > 3:
            stripped = arabic_skeletons(word[2:])
            keys = set(stripped) if in_compound else keys | stripped
        for prefix in ARABIC_JOINED_PREFIXES:
            if word.startswith(prefix + ARABIC_ARTICLE) and len(word) > len(prefix) + 3:
                # "عبدالقادر" is abd + al-Qadir, written as one word.
                keys |= _join(arabic_skeletons(prefix), arabic_skeletons(word[len(prefix) + 2 :]))
        for link in ARABIC_JOINED_LINKS:
            if word.startswith(link) and len(word) > len(link) + 2 and not in_compound:
                keys |= arabic_skeletons(word[len(link) :])
        return frozenset(keys)
    keys = set(latin_skeletons(word))
    if (match := _ABD_ARTICLE.match(word)) is not None:
        # "Abdelkader" is abd + al-Qadir: the article's l is not part of the name.
        keys |= _join(frozenset({"BD"}), latin_skeletons(word[match.end() :]))
    if len(word) > 4:
        for prefix in LATIN_STRIPPED:
            if word.startswith(prefix) and not in_compound:
                keys |= latin_skeletons(word[len(prefix) :])
    return frozenset(keys)


def _word_edges(word: str, arabic: bool) -> tuple[frozenset[str], frozenset[str]]:
    edges = arabic_edges if arabic else latin_edges
    readings = [word]
    prefixes = (ARABIC_ARTICLE, *ARABIC_JOINED_LINKS) if arabic else LATIN_STRIPPED
    for prefix in prefixes:
        if word.startswith(prefix) and len(word) > len(prefix) + 2:
            readings.append(word[len(prefix) :])
    if not arabic and (match := _LATIN_SUN_ARTICLE.match(word)) and len(word) > 4:
        readings.append(word[match.end() - 1 :])  # "Ettalbi" is et-Talbi
    found = [edges(w) for w in readings]
    return frozenset(b for b, _ in found), frozenset(e for _, e in found)


def _words(name: str) -> list[_Word]:
    words: list[_Word] = []
    if has_arabic(name):
        text = normalise_arabic(name, fold_ta_marbuta=False)
    else:
        text = fold_latin(name)
        if name.count(",") == 1:
            # "BUSHUSHA, Mokhtar": the list's surname-first form; given name first again.
            family, given = name.split(",")
            text = fold_latin(f"{given} {family}")
    raws = [raw for raw in _SPLIT.split(text) if raw and raw != "'"]
    for n, raw in enumerate(raws[:-1]):
        if len(raw) == 1 and raw != "و" and has_arabic(raw):
            # No Arabic name is one letter: a stray space from PDF extraction ("ر ستمي").
            raws[n + 1] = raw + raws[n + 1]
            raws[n] = ""
    for raw in raws:
        if not raw:
            continue
        arabic = has_arabic(raw)
        if arabic:
            role = arabic_role(raw)
        else:
            raw = raw.strip("'")
            role = latin_role(raw)
        if raw:
            words.append(_Word(raw, role, arabic))
    return words


def _make(word: _Word, *, weak: bool = False) -> NameToken:
    key = romanise_arabic(word.text) if word.arabic else latin_key(word.text.replace("'", ""))
    begins, ends = _word_edges(word.text, word.arabic)
    return NameToken(
        text=word.text,
        skeletons=_word_skeletons(word.text, word.arabic),
        key=key,
        arabic=word.arabic,
        begins=begins,
        ends=ends,
        weak=weak or word.role is Role.TITLE,
        title=word.role is Role.TITLE,
    )


def _compound(
    left: NameToken, right: _Word, *, weak: bool = False, kunya: bool = False
) -> NameToken:
    if not left.arabic and not right.arabic:
        # Latin compounds are compared as the joined word, as "Abdelkader" is written.
        joined = left.text.replace(" ", "") + right.text
        skeletons = _word_skeletons(joined, False, in_compound=True)
        key = latin_key(joined.replace("'", ""))
    else:
        right_keys = _word_skeletons(right.text, right.arabic, in_compound=True)
        skeletons = _join(left.skeletons, right_keys)
        key = left.key + (romanise_arabic(right.text) if right.arabic else latin_key(right.text))
    return NameToken(
        text=f"{left.text} {right.text}",
        skeletons=skeletons,
        key=key,
        arabic=left.arabic or right.arabic,
        # "Abu Talib" is also written "Boutaleb" / "بوطالب".
        begins=(left.begins | {"V", "C"}) if kunya else left.begins,
        ends=_word_edges(right.text, right.arabic)[1],
        weak=left.weak or weak,
    )


_INTERNED: dict[NameToken, NameToken] = {}


def intern_token(token: NameToken) -> NameToken:
    """The one shared instance of an equal token: saves memory and lets comparisons be cached
    by identity (see :func:`strait.matching.names.token_similarity`). Interned tokens live as
    long as the process, so identity is never reused."""
    found = _INTERNED.get(token)
    if found is None:
        found = _INTERNED[token] = replace(token, uid=len(_INTERNED) + 1)
    return found


@lru_cache(maxsize=100_000)
def parse_name(name: str) -> tuple[NameToken, ...]:
    """Split a name into comparable tokens, dropping articles and patronymic links."""
    words = _words(name)
    content = [w for w in words if w.role not in (Role.ARTICLE, Role.LINK)]
    if not content:  # a name made only of particles ("Al", "Ben") is its own content
        content = [_Word(w.text, Role.NAME, w.arabic) for w in words]
    tokens: list[NameToken] = []
    i = 0
    while i < len(content):
        word = content[i]
        has_next = i + 1 < len(content) and content[i + 1].role is not Role.SUFFIX
        if word.role in (Role.PREFIX, Role.KUNYA) and has_next:
            # abd + al-Latif, abu + Ali: one name made of two words.
            kunya = word.role is Role.KUNYA
            tokens.append(_compound(_make(word), content[i + 1], weak=kunya, kunya=kunya))
            i += 2
            continue
        if word.role is Role.SUFFIX and tokens:
            # Salah + ad-Din, Nasr + Allah.
            tokens[-1] = _compound(tokens[-1], word)
            i += 1
            continue
        tokens.append(_make(word))
        i += 1
    return tuple(intern_token(t) for t in tokens)
