"""A notification for one user, and each user's choice of what comes by e-mail."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EmailState(models.TextChoices):
    NONE = "none", _("Not by e-mail")
    DUE = "due", _("To send")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Could not be sent")


class Notification(models.Model):
    """Something that happened for ``user``. ``key`` names what it is about (a message and its
    partner, a check): the same topic about the same thing notifies a user once, however often
    the code that notices it runs."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    topic = models.CharField(max_length=64)
    key = models.CharField(max_length=200)
    # The topic's text parameters: who, where, when; never a partner's subject or body.
    params = models.JSONField(default=dict)
    url = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    email = models.CharField(max_length=6, choices=EmailState.choices, default=EmailState.NONE)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "topic", "key"], name="notification_once_per_user"
            )
        ]
        indexes = [
            models.Index(fields=["user", "read_at", "-created_at"], name="notification_unread_idx"),
            models.Index(fields=["email", "id"], name="notification_email_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.topic} {self.key}"


class Preferences(models.Model):
    """Which topics a user wants by e-mail. No row: each topic's default."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    email_topics = models.JSONField(default=list)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.user_id}: {', '.join(self.email_topics) or '-'}"
