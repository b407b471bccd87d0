"""What an alert refuses, in a draft and in a change: the shape of a draft's fields, a type's
required fields, the addressees (each must share an active channel with the issuing agency),
coordinates inside the map, and the ops' checks (an acknowledgement of a withdrawn or expired
alert, an extension into the past …).

Reads only; raises (or returns) ``Refused`` problems named by the form's field names. The ops'
checks read the local copy and the change's own time, so the proposer's node and the home
answer the same.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

import pydantic
from django.utils.translation import gettext as _

from strait.agencies.models import Agency
from strait.alerts import codes, wire
from strait.alerts.models import Alert
from strait.exchange.models import Channel
from strait.markings import HANDLING_ORDER, HandlingCode
from strait.refusals import Refused
from strait.sharing.effects import body_of
from strait.sharing.refusals import AboveCeiling

if TYPE_CHECKING:
    from strait.sharing.registry import Applied


class InvalidAlert(Refused):
    """The draft or the change does not hold what it must: one problem per field."""

    code = "invalid"


class NoChannel(Refused):
    """An addressee that shares no active channel with the issuing agency."""

    code = "no_channel"


class AlertNotActive(Refused):
    """Withdrawn, or past its validity: no acknowledgement, update nor extension."""

    code = "alert_not_active"


class NotAddressed(Refused):
    """The issuing agency does not acknowledge its own alert."""

    code = "not_addressed"


# The type's own fields a release needs: each entry is one field, or a tuple of which one
# at least must be given (named by its first).
REQUIRED: dict[str, tuple[str | tuple[str, ...], ...]] = {
    codes.AlertType.WANTED: ("warrant_ref", "entity_ref"),
    codes.AlertType.MISSING: ("missing_kind", "entity_ref"),
    codes.AlertType.DANGEROUS: ("officer_safety", "entity_ref"),
    codes.AlertType.DISCREET_CHECK: ("grounds", "entity_ref"),
    codes.AlertType.STOLEN_OBJECT: ("object_kind", ("identifier", "description")),
    codes.AlertType.SUSPICIOUS_VESSEL: (("mmsi", "imo", "description"),),
    codes.AlertType.SUSPICIOUS_AIRCRAFT: (("registration", "description"), "flight_path"),
    codes.AlertType.MIGRATION_SURGE: ("place", "estimated_people", "boats", "direction"),
    codes.AlertType.EVENT_THREAT: ("event",),
}

# The entities kind an alert of each type is about ("" for none; a stolen object's is its kind).
ENTITY_KIND: dict[str, str] = {
    codes.AlertType.WANTED: "person",
    codes.AlertType.MISSING: "person",
    codes.AlertType.DANGEROUS: "person",
    codes.AlertType.DISCREET_CHECK: "person",
    codes.AlertType.SUSPICIOUS_VESSEL: "vessel",
    codes.AlertType.SUSPICIOUS_AIRCRAFT: "aircraft",
}
OBJECT_ENTITY_KINDS = {"vehicle", "document", "vessel"}


def entity_kind(type_: str, details: dict[str, Any]) -> str:
    if type_ == codes.AlertType.STOLEN_OBJECT:
        kind = str(details.get("object_kind") or "")
        return kind if kind in OBJECT_ENTITY_KINDS else ""
    return ENTITY_KIND.get(type_, "")


class DraftIn(pydantic.BaseModel):
    """A draft's fields as the form (or the API) gives them. A draft may be incomplete (the
    type's required fields are checked on submission and release); what it holds must fit."""

    model_config = pydantic.ConfigDict(extra="forbid", str_strip_whitespace=True)

    type: codes.AlertType
    title: wire.Title
    grounds: wire.Grounds = ""
    officer_safety: wire.Safety = ""
    handling: HandlingCode = HandlingCode.H1
    area_kind: codes.AreaKind = codes.AreaKind.TERRITORY
    area_codes: list[wire.PlaceCode] = pydantic.Field(default_factory=list, max_length=50)
    valid_from: pydantic.AwareDatetime | None = None
    valid_until: pydantic.AwareDatetime | None = None
    addressees: list[Annotated[str, pydantic.StringConstraints(max_length=40)]] = pydantic.Field(
        default_factory=list, max_length=50
    )
    entity_ref: Annotated[str, pydantic.StringConstraints(max_length=64)] = ""
    details: wire.Details = wire.Details()

    @pydantic.field_validator("details", mode="before")
    @classmethod
    def _no_blank_details(cls, value: Any) -> Any:
        # A form sends empty strings for fields left blank: they mean "not given".
        if isinstance(value, dict):
            return {k: v for k, v in value.items() if v not in ("", None)}
        return value


def _message(error: Any) -> str:
    if error.get("type") in ("greater_than_equal", "greater_than"):
        return _("Cannot be negative.")
    return str(error.get("msg", ""))


def problems_of(exc: pydantic.ValidationError) -> list[tuple[str, str]]:
    """One (field, message) per error; a detail's problem is named by the detail's own key."""
    problems = []
    for error in exc.errors():
        loc = [str(p) for p in error.get("loc", ()) if not isinstance(p, int)]
        if len(loc) >= 2 and loc[0] == "details":
            loc = loc[1:]
        field = loc[0] if loc else ""
        problems.append((field, _message(error)))
    return problems


def parse_draft(data: dict[str, Any]) -> DraftIn:
    """The draft's fields, or ``InvalidAlert`` naming each one that does not fit."""
    try:
        return DraftIn.model_validate(data)
    except pydantic.ValidationError as exc:
        raise InvalidAlert(_("Some values are not valid."), problems=problems_of(exc)) from None


def place_problems(details: wire.Details) -> list[tuple[str, str]]:
    """Coordinates: both or neither, inside the map's bounding box."""
    if details.lat is None and details.lon is None:
        return []
    if details.lat is None or details.lon is None:
        field = "lat" if details.lat is None else "lon"
        return [(field, _("Give both latitude and longitude, or neither."))]
    if not codes.inside_map(float(details.lat), float(details.lon)):
        box = _("The place is outside the map (latitude %(s)s to %(n)s, longitude %(w)s to %(e)s).")
        message = box % {
            "s": codes.MAP_LAT_MIN,
            "n": codes.MAP_LAT_MAX,
            "w": codes.MAP_LON_MIN,
            "e": codes.MAP_LON_MAX,
        }
        return [("lat", message), ("lon", message)]
    return []


def area_problems(area_kind: str, area_codes: list[str]) -> list[tuple[str, str]]:
    if area_kind in (codes.AreaKind.PORTS, codes.AreaKind.COAST) and not area_codes:
        return [("area_codes", _("Name at least one port or coast segment."))]
    if area_kind == codes.AreaKind.TERRITORY and area_codes:
        return [("area_codes", _("The whole territory names no place."))]
    return []


def shares_channel(issuer: Agency, addressee: Agency) -> bool:
    """An active channel has both agencies among its participants."""
    return Channel.objects.filter(active=True, agencies=issuer).filter(agencies=addressee).exists()


def addressees(issuer: Agency, wanted: list[str]) -> tuple[list[Agency], list[tuple[str, str]]]:
    """The addressed agencies, and a problem for each unknown one, the issuer itself, and each
    with no active channel shared with the issuing agency (named)."""
    found = {a.code: a for a in Agency.objects.filter(code__in=wanted)}
    agencies: list[Agency] = []
    problems: list[tuple[str, str]] = []
    for code in dict.fromkeys(wanted):
        agency = found.get(code)
        if agency is None:
            problems.append(("addressees", _("Unknown agency: %(code)s.") % {"code": code}))
        elif agency.pk == issuer.pk:
            problems.append(("addressees", _("An agency does not address its own alert.")))
        elif not shares_channel(issuer, agency):
            problems.append(
                (
                    "addressees",
                    _("%(agency)s shares no channel with %(issuer)s: it cannot be addressed.")
                    % {"agency": agency.abbreviation, "issuer": issuer.abbreviation},
                )
            )
        else:
            agencies.append(agency)
    return agencies, problems


def _given(value: Any) -> bool:
    return value not in (None, "", [], {})


def required_problems(
    type_: str, fields: dict[str, Any], details: dict[str, Any]
) -> list[tuple[str, str]]:
    """The type's required fields that are missing (``fields``: the draft's own fields)."""
    every = {**details, **fields}
    problems = []
    for need in REQUIRED.get(type_, ()):
        names = need if isinstance(need, tuple) else (need,)
        if not any(_given(every.get(name)) for name in names):
            message = (
                _("Required for this type of alert.")
                if len(names) == 1
                else _("Give at least one of these for this type of alert.")
            )
            problems.append((names[0], message))
    return problems


def release_problems(draft: Any, now: dt.datetime) -> list[tuple[str, str]]:
    """Everything a draft must hold to be submitted or released (the type's fields, the
    validity, the area, at least one addressee), each named by its field."""
    try:
        parsed = wire.Details.model_validate(draft.details or {})
    except pydantic.ValidationError as exc:
        return problems_of(exc)
    problems = required_problems(
        draft.type,
        {
            "grounds": draft.grounds,
            "officer_safety": draft.officer_safety,
            "entity_ref": draft.entity_ref,
        },
        parsed.model_dump(),
    )
    if not draft.title:
        problems.append(("title", _("Required.")))
    if draft.valid_until <= draft.valid_from:
        problems.append(("valid_until", _("The end of validity is not after its start.")))
    elif draft.valid_until <= now:
        problems.append(("valid_until", _("The end of validity is already past.")))
    problems += area_problems(draft.area_kind, list(draft.area_codes or []))
    problems += place_problems(parsed)
    if not draft.addressees:
        problems.append(("addressees", _("Address the alert to at least one agency.")))
    return problems


# The ops' checks.


def alert_of(applied: Applied) -> Alert:
    return Alert.objects.get(obj=applied.obj)


def _active(alert: Alert, at: dt.datetime) -> None:
    if alert.status == codes.Status.WITHDRAWN:
        raise AlertNotActive(_("This alert has been withdrawn."))
    if at >= alert.valid_until:
        raise AlertNotActive(_("This alert has expired."))


def check_create(applied: Applied) -> None:
    body: wire.Create = body_of(applied, wire.Create)
    problems = required_problems(
        body.type,
        {
            "grounds": body.grounds,
            "officer_safety": body.officer_safety,
            "entity_ref": body.entity.ref if body.entity else "",
        },
        body.details.model_dump(),
    )
    problems += area_problems(body.area_kind, body.area_codes)
    problems += place_problems(body.details)
    if problems:
        raise InvalidAlert(_("The alert is not complete."), problems=problems)


def check_update(applied: Applied) -> None:
    body: wire.Update = body_of(applied, wire.Update)
    alert = alert_of(applied)
    _active(alert, applied.at)
    entity_ref = alert.entity.get("ref", "") if alert.entity else ""
    problems = required_problems(
        alert.type,
        {"grounds": body.grounds, "officer_safety": body.officer_safety, "entity_ref": entity_ref},
        body.details.model_dump(),
    )
    problems += area_problems(body.area_kind, body.area_codes)
    problems += place_problems(body.details)
    if problems:
        raise InvalidAlert(_("The alert is not complete."), problems=problems)
    if HANDLING_ORDER[body.handling] > HANDLING_ORDER[applied.obj.ceiling]:
        raise AboveCeiling(
            _("An update cannot mark the alert above %(ceiling)s.")
            % {"ceiling": applied.obj.ceiling},
            problems=[("handling", _("Above the alert's ceiling."))],
        )


def check_extend(applied: Applied) -> None:
    body: wire.Extend = body_of(applied, wire.Extend)
    alert = alert_of(applied)
    if alert.status == codes.Status.WITHDRAWN:
        raise AlertNotActive(_("This alert has been withdrawn."))
    if body.valid_until <= applied.at or body.valid_until <= alert.valid_until:
        raise InvalidAlert(
            problems=[
                ("valid_until", _("Extend to a time later than now and than the current end."))
            ]
        )


def check_withdraw(applied: Applied) -> None:
    if alert_of(applied).status == codes.Status.WITHDRAWN:
        raise AlertNotActive(_("This alert has already been withdrawn."))


def _addressed(applied: Applied, alert: Alert) -> None:
    if applied.by_agency.code == alert.origin_agency:
        raise NotAddressed(_("The issuing agency does not acknowledge its own alert."))


def check_acknowledge(applied: Applied) -> None:
    body: wire.Acknowledge = body_of(applied, wire.Acknowledge)
    alert = alert_of(applied)
    _addressed(applied, alert)
    _active(alert, applied.at)
    if alert.acknowledgements.filter(uid=body.uid).exists():
        raise InvalidAlert(_("This acknowledgement is already recorded."))


def check_add_measure(applied: Applied) -> None:
    body_of(applied, wire.AddMeasure)
    if alert_of(applied).status == codes.Status.WITHDRAWN:
        raise AlertNotActive(_("This alert has been withdrawn."))
