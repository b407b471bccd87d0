"""The port cooperation centres' rows.

A centre (Tanger Med, Algeciras…) is a shared object of kind ``ports.centre``: its home is the
host agency's node, the guest agencies take part, and every row of the centre (postings, duty
roster, duty log, incidents) is the same on both sides, written only by its ops
(``effects.py``). Manifests and what their screening found are NOT shared: they are this node's
own rows about travellers who are not suspects, erased after the centre's rule
(``manifest_retention_hours``, 48 by default).

Agencies are named by their code, as the changes carry them; things by their ``uid``.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from strait.ports import codes

# How long a manifest is kept unless the centre's rule says otherwise.
DEFAULT_RETENTION_HOURS = 48


class Centre(models.Model):
    obj = models.OneToOneField(
        "sharing.SharedObject", on_delete=models.CASCADE, related_name="ports_centre"
    )
    code = models.SlugField(_("code"), max_length=40)
    name_ar = models.CharField(max_length=200)
    name_es = models.CharField(max_length=200)
    name_fr = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)
    # The port's code (UN/LOCODE, e.g. MAPTM for Tanger Med, ESALG for Algeciras) and country.
    port = models.CharField(_("port"), max_length=10)
    country = models.CharField(_("country"), max_length=2)
    host_agency = models.CharField(_("host agency"), max_length=40)
    # The channel the centre's checks travel on (a port-station channel of exchange).
    channel = models.CharField(_("channel"), max_length=60, blank=True)
    manifest_retention_hours = models.PositiveIntegerField(
        _("manifests kept for (hours)"), default=DEFAULT_RETENTION_HOURS
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def uid(self) -> uuid.UUID:
        return self.obj.uid

    @property
    def name(self) -> str:
        """The name in the reader's language (English when that is missing)."""
        lang = (get_language() or "en")[:2]
        return str(getattr(self, f"name_{lang}", "") or self.name_en)


class Posting(models.Model):
    """An agent posted to the centre (a guest agency's, or the host's coordinator and deputy):
    known by the agency and the username on that agency's node, which is how the duty log knows
    who is on the roster."""

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="postings")
    uid = models.UUIDField(default=uuid.uuid4)
    agency = models.CharField(_("agency"), max_length=40)
    username = models.CharField(_("username"), max_length=150)
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=20, choices=codes.PostingRole.choices)
    starts = models.DateField(_("from"))
    until = models.DateField(_("until"), null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    posted_at = models.DateTimeField()

    class Meta:
        ordering = ["role", "agency", "name"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "uid"], name="ports_posting_uid"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.agency})"


class Shift(models.Model):
    """A shift of the duty roster: who is on duty from ``starts_at`` to ``ends_at``."""

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="shifts")
    uid = models.UUIDField(default=uuid.uuid4)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    postings = models.ManyToManyField(Posting, related_name="shifts")
    handover = models.TextField(_("handover note"), max_length=2000, blank=True)
    agency = models.CharField(max_length=40)
    by_name = models.CharField(max_length=200, blank=True)
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "uid"], name="ports_shift_uid"),
        ]
        indexes = [models.Index(fields=["centre", "starts_at"], name="ports_shift_starts")]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M}-{self.ends_at:%H:%M}"


class LogEntry(models.Model):
    """A line of the centre's duty log, written by an agent on duty at ``at``."""

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="log")
    uid = models.UUIDField(default=uuid.uuid4)
    at = models.DateTimeField(_("when"))
    kind = models.CharField(_("kind"), max_length=20, choices=codes.LogKind.choices)
    text = models.TextField(_("text"), max_length=codes.LOG_TEXT_MAX)
    agency = models.CharField(_("agency"), max_length=40)
    by_user = models.CharField(max_length=150)
    by_name = models.CharField(max_length=200, blank=True)
    # The incident this entry records, if any (its uid in this centre).
    incident = models.UUIDField(null=True, blank=True)
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "uid"], name="ports_log_uid"),
        ]
        indexes = [models.Index(fields=["centre", "at"], name="ports_log_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind}"


class Incident(models.Model):
    """An incident at the port, recorded by an agent on duty; the persons and vehicles involved
    are snapshots of the recording agency's own records (``entities``), as operations share
    them; a referral names an exchange thread or a joint operation, shown per reader."""

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="incidents")
    uid = models.UUIDField(default=uuid.uuid4)
    kind = models.CharField(_("type"), max_length=20, choices=codes.IncidentType.choices)
    at = models.DateTimeField(_("when"))
    terminal = models.CharField(_("terminal"), max_length=100, blank=True)
    vessel = models.CharField(_("vessel"), max_length=100, blank=True)
    rotation = models.CharField(_("rotation"), max_length=40, blank=True)
    summary = models.TextField(_("what happened"), max_length=codes.LOG_TEXT_MAX)
    # [{"kind", "label", "script", "details", "source_ref"}] as the recording agency shared them.
    entities = models.JSONField(default=list)
    action_taken = models.TextField(_("action taken"), max_length=codes.LOG_TEXT_MAX, blank=True)
    referral_kind = models.CharField(
        _("referred to"), max_length=20, choices=codes.ReferralKind.choices, blank=True
    )
    referral_ref = models.CharField(max_length=64, blank=True)
    agency = models.CharField(_("agency"), max_length=40)
    by_user = models.CharField(max_length=150)
    by_name = models.CharField(max_length=200, blank=True)
    recorded_at = models.DateTimeField()
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "uid"], name="ports_incident_uid"),
        ]
        indexes = [models.Index(fields=["centre", "at"], name="ports_incident_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind}"


class CountReport(models.Model):
    """One side's screening counts for a day, published into the centre by that agency's node
    (a correction replaces the day's row)."""

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="count_reports")
    agency = models.CharField(_("agency"), max_length=40)
    day = models.DateField(_("day"))
    asked = models.PositiveIntegerField(_("checks asked"))
    answered = models.PositiveIntegerField(_("checks answered"))
    hits = models.PositiveIntegerField(_("hits"))
    reported_at = models.DateTimeField()

    class Meta:
        ordering = ["-day", "agency"]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "agency", "day"], name="ports_countreport_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.day}"


from strait.ports.manifest_models import Finding, Sailing, Traveller, VehicleEntry  # noqa: E402, F401
