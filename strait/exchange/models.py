"""Channels, messages and what hangs off them. Each node stores its own copy of a message it sent
or received, under the same ``uid``; nothing here is shared storage.

Reads of protected rows go through ``queries.py`` (scoped to the user), writes through
``actions.py`` (with their audit and outbox rows), arrivals through ``federation.py``.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from strait.agencies.models import Agency, MultilingualName
from strait.exchange import codes


class Channel(MultilingualName):
    """How two services talk: who takes part, what may travel and how sensitive it may be.

    Both nodes hold the channel under the same code with the same rules: the sender checks them
    before sending and the receiver checks them again on arrival (FED-06).
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=codes.ChannelKind.choices)
    allowed_kinds = models.JSONField(_("message kinds allowed"), default=list)
    max_handling = models.CharField(
        _("highest handling code"), max_length=2, choices=codes.HandlingCode.choices
    )
    agencies = models.ManyToManyField(
        Agency, related_name="channels", verbose_name=_("participating agencies")
    )
    # On a liaison channel, the officers posted to it. Where an agency has any, only they (and
    # that agency's supervisors) work the channel for it.
    liaison_officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="liaison_channels",
        verbose_name=_("assigned liaison officers"),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("channel")
        verbose_name_plural = _("channels")

    def allowed_kind_labels(self) -> list[str]:
        """The kinds this channel carries, in the reader's language (a code no longer known
        is shown as it is)."""
        labels = dict(codes.MessageKind.choices)
        return [str(labels.get(kind, kind)) for kind in self.allowed_kinds]


class Consent(models.Model):
    """The originator's answer to "may we pass this on?" (DP-04, FED-07). Both the asking and the
    originating node keep a copy under the same ``uid``."""

    class Purpose(models.TextChoices):
        FORWARD = "forward", _("Forward to a third party")
        EXPORT = "export", _("Export")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        GRANTED = "granted", _("Granted")
        REFUSED = "refused", _("Refused")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    message = models.ForeignKey("Message", on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=10, choices=Purpose.choices)
    requester_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    requester_name = models.CharField(max_length=200)
    third_party = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("third party"),
    )
    reason = models.TextField(_("reason"), max_length=2000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    answered_by_name = models.CharField(max_length=200, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answer_note = models.TextField(_("note"), max_length=2000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} {self.uid} ({self.status})"


class Message(models.Model):
    """An item on a channel: information, a request, a reply, or a notice about an earlier item."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The first message of the thread; a thread's messages all carry its uid.
    thread_uid = models.UUIDField(db_index=True)
    # For replies and acknowledgements, the item answered; for notices, the item they correct.
    in_reply_to_uid = models.UUIDField(null=True, blank=True, db_index=True)
    # For a forwarded copy, the item it passes on, under the consent that allowed it.
    forwarded_from_uid = models.UUIDField(null=True, blank=True)
    consent_uid = models.UUIDField(null=True, blank=True)

    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="messages")
    kind = models.CharField(_("kind"), max_length=20, choices=codes.MessageKind.choices)
    origin_node = models.SlugField(max_length=20)
    sender_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("sender")
    )
    # Only on the sending node: a partner's users are names, not accounts here.
    sender_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sender_name = models.CharField(max_length=200)

    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"), max_length=20000)
    language = models.CharField(_("language"), max_length=2)
    crime_area = models.CharField(_("crime area"), max_length=20, choices=codes.CrimeArea.choices)
    urgency = models.CharField(_("urgency"), max_length=20, choices=codes.Urgency.choices)
    handling = models.CharField(
        _("handling code"), max_length=2, choices=codes.HandlingCode.choices
    )
    handling_conditions = models.CharField(_("handling conditions"), max_length=500, blank=True)
    tlp = models.CharField("TLP", max_length=12, choices=codes.TLP.choices, blank=True)
    source_reliability = models.CharField(
        _("source"), max_length=1, choices=codes.SourceReliability.choices, blank=True
    )
    information_credibility = models.CharField(
        _("information"), max_length=1, choices=codes.InformationCredibility.choices, blank=True
    )
    purpose = models.CharField(_("purpose"), max_length=300)
    subject_category = models.CharField(
        _("data-subject category"), max_length=12, choices=codes.SubjectCategory.choices
    )
    fact_or_assessment = models.CharField(
        _("fact or assessment"), max_length=12, choices=codes.FactOrAssessment.choices
    )
    review_date = models.DateField(_("review date"))
    retention_date = models.DateField(_("retention date"))

    created_at = models.DateTimeField(default=timezone.now)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    # Set by notices from the originator (DP-03).
    rectified_at = models.DateTimeField(null=True, blank=True)
    restricted_at = models.DateTimeField(null=True, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)

    # Subject, body and what it is about, folded for search (``search.fold``): hamza forms, ta
    # marbuta, diacritics and Latin accents removed, so a query matches however either was
    # typed. On PostgreSQL the generated column ``search_vector`` holds its words under a
    # full-text index (migration 0005).
    search_text = models.TextField(editable=False, default="")
    # The agencies party to the item, as "@code" words ("@ma-dgsn @es-pn"): on PostgreSQL they
    # join the words in ``search_vector``, so the full-text index answers "this word, among
    # the items of this agency" on its own (searching.py).
    search_parties = models.TextField(editable=False, default="")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [
            models.Index(fields=["sender_agency", "-created_at"], name="message_sent_idx"),
            models.Index(fields=["thread_uid", "created_at"], name="message_thread_idx"),
            models.Index(
                fields=["kind", "answered_at", "deadline"], name="message_open_request_idx"
            ),
            # The open requests alone, soonest deadline first, with what the work queue sorts
            # them by: its three request sections are one index-only scan (exchange/workqueue.py).
            models.Index(
                fields=["deadline", "id"],
                include=["channel", "urgency"],
                condition=models.Q(kind="request", answered_at__isnull=True),
                name="message_open_due_idx",
            ),
            # The newest items first, for a search walking them (searching.py).
            models.Index(fields=["-created_at"], name="message_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject}"

    @property
    def is_open_request(self) -> bool:
        return self.kind == codes.MessageKind.REQUEST and self.answered_at is None

    def is_overdue(self, now: datetime | None = None) -> bool:
        moment = now or timezone.now()
        return bool(self.is_open_request and self.deadline and self.deadline < moment)

    @property
    def text_direction(self) -> str:
        return "rtl" if self.language == "ar" else "ltr"

    @property
    def answer_prefix(self) -> str:
        """ "Re:" in the reader's language for an answer, else nothing: the subject is stored
        without a prefix (``defaults.reply_subject``), the kind says it is an answer."""
        if self.kind in (codes.MessageKind.REPLY, codes.MessageKind.ACKNOWLEDGEMENT):
            return pgettext("prefix of an answer's subject", "Re:")
        if self.kind in codes.CORRECTION_KINDS:
            # "Notice of rectification:" and the like, in the reader's language.
            return f"{codes.MessageKind(self.kind).label}:"
        return ""

    @property
    def plain_subject(self) -> str:
        """The subject without the English "Re: " that answers stored before issue 12."""
        answers = (codes.MessageKind.REPLY, codes.MessageKind.ACKNOWLEDGEMENT)
        if self.kind in answers and self.subject.startswith("Re: "):
            return self.subject[4:]
        return self.subject


class Recipient(models.Model):
    """One receiving agency of a message, with its delivery and read receipts."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="recipients")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    # Copied from the message so the inbox is one index range scan (benchmarks/exchange.py).
    created_at = models.DateTimeField()
    delivered_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    read_by_name = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["message", "agency"], name="recipient_once")]
        indexes = [models.Index(fields=["agency", "-created_at"], name="recipient_inbox_idx")]

    def __str__(self) -> str:
        return f"{self.agency_id} <- {self.message_id}"


class About(models.Model):
    """What a message is about (a person, phone, vehicle, vessel or case reference), kept as
    written and as a normalised key, so a second request about it on another channel is noticed."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="about")
    kind = models.CharField(_("kind"), max_length=10, choices=codes.AboutKind.choices)
    value = models.CharField(_("value"), max_length=200)
    key = models.CharField(max_length=200)

    class Meta:
        indexes = [models.Index(fields=["kind", "key"], name="about_key_idx")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.value}"


class SearchKey(models.Model):
    """A key a message is found by (``search.py``): the normalised key of what it is about, and
    the matcher's name keys of the persons it is about. Written with the message
    (``effects.store``), removed with its content (``effects.erase``)."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=220)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "message"], name="search_key_once"),
        ]

    def __str__(self) -> str:
        return f"{self.message_id}: {self.key}"


class Attachment(models.Model):
    """A file sent with a message, stored encrypted under the node's attachment key (IO-03).
    It travels in parts after its message; ``complete`` once every part has arrived intact."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    parts = models.PositiveIntegerField()
    parts_received = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["filename"]

    def __str__(self) -> str:
        return self.filename

    @property
    def complete(self) -> bool:
        return self.parts_received == self.parts


class ThreadState(models.Model):
    """Whether a thread is closed, who last closed or reopened it and when. A row appears the
    first time a thread is closed; each node holds its own copy, kept in step by the
    ``exchange.thread_state`` envelope (the latest change wins) and by a message joining the
    thread after it was closed, which reopens it on every node alike."""

    thread_uid = models.UUIDField(unique=True)
    closed = models.BooleanField(default=False)
    changed_at = models.DateTimeField()
    changed_by_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    changed_by_name = models.CharField(max_length=200)

    def __str__(self) -> str:
        return f"{self.thread_uid} {'closed' if self.closed else 'open'}"
