"""Major events' vocabulary: venue kinds, risk levels, knowledge-base kinds and topics, and where
a venue may be (the host countries, as boxes).

Codes travel between nodes in the ops' bodies; labels are translated on each reader's page.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

LANGUAGES = ("ar", "es", "fr", "en")


class VenueKind(models.TextChoices):
    STADIUM = "stadium", _("Stadium")
    FAN_ZONE = "fan_zone", _("Fan zone")
    TRAINING = "training_site", _("Training site")


class Risk(models.TextChoices):
    """A fixture's risk level (as the football-policing handbooks grade matches)."""

    LOW = "low", pgettext_lazy("risk", "Low")
    MEDIUM = "medium", pgettext_lazy("risk", "Medium")
    HIGH = "high", pgettext_lazy("risk", "High")
    VERY_HIGH = "very_high", pgettext_lazy("risk", "Very high")


class EntryKind(models.TextChoices):
    LESSON = "lesson", _("Lesson learned")
    PLAN = "plan", _("Plan")
    CHECKLIST = "checklist", _("Checklist")


class Topic(models.TextChoices):
    HOOLIGANS = "hooligan_travel", _("Hooligan travel")
    DRONES = "drones", _("Drones")
    CROWD = "crowd_safety", _("Crowd safety")
    TERRORISM = "counter_terrorism", _("Counter-terrorism")
    TRANSPORT = "transport", _("Transport and access")
    CYBER = "cyber", _("Cyber threats")
    INFORMATION = "information_exchange", _("Information exchange")


class Source(models.TextChoices):
    """Where a piece of information in the cooperation centre's log comes from."""

    LIAISON = "liaison", _("Liaison officer")
    NATIONAL = "national", _("National information point")
    SPOTTERS = "spotters", _("Spotters")
    VENUE = "venue", _("Venue command")
    OPEN = "open_source", _("Open source")
    OTHER = "other", _("Other")


# The host countries' territory as boxes (south, west, north, east), degrees: the mainland and
# the islands and cities apart, so a point at sea between them is refused. A box is coarser
# than the coastline (a point just over a land border inside a box passes): the venue's country
# is also checked against the event's hosts.
Box = tuple[Decimal, Decimal, Decimal, Decimal]


def _box(south: str, west: str, north: str, east: str) -> Box:
    return (Decimal(south), Decimal(west), Decimal(north), Decimal(east))


COUNTRY_BOXES: dict[str, tuple[Box, ...]] = {
    "MA": (_box("27.60", "-13.20", "35.95", "-0.99"), _box("20.75", "-17.20", "27.70", "-8.65")),
    "ES": (
        _box("36.00", "-9.40", "43.80", "3.35"),  # the mainland
        _box("38.60", "1.15", "40.10", "4.35"),  # the Balearic Islands
        _box("27.60", "-18.20", "29.45", "-13.35"),  # the Canary Islands
        _box("35.86", "-5.39", "35.92", "-5.27"),  # Ceuta
        _box("35.26", "-2.97", "35.32", "-2.92"),  # Melilla
    ),
    "PT": (
        _box("36.95", "-9.55", "42.16", "-6.18"),  # the mainland
        _box("32.38", "-17.30", "33.13", "-16.25"),  # Madeira
        _box("36.90", "-31.30", "39.75", "-24.95"),  # the Azores
    ),
}
COUNTRY_NAMES: dict[str, object] = {"MA": _("Morocco"), "ES": _("Spain"), "PT": _("Portugal")}
HOSTS = tuple(COUNTRY_BOXES)


def in_country(country: str, lat: Decimal, lon: Decimal) -> bool:
    return any(
        south <= lat <= north and west <= lon <= east
        for south, west, north, east in COUNTRY_BOXES.get(country, ())
    )
