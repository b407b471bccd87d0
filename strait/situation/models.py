"""The situation picture's local copy: the same rows on every node that takes part.

There is one picture of the Strait, a shared object of kind ``situation.picture``. Every row
here is written only by its ops (``effects.py``), in the home's order, on every node. Agencies
are named by their code, as the changes carry them; segments by their code, which alerts name in
their ``area_codes``.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from strait.situation import codes


class Picture(models.Model):
    obj = models.OneToOneField(
        "sharing.SharedObject", on_delete=models.CASCADE, related_name="situation_picture"
    )
    title = models.CharField(_("title"), max_length=200)
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.title

    @property
    def uid(self) -> uuid.UUID:
        return self.obj.uid


class Segment(models.Model):
    """A stretch of coast (or a perimeter) watched by its owner agency, with the impact level
    that agency set and the response it requires."""

    picture = models.ForeignKey(Picture, on_delete=models.CASCADE, related_name="segments")
    uid = models.UUIDField(default=uuid.uuid4)
    code = models.CharField(_("code"), max_length=40)
    name_ar = models.CharField(max_length=200)
    name_es = models.CharField(max_length=200)
    name_fr = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)
    shape = models.CharField(_("shape"), max_length=10, choices=codes.Shape.choices)
    # [[lat, lon], …] in degrees, as the change carried them.
    points = models.JSONField(default=list)
    owner_agency = models.CharField(_("owner"), max_length=40)
    level = models.CharField(_("impact level"), max_length=10, choices=codes.Level.choices)
    measures = models.TextField(_("measures"), max_length=1000, blank=True)
    level_set_at = models.DateTimeField(null=True, blank=True)
    level_set_by = models.CharField(max_length=200, blank=True)
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["picture", "code"], name="situation_segment_code"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def name(self) -> str:
        """The name in the reader's language (English when that is missing)."""
        lang = (get_language() or "en")[:2]
        return str(getattr(self, f"name_{lang}", "") or self.name_en)


class Crossing(models.Model):
    """A crossing attempt or interception, reported by the agency whose side it was on."""

    picture = models.ForeignKey(Picture, on_delete=models.CASCADE, related_name="crossings")
    uid = models.UUIDField(default=uuid.uuid4)
    agency = models.CharField(_("reported by"), max_length=40)
    at = models.DateTimeField(_("when"))
    # Degrees, as the change carried them (six decimal places): floats here, read without a
    # conversion per row, so the map draws thousands of reports fast.
    lat = models.FloatField()
    lon = models.FloatField()
    people = models.PositiveIntegerField(_("people"))
    boat = models.CharField(_("boat"), max_length=20, choices=codes.Boat.choices)
    outcome = models.CharField(_("outcome"), max_length=20, choices=codes.Outcome.choices)
    # The segment's code, empty when the place is on none.
    segment = models.CharField(_("segment"), max_length=40, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    by_name = models.CharField(max_length=200, blank=True)
    reported_at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["picture", "uid"], name="situation_crossing_uid"),
        ]
        indexes = [
            models.Index(fields=["picture", "at"], name="situation_crossing_at"),
            models.Index(fields=["picture", "segment", "at"], name="situation_crossing_seg"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.at:%Y-%m-%d %H:%M}"
