"""The transit operation's local copy: the same rows on every node that takes part.

One operation per year, a shared object of kind ``transit.operation`` (``ops.py``); its rows are
written only by its ops (``effects.py``), in the home's order, on every node. Ports, directions
and agencies are named by their codes, as the changes carry them.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from strait.transit import codes


class Operation(models.Model):
    """The year's operation (OPE / Marhaba): its season, its two phases and the plan."""

    obj = models.OneToOneField(
        "sharing.SharedObject", on_delete=models.CASCADE, related_name="transit_operation"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    departure_from = models.DateField(_("departure phase from"))
    departure_until = models.DateField(_("departure phase until"))
    return_from = models.DateField(_("return phase from"))
    return_until = models.DateField(_("return phase until"))
    plan_passengers = models.PositiveIntegerField(_("planned passengers"), default=0)
    plan_vehicles = models.PositiveIntegerField(_("planned vehicles"), default=0)
    plan_rotations = models.PositiveIntegerField(_("planned rotations"), default=0)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-year"]

    def __str__(self) -> str:
        return self.title

    @property
    def uid(self) -> uuid.UUID:
        return self.obj.uid

    @property
    def starts(self) -> dt.date:
        return min(self.departure_from, self.return_from)

    @property
    def ends(self) -> dt.date:
        return max(self.departure_until, self.return_until)

    @property
    def days(self) -> int:
        return (self.ends - self.starts).days + 1

    def phases_on(self, day: dt.date) -> list[str]:
        """The phases running on ``day`` (they overlap in mid-season)."""
        found = []
        if self.departure_from <= day <= self.departure_until:
            found.append(codes.Phase.DEPARTURE.value)
        if self.return_from <= day <= self.return_until:
            found.append(codes.Phase.RETURN.value)
        return found


class DailyFigure(models.Model):
    """One port's day in one direction, entered by an agency of the port's country. A
    correction replaces the row (same port, day and direction)."""

    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="figures")
    port = models.CharField(_("port"), max_length=40)
    day = models.DateField(_("day"))
    direction = models.CharField(_("direction"), max_length=8, choices=codes.Direction.choices)
    passengers = models.PositiveIntegerField(_("passengers"))
    vehicles = models.PositiveIntegerField(_("vehicles"))
    rotations = models.PositiveIntegerField(_("rotations"))
    wait_avg = models.PositiveIntegerField(_("average wait (minutes)"))
    wait_max = models.PositiveIntegerField(_("worst wait (minutes)"))
    incidents = models.PositiveIntegerField(_("incidents"))
    agency = models.CharField(_("entered by agency"), max_length=40)
    by_name = models.CharField(max_length=200, blank=True)
    entered_at = models.DateTimeField()

    class Meta:
        ordering = ["day", "port", "direction"]
        constraints = [
            models.UniqueConstraint(
                fields=["operation", "port", "day", "direction"], name="transit_figure_key"
            ),
        ]
        indexes = [models.Index(fields=["operation", "day"], name="transit_figure_day")]

    def __str__(self) -> str:
        return f"{self.port} {self.day} {self.direction}"
