"""Hit/no-hit checks: a partner asks whether we hold something; we answer only hit or no hit
and a reference (AC-04); the details follow by a request on the proper channel."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChecksConfig(AppConfig):
    name = "strait.checks"
    label = "checks"
    verbose_name = _("Checks")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Register this app's envelope kinds.
        from strait.checks import (  # noqa: F401  (topics, work-queue sources)
            batch_federation,
            federation,
            notify,
            workqueue,
        )
        from strait.checks.actions import forget_records
        from strait.entities.signals import records_erased

        # Entities' erasure reaches the candidates and decisions kept here (DP-03).
        records_erased.connect(forget_records, dispatch_uid="checks.forget_records")
