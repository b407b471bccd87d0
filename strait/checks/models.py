"""Hit/no-hit checks, both ways, and the openings that decide what a partner may check.

On the asking node a ``Check`` has one ``CheckAnswer`` per partner agency asked; on the answering
node an ``IncomingCheck`` keeps what was asked, the answer given and the ``Candidate`` records
found, for that agency's analysts only. Only ``result`` and ``reference`` ever travel back
(AC-04). Writes go through ``actions.py`` (and ``federation.py`` on arrival), reads through
``queries.py``.
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from strait.agencies.models import Agency
from strait.entities.models import Script
from strait.entities.validation import detect_script
from strait.exchange import codes
from strait.exchange.models import Channel


class RecordKind(models.TextChoices):
    """What a check looks for; also what an opening opens."""

    PERSON = "person", _("Person")
    PHONE = "phone", _("Phone number")
    VEHICLE = "vehicle", _("Vehicle")
    VESSEL = "vessel", _("Vessel")
    AIRCRAFT = "aircraft", _("Aircraft")
    DOCUMENT = "document", _("Document")


class Result(models.TextChoices):
    PENDING = "pending", _("Waiting for the answer")
    HIT = "hit", _("Hit")
    NO_HIT = "no_hit", _("No hit")
    REFUSED = "refused", _("Refused")


def new_reference() -> str:
    """Opaque and random: it says nothing about what was found, only where to ask."""
    return "CK-" + secrets.token_hex(6).upper()


class CheckOpening(models.Model):
    """``agency`` lets ``partner`` check its records of ``kinds`` up to ``max_handling`` on
    ``channel``. No opening, no hit (default deny); a record's own ``open_to_checks`` flag can
    still keep it out."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    partner = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("partner agency")
    )
    channel = models.ForeignKey(
        Channel, on_delete=models.PROTECT, related_name="+", verbose_name=_("channel")
    )
    kinds = models.JSONField(_("records open"), default=list)
    max_handling = models.CharField(
        _("highest handling code open"), max_length=2, choices=codes.HandlingCode.choices
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["partner__code", "channel__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "partner", "channel"], name="check_opening_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} -> {self.partner_id} on {self.channel_id}"

    def kind_labels(self) -> list[str]:
        return [str(RecordKind(k).label) for k in self.kinds if k in RecordKind.values]

    def handling_codes(self) -> list[str]:
        top = codes.HANDLING_ORDER[self.max_handling]
        return [code for code, rank in codes.HANDLING_ORDER.items() if rank <= top]


class CheckBatch(models.Model):
    """Many checks sent at once (a ferry's manifest): one per item, asked on one channel of the
    same partners with one purpose, answered by ``checks.batch_answer`` envelopes. ``asked``,
    ``answered`` and ``hits`` count answers (items x agencies asked) to show progress. Its
    checks without a hit are erased after ``erase_after``, here and on the answering nodes:
    travellers are not suspects (``batch.py``)."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(_("purpose"), max_length=300)
    crime_area = models.CharField(_("crime area"), max_length=20, choices=codes.CrimeArea.choices)
    asked = models.PositiveIntegerField(default=0)
    answered = models.PositiveIntegerField(default=0)
    hits = models.PositiveIntegerField(default=0)
    erase_after = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "created_at"], name="check_batch_user_idx"),
            models.Index(fields=["erase_after"], name="check_batch_erase_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.uid} ({self.answered}/{self.asked})"

    @property
    def done(self) -> bool:
        return self.answered >= self.asked


class Check(models.Model):
    """A check this node's user sent: what was asked, on which channel, to whom."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("looking for"), max_length=10, choices=RecordKind.choices)
    # {"names": [...], "birth_date": "1980-03-12"} or {"value": "+212661123456"}
    query = models.JSONField(default=dict)
    label = models.CharField(_("checked"), max_length=300)
    purpose = models.CharField(_("purpose"), max_length=300)
    crime_area = models.CharField(_("crime area"), max_length=20, choices=codes.CrimeArea.choices)
    created_at = models.DateTimeField(default=timezone.now)
    # Sent as an item of a batch, with the caller's reference of the item (a manifest's row).
    batch = models.ForeignKey(
        CheckBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="checks"
    )
    batch_ref = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["agency", "-created_at"], name="check_agency_idx"),
            models.Index(fields=["user", "created_at"], name="check_user_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.label}"

    @property
    def pending(self) -> bool:
        return any(a.result == Result.PENDING for a in self.answers.all())


class CheckAnswer(models.Model):
    """One partner agency's answer to one of our checks: hit, no hit or refused, a reference."""

    check_ref = models.ForeignKey(Check, on_delete=models.CASCADE, related_name="answers")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    result = models.CharField(max_length=10, choices=Result.choices, default=Result.PENDING)
    reference = models.CharField(max_length=40, blank=True)
    reason = models.CharField(max_length=40, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    # The request for details sent after a hit (its thread), if any.
    details_thread_uid = models.UUIDField(null=True, blank=True)

    class Meta:
        ordering = ["agency__code"]
        constraints = [
            models.UniqueConstraint(fields=["check_ref", "agency"], name="check_answer_once")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}: {self.result}"


class IncomingCheck(models.Model):
    """A partner's check of one of our agencies: what was asked, what we answered, and the
    reference the partner will quote when it asks for the details."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    check_uid = models.UUIDField()
    origin_node = models.SlugField(max_length=20)
    requester = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    requester_name = models.CharField(max_length=200)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("looking for"), max_length=10, choices=RecordKind.choices)
    query = models.JSONField(default=dict)
    label = models.CharField(_("checked"), max_length=300, blank=True)
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    result = models.CharField(max_length=10, choices=Result.choices)
    reason = models.CharField(max_length=40, blank=True)
    reference = models.CharField(max_length=40, unique=True, default=new_reference)
    received_at = models.DateTimeField(default=timezone.now)
    # An item of a partner's batch: erased after ``erase_after`` unless it was a hit.
    batch_uid = models.UUIDField(null=True, blank=True)
    erase_after = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["check_uid", "agency"], name="incoming_check_once")
        ]
        indexes = [
            models.Index(fields=["agency", "-received_at"], name="incoming_agency_idx"),
            models.Index(fields=["origin_node", "received_at"], name="incoming_peer_idx"),
            models.Index(fields=["erase_after"], name="incoming_erase_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} ({self.result})"


class Candidate(models.Model):
    """A record of ours the matcher found for an incoming check, with why."""

    incoming = models.ForeignKey(IncomingCheck, on_delete=models.CASCADE, related_name="candidates")
    record_kind = models.CharField(max_length=10, choices=RecordKind.choices)
    record_uid = models.UUIDField()
    record_label = models.CharField(max_length=300)
    score = models.FloatField()
    features = models.JSONField(default=dict)
    explanation = models.TextField(blank=True)
    # The same evidence as data (``Explanation.as_dict``), rendered in the reader's language.
    evidence = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-score", "id"]

    def __str__(self) -> str:
        return f"{self.record_label} ({self.score:.2f})"

    def compared_features(self, query: dict[str, object]) -> list[tuple[str, float]]:
        """The features the matcher compared, by name: a date of birth only when the check gave
        one, an identifier only when it looked for one (a feature not asked is no "0.00")."""
        asked = {"name"} if query.get("names") else set()
        if query.get("birth_date"):
            asked.add("dob")
        if query.get("value"):
            asked.add("identifier")
        # In a fixed order: PostgreSQL's jsonb keeps its keys sorted by length, not as written.
        return [
            (name, self.features[name])
            for name in ("name", "dob", "identifier")
            if name in asked and name in self.features
        ]

    @property
    def label_direction(self) -> str:
        """``rtl`` for a label written in Arabic script (a name as held), else ``ltr``."""
        return "rtl" if detect_script(self.record_label) == Script.ARABIC else "ltr"
