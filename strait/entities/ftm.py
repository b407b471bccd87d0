"""FollowTheMoney JSON lines: reading them into import items, writing an agency's records.

Each line is one entity ``{"id", "schema", "properties": {name: [values]}}`` with FtM's schema
and property names (docs/entities.md has the mapping). What FtM has no property for (the DP-01
markings, a vehicle's VIN, each name's language) travels in an extra top-level ``"strait"``
object, which FtM tools ignore and our import reads back. Written by hand: the
``followthemoney`` package would bring a large dependency tree for a few dictionaries.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from strait.entities import queries
from strait.entities.csv_format import FileRefused, refuse_nul
from strait.entities.imports import MAX_ROWS, Item, markings_with
from strait.entities.models import Document, Person, PersonName, Phone, Record
from strait.entities.validation import (
    MARKING_FIELDS,
    IdentifierDraft,
    Markings,
    NameDraft,
    PersonDraft,
)

if TYPE_CHECKING:
    from strait.accounts.models import User

ORGANISATION_SCHEMATA = ("Organization", "Company", "PublicBody", "LegalEntity")
DOCUMENT_SCHEMATA = ("Passport", "Identification")
SCHEMATA = (
    "Person",
    *ORGANISATION_SCHEMATA,
    *DOCUMENT_SCHEMATA,
    "Vehicle",
    "Vessel",
    "Airplane",
    "Address",
)
GENDERS = {"male": "male", "female": "female", "other": "other"}


def _values(props: dict[str, Any], name: str) -> list[str]:
    raw = props.get(name, [])
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list):
        return []
    return [str(v).strip() for v in raw if isinstance(v, str | int) and str(v).strip()]


def _first(props: dict[str, Any], *names: str) -> str:
    for name in names:
        values = _values(props, name)
        if values:
            return values[0]
    return ""


def _person(props: dict[str, Any], extra: dict[str, Any], markings: Markings) -> PersonDraft:
    listed = extra.get("names")
    languages = {
        str(n.get("name", "")): str(n.get("language", ""))
        for n in (listed if isinstance(listed, list) else [])
        if isinstance(n, dict)
    }
    names = [NameDraft(n, language=languages.get(n, "")) for n in _values(props, "name")]
    names += [
        NameDraft(a, language=languages.get(a, ""), kind=PersonName.Kind.ALIAS)
        for a in _values(props, "alias")
    ]
    nationalities = [c.upper() for c in _values(props, "nationality")]
    issuing = nationalities[0] if nationalities else ""
    identifiers = [IdentifierDraft("phone", p) for p in _values(props, "phone")]
    identifiers += [IdentifierDraft("email", e) for e in _values(props, "email")]
    identifiers += [
        IdentifierDraft("document", n, country=issuing, document_kind=Document.Kind.ID_CARD)
        for n in _values(props, "idNumber")
    ]
    identifiers += [
        IdentifierDraft("document", n, country=issuing, document_kind=Document.Kind.PASSPORT)
        for n in _values(props, "passportNumber")
    ]
    gender = _first(props, "gender").lower()
    return PersonDraft(
        markings=markings,
        names=names,
        gender=GENDERS.get(gender, "other" if gender else ""),
        birth_dates=_values(props, "birthDate"),
        place_of_birth=_first(props, "birthPlace"),
        nationalities=nationalities,
        identifiers=identifiers,
    )


def _document_kind(schema: str, props: dict[str, Any]) -> str:
    if schema == "Passport":
        return Document.Kind.PASSPORT
    wanted = _first(props, "type").lower()
    return wanted if wanted in Document.Kind.values else Document.Kind.OTHER


def _item(line: int, entity: dict[str, Any], defaults: Markings) -> list[Item]:
    """Items for one entity: usually one, more when it carries phones for an organisation."""
    schema = str(entity.get("schema", ""))
    ref = str(entity.get("id", "")).strip()
    props = entity.get("properties") or {}
    extra = entity.get("strait") or {}
    if not isinstance(props, dict) or not isinstance(extra, dict):
        return [Item(row=line, ref=ref, problems=[_("properties must be an object")])]
    problems: list[str] = []
    markings = markings_with(defaults, {k: str(v) for k, v in extra.items()}, problems)
    base: dict[str, Any] = {"row": line, "ref": ref, "markings": markings, "problems": problems}
    if not ref:
        problems.append(_("an entity needs an id"))
    if schema == "Person":
        return [Item(kind="person", person=_person(props, extra, markings), **base)]
    if schema in ORGANISATION_SCHEMATA:
        names = _values(props, "name")
        contacts = [("phone", p) for p in _values(props, "phone")]
        contacts += [("email", e) for e in _values(props, "email")]
        if not names:  # a bare contact: standalone phones and e-mail addresses
            items = [
                Item(row=line, ref="", kind=k, fields={"value": v}, markings=markings)
                for k, v in contacts
            ]
            return items or [Item(problems=[_("an organisation needs a name")], **base)]
        organisation = Item(
            kind="organisation",
            fields={
                "name": names[0],
                "aliases": names[1:] + _values(props, "alias"),
                "country": _first(props, "country", "jurisdiction").upper(),
            },
            **base,
        )
        owned = [
            Item(row=line, kind=k, fields={"value": v}, markings=markings, owner=ref)
            for k, v in contacts
        ]
        return [organisation, *owned]
    owner = _first(props, "holder", "owner")
    if schema in DOCUMENT_SCHEMATA:
        fields = {
            "kind": _document_kind(schema, props),
            "value": _first(props, "number", "passportNumber"),
            "issuing_country": _first(props, "country").upper(),
        }
        return [Item(kind="document", fields=fields, owner=owner, **base)]
    if schema == "Vehicle":
        fields = {
            "value": _first(props, "registrationNumber"),
            "plate_country": _first(props, "country").upper(),
            "vin": str(extra.get("vin", "")),
            "make_model": _first(props, "model", "type"),
        }
        return [Item(kind="vehicle", fields=fields, owner=owner, **base)]
    if schema == "Vessel":
        fields = {
            "name": _first(props, "name"),
            "imo": _first(props, "imoNumber"),
            "mmsi": _first(props, "mmsi"),
            "registration": _first(props, "registrationNumber"),
            "flag": _first(props, "flag", "country").upper(),
        }
        return [Item(kind="vessel", fields=fields, **base)]
    if schema == "Airplane":
        fields = {
            "value": _first(props, "registrationNumber"),
            "aircraft_type": _first(props, "model", "type"),
        }
        return [Item(kind="aircraft", fields=fields, owner=owner, **base)]
    if schema == "Address":
        city = _first(props, "city")
        fields = {
            "street": _first(props, "street") or ("" if city else _first(props, "full")),
            "city": city,
            "postal_code": _first(props, "postalCode"),
            "country": _first(props, "country").upper(),
        }
        return [Item(kind="address", fields=fields, owner=str(extra.get("owner", "")), **base)]
    problems.append(
        _("the schema %(s)r is not imported (only %(known)s): remove these lines")
        % {"s": schema, "known": ", ".join(SCHEMATA)}
    )
    return [Item(**base)]


def read(text: str, defaults: Markings) -> list[Item]:
    refuse_nul(text)
    items: list[Item] = []
    addresses: dict[str, str] = {}  # address id -> the person or organisation naming it
    for line, raw in enumerate(text.lstrip("\ufeff").splitlines(), 1):
        if not raw.strip():
            continue
        if line > MAX_ROWS:
            raise FileRefused(_("At most %(n)s lines per file.") % {"n": MAX_ROWS})
        try:
            entity = json.loads(raw)
        except (ValueError, RecursionError):
            items.append(Item(row=line, problems=[_("not a JSON object")]))
            continue
        if not isinstance(entity, dict):
            items.append(Item(row=line, problems=[_("not a JSON object")]))
            continue
        props = entity.get("properties")
        if isinstance(props, dict):
            for address_id in _values(props, "addressEntity"):
                addresses[address_id] = str(entity.get("id", ""))
        try:
            items.extend(_item(line, entity, defaults))
        except (TypeError, ValueError, AttributeError, KeyError):
            # A property of an unexpected shape the mapping did not foresee: this line only.
            items.append(Item(row=line, problems=[_("an entity of an unexpected shape")]))
    for item in items:
        if item.kind == "address" and not item.owner:
            item.owner = addresses.get(item.ref, "")
    return items


# Export -----------------------------------------------------------------------------------


def _extra(record: Record, **more: Any) -> dict[str, Any]:
    markings = {name: str(getattr(record, name)) for name in MARKING_FIELDS}
    markings["open_to_checks"] = "yes" if record.open_to_checks else "no"
    return markings | more


def _entity(schema: str, record: Record, props: dict[str, list[str]], **extra: Any) -> str:
    entity = {
        "id": str(record.uid),
        "schema": schema,
        "properties": {k: v for k, v in props.items() if v},
        "strait": _extra(record, **extra),
    }
    return json.dumps(entity, ensure_ascii=False, sort_keys=True)


def _contact(row: Any) -> str:
    return str(row.key.removeprefix("phone:")) if isinstance(row, Phone) else str(row.value)


def _owner(row: Any) -> list[str]:
    owner = row.person or row.organisation
    return [str(owner.uid)] if owner is not None else []


def _entry(
    schema: str, record: Record, props: dict[str, list[str]], **extra: Any
) -> tuple[str, bool]:
    return _entity(schema, record, props, **extra), record.review_overdue


def export_lines(user: User) -> Iterator[tuple[str, bool]]:
    """The user's agency's records as FtM JSON lines, each with whether the record is past its
    review date (the caller leaves those out and audits the export)."""
    persons = queries.records_of(user, "person")
    organisations = queries.records_of(user, "organisation")
    addresses = list(queries.records_of(user, "address").select_related("person", "organisation"))
    address_of: dict[tuple[str, int], list[str]] = {}
    for a in addresses:
        owner = a.person or a.organisation
        if owner is not None:
            address_of.setdefault((type(owner).__name__, owner.pk), []).append(str(a.uid))
    phones = list(queries.records_of(user, "phone").select_related("person", "organisation"))
    emails = list(queries.records_of(user, "email").select_related("person", "organisation"))

    def contacts(owner: Any, rows: list[Any]) -> list[str]:
        # Phones as E.164 (their key), so they read the same wherever they are imported.
        if isinstance(owner, Person):
            return [_contact(r) for r in rows if r.person_id == owner.pk]
        return [_contact(r) for r in rows if r.organisation_id == owner.pk]

    for p in persons:
        names = list(p.names.all())
        yield _entry(
            "Person",
            p,
            {
                "name": [n.full_name for n in names if n.kind == PersonName.Kind.PRIMARY],
                "alias": [n.full_name for n in names if n.kind == PersonName.Kind.ALIAS],
                "birthDate": list(p.birth_dates),
                "birthPlace": [p.place_of_birth] if p.place_of_birth else [],
                "nationality": [c.lower() for c in p.nationalities],
                "gender": [p.gender] if p.gender else [],
                "phone": contacts(p, phones),
                "email": contacts(p, emails),
                "addressEntity": address_of.get(("Person", p.pk), []),
            },
            names=[{"name": n.full_name, "language": n.language} for n in names if n.language],
        )
    for o in organisations:
        yield _entry(
            "Organization",
            o,
            {
                "name": [o.name],
                "alias": list(o.aliases),
                "country": [o.country.lower()] if o.country else [],
                "phone": contacts(o, phones),
                "email": contacts(o, emails),
                "addressEntity": address_of.get(("Organisation", o.pk), []),
            },
        )
    for kind, rows in (("phone", phones), ("email", emails)):
        for r in rows:
            if r.person_id is None and r.organisation_id is None:
                yield _entry("LegalEntity", r, {kind: [_contact(r)]})
    for d in queries.records_of(user, "document").select_related("person", "organisation"):
        schema = "Passport" if d.kind == Document.Kind.PASSPORT else "Identification"
        yield _entry(
            schema,
            d,
            {
                "number": [d.value],
                "type": [d.kind],
                "country": [d.issuing_country.lower()] if d.issuing_country else [],
                "holder": _owner(d),
            },
        )
    for v in queries.records_of(user, "vehicle").select_related("person", "organisation"):
        yield _entry(
            "Vehicle",
            v,
            {
                "registrationNumber": [v.value],
                "country": [v.plate_country.lower()] if v.plate_country else [],
                "model": [v.make_model] if v.make_model else [],
                "owner": _owner(v),
            },
            vin=v.vin,
        )
    for s in queries.records_of(user, "vessel"):
        yield _entry(
            "Vessel",
            s,
            {
                "name": [s.name] if s.name else [],
                "imoNumber": [s.imo] if s.imo else [],
                "mmsi": [s.mmsi] if s.mmsi else [],
                "registrationNumber": [s.registration] if s.registration else [],
                "flag": [s.flag.lower()] if s.flag else [],
            },
        )
    for a in queries.records_of(user, "aircraft").select_related("person", "organisation"):
        yield _entry(
            "Airplane",
            a,
            {
                "registrationNumber": [a.value],
                "model": [a.aircraft_type] if a.aircraft_type else [],
                "owner": _owner(a),
            },
        )
    for ad in addresses:
        yield _entry(
            "Address",
            ad,
            {
                "full": [str(ad)],
                "street": [ad.street] if ad.street else [],
                "city": [ad.city],
                "postalCode": [ad.postal_code] if ad.postal_code else [],
                "country": [ad.country.lower()],
            },
        )


# The template's example entities (FollowTheMoney's own schemata and property names).
TEMPLATE_ENTITIES: tuple[dict[str, Any], ...] = (
    {
        "id": "p1",
        "schema": "Person",
        "properties": {
            "name": ["Youssef El Amrani"],
            "alias": ["يوسف العمراني"],
            "birthDate": ["1985-06-14"],
            "birthPlace": ["Tanger"],
            "nationality": ["ma"],
            "gender": ["male"],
            "phone": ["+212 661 12 34 56"],
        },
    },
    {
        "id": "d1",
        "schema": "Passport",
        "properties": {"holder": ["p1"], "number": ["XA1234567"], "country": ["ma"]},
    },
    {
        "id": "v1",
        "schema": "Vehicle",
        "properties": {"owner": ["p1"], "registrationNumber": ["1234 BCD"], "country": ["es"]},
    },
)


def template() -> str:
    """A FollowTheMoney JSON lines file with example entities, to fill in and import."""
    return "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in TEMPLATE_ENTITIES)
