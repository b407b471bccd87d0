"""Major events' vocabulary: venue kinds, risk levels, knowledge-base kinds and topics, and where
a venue may be (the host countries, as boxes).

Codes travel between nodes in the ops' bodies; labels are translated on each reader's page.
"""

from __future__ import annotations

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


COUNTRY_NAMES: dict[str, object] = {"MA": _("Morocco"), "ES": _("Spain"), "PT": _("Portugal")}
HOSTS = ("MA", "ES", "PT")
