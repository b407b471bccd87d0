"""The events app's local copies: the same rows on every node that takes part.

Two shared types: an event (``events.event``: venues, fixtures, liaison seats, the cooperation
centre's log, assessments, linked alerts and knowledge, the after-action report) and the
knowledge base (``events.knowledge``, one per federation, reused by every event). Every row here
is written only by their ops (``effects.py``), in the home's order, on every node. Agencies are
named by their code, as the changes carry them; texts in several languages are dicts
``{"ar", "es", "fr", "en"}``.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from strait.events import codes


def in_language(texts: dict[str, str], language: str | None = None) -> str:
    """The text in the reader's language, else the first of ar, es, fr, en that is written."""
    language = (language or translation.get_language() or "en")[:2]
    if texts.get(language):
        return texts[language]
    for other in codes.LANGUAGES:
        if texts.get(other):
            return texts[other]
    return ""


class Event(models.Model):
    obj = models.OneToOneField(
        "sharing.SharedObject", on_delete=models.CASCADE, related_name="events_event"
    )
    code = models.CharField(_("code"), max_length=40)
    names = models.JSONField(default=dict)
    hosts = models.JSONField(default=list)  # ISO codes of the host countries, ["MA", "ES", "PT"]
    starts = models.DateField(_("first day"))
    ends = models.DateField(_("last day"))
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-starts", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def uid(self) -> uuid.UUID:
        return self.obj.uid

    @property
    def name(self) -> str:
        return in_language(self.names) or self.code


class Venue(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="venues")
    uid = models.UUIDField(default=uuid.uuid4)
    code = models.CharField(_("code"), max_length=40)
    names = models.JSONField(default=dict)
    kind = models.CharField(_("kind"), max_length=20, choices=codes.VenueKind.choices)
    city = models.CharField(_("city"), max_length=100)
    country = models.CharField(_("country"), max_length=2)
    lat = models.FloatField()
    lon = models.FloatField()
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    agency = models.CharField(_("added by"), max_length=40)

    class Meta:
        ordering = ["country", "city", "code"]
        constraints = [
            models.UniqueConstraint(fields=["event", "code"], name="events_venue_code"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self.names) or self.code


class Fixture(models.Model):
    """A match, with the risk level the event's centre gave it and why."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="fixtures")
    uid = models.UUIDField(default=uuid.uuid4)
    home_team = models.CharField(_("home team"), max_length=100)
    away_team = models.CharField(_("away team"), max_length=100)
    venue = models.CharField(_("venue"), max_length=40)  # the venue's code
    kick_off = models.DateTimeField(_("kick-off"))
    risk = models.CharField(_("risk level"), max_length=10, choices=codes.Risk.choices)
    reason = models.TextField(_("reason"), max_length=1000, blank=True)
    risk_set_by = models.CharField(max_length=200, blank=True)
    risk_set_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["kick_off", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "uid"], name="events_fixture_uid"),
        ]

    def __str__(self) -> str:
        return f"{self.home_team} - {self.away_team}"


class Liaison(models.Model):
    """A liaison officer's seat in the cooperation centre, posted by the officer's agency."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="liaisons")
    uid = models.UUIDField(default=uuid.uuid4)
    agency = models.CharField(_("agency"), max_length=40)
    country = models.CharField(_("country"), max_length=2)
    name = models.CharField(_("name"), max_length=200)
    seat = models.CharField(_("seat"), max_length=100, blank=True)
    starts = models.DateField(_("from"))
    ends = models.DateField(_("until"))

    class Meta:
        ordering = ["country", "agency", "name"]

    def __str__(self) -> str:
        return self.name


class LogEntry(models.Model):
    """The international police cooperation centre's 24/7 log: what came in, how it was
    assessed, to whom it was passed and when. Each agency writes its own entries."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="log")
    uid = models.UUIDField(default=uuid.uuid4)
    agency = models.CharField(_("agency"), max_length=40)
    at = models.DateTimeField(_("when"))
    source = models.CharField(_("source"), max_length=20, choices=codes.Source.choices)
    information = models.TextField(_("information"), max_length=2000)
    assessment = models.TextField(_("assessment"), max_length=1000, blank=True)
    passed_to = models.JSONField(default=list)  # agency codes
    passed_at = models.DateTimeField(_("passed at"), null=True, blank=True)
    fixture = models.UUIDField(null=True, blank=True)
    by_name = models.CharField(max_length=200, blank=True)
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "uid"], name="events_log_uid"),
        ]
        indexes = [models.Index(fields=["event", "at"], name="events_log_at")]

    def __str__(self) -> str:
        return f"{self.agency} {self.at:%Y-%m-%d %H:%M}"


class Assessment(models.Model):
    """An agency's risk assessment of a fixture."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="assessments")
    uid = models.UUIDField(default=uuid.uuid4)
    fixture = models.UUIDField()
    agency = models.CharField(_("agency"), max_length=40)
    risk = models.CharField(_("risk level"), max_length=10, choices=codes.Risk.choices)
    text = models.TextField(_("assessment"), max_length=2000)
    by_name = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.agency} {self.risk}"


class AlertLink(models.Model):
    """An event-threat alert linked to the event, by its uid: each reader's node resolves it
    through its own scoped read (``threats.py``)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="alert_links")
    alert = models.UUIDField()
    agency = models.CharField(max_length=40)
    note = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "alert"], name="events_alert_link"),
        ]

    def __str__(self) -> str:
        return str(self.alert)


class KnowledgeLink(models.Model):
    """A knowledge-base entry the event reuses."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="knowledge_links")
    entry = models.UUIDField()
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "entry"], name="events_knowledge_link"),
        ]

    def __str__(self) -> str:
        return str(self.entry)


class AfterAction(models.Model):
    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="after_action")
    summary = models.JSONField(default=dict)
    went_well = models.JSONField(default=dict)
    to_improve = models.JSONField(default=dict)
    figures = models.JSONField(default=dict)  # {"spectators": …, "arrests": …, "incidents": …}
    agency = models.CharField(max_length=40)
    by_name = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField()

    def __str__(self) -> str:
        return in_language(self.summary)[:80]


class KnowledgeBase(models.Model):
    obj = models.OneToOneField(
        "sharing.SharedObject", on_delete=models.CASCADE, related_name="events_knowledge"
    )
    title = models.CharField(_("title"), max_length=200)
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.title


class Entry(models.Model):
    """A lesson, plan or checklist, tagged by topic, from the event it came from."""

    base = models.ForeignKey(KnowledgeBase, on_delete=models.CASCADE, related_name="entries")
    uid = models.UUIDField(default=uuid.uuid4)
    kind = models.CharField(_("kind"), max_length=20, choices=codes.EntryKind.choices)
    topics = models.JSONField(default=list)
    titles = models.JSONField(default=dict)
    texts = models.JSONField(default=dict)
    event_name = models.CharField(_("from the event"), max_length=200, blank=True)
    event = models.UUIDField(null=True, blank=True)
    agency = models.CharField(_("agency"), max_length=40)
    by_name = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["base", "uid"], name="events_entry_uid"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return in_language(self.titles)

    @property
    def text(self) -> str:
        return in_language(self.texts)
