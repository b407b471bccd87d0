"""A joint operation's local copy: the same rows on every participating node.

Every row here is written only by the operation's ops (``effects.py``), applied in the home's
order on every node, so each node holds the same operation. Rows refer to each other across
nodes by ``uid`` (the same everywhere), never by their local primary key; agencies are named by
their code, as the changes carry them (an agency of a node this one has never heard of is still
a participant).
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from strait.markings import HandlingCode
from strait.operations import codes


class Operation(models.Model):
    obj = models.OneToOneField(
        "sharing.SharedObject", on_delete=models.CASCADE, related_name="operation"
    )
    code_name = models.CharField(_("code name"), max_length=100)
    crime_area = models.CharField(_("crime area"), max_length=30, choices=codes.CrimeArea.choices)
    legal_basis = models.CharField(_("legal basis"), max_length=500)
    purpose = models.TextField(_("purpose"), max_length=2000)
    status = models.CharField(
        _("status"), max_length=20, choices=codes.Status.choices, default=codes.Status.PREPARATION
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.code_name

    @property
    def uid(self) -> uuid.UUID:
        return self.obj.uid


class _Part(models.Model):
    """A row inside an operation, known on every node by its ``uid``."""

    uid = models.UUIDField(default=uuid.uuid4)

    class Meta:
        abstract = True


class OperationEntity(_Part):
    """A person or thing an agency shared into the operation: a snapshot of its own record,
    shared by its owner only, at a handling code no higher than the operation's ceiling."""

    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="entities")
    kind = models.CharField(_("kind"), max_length=20, choices=codes.EntityKind.choices)
    label = models.CharField(_("name"), max_length=300)
    script = models.CharField(
        _("script"), max_length=4, choices=codes.Script.choices, default=codes.Script.LATIN
    )
    details = models.JSONField(_("details"), default=dict, blank=True)
    handling = models.CharField(_("handling code"), max_length=2, choices=HandlingCode.choices)
    owner_agency = models.CharField(_("owner"), max_length=40)
    # The owner's entities record (its uid): meaningful on the owner's node only.
    source_ref = models.CharField(max_length=64, blank=True)
    shared_at = models.DateTimeField(_("shared"))

    class Meta:
        ordering = ["shared_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["operation", "uid"], name="operation_entity_uid"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def text_direction(self) -> str:
        return "rtl" if self.script == codes.Script.ARABIC else "ltr"


class Relation(_Part):
    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="relations")
    source = models.ForeignKey(OperationEntity, on_delete=models.CASCADE, related_name="+")
    target = models.ForeignKey(OperationEntity, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("relation"), max_length=20, choices=codes.RelationKind.choices)
    source_text = models.CharField(_("source"), max_length=500, blank=True)
    evaluation = models.CharField(_("evaluation"), max_length=2, blank=True)
    observed_on = models.DateField(_("observed on"), null=True, blank=True)
    by_agency = models.CharField(max_length=40)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["operation", "uid"], name="operation_relation_uid"),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} {self.kind} {self.target_id}"


class TimelineEntry(_Part):
    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="timeline")
    kind = models.CharField(_("event"), max_length=20, choices=codes.TimelineKind.choices)
    at = models.DateTimeField(_("when"))
    text = models.TextField(_("what happened"), max_length=2000)
    entities = models.ManyToManyField(OperationEntity, related_name="+", blank=True)
    by_agency = models.CharField(max_length=40)
    by_name = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["operation", "uid"], name="operation_timeline_uid"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d} {self.kind}"


class Task(_Part):
    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("task"), max_length=300)
    owner_agency = models.CharField(_("agency"), max_length=40)
    owner_username = models.CharField(_("owner"), max_length=150, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=codes.TaskStatus.choices, default=codes.TaskStatus.OPEN
    )
    by_agency = models.CharField(max_length=40)
    at = models.DateTimeField()

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["operation", "uid"], name="operation_task_uid"),
        ]

    def __str__(self) -> str:
        return self.title


class Note(_Part):
    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("note"), max_length=5000)
    by_agency = models.CharField(max_length=40)
    by_name = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["operation", "uid"], name="operation_note_uid"),
        ]

    def __str__(self) -> str:
        return self.text[:50]


class LinkedThread(_Part):
    """An exchange thread that belongs to the operation. Only its id travels: each reader sees
    the thread only if their own agency may read it, and its messages keep their own handling."""

    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="threads")
    thread = models.CharField(_("thread"), max_length=64)
    by_agency = models.CharField(max_length=40)
    by_name = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["operation", "uid"], name="operation_thread_uid"),
            models.UniqueConstraint(fields=["operation", "thread"], name="operation_thread_once"),
        ]

    def __str__(self) -> str:
        return self.thread


class Outcome(_Part):
    """What one participant achieved on its own territory: recorded (and corrected) by that
    agency only. The figures the statistics total."""

    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="outcomes")
    agency = models.CharField(_("agency"), max_length=40)
    country = models.CharField(_("country"), max_length=2)
    kind = models.CharField(_("outcome"), max_length=20, choices=codes.OutcomeKind.choices)
    on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    # Arrests, victims, migrants or cells: how many.
    count = models.PositiveIntegerField(_("number"), default=0)
    crime_category = models.CharField(
        _("crime category"), max_length=30, choices=codes.CrimeArea.choices, blank=True
    )
    nationality = models.CharField(_("nationality"), max_length=2, blank=True)
    seizure_type = models.CharField(
        _("seized"), max_length=10, choices=codes.SeizureType.choices, blank=True
    )
    drug_type = models.CharField(
        _("drug"), max_length=20, choices=codes.DrugType.choices, blank=True
    )
    kilograms = models.DecimalField(
        _("kilograms"), max_digits=12, decimal_places=3, null=True, blank=True
    )
    amount_eur = models.DecimalField(
        _("amount (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    # Weapons, vehicles, vessels or aircraft seized: how many.
    quantity = models.PositiveIntegerField(_("quantity"), null=True, blank=True)
    by_name = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField()
    corrected_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["operation", "uid"], name="operation_outcome_uid"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.kind} {self.on}"
