"""Governance's copy: every row below belongs to one body's shared object (``Body.obj``) and is
written only by the ops' effects, the same rows on every node that takes part. Things are known
on every node by their ``uid``; agencies by their code (they may live on another node).

Texts in several languages are a JSON object ``{"ar": …, "es": …, "fr": …, "en": …}``
(``texts``); a body's name has its four columns, as an agency's has.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from strait.governance import codes


def in_language(texts: dict[str, str], language: str | None = None) -> str:
    """The text in the reader's language, else the first of ar, es, fr, en that is written."""
    language = (language or translation.get_language() or "en")[:2]
    if texts.get(language):
        return texts[language]
    for other in codes.LANGUAGES:
        if texts.get(other):
            return texts[other]
    return ""


class Body(models.Model):
    """A committee, sub-committee, ministerial meeting, permanent group, seminar series or
    trilateral format: data, not code. Its participants (``sharing``) are its member agencies;
    ``co_chairs`` the agencies whose chairs sign its minutes, one per side."""

    obj = models.OneToOneField(
        "sharing.SharedObject", on_delete=models.CASCADE, related_name="governance_body"
    )
    # A stable name for the seeds and the command line ("strategic-committee").
    code = models.SlugField(_("code"), max_length=60)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200)
    name_es = models.CharField(_("name (Spanish)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=codes.BodyKind.choices)
    area = models.CharField(
        _("area"), max_length=30, choices=codes.Area.choices, default=codes.Area.GENERAL
    )
    # The parent body's shared-object uid (a sub-committee's committee), if any.
    parent_uid = models.UUIDField(null=True, blank=True)
    co_chairs = models.JSONField(_("co-chairs"), default=list)  # agency codes
    mandate = models.TextField(_("mandate"), max_length=4000, blank=True)
    founded_on = models.DateField(_("founded on"))
    cadence = models.CharField(_("cadence"), max_length=10, choices=codes.Cadence.choices)
    # MONTHS: at most this many months between meetings (6 for the ministers); YEARLY: 12.
    cadence_months = models.PositiveSmallIntegerField(null=True, blank=True)
    # Warn the secretariat this many months after the last meeting (5 for the ministers).
    warn_months = models.PositiveSmallIntegerField(null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=codes.BodyStatus.choices, default="active"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["name_en", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(
            {"ar": self.name_ar, "es": self.name_es, "fr": self.name_fr, "en": self.name_en}
        )


class Meeting(models.Model):
    """A meeting of a body, with its delegations, agenda, decisions and minutes.

    ``minutes_version`` counts the changes to the minutes' text: a signature is over one
    version's canonical text, and a change after it voids it (``MinutesSignature.version``
    below the meeting's), visibly."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="meetings")
    uid = models.UUIDField(unique=True, default=uuid.uuid4)
    title = models.JSONField(_("title"), default=dict, blank=True)  # texts
    starts_on = models.DateField(_("date"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=codes.MeetingStatus.choices,
        default=codes.MeetingStatus.SCHEDULED,
    )
    minutes_version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["body", "starts_on"])]

    def __str__(self) -> str:
        return f"{self.place} {self.starts_on:%Y-%m-%d}"


class Attendee(models.Model):
    """Who came, by agency (a delegation is an agency's attendees; ``head`` leads it)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    agency = models.CharField(max_length=40)  # agency code
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    head = models.BooleanField(_("head of delegation"), default=False)

    class Meta:
        ordering = ["agency", "-head", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.agency})"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField()
    texts = models.JSONField(default=dict)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return in_language(self.texts)


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    uid = models.UUIDField(unique=True, default=uuid.uuid4)
    texts = models.JSONField(default=dict)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return in_language(self.texts)


class Minutes(models.Model):
    """The minutes' text in one language (Arabic and Spanish required before signing)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="minutes")
    language = models.CharField(max_length=2)
    text = models.TextField(max_length=100_000)
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "language"], name="governance_minutes_lang")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} [{self.language}]"


class MinutesSignature(models.Model):
    """One side's chair approved one version of the minutes: the node of the chair's agency
    signed the canonical text's digest with its Ed25519 key (``minutes.signed_bytes``), so
    either side can prove later what both approved. Void when the meeting's
    ``minutes_version`` has moved past ``version``."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="signatures")
    version = models.PositiveIntegerField()
    digest = models.CharField(max_length=64)  # sha256 hex of the canonical text
    agency = models.CharField(max_length=40)  # the chair's agency (a co-chair)
    node = models.CharField(max_length=20)  # the node whose key signed
    chair = models.CharField(max_length=200)  # the chair's name, as their node gave it
    key_id = models.CharField(max_length=64)
    signature = models.CharField(max_length=200)  # base64url Ed25519 signature
    signed_at = models.DateTimeField()

    class Meta:
        ordering = ["signed_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "version", "node"], name="governance_signature_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting} v{self.version} {self.node}"


class Recommendation(models.Model):
    """A recommendation of a meeting or a seminar, in its languages."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="recommendations")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="recommendations"
    )
    uid = models.UUIDField(unique=True, default=uuid.uuid4)
    number = models.CharField(_("number"), max_length=20, blank=True)  # "R3", as the text has it
    texts = models.JSONField(default=dict)
    by_agency = models.CharField(max_length=40)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["body", "created_at", "id"]

    def __str__(self) -> str:
        return self.number or in_language(self.texts)[:60]


class ActionItem(models.Model):
    """What implements a recommendation: an owner agency, a co-owner on the other side, a
    deadline, a status, and evidence."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="actions"
    )
    uid = models.UUIDField(unique=True, default=uuid.uuid4)
    title = models.JSONField(default=dict)  # texts
    owner_agency = models.CharField(_("owner"), max_length=40)
    co_owner_agency = models.CharField(_("co-owner"), max_length=40, blank=True)
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=codes.ActionStatus.choices,
        default=codes.ActionStatus.PLANNED,
    )
    drop_reason = models.TextField(max_length=2000, blank=True)
    done_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self) -> str:
        return in_language(self.title)


class Evidence(models.Model):
    """A link from an action to what implements it. Only the kind and the reference travel
    (plus the linker's note): each node resolves the reference through its own scoped reads,
    so a reader who cannot see the thing sees that it exists, never its title."""

    action = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="evidence")
    uid = models.UUIDField(unique=True, default=uuid.uuid4)
    kind = models.CharField(max_length=12, choices=codes.EvidenceKind.choices)
    ref = models.CharField(max_length=300)
    note = models.CharField(_("note"), max_length=500, blank=True)
    by_agency = models.CharField(max_length=40)
    added_at = models.DateTimeField()
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["added_at", "id"]
        indexes = [models.Index(fields=["action", "removed_at"])]

    def __str__(self) -> str:
        return f"{self.kind}:{self.ref}"


class Course(models.Model):
    """A course of the bilateral training plan."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="courses")
    uid = models.UUIDField(unique=True, default=uuid.uuid4)
    topic = models.CharField(_("topic"), max_length=30, choices=codes.TrainingTopic.choices)
    title = models.JSONField(default=dict)  # texts
    host_agency = models.CharField(_("host"), max_length=40)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    place = models.CharField(_("place"), max_length=200)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=codes.CourseStatus.choices,
        default=codes.CourseStatus.PLANNED,
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-starts_on", "id"]

    def __str__(self) -> str:
        return in_language(self.title)


class CourseParticipants(models.Model):
    """How many took part from one agency."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="participants")
    agency = models.CharField(max_length=40)
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["course", "agency"], name="governance_course_agency")
        ]

    def __str__(self) -> str:
        return f"{self.agency}: {self.count}"


class CourseEvaluation(models.Model):
    """A participant's evaluation: a score from 1 to 5 and a comment."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="evaluations")
    uid = models.UUIDField(unique=True, default=uuid.uuid4)
    agency = models.CharField(max_length=40)
    score = models.PositiveSmallIntegerField()
    comment = models.TextField(max_length=2000, blank=True)
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.agency}: {self.score}"


class Document(models.Model):
    """A good-practice document: its file travels in parts (``governance.document_part``), each
    stored encrypted at rest as exchange attachments are (``exchange.attachments.store_part``,
    under the document's uid); ``parts_received`` reaches ``parts`` when it is complete."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="documents")
    uid = models.UUIDField(unique=True, default=uuid.uuid4)
    area = models.CharField(_("area"), max_length=30, choices=codes.Area.choices)
    title = models.JSONField(default=dict)  # texts
    summary = models.JSONField(default=dict)  # texts
    language = models.CharField(_("language"), max_length=2)
    # The document this one translates, if it is a translation.
    translation_of = models.UUIDField(null=True, blank=True)
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    parts = models.PositiveIntegerField()
    parts_received = models.PositiveIntegerField(default=0)
    by_agency = models.CharField(max_length=40)
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["-added_at", "id"]

    def __str__(self) -> str:
        return in_language(self.title) or self.filename
