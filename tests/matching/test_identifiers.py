"""Identifiers match exactly after normalisation."""

from __future__ import annotations

import pytest

from strait.matching.identifiers import InvalidIdentifier, identifier_key, normalise_identifier


@pytest.mark.parametrize(
    ("kind", "written", "country", "normal"),
    [
        ("phone", "0661-12 34 56", "MA", "+212661123456"),
        ("phone", "+212 661 123456", None, "+212661123456"),
        ("phone", "00212661123456", "ES", "+212661123456"),
        ("phone", "612 345 678", "ES", "+34612345678"),
        ("document", "ab 123-456", None, "AB123456"),
        ("plate", "12345-أ-6", None, "12345A6"),
        ("plate", "1234 bcd", None, "1234BCD"),
        ("vin", "1hgcm82633a004352", None, "1HGCM82633A004352"),
        ("imo", "IMO 9074729", None, "9074729"),
        ("mmsi", "224 123 456", None, "224123456"),
        ("aircraft", "cn-rga", None, "CNRGA"),
        ("aircraft", "EC MYT", None, "ECMYT"),
        ("email", " Someone@Example.ORG ", None, "someone@example.org"),
    ],
)
def test_normalise_identifier(kind: str, written: str, country: str | None, normal: str) -> None:
    assert normalise_identifier(kind, written, country) == normal


@pytest.mark.parametrize(
    ("kind", "written"),
    [
        ("phone", "not a number"),
        ("phone", "12"),
        ("imo", "IMO 9074728"),  # bad check digit
        ("mmsi", "12345"),
        ("vin", "1HGCM82633A00435"),  # 16 characters
        ("vin", "1HGCM82633A00435O"),  # O is not used in VINs
        ("document", "--"),
        ("aircraft", "X"),
        ("email", "nobody"),
    ],
)
def test_invalid_identifiers_are_refused(kind: str, written: str) -> None:
    with pytest.raises(InvalidIdentifier):
        normalise_identifier(kind, written)


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="shoe size"):
        normalise_identifier("shoe size", "42")


def test_key_carries_the_kind() -> None:
    assert identifier_key("document", "AB123456") != identifier_key("plate", "AB123456")
