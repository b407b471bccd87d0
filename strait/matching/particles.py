"""Name particles and compounds of Arabic, Berber, Spanish and French naming.

Each word of a name is one of: a name part, an *article* (al-, el-, ad-, de, del ...) that is
dropped, a *patronymic link* (ben, bin, ibn, ould, ait ...) that is dropped, a *prefix* that
joins the next word into one name (abd + al-Latif, abu + Ali, umm + Kulthum), a *suffix* that
joins the previous word (Salah + ad-Din, Nasr + Allah), or a *title* (Sheikh, Mullah, Haji,
General) that is kept with a low weight.
"""

from __future__ import annotations

import enum

from strait.matching.arabic import normalise_arabic


class Role(enum.Enum):
    NAME = "name"
    ARTICLE = "article"
    LINK = "link"
    PREFIX = "prefix"
    KUNYA = "kunya"
    SUFFIX = "suffix"
    TITLE = "title"


def _words(text: str) -> list[str]:
    return text.split()


_LATIN: dict[Role, frozenset[str]] = {
    Role.ARTICLE: frozenset(
        _words(
            "al el ul il ad ed ud as es us ar er ur at et ut an en az ez ash esh ech adh ath "
            "de del la las los di da dos das du le"
        )
    ),
    Role.LINK: frozenset(_words("ben bin ibn bint bent ould ait oulad y e")),
    Role.PREFIX: frozenset(
        _words("abd abde abdel abdal abdul abdol abdoul abdil abdu abdou abdelle abdoulle")
    ),
    Role.KUNYA: frozenset(_words("abu abou abo bou umm oum um om")),
    Role.SUFFIX: frozenset(
        _words(
            "din dine deen dinne eddine eddin edine edin uddin udin uddine iddin addin adin "
            "aldin eldin allah ullah ollah illah alla ulla"
        )
    ),
    Role.TITLE: frozenset(
        _words(
            "general gen col colonel dr doctor prof sheikh shaykh sheik shaikh cheikh chaikh "
            "cheik shekh mullah mulla molla mollah maulavi mawlawi maulvi moulavi mawlavi "
            "maulana mawlana molvi hajji haji hadj hadji hajj hadjj qari mufti imam "
            "mr mrs ms sr sra don dona"
        )
    ),
}

_ARABIC: dict[Role, frozenset[str]] = {
    role: frozenset(normalise_arabic(w, fold_ta_marbuta=False) for w in _words(words))
    for role, words in (
        (Role.ARTICLE, "ال"),
        (Role.LINK, "بن ابن بنت ولد ايت آيت اولاد"),
        (Role.PREFIX, "عبد"),
        (Role.KUNYA, "أبو ابو بو أم ام"),
        (Role.SUFFIX, "الدين الله"),
        (Role.TITLE, "شيخ الشيخ ملا مولوي الحاج حاجي حاج قاري اللواء العميد العقيد الدكتور"),
    )
}

#: Joined prefixes stripped as an alternative reading: "Benali" may be "ben Ali".
LATIN_JOINED_LINKS = ("ben", "bin", "ibn", "ould", "ait")
LATIN_JOINED_ARTICLES = ("al", "el")
ARABIC_JOINED_LINKS = ("بن",)
ARABIC_JOINED_PREFIXES = ("عبد", "ابو", "بو")
ARABIC_ARTICLE = "ال"


def latin_role(word: str) -> Role:
    """The role of one folded Latin word."""
    for role, words in _LATIN.items():
        if word in words:
            return role
    return Role.NAME


def arabic_role(word: str) -> Role:
    """The role of one normalised Arabic word."""
    for role, words in _ARABIC.items():
        if word in words:
            return role
    return Role.NAME
