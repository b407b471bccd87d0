"""Checking what a user, a file or a program gives before anything is written.

Every way in (the forms, the JSON API, CSV and FollowTheMoney imports) describes records as
drafts; :func:`build_person` and :func:`build_record` turn a draft into unsaved rows with their
normalised keys, or raise :class:`Invalid` listing every problem. Nothing here writes.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_exceptions
from stdnum.es import dni as es_dni
from stdnum.es import nie as es_nie
from stdnum.pt import cc as pt_cc

from strait.entities.models import (
    Address,
    Aircraft,
    Document,
    EmailAddress,
    Organisation,
    Person,
    PersonName,
    Phone,
    Record,
    Script,
    Vehicle,
    Vessel,
)
from strait.exchange import codes
from strait.exchange.search import fold
from strait.matching import InvalidIdentifier, identifier_key, parse_date
from strait.refusals import Refused
from strait.text import has_nul

# The kinds of record, as they appear in URLs, CSV files and the API.
KINDS: dict[str, type[Record]] = {
    "person": Person,
    "organisation": Organisation,
    "phone": Phone,
    "email": EmailAddress,
    "document": Document,
    "vehicle": Vehicle,
    "vessel": Vessel,
    "aircraft": Aircraft,
    "address": Address,
}
# What each kind takes besides the DP-01 fields, in form order.
FIELDS: dict[str, tuple[str, ...]] = {
    "organisation": ("name", "aliases", "country"),
    "phone": ("value",),
    "email": ("value",),
    "document": ("kind", "value", "issuing_country"),
    "vehicle": ("value", "plate_country", "vin", "make_model"),
    "vessel": ("name", "imo", "mmsi", "registration", "flag"),
    "aircraft": ("value", "aircraft_type"),
    "address": ("street", "city", "postal_code", "country"),
}
# Kinds that may belong to a person or an organisation.
OWNED = ("phone", "email", "document", "vehicle", "aircraft", "address")
MARKING_FIELDS = (
    "purpose",
    "subject_category",
    "fact_or_assessment",
    "source_reliability",
    "information_credibility",
    "handling",
    "handling_conditions",
    "review_date",
    "retention_date",
)
MAX_NAMES = 20
MAX_IDENTIFIERS = 50


class Invalid(Refused):
    """Refused input: ``problems`` is a list of (field, message); field may be "".

    A :class:`strait.refusals.Refused` (code ``refused``) whose message names every problem, each
    prefixed by its field."""

    code = "refused"

    def __init__(self, problems: Iterable[tuple[str, str | Promise]]) -> None:
        pairs = [(f, str(m)) for f, m in problems]
        super().__init__("; ".join(_prefixed(pairs)), problems=pairs)

    def messages(self) -> list[str]:
        return _prefixed(self.problems)

    def as_dict(self) -> dict[str, object]:
        # The entities API always answered ``problems`` as a list of texts ("field: message"),
        # even when empty: kept so its refusals stay as documented (``api.Refusal``).
        return {"error": self.code, "detail": self.message, "problems": self.messages()}


def _prefixed(problems: list[tuple[str, str]]) -> list[str]:
    return [f"{f}: {m}" if f else m for f, m in problems]


@dataclass
class Markings:
    """DP-01: what every record carries."""

    purpose: str
    subject_category: str
    fact_or_assessment: str
    source_reliability: str
    information_credibility: str
    handling: str
    review_date: dt.date | None
    retention_date: dt.date | None
    open_to_checks: bool = True
    handling_conditions: str = ""

    def as_fields(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in (*MARKING_FIELDS, "open_to_checks")}

    @classmethod
    def of(cls, record: Record) -> Markings:
        return cls(**{n: getattr(record, n) for n in (*MARKING_FIELDS, "open_to_checks")})


@dataclass
class NameDraft:
    full_name: str
    language: str = ""
    kind: str = PersonName.Kind.PRIMARY
    script: str = ""  # detected from the letters when empty


@dataclass
class IdentifierDraft:
    """A phone, e-mail address or document given with a person."""

    kind: str  # "phone" | "email" | "document"
    value: str
    country: str = ""  # region of a national phone number; issuing country of a document
    document_kind: str = ""


@dataclass
class PersonDraft:
    markings: Markings
    names: list[NameDraft]
    gender: str = ""
    birth_dates: list[str] = field(default_factory=list)
    place_of_birth: str = ""
    nationalities: list[str] = field(default_factory=list)
    identifiers: list[IdentifierDraft] = field(default_factory=list)


@dataclass
class BuiltPerson:
    person: Person
    names: list[PersonName]
    identifiers: list[Record]


def detect_script(text: str) -> str:
    """ "Arab" when most letters are Arabic, "Latn" when most are Latin, else "Zyyy"."""
    arabic = latin = other = 0
    for char in text:
        if not char.isalpha():
            continue
        name = unicodedata.name(char, "")
        if name.startswith("ARABIC"):
            arabic += 1
        elif name.startswith("LATIN"):
            latin += 1
        else:
            other += 1
    if arabic and arabic >= latin and arabic >= other:
        return Script.ARABIC
    if latin and latin >= other:
        return Script.LATIN
    return Script.OTHER


def reject_nul(label: str, value: Any, problems: list[tuple[str, str]]) -> None:
    if has_nul(value):
        problems.append((label, _("contains a NUL character (\\x00), which text cannot hold.")))


COUNTRY_CODES = frozenset(phonenumbers.SUPPORTED_REGIONS) | {"XK", "AQ", "UN"}


def country(value: str, label: str, problems: list[tuple[str, str]]) -> str:
    code = value.strip().upper()
    if code and code not in COUNTRY_CODES:
        problems.append((label, _("not an ISO 3166 country code: %(v)r") % {"v": value}))
    return code


def birth_date(value: str) -> str:
    """The date as stored: "1980", "1980-03" or "1980-03-12"; ValueError otherwise."""
    parsed = parse_date(value)
    if parsed.day is not None and parsed.month is not None:
        dt.date(parsed.year, parsed.month, parsed.day)  # 1980-02-31 is no date
    if not 1850 <= parsed.year <= timezone.localdate().year:
        raise ValueError(value)
    return str(parsed)


# python-stdnum formats we check document numbers against: (issuing country, document type).
def _spanish(number: str) -> tuple[str, Any]:
    return ("es.nie", es_nie) if number[:1].upper() in "XYZ" else ("es.dni", es_dni)


DOCUMENT_FORMATS: dict[tuple[str, str], Any] = {
    ("ES", Document.Kind.ID_CARD): _spanish,
    ("ES", Document.Kind.RESIDENCE): lambda n: ("es.nie", es_nie),
    ("PT", Document.Kind.ID_CARD): lambda n: ("pt.cc", pt_cc),
}


def check_document(number: str, kind: str, issuing: str) -> str:
    """The stdnum format name the number passed, "" when none applies; ``Invalid`` otherwise."""
    chooser = DOCUMENT_FORMATS.get((issuing, kind))
    if chooser is None:
        return ""
    name, module = chooser(number.strip())
    try:
        module.validate(number)
    except stdnum_exceptions.InvalidChecksum as exc:
        raise Invalid(
            [("value", _("%(n)r fails the check digit of %(f)s.") % {"n": number, "f": name})]
        ) from exc
    except stdnum_exceptions.ValidationError as exc:
        raise Invalid(
            [("value", _("%(n)r is not a valid %(f)s number.") % {"n": number, "f": name})]
        ) from exc
    return str(name)


def _key(
    kind: str, value: str, label: str, problems: list[tuple[str, str]], region: str = ""
) -> str:
    try:
        return identifier_key(kind, value, region or None)
    except InvalidIdentifier:
        problems.append((label, _("%(v)r is not a valid %(k)s.") % {"v": value, "k": kind}))
        return ""


def _check_markings(m: Markings, problems: list[tuple[str, str]]) -> None:
    reject_nul("purpose", m.purpose, problems)
    required = {
        "purpose": m.purpose.strip(),
        "subject_category": m.subject_category,
        "fact_or_assessment": m.fact_or_assessment,
        "handling": m.handling,
        "review_date": m.review_date,
        "retention_date": m.retention_date,
    }
    for name, value in required.items():
        if not value:
            problems.append((name, _("This field is required.")))
    choices = {
        "subject_category": codes.SubjectCategory,
        "fact_or_assessment": codes.FactOrAssessment,
        "handling": codes.HandlingCode,
        "source_reliability": codes.SourceReliability,
        "information_credibility": codes.InformationCredibility,
    }
    for name, enum in choices.items():
        value = getattr(m, name)
        if value and value not in enum.values:
            problems.append((name, _("%(v)r is not one of the allowed values.") % {"v": value}))
    reject_nul("handling_conditions", m.handling_conditions, problems)
    if m.handling == codes.HandlingCode.H3 and not m.handling_conditions.strip():
        problems.append(("handling_conditions", _("H3 means other restrictions: state them.")))
    if m.review_date and m.retention_date and m.retention_date < m.review_date:
        problems.append(
            ("retention_date", _("The retention date cannot come before the review date."))
        )
    if m.review_date and m.review_date < timezone.localdate():
        problems.append(("review_date", _("The review date cannot be in the past.")))


def _full_clean(instance: Record, problems: list[tuple[str, str]]) -> None:
    """Lengths and choices as the model declares them (no queries: relations excluded)."""
    try:
        instance.full_clean(
            exclude=["agency", "created_by", "import_batch", "person", "organisation", "key"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as exc:
        for name, errors in exc.message_dict.items():
            if any(name == f for f, _m in problems):
                continue  # already said, more precisely
            for message in errors:
                problems.append((name if name != "__all__" else "", message))


def _identifier(
    draft: IdentifierDraft, markings: Markings, region: str, nationalities: list[str]
) -> Record:
    fields = {"value": draft.value}
    if draft.kind == "document":
        fields |= {"kind": draft.document_kind or Document.Kind.OTHER}
        fields |= {"issuing_country": draft.country}
        return build_record("document", fields, markings, region=region)
    if draft.kind == "phone" and not draft.country:
        # A national number is read where the agency is, else where the person is from.
        for other in nationalities:
            try:
                identifier_key("phone", draft.value, region or None)
                break
            except InvalidIdentifier:
                try:
                    identifier_key("phone", draft.value, other)
                except InvalidIdentifier:
                    continue
                return build_record("phone", fields, markings, region=other)
    if draft.kind in ("phone", "email"):
        return build_record(draft.kind, fields, markings, region=draft.country or region)
    raise Invalid([("", _("Unknown identifier type: %(k)r") % {"k": draft.kind})])


def build_person(draft: PersonDraft, *, region: str = "") -> BuiltPerson:
    """Unsaved rows for a person, its names and identifiers; ``Invalid`` lists every problem."""
    problems: list[tuple[str, str]] = []
    _check_markings(draft.markings, problems)
    reject_nul(
        "names", [(n.full_name, n.language, n.script, n.kind) for n in draft.names], problems
    )
    for name in ("gender", "birth_dates", "place_of_birth", "nationalities"):
        reject_nul(name, getattr(draft, name), problems)
    for item in draft.identifiers:
        reject_nul(item.kind, [item.value, item.country, item.document_kind], problems)
    if problems:
        raise Invalid(problems)  # nothing else can be checked safely
    names = [n for n in draft.names if n.full_name.strip()]
    if not names:
        problems.append(("names", _("A person needs at least one name.")))
    if len(names) > MAX_NAMES or len(draft.identifiers) > MAX_IDENTIFIERS:
        problems.append(("", _("Too many names or identifiers for one person.")))
    dates: list[str] = []
    for value in draft.birth_dates:
        if not value.strip():
            continue
        try:
            dates.append(birth_date(value))
        except ValueError:
            problems.append(
                (
                    "birth_dates",
                    _("not a date of birth: %(v)r (use 1980, 1980-03 or 1980-03-12)")
                    % {"v": value},
                )
            )
    nationalities = [country(c, "nationalities", problems) for c in draft.nationalities]
    person = Person(
        **draft.markings.as_fields(),
        gender=draft.gender,
        birth_dates=list(dict.fromkeys(dates)),
        place_of_birth=draft.place_of_birth.strip(),
        nationalities=list(dict.fromkeys(c for c in nationalities if c)),
    )
    _full_clean(person, problems)
    rows: list[PersonName] = []
    for n in names:
        text = " ".join(n.full_name.split())
        script = n.script or detect_script(text)
        row = PersonName(full_name=text, script=script, language=n.language.strip(), kind=n.kind)
        try:
            row.full_clean(exclude=["person"])
        except ValidationError as exc:
            problems.extend(("names", m) for msgs in exc.message_dict.values() for m in msgs)
        rows.append(row)
    person.search_text = fold(" ".join(r.full_name for r in rows))
    identifiers: list[Record] = []
    for item in draft.identifiers:
        if not item.value.strip():
            continue
        try:
            identifiers.append(_identifier(item, draft.markings, region, person.nationalities))
        except Invalid as exc:
            problems.extend(
                (item.kind, m) for _f, m in exc.problems if (item.kind, m) not in problems
            )
    if problems:
        raise Invalid(problems)
    return BuiltPerson(person=person, names=rows, identifiers=identifiers)


def _keys(kind: str, record: Any, problems: list[tuple[str, str]], region: str) -> None:
    """Fill the normalised keys of ``record`` (kind ``kind``), noting what cannot be one."""
    if kind == "phone":
        record.key = _key("phone", record.value, "value", problems, region)
    elif kind == "email":
        record.key = _key("email", record.value, "value", problems)
    elif kind == "document":
        record.key = _key("document", record.value, "value", problems)
        try:
            record.checked_format = check_document(
                record.value, record.kind, record.issuing_country
            )
        except Invalid as exc:
            problems.extend(exc.problems)
    elif kind == "vehicle":
        record.key = _key("plate", record.value, "value", problems)
        record.vin_key = _key("vin", record.vin, "vin", problems) if record.vin else ""
    elif kind == "aircraft":
        record.key = _key("aircraft", record.value, "value", problems)
    elif kind == "vessel":
        record.imo_key = _key("imo", record.imo, "imo", problems) if record.imo else ""
        record.mmsi_key = _key("mmsi", record.mmsi, "mmsi", problems) if record.mmsi else ""


def search_text(kind: str, record: Any) -> str:
    if kind == "organisation":
        return fold(" ".join([record.name, *record.aliases]))
    if kind == "vessel":
        return fold(" ".join([record.name, record.imo, record.mmsi, record.registration]))
    if kind == "address":
        return fold(str(record))
    if kind == "vehicle":
        return fold(" ".join([record.value, record.key, record.vin, record.make_model]))
    return fold(" ".join([record.value, record.key]))


def build_record(
    kind: str, fields: dict[str, Any], markings: Markings, *, region: str = ""
) -> Record:
    """An unsaved record of ``kind`` (not a person) from its own fields and its markings."""
    if kind not in FIELDS:
        raise Invalid([("kind", _("Unknown kind of record: %(k)r") % {"k": kind})])
    problems: list[tuple[str, str]] = []
    _check_markings(markings, problems)
    for name in FIELDS[kind]:
        reject_nul(name, fields.get(name, ""), problems)
    values: dict[str, Any] = {}
    for name in FIELDS[kind]:
        value = fields.get(name, "")
        if name == "aliases":
            value = [a.strip() for a in (value or []) if a.strip()]
        elif name in ("country", "issuing_country", "plate_country", "flag"):
            value = country(str(value or ""), name, problems)
        else:
            value = " ".join(str(value or "").split())
        values[name] = value
    record: Any = KINDS[kind](**markings.as_fields(), **values)
    _keys(kind, record, problems, region)
    _full_clean(record, problems)
    if kind == "vessel" and not (record.name or record.imo or record.mmsi):
        problems.append(("name", _("A vessel needs a name, an IMO or an MMSI number.")))
    if problems:
        raise Invalid(problems)
    record.search_text = search_text(kind, record)
    return record


def record_fields(kind: str, record: Record) -> dict[str, Any]:
    """A record's own fields (not markings), as ``build_record`` takes them."""
    return {name: getattr(record, name) for name in FIELDS.get(kind, ())}


def kind_labels() -> dict[str, str]:
    return {kind: str(model._meta.verbose_name) for kind, model in KINDS.items()}


def kind_of(record: Record) -> str:
    return next(k for k, model in KINDS.items() if isinstance(record, model))
