# ruff: noqa: RUF001 - Arabic letters are this module's data, not look-alikes
"""Identifiers matched exactly once normalised: phones, documents, plates, vessels, aircraft.

Each normaliser returns the canonical string or raises :class:`InvalidIdentifier` with the
reason, so an import can report what it refused. :func:`identifier_key` prefixes the kind, so
a passport number never matches a plate that happens to share its characters.
"""

from __future__ import annotations

import enum
import re
import unicodedata

import phonenumbers
from stdnum import imo as stdnum_imo
from stdnum.exceptions import ValidationError

from strait.matching.arabic import normalise_arabic


class InvalidIdentifier(ValueError):
    """The value cannot be an identifier of that kind."""


class IdentifierKind(enum.StrEnum):
    PHONE = "phone"
    DOCUMENT = "document"
    PLATE = "plate"
    VIN = "vin"
    IMO = "imo"
    MMSI = "mmsi"
    AIRCRAFT = "aircraft"
    EMAIL = "email"


_ALNUM = re.compile(r"[^0-9A-Z]+")
# Moroccan plates carry one Arabic letter ("12345-أ-6"); this is the official Latin reading.
_PLATE_LETTERS = str.maketrans(
    {"ا": "A", "ب": "B", "د": "D", "ه": "H", "و": "W", "ط": "T", "ش": "CH", "ج": "J", "م": "M"}
)


def normalise_phone(value: str, default_region: str | None = "MA") -> str:
    """E.164 ("+212661123456"); national numbers are read in ``default_region``."""
    try:
        number = phonenumbers.parse(value, default_region)
    except phonenumbers.NumberParseException as exc:
        raise InvalidIdentifier(f"not a phone number: {value!r}") from exc
    if not phonenumbers.is_possible_number(number):
        raise InvalidIdentifier(f"not a possible phone number: {value!r}")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _alnum(value: str) -> str:
    value = unicodedata.normalize("NFKC", value).upper()
    return _ALNUM.sub("", value)


def normalise_document(value: str) -> str:
    """Upper-case letters and digits only ("ab 123-456" -> "AB123456").

    The issuing country is not part of the key: a query often lacks it, and the scorer
    reports it beside the match instead.
    """
    number = _alnum(value)
    if len(number) < 4:
        raise InvalidIdentifier(f"too short for a document number: {value!r}")
    return number


def normalise_plate(value: str) -> str:
    """Letters and digits of a number plate, Arabic letters read as on Moroccan plates."""
    plate = _alnum(normalise_arabic(value).translate(_PLATE_LETTERS))
    if len(plate) < 3:
        raise InvalidIdentifier(f"too short for a plate: {value!r}")
    return plate


def normalise_vin(value: str) -> str:
    vin = _alnum(value)
    if len(vin) != 17 or set("IOQ") & set(vin):
        raise InvalidIdentifier(f"a VIN has 17 characters without I, O or Q: {value!r}")
    return vin


def normalise_imo(value: str) -> str:
    """Seven digits with a valid check digit ("IMO 9074729" -> "9074729")."""
    try:
        return str(stdnum_imo.validate(value))
    except ValidationError as exc:
        raise InvalidIdentifier(f"not an IMO number: {value!r}") from exc


def normalise_mmsi(value: str) -> str:
    digits = re.sub(r"\D", "", value)
    if len(digits) != 9:
        raise InvalidIdentifier(f"an MMSI has nine digits: {value!r}")
    return digits


def normalise_aircraft(value: str) -> str:
    """Registration without separators: "CN-RGA", "cn rga" and "CNRGA" agree."""
    registration = _alnum(value)
    if not 3 <= len(registration) <= 10:
        raise InvalidIdentifier(f"not an aircraft registration: {value!r}")
    return registration


def normalise_email(value: str) -> str:
    email = value.strip().lower()
    if email.count("@") != 1 or "." not in email.split("@")[1]:
        raise InvalidIdentifier(f"not an e-mail address: {value!r}")
    return email


def normalise_identifier(kind: str, value: str, country: str | None = None) -> str:
    """Normalise ``value`` as an identifier of ``kind`` (see :class:`IdentifierKind`).

    ``country`` (ISO 3166 alpha-2) is the region national phone numbers are read in.
    """
    match IdentifierKind(kind):
        case IdentifierKind.PHONE:
            return normalise_phone(value, country or "MA")
        case IdentifierKind.DOCUMENT:
            return normalise_document(value)
        case IdentifierKind.PLATE:
            return normalise_plate(value)
        case IdentifierKind.VIN:
            return normalise_vin(value)
        case IdentifierKind.IMO:
            return normalise_imo(value)
        case IdentifierKind.MMSI:
            return normalise_mmsi(value)
        case IdentifierKind.AIRCRAFT:
            return normalise_aircraft(value)
        case IdentifierKind.EMAIL:
            return normalise_email(value)
    raise InvalidIdentifier(f"unknown identifier kind: {kind!r}")  # pragma: no cover


def identifier_key(kind: str, value: str, country: str | None = None) -> str:
    """``kind:normalised`` — the exact-match key the index stores."""
    return f"{IdentifierKind(kind).value}:{normalise_identifier(kind, value, country)}"
