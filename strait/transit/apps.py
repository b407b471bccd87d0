"""The summer transit operation across the Strait (OPE / Marhaba): its phases, ports and lines,
the daily figures each side enters for its ports, the dashboard against the plan and earlier years
(issue 16)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransitConfig(AppConfig):
    name = "strait.transit"
    label = "transit"
    verbose_name = _("Transit operation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The shared type (its ops), notification topics, work-queue sources and periodic tasks
        # register here.
        for module in ("ops", "notify", "workqueue", "tasks"):
            try:
                module_ = __import__(f"strait.transit.{module}", fromlist=["register_type"])
            except ModuleNotFoundError as error:  # written by a helper later in the issue
                if error.name != f"strait.transit.{module}":
                    raise
                continue
            if module == "ops":
                module_.register_type()
