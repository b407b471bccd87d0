"""The alerts' vocabulary: types and their required action, areas, statuses, acknowledgements.

The type decides what the frontline does (``REQUIRED_ACTION``) and how soon an unacknowledged
alert goes to the recipient agency's supervisor (``ESCALATE_AFTER``). Codes travel between nodes
in the ops' bodies; labels are translated on each reader's page.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AlertType(models.TextChoices):
    WANTED = "wanted", _("Person wanted for arrest")
    MISSING = "missing", _("Missing person")
    DANGEROUS = "dangerous", _("Dangerous person")
    DISCREET_CHECK = "discreet_check", _("Discreet check")
    STOLEN_OBJECT = "stolen_object", _("Stolen or lost object")
    SUSPICIOUS_VESSEL = "suspicious_vessel", _("Suspicious vessel")
    SUSPICIOUS_AIRCRAFT = "suspicious_aircraft", _("Suspicious aircraft")
    MIGRATION_SURGE = "migration_surge", _("Migration surge")
    EVENT_THREAT = "event_threat", _("Threat to a major event")


# What the user who meets the person, thing or place must do: the first line of every alert.
# A discreet check's frontline text is this and nothing else: never why.
REQUIRED_ACTION: dict[str, object] = {
    AlertType.WANTED: _("Arrest the person and inform the issuing agency at once."),
    AlertType.MISSING: _("Locate and protect the person; inform the issuing agency."),
    AlertType.DANGEROUS: _("Do not approach alone; secure the area and call for support."),
    AlertType.DISCREET_CHECK: _("Report discreetly. Do not alert the person."),
    AlertType.STOLEN_OBJECT: _("Seize the object and inform the issuing agency."),
    AlertType.SUSPICIOUS_VESSEL: _("Report any sighting at once; intercept where lawful."),
    AlertType.SUSPICIOUS_AIRCRAFT: _("Report any sighting and landing place at once."),
    AlertType.MIGRATION_SURGE: _("Reinforce the segment and report the measures taken."),
    AlertType.EVENT_THREAT: _("Report at once; heighten checks around the event."),
}

# How long an addressed agency has to acknowledge before its supervisors are told.
ESCALATE_AFTER: dict[str, dt.timedelta] = {
    AlertType.MIGRATION_SURGE: dt.timedelta(minutes=10),
    AlertType.DANGEROUS: dt.timedelta(minutes=10),
}
ESCALATE_AFTER_DEFAULT = dt.timedelta(minutes=60)

# Types that carry an entity (a person or a thing from ``entities``), and which kind.
PERSON_TYPES = frozenset(
    {AlertType.WANTED, AlertType.MISSING, AlertType.DANGEROUS, AlertType.DISCREET_CHECK}
)


class ObjectKind(models.TextChoices):
    VEHICLE = "vehicle", _("Vehicle")
    DOCUMENT = "document", _("Document")
    VESSEL = "vessel", _("Vessel")
    FIREARM = "firearm", _("Firearm")


class MissingKind(models.TextChoices):
    ADULT = "adult", _("Adult")
    MINOR = "minor", _("Minor")


class AreaKind(models.TextChoices):
    PORTS = "ports", _("Ports")
    COAST = "coast", _("Coast segments")
    TERRITORY = "territory", _("Whole territory")


class Status(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("alert", "Active")
    WITHDRAWN = "withdrawn", pgettext_lazy("alert", "Withdrawn")


class DraftStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for review")
    RELEASED = "released", pgettext_lazy("alert", "Released")
    RETURNED = "returned", _("Returned to the author")


class AckKind(models.TextChoices):
    RECEIVED = "received", _("Received")
    ACTION_TAKEN = "action_taken", _("Action taken")
    CANNOT_ACT = "cannot_act", _("Cannot act on our territory")


class HitSource(models.TextChoices):
    RECORD = "record", _("Our records")
    CHECK = "check", _("An incoming check")


# The map's bounding box (the Strait of Gibraltar and both coasts): a place given by
# coordinates must lie inside it. The situation picture's map (``strait.situation``) uses the
# same box: import it from here.
MAP_LAT_MIN = 34.5
MAP_LAT_MAX = 37.5
MAP_LON_MIN = -7.5
MAP_LON_MAX = -1.5
MAP_BOX = (MAP_LAT_MIN, MAP_LON_MIN, MAP_LAT_MAX, MAP_LON_MAX)  # south, west, north, east


def inside_map(lat: float, lon: float) -> bool:
    """The point lies within the map's bounding box."""
    return MAP_LAT_MIN <= lat <= MAP_LAT_MAX and MAP_LON_MIN <= lon <= MAP_LON_MAX
