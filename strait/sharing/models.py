"""Shared objects: one object, a copy on every node with a participant agency; its home node
orders every change (docs/sharing.md).

The rows of a copy (``SharedObject``, ``Participant``, ``Member``, ``Change``) are written only by
applying changes in sequence, on the home and on every other node alike, so each node holds the
same rows. ``Proposal`` is local: a change a user of this node asked for, on its way to the home.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from strait.markings import HandlingCode


class ParticipantRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    PARTICIPANT = "participant", _("Participant")
    OBSERVER = "observer", _("Observer")


class SharedObject(models.Model):
    uid = models.UUIDField(_("identifier"), unique=True, default=uuid.uuid4, editable=False)
    # A registered SharedType's name ("operations.operation").
    kind = models.CharField(_("kind"), max_length=64)
    # The node that orders the changes, and the agency that created the object there.
    home = models.SlugField(_("home node"), max_length=20)
    home_agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("home agency")
    )
    # The last change applied here, and the digest of the change sequence up to it.
    seq = models.PositiveIntegerField(_("change"), default=0)
    digest = models.CharField(_("digest"), max_length=64)
    # The highest handling code of anything inside; envelopes about the object travel with it.
    ceiling = models.CharField(_("handling ceiling"), max_length=2, choices=HandlingCode.choices)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["kind"], name="sharing_object_kind")]
        verbose_name = _("shared object")
        verbose_name_plural = _("shared objects")

    def __str__(self) -> str:
        return f"{self.kind} {self.uid} @{self.home}#{self.seq}"

    @property
    def is_home(self) -> bool:
        """This node orders the object's changes."""
        return self.home == str(settings.NODE.code)

    @property
    def digest_short(self) -> str:
        return self.digest[:12]

    def pending_proposals(self) -> models.QuerySet[Proposal]:
        return self.proposals.filter(status=ProposalStatus.PENDING).order_by("created_at", "pk")

    def refused_proposals(self) -> models.QuerySet[Proposal]:
        return self.proposals.filter(status=ProposalStatus.REFUSED).order_by("-decided_at", "-pk")


class Participant(models.Model):
    obj = models.ForeignKey(SharedObject, on_delete=models.CASCADE, related_name="participants")
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    role = models.CharField(_("role"), max_length=12, choices=ParticipantRole.choices)
    active = models.BooleanField(_("active"), default=True)
    since = models.DateTimeField(_("since"))
    until = models.DateTimeField(_("until"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["obj", "agency"], name="sharing_participant_unique")
        ]
        ordering = ["obj", "since", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return f"{self.agency_id} ({self.role})"


class Member(models.Model):
    """A user taking part, named by agency and by their username on their own node."""

    obj = models.ForeignKey(SharedObject, on_delete=models.CASCADE, related_name="members")
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    username = models.CharField(_("username"), max_length=150)
    name = models.CharField(_("name"), max_length=200)
    active = models.BooleanField(_("active"), default=True)
    since = models.DateTimeField(_("since"))
    until = models.DateTimeField(_("until"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["obj", "agency", "username"], name="sharing_member_unique"
            )
        ]
        ordering = ["obj", "since", "pk"]
        verbose_name = _("member")
        verbose_name_plural = _("members")

    def __str__(self) -> str:
        return f"{self.name} ({self.username})"


class Change(models.Model):
    """One ordered change, as the home signed it. The same rows on every node."""

    obj = models.ForeignKey(SharedObject, on_delete=models.CASCADE, related_name="changes")
    seq = models.PositiveIntegerField(_("change"))
    op = models.CharField(_("operation"), max_length=80)
    body = models.JSONField(_("body"), default=dict)
    by_agency = models.CharField(_("by agency"), max_length=40)
    by_user = models.CharField(_("by user"), max_length=150, blank=True)
    by_name = models.CharField(_("by"), max_length=200, blank=True)
    at = models.DateTimeField(_("at"))  # the home's time
    proposal = models.CharField(_("proposal"), max_length=36, blank=True)
    digest = models.CharField(_("digest"), max_length=64)
    # Ed25519 by the home's signing key ``key_id`` over the canonical change (sharing.changes).
    signature = models.CharField(_("signature"), max_length=100)
    key_id = models.CharField(_("key"), max_length=16)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["obj", "seq"], name="sharing_change_seq_unique")
        ]
        ordering = ["obj", "seq"]
        verbose_name = _("change")
        verbose_name_plural = _("changes")

    def __str__(self) -> str:
        return f"{self.obj_id}#{self.seq} {self.op}"


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the home node")
    APPLIED = "applied", _("Applied")
    REFUSED = "refused", _("Refused")


class Proposal(models.Model):
    """A change a user of this node proposed, travelling to the object's home."""

    uid = models.UUIDField(_("identifier"), unique=True, default=uuid.uuid4, editable=False)
    obj = models.ForeignKey(SharedObject, on_delete=models.CASCADE, related_name="proposals")
    op = models.CharField(_("operation"), max_length=80)
    body = models.JSONField(_("body"), default=dict)
    by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    code = models.CharField(_("refusal code"), max_length=40, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    change_seq = models.PositiveIntegerField(_("change"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["obj", "status"], name="sharing_proposal_status")]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")

    def __str__(self) -> str:
        return f"{self.op} ({self.status})"

    @property
    def refusal_label(self) -> str:
        """Why the home refused, in the reader's language (the reason is in the home's)."""
        labels = {
            "not_participant": _("Your agency does not take part (any more)."),
            "right_missing": _("Your agency's role does not allow this."),
            "above_ceiling": _("Above the handling ceiling."),
            "unknown_op": _("The home node does not know this change."),
            "invalid_change": _("The change does not fit the object as the home node holds it."),
        }
        return str(labels.get(self.code, _("Refused by the home node.")))
