"""What a request is about, and finding other open requests about the same thing.

Phones, plates, vessels and case references compare by a normalised key; persons compare with
the cross-script matcher (``strait.matching``), so "Abdelatif El Khattabi" finds an open request
about "عبد اللطيف الخطابي".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from strait.exchange.codes import AboutKind
from strait.exchange.search import fold, name_keys
from strait.matching import Index, InvalidIdentifier, identifier_key
from strait.refusals import Refused

_ALNUM = re.compile(r"[^0-9a-z]+")


class InvalidAbout(Refused, ValueError):
    """Not a valid value of its kind (a phone number that is not one)."""


def key(kind: str, value: str, country: str = "MA") -> str:
    """The normalised key of what a request is about; raises InvalidAbout for a bad phone."""
    value = value.strip()
    if not value:
        raise InvalidAbout("empty")
    match AboutKind(kind):
        case AboutKind.PHONE:
            try:
                return identifier_key("phone", value, country)
            except InvalidIdentifier as exc:
                raise InvalidAbout(str(exc)) from exc
        case AboutKind.VEHICLE:
            return identifier_key("plate", value)
        case AboutKind.VESSEL:
            digits = re.sub(r"\D", "", value)
            if len(digits) == 7 and value.upper().replace(" ", "").removeprefix("IMO").isdigit():
                return f"imo:{digits}"
            return "vessel:" + _ALNUM.sub("", fold(value))
        case AboutKind.CASE:
            return "case:" + _ALNUM.sub("", fold(value))
        case AboutKind.PERSON:
            return "person:" + fold(value)
    raise InvalidAbout(kind)  # pragma: no cover


def search_keys(kind: str, value: str, key_: str) -> set[str]:
    """The search keys of one subject: its normalised key and, for a person, the matcher's
    name keys (``search.name_keys``), so a search in either script finds it."""
    found = {key_}
    if kind == AboutKind.PERSON:
        found |= name_keys(value)
    return found


def query_keys(query: str, country: str) -> list[str]:
    """The keys a whole query may be, read as each kind of subject that is no name: a case
    reference, a phone number (in the searcher's country's format too), a plate, a vessel."""
    found: list[str] = []
    for kind in (AboutKind.CASE, AboutKind.PHONE, AboutKind.VEHICLE, AboutKind.VESSEL):
        try:
            found.append(key(kind, query[:200], country))
        except (InvalidAbout, ValueError):
            continue
    return [k for k in dict.fromkeys(found) if k.split(":", 1)[1]]


@dataclass(frozen=True)
class Held:
    """An item someone already asked about: which message, and what it was about."""

    message_id: int
    kind: str
    value: str
    key: str


def same_subject(wanted: list[tuple[str, str, str]], held: list[Held]) -> set[int]:
    """Ids of held messages about any of ``wanted`` (kind, value, key)."""
    found = {h.message_id for h in held for _, _, k in wanted if h.kind != "person" and h.key == k}
    people = [h for h in held if h.kind == AboutKind.PERSON]
    names = [value for kind, value, _ in wanted if kind == AboutKind.PERSON]
    if people and names:
        index = Index()
        for number, h in enumerate(people):
            index.add(str(number), names=[h.value])
        for name in names:
            for match in index.search(names=[name]):
                if match.flagged:
                    found.add(people[int(match.record_id)].message_id)
    return found
