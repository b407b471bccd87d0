"""Analysts' decisions on candidate pairs: match, no match or unsure, with who and when.

A decision is never changed: a later decision on the same pair supersedes it and points back to
it, so the history of how a pair was judged stays readable (``current_decision``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from strait.agencies.models import Agency


class Verdict(models.TextChoices):
    MATCH = "match", _("Match")
    NO_MATCH = "no_match", _("No match")
    UNSURE = "unsure", _("Unsure")


class MatchDecision(models.Model):
    """One analyst's judgement that a record held here and a counterpart are the same or not.

    ``record_uid`` is the uid of the agency's own entity; ``counterpart`` names the other side
    of the pair in a stable form ("check:<uid>" for a partner's check, "person:<uid>" for
    another record held here) and ``counterpart_label`` what it said, as written.
    """

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    record_uid = models.UUIDField()
    counterpart = models.CharField(max_length=100)
    counterpart_label = models.CharField(max_length=300, blank=True)
    verdict = models.CharField(_("decision"), max_length=10, choices=Verdict.choices)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    score = models.FloatField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )

    class Meta:
        # The table keeps the name it had when the model lived in ``strait.matching`` (its
        # rows and append-only triggers stay where they are; migrations 0001 and 0002).
        db_table = "matching_matchdecision"
        ordering = ["-decided_at", "-id"]
        indexes = [
            models.Index(fields=["agency", "record_uid", "counterpart"], name="decision_pair_idx")
        ]

    def __str__(self) -> str:
        return f"{self.record_uid} ~ {self.counterpart}: {self.verdict}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("a match decision is never changed; record a new one")
        super().save(*args, **kwargs)
