"""The vocabulary of an exchange (DESIGN.md §4): kinds, handling codes, evaluation, deadlines.

These codes travel in envelopes, so their values are part of the wire format: add, never rename.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _


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


class HandlingCode(models.TextChoices):
    H0 = "H0", _("H0: use only to prevent and combat crime")
    H1 = "H1", _("H1: not for judicial proceedings without the originator's permission")
    H2 = "H2", _("H2: not to be passed on without the originator's permission")
    H3 = "H3", _("H3: other restrictions, stated")


HANDLING_ORDER = {"H0": 0, "H1": 1, "H2": 2, "H3": 3}


def stricter(a: str, b: str) -> str:
    """Markings only narrow as data travels: of two handling codes, the stricter one."""
    return a if HANDLING_ORDER[a] >= HANDLING_ORDER[b] else b


class TLP(models.TextChoices):
    CLEAR = "CLEAR", "TLP:CLEAR"
    GREEN = "GREEN", "TLP:GREEN"
    AMBER = "AMBER", "TLP:AMBER"
    AMBER_STRICT = "AMBER+STRICT", "TLP:AMBER+STRICT"
    RED = "RED", "TLP:RED"


class SourceReliability(models.TextChoices):
    A = "A", _("A: no doubt about the source")
    B = "B", _("B: source mostly reliable")
    C = "C", _("C: source not reliable")
    X = "X", _("X: reliability cannot be judged")


class InformationCredibility(models.TextChoices):
    ONE = "1", _("1: true without reservation")
    TWO = "2", _("2: known personally to the source")
    THREE = "3", _("3: not known personally, corroborated")
    FOUR = "4", _("4: cannot be judged")


class SubjectCategory(models.TextChoices):
    SUSPECT = "suspect", _("Suspect")
    CONVICTED = "convicted", _("Convicted person")
    VICTIM = "victim", _("Victim")
    WITNESS = "witness", _("Witness")
    CONTACT = "contact", _("Contact or associate")
    INFORMANT = "informant", _("Informant")
    OTHER = "other", _("Other")


class FactOrAssessment(models.TextChoices):
    FACT = "fact", _("Fact")
    ASSESSMENT = "assessment", _("Assessment")


class AboutKind(models.TextChoices):
    """What a request is about, for duplicate detection across channels."""

    PERSON = "person", _("Person")
    PHONE = "phone", _("Phone number")
    VEHICLE = "vehicle", _("Vehicle")
    VESSEL = "vessel", _("Vessel")
    CASE = "case", _("Case reference")


LANGUAGES = ("ar", "es", "fr", "en")
