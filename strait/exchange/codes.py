"""The vocabulary of an exchange (DESIGN.md §4): kinds, handling codes, evaluation, deadlines.

These codes travel in envelopes, so their values are part of the wire format: add, never rename.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _

# The marking vocabulary (handling codes, TLP, evaluation, data-subject categories, fact or
# assessment) belongs to every app that marks data: it lives with the markings value object.
from strait.markings import (
    HANDLING_ORDER,
    TLP,
    FactOrAssessment,
    HandlingCode,
    InformationCredibility,
    SourceReliability,
    SubjectCategory,
    stricter,
)

__all__ = [
    "HANDLING_ORDER",
    "TLP",
    "FactOrAssessment",
    "HandlingCode",
    "InformationCredibility",
    "SourceReliability",
    "SubjectCategory",
    "stricter",
]


class ChannelKind(models.TextChoices):
    INTERPOL = "interpol", _("INTERPOL")
    EMBASSY_OFFICE = "embassy_office", _("Interior-ministry office at the embassy")
    LIAISON = "liaison", _("Liaison officer")
    DIRECT = "direct", _("Direct service-to-service")
    PORT_STATION = "port_station", _("Joint port station")


class MessageKind(models.TextChoices):
    INFORMATION = "information", _("Information")
    REQUEST = "request", _("Request for information")
    REPLY = "reply", _("Reply")
    ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement")
    RECTIFICATION = "rectification", _("Notice of rectification")
    ERASURE = "erasure", _("Notice of erasure")
    RESTRICTION = "restriction", _("Notice of restriction")


# Notices about an earlier item (DP-03): they follow the original to every recipient.
CORRECTION_KINDS = (MessageKind.RECTIFICATION, MessageKind.ERASURE, MessageKind.RESTRICTION)
# Kinds that answer within a thread rather than open one.
THREAD_KINDS = (MessageKind.REPLY, MessageKind.ACKNOWLEDGEMENT, *CORRECTION_KINDS)


class CrimeArea(models.TextChoices):
    TERRORISM = "terrorism", _("Terrorism and violent extremism")
    FIGHTERS = "fighters", _("Recruitment of fighters")
    MIGRANT_SMUGGLING = "migrant_smuggling", _("Migrant smuggling")
    TRAFFICKING = "trafficking", _("Trafficking in human beings")
    DRUGS = "drugs", _("Drug trafficking")
    ORGANISED_CRIME = "organised_crime", _("Organised crime")
    CYBERCRIME = "cybercrime", _("Technology-related crime")
    DOCUMENT_FRAUD = "document_fraud", _("Document fraud")
    TRANSIT = "transit", _("Transit operation")
    MAJOR_EVENT = "major_event", _("Major event")
    OTHER = "other", _("Other")


class Urgency(models.TextChoices):
    URGENT_DIRECT = "urgent_direct", _("Urgent, data directly accessible (8 hours)")
    URGENT = "urgent", _("Urgent (3 days)")
    NORMAL = "normal", _("Normal (7 days)")


DEADLINES = {
    Urgency.URGENT_DIRECT: timedelta(hours=8),
    Urgency.URGENT: timedelta(days=3),
    Urgency.NORMAL: timedelta(days=7),
}


def deadline_for(urgency: str, sent_at: datetime) -> datetime:
    """When a request must be answered (DESIGN.md §4), counted from when it was sent."""
    return sent_at + DEADLINES[Urgency(urgency)]


class AboutKind(models.TextChoices):
    """What a request is about, for duplicate detection across channels."""

    PERSON = "person", _("Person")
    PHONE = "phone", _("Phone number")
    VEHICLE = "vehicle", _("Vehicle")
    VESSEL = "vessel", _("Vessel")
    CASE = "case", _("Case reference")


LANGUAGES = ("ar", "es", "fr", "en")
