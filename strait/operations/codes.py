"""The vocabulary of a joint operation. These values travel in the operation's changes to every
participating node: add, never rename."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CrimeArea(models.TextChoices):
    TERRORISM = "terrorism", _("Terrorism")
    DRUGS = "drugs", _("Drug trafficking")
    MIGRANT_SMUGGLING = "migrant_smuggling", _("Migrant smuggling")
    HUMAN_TRAFFICKING = "human_trafficking", _("Trafficking in human beings")
    ORGANISED_CRIME = "organised_crime", _("Organised crime")
    CYBERCRIME = "cybercrime", _("Cybercrime")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    PREPARATION = "preparation", _("Preparation")
    ACTIVE = "active", pgettext_lazy("operation status", "Active")
    ACTION_DAY = "action_day", _("Action day")
    CLOSED = "closed", pgettext_lazy("operation status", "Closed")


class EntityKind(models.TextChoices):
    PERSON = "person", _("Person")
    ORGANISATION = "organisation", _("Organisation")
    PHONE = "phone", _("Phone")
    VEHICLE = "vehicle", _("Vehicle")
    VESSEL = "vessel", _("Vessel")
    AIRCRAFT = "aircraft", _("Aircraft")
    DOCUMENT = "document", _("Document")


class Script(models.TextChoices):
    """The script a label is written in (the entities' codes): Arabic is shown right to left."""

    ARABIC = "Arab", _("Arabic script")
    LATIN = "Latn", _("Latin script")
    OTHER = "Zyyy", _("Other script")


class RelationKind(models.TextChoices):
    MEMBER_OF = "member_of", _("member of")
    LEADS = "leads", _("leads")
    CALLS = "calls", _("calls")
    TRAVELS_WITH = "travels_with", _("travels with")
    USES_VEHICLE = "uses_vehicle", _("uses vehicle")
    OWNS = "owns", _("owns")
    FINANCES = "finances", _("finances")
    RECRUITS = "recruits", _("recruits")


class TimelineKind(models.TextChoices):
    SURVEILLANCE = "surveillance", _("Surveillance")
    MEETING = "meeting", _("Meeting")
    MOVEMENT = "movement", _("Movement")
    ARREST = "arrest", pgettext_lazy("timeline event", "Arrest")
    OTHER = "other", _("Other")


class TaskStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("task status", "Open")
    DONE = "done", pgettext_lazy("task status", "Done")
    CANCELLED = "cancelled", pgettext_lazy("task status", "Cancelled")


class OutcomeKind(models.TextChoices):
    ARREST = "arrest", _("Arrests")
    SEIZURE = "seizure", _("Seizure")
    CELL_DISMANTLED = "cell_dismantled", _("Cells or networks dismantled")
    VICTIM_IDENTIFIED = "victim_identified", _("Victims identified")
    MIGRANTS_RESCUED = "migrants_rescued", _("Migrants rescued")


class SeizureType(models.TextChoices):
    DRUG = "drug", _("Drugs")
    WEAPON = "weapon", _("Weapons")
    CASH = "cash", _("Cash")
    VEHICLE = "vehicle", _("Vehicles")
    VESSEL = "vessel", _("Vessels")
    AIRCRAFT = "aircraft", _("Aircraft")


class DrugType(models.TextChoices):
    CANNABIS_RESIN = "cannabis_resin", _("Cannabis resin (hashish)")
    CANNABIS = "cannabis", _("Cannabis herb")
    COCAINE = "cocaine", _("Cocaine")
    HEROIN = "heroin", _("Heroin")
    SYNTHETIC = "synthetic", _("Synthetic drugs")
    OTHER = "other", _("Other")


# Evaluation of a relation's source, 4x4 (source reliability A-D, information credibility 1-4).
EVALUATIONS = [f"{s}{c}" for s in "ABCD" for c in "1234"]
