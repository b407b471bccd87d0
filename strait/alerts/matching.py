"""Alerts meet the data: an alert's entity against this node's records, and this node's checks
against its active alerts. What is found is an ``AlertHit`` (this node's own row, never sent),
flagged to the agency's users with the alert's required action.

- ``match_alert(alert)``: when an alert arrives or changes here (the ops' ``after`` hooks), its
  entity snapshot (``Alert.entity``) and the identifiers in its details are looked up in the
  records of each addressed agency on this node: persons through the agency's person index
  (``entities.person_index``, the one partners' checks use: names in any script, dates of
  birth), plates, documents, phones, aircraft and vessels by their normalised key
  (``checks.matcher.query_key``). Only an active alert matches; a withdrawn or expired one
  finds nothing.
- ``on_check`` (connected to ``checks.signals.check_recorded``): a check this node's user sends
  (at a port, on the road) or a partner's check this node answers is compared with the active
  alerts addressed to or issued by the agency that checked or was asked; a match is flagged at
  once (source "check"). The partner's answer is untouched: it stays hit or no hit (AC-04).
- ``match_many``: many checks of one agency at once (a ferry's manifest screened at a port,
  ``ports.screening``), the active alerts read once for all of them.

What the entity snapshot may hold (read leniently: the release writes it, older copies may
lack a part): ``kind`` (person, vehicle, document, vessel, aircraft, phone), ``label``,
``value`` (an identifier's value), ``names`` (texts, or ``{"text": …}``), ``birth_dates``,
``identifiers`` (``{"kind": …, "value": …}``: imo, mmsi, vin …), the same keys under
``details`` too. From the alert's details: ``object_kind`` with ``identifier``, ``mmsi``, ``imo``,
``registration``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from strait.agencies.models import Agency
from strait.alerts import codes
from strait.alerts.models import Alert, AlertHit
from strait.checks.matcher import query_key
from strait.entities.models import Aircraft, Document, Person, Phone, Vehicle, Vessel
from strait.entities.person_index import person_index
from strait.matching import Index
from strait.notifications import actions as notifications
from strait.notifications import queries as notified
from strait.notifications.topics import Topic, register
from strait.permissions import Permission
from strait.sharing import registry
from strait.sharing.models import ParticipantRole

__all__ = ["Wanted", "match_alert", "match_check", "match_many", "on_check", "wanted"]

log = logging.getLogger(__name__)

SEARCH_LIMIT = 25
LANGUAGES = ("ar", "es", "fr", "en")

HIT_IN_RECORDS = register(
    Topic(
        "alerts.hit_record",
        _("An alert matches one of your records"),
        _("Alert “%(title)s” matches one of your records. %(action)s"),
        level="alert",  # the banner of every page, as the alerts themselves
    )
)
HIT_BY_CHECK = register(
    Topic(
        "alerts.hit_check",
        _("A check matches an active alert"),
        _("A check matches the active alert “%(title)s”. %(action)s"),
        level="alert",  # the banner of every page, as the alerts themselves
    )
)

_MODELS: dict[str, Any] = {
    "phone": Phone,
    "document": Document,
    "aircraft": Aircraft,
    "vehicle": Vehicle,
    "vessel": Vessel,
}
# An identifier named in a snapshot's ``identifiers``: the record kind it is looked up in.
_IDENTIFIER_KINDS = {
    "imo": "vessel",
    "mmsi": "vessel",
    "vin": "vehicle",
    "plate": "vehicle",
    "registration": "aircraft",
    "document": "document",
    "phone": "phone",
}


@dataclass(frozen=True)
class Wanted:
    """What an alert looks for: a person's names and dates of birth, and identifiers as
    (record kind, value)."""

    names: tuple[str, ...] = ()
    birth_dates: tuple[str, ...] = ()
    identifiers: tuple[tuple[str, str], ...] = ()
    country: str = ""

    def __bool__(self) -> bool:
        return bool(self.names or self.identifiers)


@dataclass
class _Collect:
    names: list[str] = field(default_factory=list)
    birth_dates: list[str] = field(default_factory=list)
    identifiers: list[tuple[str, str]] = field(default_factory=list)

    def name(self, value: Any) -> None:
        text = value.get("text", "") if isinstance(value, dict) else value
        if isinstance(text, str) and text.strip() and text.strip() not in self.names:
            self.names.append(text.strip()[:200])

    def identifier(self, kind: str, value: Any) -> None:
        if kind in _MODELS and isinstance(value, str | int) and str(value).strip():
            pair = (kind, str(value).strip()[:100])
            if pair not in self.identifiers:
                self.identifiers.append(pair)


def _countries(alerts: Iterable[Alert]) -> dict[str, str]:
    """The issuing agencies' countries (a phone number is read in its issuer's), one query."""
    codes_ = {a.origin_agency for a in alerts}
    return dict(Agency.objects.filter(code__in=codes_).values_list("code", "country__code"))


def wanted(alert: Alert, *, country: str | None = None) -> Wanted:
    """What ``alert`` looks for, from its entity snapshot and its details."""
    entity = alert.entity if isinstance(alert.entity, dict) else {}
    parts = [entity]
    if isinstance(entity.get("details"), dict):
        parts.append(entity["details"])
    kind = str(entity.get("kind", ""))
    found = _Collect()
    for part in parts:
        for name in part.get("names", []) or []:
            found.name(name)
        for date in part.get("birth_dates", []) or []:
            if isinstance(date, str) and date.strip():
                found.birth_dates.append(date.strip()[:10])
        for item in part.get("identifiers", []) or []:
            if isinstance(item, dict):
                named = str(item.get("kind", ""))
                found.identifier(_IDENTIFIER_KINDS.get(named, named), item.get("value"))
    if kind == "person" and not found.names and entity.get("label"):
        found.name(entity["label"])
    if kind in _MODELS:
        found.identifier(kind, entity.get("value") or entity.get("label"))
    details = alert.details if isinstance(alert.details, dict) else {}
    if details.get("object_kind") in _MODELS:
        found.identifier(str(details["object_kind"]), details.get("identifier"))
    for key in ("mmsi", "imo"):
        found.identifier("vessel", details.get(key))
    found.identifier("aircraft", details.get("registration"))
    if alert.type not in codes.PERSON_TYPES and kind != "person":
        found.names.clear()
    return Wanted(
        tuple(found.names),
        tuple(found.birth_dates),
        tuple(found.identifiers),
        _countries([alert]).get(alert.origin_agency, "") if country is None else country,
    )


def _in_languages(text: Any) -> dict[str, str]:
    """A lazy text in each language, as a notification parameter (read in the reader's)."""
    out = {}
    for code in LANGUAGES:
        with translation.override(code):
            out[code] = str(text)
    return out


def _url(alert: Alert) -> str:
    spec = registry.shared_type(alert.obj.kind)
    if spec is not None and spec.url is not None:
        return str(spec.url(alert.obj))
    return "/alerts/"


def _in_use(today: dt.date, prefix: str = "") -> Q:
    """A record the agency may still use: review and retention dates not passed (DP-02)."""
    return Q(**{f"{prefix}review_date__gte": today, f"{prefix}retention_date__gte": today})


@dataclass(frozen=True)
class _Found:
    ref: str
    label: str
    score: float


def _keys(kind: str, value: str, country: str) -> list[tuple[str, str]]:
    try:
        return query_key(kind, value, country)
    except ValueError:
        return []


def _persons(agency_id: int, want: Wanted, today: dt.date) -> list[_Found]:
    if not want.names:
        return []
    index = person_index(agency_id)
    try:
        matches = index.search(
            names=list(want.names), birth_dates=list(want.birth_dates), limit=SEARCH_LIMIT
        )
    except ValueError:  # a date the matcher cannot read must not hide the names
        matches = index.search(names=list(want.names), limit=SEARCH_LIMIT)
    flagged = {m.record_id: m.score for m in matches if m.flagged}
    if not flagged:
        return []
    rows = Person.objects.filter(_in_use(today), uid__in=list(flagged)).prefetch_related("names")
    return [
        _Found(str(p.uid), str(p)[:300], flagged[str(p.uid)])
        for p in rows
        if p.agency_id == agency_id
    ]


def _identified(agency_id: int, want: Wanted, today: dt.date) -> list[_Found]:
    found = []
    for kind, value in want.identifiers:
        keys = _keys(kind, value, want.country)
        if not keys:
            continue
        condition = Q()
        for field_, key in keys:
            condition |= Q(**{f"{field_}__iexact" if field_ == "name" else field_: key})
        model = _MODELS[kind]
        rows = model.objects.filter(condition, _in_use(today), agency_id=agency_id)[:SEARCH_LIMIT]
        found += [_Found(str(row.uid), str(row)[:300], 1.0) for row in rows]
    return found


def _flag(
    alert: Alert, agency: Agency, source: str, found: Iterable[_Found], now: dt.datetime
) -> list[AlertHit]:
    """Store the new hits and notify the agency's users of each, once."""
    found = list({f.ref: f for f in found}.values())
    if not found:
        return []
    known = set(
        AlertHit.objects.filter(
            alert=alert, agency=agency, source=source, ref__in=[f.ref for f in found]
        ).values_list("ref", flat=True)
    )
    hits = AlertHit.objects.bulk_create(
        [
            AlertHit(
                alert=alert,
                agency=agency,
                source=source,
                ref=f.ref,
                label=f.label,
                score=f.score,
                found_at=now,
            )
            for f in found
            if f.ref not in known
        ],
        ignore_conflicts=True,  # the same hit found at once by another process
    )
    if hits:
        topic = HIT_IN_RECORDS if source == codes.HitSource.RECORD else HIT_BY_CHECK
        users = list(notified.users_with(Permission.ALERTS_READ, agency.pk))
        params = {"title": alert.title, "action": _in_languages(alert.required_action)}
        for hit in hits:
            notifications.notify(
                users,
                topic,
                key=f"{alert.obj.uid}:{agency.code}:{source}:{hit.ref}",
                url=_url(alert),
                params=params,
                now=now,
            )
    return hits


def addressed_here(alert: Alert) -> list[Agency]:
    """The alert's addressed agencies (active participants) that live on this node."""
    from strait.exchange.effects import local_node

    return list(
        Agency.objects.filter(
            node_code=local_node(),
            pk__in=alert.obj.participants.filter(
                active=True, role=ParticipantRole.PARTICIPANT
            ).values("agency_id"),
        )
    )


def _match_records(alert: Alert, moment: dt.datetime) -> list[AlertHit]:
    if not alert.is_active(moment):
        return []
    want = wanted(alert)
    if not want:
        return []
    today = timezone.localdate(moment)
    hits: list[AlertHit] = []
    for agency in addressed_here(alert):
        found = _persons(agency.pk, want, today) + _identified(agency.pk, want, today)
        hits += _flag(alert, agency, codes.HitSource.RECORD, found, moment)
    return hits


def match_alert(alert: Alert, *, now: dt.datetime | None = None) -> list[AlertHit]:
    """Look the alert's entity up in the records of its addressed agencies on this node; store
    and flag what is new. Returns the new hits (none for an alert no longer active).

    Called by the ops' ``after`` inside the arrival's transaction: a failure to match is logged
    and leaves no half-written hit (a savepoint), but never stops the alert itself from arriving
    (the inbox would retry it, then park it, and the alert would never show)."""
    try:
        with transaction.atomic():
            return _match_records(alert, now or timezone.now())
    except Exception:
        log.exception("matching alert %s against this node's records failed", alert.obj.uid)
        return []


def _active_for(agency: Agency, now: dt.datetime) -> Any:
    """Active alerts addressed to ``agency`` or issued by it, as held on this node."""
    addressed = Q(
        obj__participants__agency=agency,
        obj__participants__active=True,
        obj__participants__role=ParticipantRole.PARTICIPANT,
    )
    return Alert.objects.filter(
        addressed | Q(origin_agency=agency.code),
        status=codes.Status.ACTIVE,
        valid_from__lte=now,
        valid_until__gt=now,
    ).distinct()


@dataclass
class _Watch:
    """What one agency's active alerts look for, ready for a check: their persons in an
    ``Index``, their identifiers by normalised key. Built once per process and kept while the
    same alerts, at the same versions, are active (a check reads which are, one query)."""

    key: tuple[tuple[int, str, int], ...]  # (pk, uid, version) of each active alert
    persons: Index
    things: dict[tuple[str, str, str], set[int]]  # (kind, field, key) -> alert pks


_watches: dict[int, _Watch] = {}
_watch_lock = threading.Lock()


def _build_watch(key: tuple[tuple[int, str, int], ...], active: list[Alert]) -> _Watch:
    countries = _countries(active)
    persons = Index()
    things: dict[tuple[str, str, str], set[int]] = {}
    for alert in active:
        want = wanted(alert, country=countries.get(alert.origin_agency, ""))
        if want.names:
            try:
                persons.add(
                    str(alert.pk), names=list(want.names), birth_dates=list(want.birth_dates)
                )
            except ValueError:
                with contextlib.suppress(ValueError):
                    persons.add(str(alert.pk), names=list(want.names))
        for kind, value in want.identifiers:
            for field_, found in _keys(kind, value, want.country):
                things.setdefault((kind, field_, found.lower()), set()).add(alert.pk)
    return _Watch(key, persons, things)


def _watch(agency: Agency, now: dt.datetime) -> _Watch:
    # Which alerts are active, by key only (a check reads no alert's content unless the set
    # changed); the uid too: a pk freed by a rolled-back arrival may come back as another alert.
    rows = _active_for(agency, now).values_list("pk", "obj__uid", "version")
    key = tuple(sorted((pk, str(uid), version) for pk, uid, version in rows))
    with _watch_lock:
        cached = _watches.get(agency.pk)
        if cached is None or cached.key != key:
            active = list(Alert.objects.filter(pk__in=[k[0] for k in key]).select_related("obj"))
            cached = _watches[agency.pk] = _build_watch(key, active)
        return cached


def forget() -> None:
    """Drop every cached watch list (tests)."""
    with _watch_lock:
        _watches.clear()


def _same_person(watch: _Watch, query: dict[str, Any]) -> dict[int, float]:
    names = [str(n) for n in query.get("names", []) if str(n).strip()]
    if not names or not watch.key:
        return {}
    dates = [str(query["birth_date"])] if query.get("birth_date") else []
    limit = len(watch.key)
    try:
        matches = watch.persons.search(names=names, birth_dates=dates, limit=limit)
    except ValueError:
        matches = watch.persons.search(names=names, limit=limit)
    return {int(m.record_id): m.score for m in matches if m.flagged}


def _same_thing(watch: _Watch, kind: str, query: dict[str, Any]) -> dict[int, float]:
    if kind not in _MODELS:
        return {}
    value, country = str(query.get("value", "")), str(query.get("country", ""))
    found: dict[int, float] = {}
    for field_, key in _keys(kind, value, country):
        for pk in watch.things.get((kind, field_, key.lower()), ()):
            found[pk] = 1.0
    return found


def match_check(
    *,
    agency: Agency,
    kind: str,
    query: dict[str, Any],
    ref: str,
    label: str,
    now: dt.datetime | None = None,
) -> list[AlertHit]:
    """A check (sent by ``agency`` or asked of it) against the active alerts addressed to or
    issued by ``agency``: each alert it matches is flagged (source "check", ``ref`` the check's
    uid on this node). Returns the new hits."""
    moment = now or timezone.now()
    watch = _watch(agency, moment)
    person = kind == "person"
    matched = _same_person(watch, query) if person else _same_thing(watch, kind, query)
    if not matched:
        return []
    hits: list[AlertHit] = []
    for alert in Alert.objects.filter(pk__in=list(matched)).select_related("obj"):
        found = _Found(ref, str(label)[:300], matched[alert.pk])
        hits += _flag(alert, agency, codes.HitSource.CHECK, [found], moment)
    return hits


def match_many(
    *,
    agency: Agency,
    items: Iterable[tuple[str, dict[str, Any], str, str]],
    now: dt.datetime | None = None,
) -> list[AlertHit]:
    """Many checks of ``agency`` at once (a ferry's manifest: ``(kind, query, ref, label)`` per
    item), as ``match_check`` one by one but reading which alerts are active once: without any,
    nothing is searched. Returns the new hits (each flagged as ``match_check`` flags it)."""
    moment = now or timezone.now()
    watch = _watch(agency, moment)
    if not watch.key:
        return []
    found: list[tuple[int, _Found]] = []
    for kind, query, ref, label in items:
        person = kind == "person"
        matched = _same_person(watch, query) if person else _same_thing(watch, kind, query)
        found += [(pk, _Found(ref, str(label)[:300], score)) for pk, score in matched.items()]
    if not found:
        return []
    alerts = Alert.objects.filter(pk__in={pk for pk, _f in found}).select_related("obj")
    by_pk = {alert.pk: alert for alert in alerts}
    hits: list[AlertHit] = []
    for pk, item in found:
        hits += _flag(by_pk[pk], agency, codes.HitSource.CHECK, [item], moment)
    return hits


def on_check(sender: Any, **kwargs: Any) -> list[AlertHit]:
    """Receiver of ``checks.signals.check_recorded``. A failure to match is logged and leaves
    no half-written hit (a savepoint); the check itself (a user's, or the answer a partner waits
    for) goes on."""
    try:
        with transaction.atomic():
            return match_check(
                agency=kwargs["agency"],
                kind=str(kwargs["kind"]),
                query=dict(kwargs.get("query") or {}),
                ref=str(kwargs["ref"]),
                label=str(kwargs.get("label", "")),
            )
    except Exception:
        log.exception("matching check %s against the active alerts failed", kwargs.get("ref"))
        return []
