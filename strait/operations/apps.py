"""Joint operations: one case worked on by agencies of several nodes, a shared object."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "strait.operations"
    label = "operations"
    verbose_name = _("Joint operations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The joint operation as a shared type: its ops, checks and effects.
        from strait.operations import (
            ops,
            workqueue,  # noqa: F401  (its work-queue source)
        )

        ops.register_type()
