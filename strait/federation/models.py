"""Keys, peers, outbox and inbox of a node (DESIGN.md §2, REL-01..07, FED-01..07)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class KeyKind(models.TextChoices):
    SIGNING = "signing", _("Signing (Ed25519)")
    ENCRYPTION = "encryption", _("Encryption (X25519)")


class NodeKey(models.Model):
    """One of this node's own key pairs. The private half is PKCS#8, encrypted with the secret."""

    kind = models.CharField(max_length=12, choices=KeyKind.choices)
    key_id = models.CharField(max_length=16, unique=True)
    public = models.BinaryField()
    private_pem = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now)
    # Set when a newer key replaces this one: the key stays valid for the overlap period.
    valid_until = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} key {self.key_id}"


class Backoff(models.TextChoices):
    """Why delivery to a peer is backed off: it decides whether the worker may probe it early."""

    UNREACHABLE = "unreachable", _("Unreachable")  # no answer: refused, reset, timed out
    REFUSED = "refused", _("Refused by the peer")  # it answered no (429, 503, an error)


class Peer(models.Model):
    """Another sovereign node we exchange with, verified by fingerprint out of band."""

    code = models.SlugField(_("node"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(_("country"), max_length=2)
    base_url = models.URLField(_("address"), max_length=300)
    fingerprint = models.CharField(_("fingerprint"), max_length=40)
    agencies = models.JSONField(_("agencies"), default=list)
    added_at = models.DateTimeField(default=timezone.now)
    active = models.BooleanField(_("active"), default=True)

    # Outbound stream: the next sequence number to give an envelope to this peer.
    next_seq_out = models.PositiveBigIntegerField(default=1)
    # Inbound stream: the last sequence number applied from this peer.
    last_seq_in = models.PositiveBigIntegerField(default=0)

    # Delivery state, kept by the worker.
    failures = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    unreachable_since = models.DateTimeField(null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    # Why the current back-off; an unreachable peer is probed every FEDERATION_PROBE_SECONDS
    # (at most once per interval across worker processes: probed_at) and retried once it answers.
    backoff_reason = models.CharField(max_length=12, choices=Backoff.choices, blank=True)
    probed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("peer")

    def __str__(self) -> str:
        return f"{self.code} ({self.name})"


class PeerKey(models.Model):
    peer = models.ForeignKey(Peer, on_delete=models.CASCADE, related_name="keys")
    kind = models.CharField(max_length=12, choices=KeyKind.choices)
    key_id = models.CharField(max_length=16)
    public = models.BinaryField()
    added_at = models.DateTimeField(default=timezone.now)
    valid_until = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["peer", "key_id"], name="peer_key_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.peer_id}: {self.kind} key {self.key_id}"


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for delivery")
    DELIVERED = "delivered", _("Delivered")
    PARKED = "parked", _("Parked by the recipient")


class OutboxEnvelope(models.Model):
    """Written in the same transaction as the change that causes it (REL-01); sealed and
    signed by the worker at each delivery attempt, so a backlog never goes stale."""

    peer = models.ForeignKey(Peer, on_delete=models.PROTECT, related_name="outbox")
    envelope_id = models.UUIDField(unique=True)
    seq = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=64)
    handling = models.CharField(max_length=2, default="H0")
    body = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)
    # A key announcement must be signed with the key the peer already trusts.
    sign_with = models.CharField(max_length=16, blank=True)
    status = models.CharField(
        max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    delivered_at = models.DateTimeField(null=True, blank=True)
    receipt = models.JSONField(null=True, blank=True)
    reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["peer", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["peer", "seq"], name="outbox_seq_unique_per_peer"),
        ]
        indexes = [models.Index(fields=["peer", "status", "seq"])]

    def __str__(self) -> str:
        return f"→{self.peer_id} #{self.seq} {self.kind} ({self.status})"


class InboxStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    PARKED = "parked", _("Parked")


class InboxEnvelope(models.Model):
    """One row per envelope applied (or parked) from a peer, written in the transaction that
    applied it; the unique (origin, envelope id) makes a re-delivery a no-op (REL-02, REL-03)."""

    origin = models.ForeignKey(Peer, on_delete=models.PROTECT, related_name="inbox")
    envelope_id = models.UUIDField()
    seq = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=64)
    handling = models.CharField(max_length=2)
    digest = models.CharField(max_length=64)
    status = models.CharField(max_length=10, choices=InboxStatus.choices)
    reason = models.CharField(max_length=500, blank=True)
    receipt = models.JSONField()
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["origin", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["origin", "envelope_id"], name="inbox_id_unique"),
            models.UniqueConstraint(fields=["origin", "seq"], name="inbox_seq_unique"),
        ]

    def __str__(self) -> str:
        return f"←{self.origin_id} #{self.seq} {self.kind} ({self.status})"


class InboxFailure(models.Model):
    """A handler that failed on an envelope: counted outside the rolled-back transaction, so a
    poison envelope is parked with its reason after a few tries instead of blocking forever."""

    origin = models.ForeignKey(Peer, on_delete=models.CASCADE, related_name="failures_in")
    envelope_id = models.UUIDField()
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500)
    last_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["origin", "envelope_id"], name="inbox_failure_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.envelope_id}: {self.attempts} failures"


class Notice(models.Model):
    """The first real kind: a signed notice a node administrator sends to a peer (ping)."""

    class Direction(models.TextChoices):
        OUT = "out", _("Sent")
        IN = "in", _("Received")

    peer = models.ForeignKey(Peer, on_delete=models.PROTECT, related_name="notices")
    direction = models.CharField(max_length=3, choices=Direction.choices)
    envelope_id = models.UUIDField(unique=True)
    seq = models.PositiveBigIntegerField(null=True, blank=True)
    text = models.CharField(_("text"), max_length=500)
    author = models.CharField(_("author"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.direction} {self.peer_id}: {self.text[:40]}"


class TallyScope(models.TextChoices):
    SOURCE = "source", _("Source address")
    ORIGIN = "origin", _("Claimed peer")


class InboxTally(models.Model):
    """Refused inbox requests per source address (or per peer they claimed to come from) and
    minute. It is the inbox's rate limit, kept in the database so every server process and
    thread agrees, and it aggregates security events: one audit entry per source and minute,
    with the count, instead of one chained entry per forged envelope (issue 11)."""

    scope = models.CharField(max_length=6, choices=TallyScope.choices)
    key = models.CharField(max_length=64)
    window = models.DateTimeField()
    refused = models.PositiveIntegerField(default=0)
    security_events = models.PositiveIntegerField(default=0)
    # The window's first security event (refusal, detail, kind, origin, envelope), and every
    # peer the source claimed to be (at most 20).
    first = models.JSONField(default=dict)
    origins = models.JSONField(default=list)
    recorded = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "key", "window"], name="inbox_tally_unique"),
        ]
        indexes = [models.Index(fields=["recorded", "window"])]

    def __str__(self) -> str:
        return f"{self.scope} {self.key} @ {self.window:%H:%M}: {self.refused} refused"
