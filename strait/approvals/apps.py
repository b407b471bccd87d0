"""Four eyes (AC-05): one mechanism for everything a second person of the same agency must
approve before it takes effect (an alert's release; later a bulk export, a transfer)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApprovalsConfig(AppConfig):
    name = "strait.approvals"
    label = "approvals"
    verbose_name = _("Approvals")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from strait.approvals import workqueue  # noqa: F401  (registers its source)
