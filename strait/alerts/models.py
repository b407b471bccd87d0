"""Alerts: the local draft, the shared copy, acknowledgements, and what this node found.

``AlertDraft`` never leaves its node: it is written and reviewed here (four eyes through
``strait.approvals``); its release creates the shared object, whose change 1 carries the alert as
released. ``Alert`` and ``Acknowledgement`` are the copy: written only by the ops' effects, the
same rows on every node holding the alert. ``AlertHit`` is this node's own: a record or an
incoming check that matches the alert's entity, flagged to the recipient.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from strait.alerts import codes
from strait.markings import HandlingCode


class AlertDraft(models.Model):
    """An alert being written, reviewed and released by its agency (local, never sent)."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    type = models.CharField(_("type"), max_length=30, choices=codes.AlertType.choices)
    title = models.CharField(_("title"), max_length=200)
    # The type's own fields (warrant reference, MMSI, estimated numbers …), as ``wire`` bodies
    # validate them.
    details = models.JSONField(_("details"), default=dict, blank=True)
    # Why the alert is issued: withheld from the frontline for a discreet check.
    grounds = models.TextField(_("grounds"), max_length=4000, blank=True)
    # A dangerous person's officer-safety text: shown first, on its own line.
    officer_safety = models.TextField(_("officer safety"), max_length=1000, blank=True)
    handling = models.CharField(_("handling code"), max_length=2, choices=HandlingCode.choices)
    area_kind = models.CharField(_("area"), max_length=20, choices=codes.AreaKind.choices)
    # Port or coast-segment codes (``situation``'s segments), empty for the whole territory.
    area_codes = models.JSONField(_("places"), default=list, blank=True)
    valid_from = models.DateTimeField(_("valid from"))
    valid_until = models.DateTimeField(_("valid until"))
    # Agency codes, on any node.
    addressees = models.JSONField(_("addressed agencies"), default=list)
    # The uid of the agency's own ``entities`` record the alert is about (person or thing).
    entity_ref = models.CharField(max_length=64, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=codes.DraftStatus.choices,
        default=codes.DraftStatus.DRAFT,
    )
    review_note = models.TextField(_("reviewer's note"), max_length=1000, blank=True)
    approval = models.ForeignKey(
        "approvals.Approval", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Once released: the shared object's uid (the alert's uid on every node).
    alert_uid = models.UUIDField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Alert(models.Model):
    """The alert as released: the copy on every node that holds it."""

    obj = models.OneToOneField(
        "sharing.SharedObject", on_delete=models.CASCADE, related_name="alert"
    )
    type = models.CharField(_("type"), max_length=30, choices=codes.AlertType.choices)
    title = models.CharField(_("title"), max_length=200)
    details = models.JSONField(_("details"), default=dict, blank=True)
    grounds = models.TextField(_("grounds"), max_length=4000, blank=True)
    officer_safety = models.TextField(_("officer safety"), max_length=1000, blank=True)
    handling = models.CharField(_("handling code"), max_length=2, choices=HandlingCode.choices)
    area_kind = models.CharField(_("area"), max_length=20, choices=codes.AreaKind.choices)
    area_codes = models.JSONField(_("places"), default=list, blank=True)
    valid_from = models.DateTimeField(_("valid from"))
    valid_until = models.DateTimeField(_("valid until"))
    status = models.CharField(
        _("status"), max_length=20, choices=codes.Status.choices, default=codes.Status.ACTIVE
    )
    withdrawn_reason = models.TextField(_("reason for withdrawal"), max_length=1000, blank=True)
    origin_agency = models.CharField(_("issued by"), max_length=40)
    released_at = models.DateTimeField(_("released"))
    released_by = models.CharField(max_length=150)  # the releasing supervisor's name
    drafted_by = models.CharField(max_length=150)  # the author's name
    # A snapshot of the entity (kind, label as written, script, identifiers): what a recipient
    # matches against its own records.
    entity = models.JSONField(_("about"), default=dict, blank=True)
    version = models.PositiveIntegerField(default=1)  # updates and extensions
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-released_at", "-id"]
        indexes = [models.Index(fields=["status", "valid_until"], name="alert_active")]

    def __str__(self) -> str:
        return self.title

    @property
    def uid(self) -> uuid.UUID:
        return self.obj.uid

    @property
    def required_action(self) -> object:
        return codes.REQUIRED_ACTION.get(self.type, "")

    def is_active(self, now: object = None) -> bool:
        moment = now or timezone.now()
        return self.status == codes.Status.ACTIVE and self.valid_from <= moment < self.valid_until  # type: ignore[operator]


class Acknowledgement(models.Model):
    """An addressed agency's answer to the alert (SIS-like): part of the copy."""

    uid = models.UUIDField(default=uuid.uuid4)
    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="acknowledgements")
    agency = models.CharField(_("agency"), max_length=40)
    username = models.CharField(max_length=150)
    name = models.CharField(_("by"), max_length=150)
    kind = models.CharField(_("answer"), max_length=20, choices=codes.AckKind.choices)
    reason = models.TextField(_("reason"), max_length=1000, blank=True)
    at = models.DateTimeField(_("when"))

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["alert", "uid"], name="alert_ack_uid"),
        ]

    def __str__(self) -> str:
        return f"{self.agency}: {self.kind}"


class AlertHit(models.Model):
    """This node's own finding: one of its records, or a check it received, matches the alert's
    entity. Never sent; shown to the recipient agency's users with the required action."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="hits")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=10, choices=codes.HitSource.choices)
    # The record's uid (source "record") or the incoming check's uid (source "check").
    ref = models.CharField(max_length=64)
    label = models.CharField(max_length=300)
    score = models.FloatField()
    found_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-found_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["alert", "agency", "source", "ref"], name="alert_hit_once"
            ),
        ]

    def __str__(self) -> str:
        return self.label
