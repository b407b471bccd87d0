"""Governance: the bodies that steer the cooperation, their meetings and co-signed minutes, the
recommendations tracked to evidence, the training plan and the good-practice library (issue 15)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "strait.governance"
    label = "governance"
    verbose_name = _("Governance")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The body as a shared type (its ops), notification topics and work-queue sources
        # register here.
        from strait.governance import ops

        ops.register_type()
        for module in ("notify", "workqueue", "tasks"):
            try:
                __import__(f"strait.governance.{module}")
            except ModuleNotFoundError as error:  # written by a helper later in the issue
                if error.name != f"strait.governance.{module}":
                    raise
