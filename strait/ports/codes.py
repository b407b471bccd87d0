"""The port cooperation centres' vocabulary: posting roles, duty log kinds, incident types and
the kinds of referral an incident may carry.

Codes travel between nodes in the ops' bodies; labels are translated on each reader's page.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# A centre's rule: manifests are kept between one hour and thirty days.
RETENTION_MIN_HOURS = 1
RETENTION_MAX_HOURS = 720
# A duty log entry's text.
LOG_TEXT_MAX = 2000
# At most this many persons or vehicles in one incident.
INCIDENT_ENTITIES_MAX = 20
# A shift lasts at most this long (a day and a half: a double shift and a handover).
SHIFT_MAX_HOURS = 36


class PostingRole(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    DEPUTY = "deputy", _("Deputy coordinator")
    AGENT = "agent", _("Agent")


class LogKind(models.TextChoices):
    CHECK_REQUEST = "check_request", _("Check request")
    INCIDENT = "incident", _("Incident")
    INFORMATION = "information", _("Information passed")
    HANDOVER = "handover", _("Handover")


class IncidentType(models.TextChoices):
    WANTED_PERSON = "wanted_person", _("Wanted or flagged person")
    FALSE_DOCUMENT = "false_document", _("False or forged document")
    STOLEN_VEHICLE = "stolen_vehicle", _("Stolen vehicle")
    SMUGGLING = "smuggling", _("Smuggling (goods, drugs, weapons)")
    CONCEALMENT = "concealment", _("People concealed in a vehicle")
    PUBLIC_ORDER = "public_order", _("Public order at the terminal")
    OTHER = "other", _("Other")


class EntityKind(models.TextChoices):
    """What of the agency's own records an incident may involve."""

    PERSON = "person", _("Person")
    VEHICLE = "vehicle", _("Vehicle")
    DOCUMENT = "document", _("Document")


class ReferralKind(models.TextChoices):
    """Where an incident was passed on: an exchange thread or a joint operation (the same kinds
    as governance's evidence, checked through each reader's own scoped reads)."""

    THREAD = "thread", _("Exchange thread")
    OPERATION = "operation", _("Joint operation")
