"""The append-only, hash-chained audit log (LOG-01..03).

Each entry's hash covers its own fields and the previous entry's hash, so a changed, deleted,
inserted, reordered or truncated entry breaks the chain (see strait/audit/chain.py). The
application never updates or deletes an entry; on PostgreSQL and SQLite a trigger refuses it too.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.db import models
from django.utils.translation import gettext_lazy as _

from strait.audit.events import AuditAction


class AppendOnlyError(RuntimeError):
    """Raised on any attempt to change or remove an audit entry through the application."""


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit entries cannot be updated")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("audit entries cannot be deleted")


class AuditEntry(models.Model):
    seq = models.PositiveBigIntegerField(_("sequence"), unique=True)
    occurred_at = models.DateTimeField(_("time (UTC)"), db_index=True)
    actor_id = models.BigIntegerField(_("actor id"), null=True, blank=True)
    actor = models.CharField(_("actor"), max_length=150, blank=True)
    agency = models.CharField(_("agency"), max_length=40, blank=True, db_index=True)
    # No ``choices`` here: every app adds its tags to AuditAction, and a choices list would
    # need a migration each time. record() only accepts AuditAction members anyway.
    action = models.CharField(_("action"), max_length=64)
    target = models.CharField(_("target"), max_length=255, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.target}".rstrip()

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None or kwargs.get("force_update"):
            raise AppendOnlyError("audit entries cannot be updated")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit entries cannot be deleted")

    @property
    def action_label(self) -> str:
        """The action's name in the reader's language; the raw tag if it is no longer known."""
        try:
            return str(AuditAction(self.action).label)
        except ValueError:
            return self.action


class AuditHead(models.Model):
    """The chain's tip (one row): serialises appends and lets the verifier see a cut tail."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.PositiveBigIntegerField(default=0)
    entry_hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"head #{self.seq}"
