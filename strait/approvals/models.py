"""An approval: something one person asked for that a second person of the same agency, who is
not the requester, approves or refuses before it takes effect (four eyes, AC-05)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApprovalStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    CANCELLED = "cancelled", _("Cancelled")


class Approval(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The registered kind (``strait.approvals.registry``): who may approve, what approval does.
    kind = models.CharField(max_length=60)
    # What is to be approved, as the kind names it ("alerts.draft:<uid>").
    subject = models.CharField(max_length=200)
    summary = models.CharField(_("summary"), max_length=300)
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=10, choices=ApprovalStatus.choices, default=ApprovalStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(_("note"), max_length=1000, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["agency", "status"], name="approval_waiting")]
        constraints = [
            # One open request per subject: a second "submit" is not a second approval.
            models.UniqueConstraint(
                fields=["subject"],
                condition=models.Q(status="pending"),
                name="approval_one_pending",
            ),
        ]

    def __str__(self) -> str:
        return self.summary
