"""A ferry's manifest and what its screening found: this node's own rows, never shared.

Travellers on a manifest are not suspects: a ``Sailing`` carries ``erase_after`` (its upload plus
the centre's ``manifest_retention_hours``) and the task ``ports.erase_manifests`` deletes it,
its travellers, vehicles and findings after that moment (``screening.erase_expired``).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from strait.alerts import codes as alert_codes

__all__ = ["Finding", "Sailing", "Traveller", "VehicleEntry"]


class Sailing(models.Model):
    """One ferry crossing's manifest, screened by one agency at one centre."""

    class Status(models.TextChoices):
        SCREENING = "screening", _("Screening")
        DONE = "done", _("Screened")
        FAILED = "failed", _("Screening failed")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    centre = models.ForeignKey("ports.Centre", on_delete=models.CASCADE, related_name="sailings")
    # The screening agency: the uploader's. Its own records and alerts are what is searched.
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    vessel = models.CharField(_("vessel"), max_length=120)
    rotation = models.CharField(_("rotation"), max_length=40, blank=True)
    departs_at = models.DateTimeField(_("departs at"))
    from_port = models.CharField(_("from port"), max_length=10)
    to_port = models.CharField(_("to port"), max_length=10)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCREENING)
    # Progress, for the result page while the screening runs.
    total = models.PositiveIntegerField(default=0)
    screened = models.PositiveIntegerField(default=0)
    hits = models.PositiveIntegerField(default=0)
    partner_asked = models.PositiveIntegerField(default=0)
    partner_answered = models.PositiveIntegerField(default=0)
    partner_hits = models.PositiveIntegerField(default=0)
    # The partner step's batch of hit/no-hit checks (checks.CheckBatch uid), if one was sent.
    check_batch_uid = models.UUIDField(null=True, blank=True)
    partner_note = models.CharField(max_length=300, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    erase_after = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-departs_at", "-id"]

    def __str__(self) -> str:
        return f"{self.vessel} {self.rotation}".strip()


class Traveller(models.Model):
    """A passenger as on the manifest: the name as on the travel document, in its script."""

    sailing = models.ForeignKey(Sailing, on_delete=models.CASCADE, related_name="travellers")
    row = models.PositiveIntegerField()
    name = models.CharField(_("name"), max_length=200)
    script = models.CharField(max_length=4)
    birth_date = models.CharField(_("date of birth"), max_length=10, blank=True)
    document_number = models.CharField(_("document number"), max_length=40, blank=True)
    document_country = models.CharField(_("document country"), max_length=2, blank=True)
    document_key = models.CharField(max_length=40, blank=True)
    nationality = models.CharField(_("nationality"), max_length=2, blank=True)

    class Meta:
        ordering = ["row"]

    def __str__(self) -> str:
        return self.name


class VehicleEntry(models.Model):
    """A vehicle on the manifest: its plate, and its driver by the traveller's row number."""

    sailing = models.ForeignKey(Sailing, on_delete=models.CASCADE, related_name="vehicles")
    row = models.PositiveIntegerField()
    plate = models.CharField(_("plate"), max_length=20)
    plate_key = models.CharField(max_length=20)
    country = models.CharField(_("country"), max_length=2, blank=True)
    driver_row = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["row"]

    def __str__(self) -> str:
        return self.plate


class Finding(models.Model):
    """What one source said about one traveller or vehicle."""

    class Source(models.TextChoices):
        OWN_RECORDS = "own_records", _("Own records")
        ALERT = "alert", _("Active alert")
        PARTNER = "partner", _("Partner (hit / no hit)")

    class Result(models.TextChoices):
        HIT = "hit", _("Hit")
        NO_HIT = "no_hit", _("No hit")
        PENDING = "pending", _("Waiting")
        # The partner refused the item (its per-peer limit…): ``reason`` says why.
        NOT_ANSWERED = "not_answered", _("Not answered")

    sailing = models.ForeignKey(Sailing, on_delete=models.CASCADE, related_name="findings")
    traveller = models.ForeignKey(
        Traveller, null=True, blank=True, on_delete=models.CASCADE, related_name="findings"
    )
    vehicle = models.ForeignKey(
        VehicleEntry, null=True, blank=True, on_delete=models.CASCADE, related_name="findings"
    )
    source = models.CharField(max_length=12, choices=Source.choices)
    result = models.CharField(max_length=12, choices=Result.choices)
    # own records: the record's uid; partner: the answer's reference; alert: the alert's uid.
    reference = models.CharField(max_length=100, blank=True)
    label = models.CharField(max_length=300, blank=True)
    alert_uid = models.UUIDField(null=True, blank=True)
    alert_type = models.CharField(max_length=30, blank=True)
    score = models.FloatField(default=0.0)
    # Not answered: the partner's reason code (``rate_limited``; empty when it gave none).
    reason = models.CharField(max_length=40, blank=True)
    # The check's uid on this node (partner step), to read its answer when it comes.
    check_uid = models.UUIDField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["sailing", "result"])]

    def __str__(self) -> str:
        return f"{self.source}:{self.result}"

    @property
    def required_action(self) -> object:
        """What the alert's type asks the frontline to do, in the reader's language."""
        return alert_codes.REQUIRED_ACTION.get(self.alert_type, "") if self.alert_type else ""

    @property
    def reason_text(self) -> object:
        """Why the partner did not answer, in the reader's language (an unknown code as is)."""
        return NOT_ANSWERED_REASONS.get(self.reason, self.reason)


# The reason codes a partner's refusal carries (checks.wire: CheckBatchAnswerWire.reason).
NOT_ANSWERED_REASONS = {
    "": _("refused by the partner"),
    "rate_limited": _("over the partner's limit of checks per minute"),
}
