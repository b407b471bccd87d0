# ruff: noqa: RUF001 - Arabic letters are this module's data, not look-alikes
"""Latin-script normalisation: accents, French, Spanish and English spellings."""

from __future__ import annotations

import pytest

from strait.matching.latin import fold_latin, latin_key, latin_skeletons


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        ("Aïcha", "aicha"),
        ("MUÑOZ", "munoz"),
        ("Saʿid", "sa'id"),
        ("Sa’id", "sa'id"),
        ("Bjørn", "bjorn"),
        ("Mohamed, Ali.", "mohamed ali"),
        ("Abdel\u00adkader", "abdelkader"),  # a soft hyphen does not split the word
        ("Ab\u200bdel\u200dkader", "abdelkader"),  # nor do zero-width characters
        # carons: a Czech or Slovak transliteration, where ch is kh and j is y
        ("Mohammed Šaháb Chanian", "mohammed shahab khanian"),
        ("Džamál Čaudhrí", "jamal chaudhri"),
        ("Žahra Hejdarí Šarif", "zhahra heydari sharif"),
        # without carons ch and j keep their French, English and Spanish readings
        ("Chakib Jamal", "chakib jamal"),
        ("Jalid Chávez", "jalid chavez"),
    ],
)
def test_fold_latin(written: str, folded: str) -> None:
    assert fold_latin(written) == folded


@pytest.mark.parametrize(
    "spellings",
    [
        ("youssef", "yousef", "yusef"),  # French ou, English u
        ("chakib", "shakib"),  # French ch, English sh
        ("djamal", "jamal"),  # French dj
        ("khalid", "jalid"),  # English kh, Spanish j
        ("mohamed", "mohammed", "mohamad", "muhammad"),
        ("hussein", "hossein", "husain"),
    ],
)
def test_common_key_folds_spellings(spellings: tuple[str, ...]) -> None:
    assert len({latin_key(s) for s in spellings}) == 1


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("bouchoucha", "bushusha"),
        ("khattabi", "jatabi"),  # Spanish j for kha
        ("kadhafi", "qaddafi"),
        ("fathi", "fatihi"),  # t-h, not th
        ("gamal", "jamal"),  # Egyptian g
        ("isabel", "izabel"),
        ("rhazouani", "ghazouani"),  # French rh for ghayn
    ],
)
def test_skeletons_meet(a: str, b: str) -> None:
    assert latin_skeletons(a) & latin_skeletons(b)


@pytest.mark.parametrize(("a", "b"), [("ahmed", "mahmoud"), ("omar", "amira"), ("ali", "lava")])
def test_different_names_keep_different_keys(a: str, b: str) -> None:
    assert latin_key(a) != latin_key(b)
