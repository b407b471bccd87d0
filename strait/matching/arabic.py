# ruff: noqa: RUF001, RUF002 - Arabic letters are this module's data, not look-alikes
"""Arabic-script normalisation: one written form per name, whatever the keyboard or the font.

Covers Arabic as written in the Maghreb and the Middle East and the Persian/Urdu letters that
appear in the same lists (ی ک ہ ۀ). The result is still Arabic script; transliteration to a
comparable Latin key is :mod:`strait.matching.translit`.
"""

from __future__ import annotations

import re
import unicodedata

# Harakat and other marks that are optional in writing: fathatan..sukun, superscript alef,
# Quranic annotation signs, the small high marks. Removing them never changes the name.
_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u08d3-\u08ff]")
_TATWEEL = "\u0640"
# Zero-width joiners and non-joiners (Persian writes them inside names), bidi controls.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_ARABIC_LETTER = re.compile("[\u0621-\u064a\u0671-\u06d3\u06fa-\u06ff\ufb50-\ufdff\ufe70-\ufefc]")
# Letters that join on both sides: in presentation forms, their final or isolated shape
# ends a word, which is how text copied from PDFs without spaces can still be split.
_DUAL_JOINING = frozenset("بتثجحخسشصضطظعغفقكلمنهيئیکگپچ")

_HAMZA_FORMS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",  # alef wasla
        "ٲ": "ا",
        "ٳ": "ا",
        "ؤ": "و",
        "ئ": "ي",
        "ى": "ي",  # alef maqsura
        # Persian and Urdu letter forms of the same Arabic letters.
        "ی": "ي",
        "ې": "ي",
        "ے": "ي",
        "ۓ": "ي",
        "ک": "ك",
        "ڪ": "ك",
        "ہ": "ه",
        "ھ": "ه",
        "ە": "ه",
        "ۀ": "ه",
        "ۃ": "ة",
        # Arabic-Indic and Persian digits.
        **{chr(0x0660 + i): str(i) for i in range(10)},
        **{chr(0x06F0 + i): str(i) for i in range(10)},
    }
)


def has_arabic(text: str) -> bool:
    """True when the text holds at least one Arabic-script letter."""
    return _ARABIC_LETTER.search(text) is not None


def _split_presentation_words(text: str) -> str:
    if not any("\ufb50" <= ch <= "\ufefc" for ch in text):
        return text
    out: list[str] = []
    for i, ch in enumerate(text):
        out.append(ch)
        decomposition = unicodedata.decomposition(ch)
        if decomposition.startswith(("<final>", "<isolated>")):
            base = chr(int(decomposition.split()[1], 16))
            nxt = text[i + 1 : i + 2]
            if base in _DUAL_JOINING and nxt and has_arabic(nxt):
                out.append(" ")
    return "".join(out)


def normalise_arabic(text: str, *, fold_ta_marbuta: bool = True) -> str:
    """Return the canonical Arabic-script form of a name.

    NFKC first (it maps presentation forms such as U+FEE3 to base letters and splits the
    lam-alef ligatures), then diacritics, tatweel and invisible characters go, hamza carriers
    fold to their bare letter, alef maqsura to ya, Persian letter forms to Arabic ones, and
    (unless ``fold_ta_marbuta`` is false) ta marbuta to ha, as it is pronounced in pause.
    """
    text = unicodedata.normalize("NFKC", _split_presentation_words(text))
    text = _INVISIBLE.sub("", text)
    text = _DIACRITICS.sub("", text).replace(_TATWEEL, "")
    text = text.replace("\u0654", "").replace("\u0655", "")  # hamza above / below as marks
    text = text.translate(_HAMZA_FORMS)
    if fold_ta_marbuta:
        text = text.replace("ة", "ه")
    # A bare hamza on the line ("سماء") is a glottal stop that Latin spellings drop.
    text = text.replace("ء", "")
    return " ".join(text.split())
