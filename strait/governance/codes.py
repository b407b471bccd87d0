"""Governance's vocabulary: kinds of body, cadence rules, meeting, action and course statuses,
evidence kinds, areas and training topics. Codes travel between nodes in the ops' bodies; labels
are translated on each reader's page."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

LANGUAGES = ("ar", "es", "fr", "en")
# Minutes are written in both sides' languages; French and English are optional.
MINUTES_REQUIRED = ("ar", "es")


class BodyKind(models.TextChoices):
    COMMITTEE = "committee", _("Committee")
    SUBCOMMITTEE = "subcommittee", _("Sub-committee")
    MINISTERIAL = "ministerial", _("Ministerial meeting")
    PERMANENT_GROUP = "permanent_group", _("Permanent group")
    SEMINAR_SERIES = "seminar_series", _("Seminar series")
    TRILATERAL = "trilateral", _("Trilateral meeting")


class Cadence(models.TextChoices):
    """How often a body must meet: at least every N months (``cadence_months``), yearly (12),
    or when needed (never flagged)."""

    MONTHS = "months", _("At least every N months")
    YEARLY = "yearly", _("Yearly")
    AD_HOC = "ad_hoc", _("When needed")


class Area(models.TextChoices):
    """A sub-committee's field: tags the good-practice library and the training plan."""

    GENERAL = "general", _("General cooperation")
    COUNTER_TERRORISM = (
        "counter_terrorism",
        _("Counter-terrorism, extremism and information exchange"),
    )
    TRAINING = "training", _("Training and exchange of good practice")
    CYBERCRIME = "cybercrime", _("Technology-related crime")
    MIGRATION = "migration", _("Migration")
    MAJOR_EVENTS = "major_events", _("Major events")


class BodyStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    DISSOLVED = "dissolved", _("Dissolved")


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class EvidenceKind(models.TextChoices):
    """What in Strait implements an action. ``ref`` is the thing's id as the kind knows it: a
    shared object's uid (operation, alert), a message's uid (its thread), a channel's code, a
    course's or a library document's uid in this copy, a statistics query string."""

    OPERATION = "operation", _("Joint operation")
    THREAD = "thread", _("Exchange thread")
    CHANNEL = "channel", _("Channel opened")
    COURSE = "course", _("Training delivered")
    ALERT = "alert", _("Alert")
    DOCUMENT = "document", _("Good-practice document")
    STATISTICS = "statistics", _("Statistics")


class CourseStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DELIVERED = "delivered", _("Delivered")
    CANCELLED = "cancelled", _("Cancelled")


class TrainingTopic(models.TextChoices):
    ELITE_INTERVENTION = "elite_intervention", _("Elite intervention units")
    FORENSIC = "forensic", _("Forensic and technical police")
    BORDER_SECURITY = "border_security", _("Border-crossing security")
    COUNTER_TERRORISM = "counter_terrorism", _("Counter-terrorism")
    CYBERCRIME = "cybercrime", _("Technology-related crime")
    MIGRATION = "migration", _("Migration and trafficking in human beings")
    MAJOR_EVENTS = "major_events", _("Security of major events")
    LANGUAGES = "languages", _("Languages")
    OTHER = "other", _("Other")


class CadenceState(models.TextChoices):
    """Where a body stands against its cadence (computed, never stored)."""

    OK = "ok", _("On schedule")
    DUE_SOON = "due_soon", _("Next meeting falls due")
    OVERDUE = "overdue", _("Overdue")
    AD_HOC = "ad_hoc", _("When needed")
