# ruff: noqa: RUF001 - Arabic letters are this module's data, not look-alikes
"""Arabic-script normalisation and transliteration."""

from __future__ import annotations

import pytest

from strait.matching.arabic import has_arabic, normalise_arabic
from strait.matching.translit import arabic_skeletons, romanise_arabic


@pytest.mark.parametrize(
    ("written", "normal"),
    [
        ("أحمد", "احمد"),  # hamza on alef
        ("إبراهيم", "ابراهيم"),  # hamza under alef
        ("آمنة", "امنه"),  # madda, ta marbuta
        ("مصطفى", "مصطفي"),  # alef maqsura
        ("مُحَمَّد", "محمد"),  # harakat and shadda
        ("مكــي", "مكي"),  # tatweel
        ("ﻣﺤﻤﺪ", "محمد"),  # presentation forms
        ("رؤوف", "رووف"),  # hamza on waw
        ("هانئ", "هاني"),  # hamza on ya
        ("علی", "علي"),  # Persian ya
        ("کریم", "كريم"),  # Persian kaf
        ("شیخ\u200cنژاد", "شيخنژاد"),  # zero-width non-joiner
        ("  عبد   الله ", "عبد الله"),  # spaces
        ("ﺭﺿﺎﻋﻠﻲﺧﻤﻴﺲ", "رضاعلي خميس"),  # a final form ends a word in PDF text
    ],
)
def test_normalise_arabic(written: str, normal: str) -> None:
    assert normalise_arabic(written) == normal


def test_ta_marbuta_can_be_kept() -> None:
    assert normalise_arabic("حمزة", fold_ta_marbuta=False) == "حمزة"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("محمد", True), ("Mohamed", False), ("ﻣﺤﻤﺪ", True), ("Ali علي", True), ("", False)],
)
def test_has_arabic(text: str, expected: bool) -> None:
    assert has_arabic(text) is expected


@pytest.mark.parametrize(
    ("token", "skeleton"),
    [
        ("محمد", "MHMD"),
        ("الخطابي", "XTB"),
        ("شوشة", "CC"),
        ("سلامة", "SLM"),
        ("سلامة", "SLMT"),  # construct state: "Salamat"
        ("ذكي", "ZK"),  # dhal read as z
        ("ذكي", "DK"),
        ("ضياء", "Z"),
        ("غلام", "KLM"),
        ("مملوك", "MMLK"),  # two written letters are two consonants
    ],
)
def test_arabic_skeletons(token: str, skeleton: str) -> None:
    normal = normalise_arabic(token, fold_ta_marbuta=False)
    keys = arabic_skeletons(normal) | arabic_skeletons(normal.removeprefix("ال"))
    assert skeleton in keys


def test_romanise_arabic_is_readable() -> None:
    assert romanise_arabic("الخطابي") == "alkhtaby"
