"""Alerts: a typed alert with its required action, reviewed before release, shared with the
addressed agencies on every node, acknowledged by each (issue 14)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "strait.alerts"
    label = "alerts"
    verbose_name = _("Alerts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The alert as a shared type (its ops), its approval kind, notification topics and
        # work-queue sources register here.
        from strait.alerts import (
            actions,  # noqa: F401  (the approval kind "alerts.release")
            notify,  # noqa: F401  (notification topics)
            ops,
            workqueue,  # noqa: F401  (work-queue source)
        )

        ops.register_type()
        from strait.alerts.matching import on_check
        from strait.checks.signals import check_recorded

        # A check sent or answered here that matches an active alert is flagged at once.
        check_recorded.connect(on_check, dispatch_uid="alerts.matching.on_check")
