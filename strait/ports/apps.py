"""Port cooperation centres: the joint police stations at the ports (Tanger Med, Algeciras…),
their postings, duty roster and log, incidents, and the screening of ferry manifests (issue 16)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortsConfig(AppConfig):
    name = "strait.ports"
    label = "ports"
    verbose_name = _("Port cooperation centres")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The centre as a shared type (its ops), notification topics, work-queue sources and
        # periodic tasks (the manifests' erasure) register here.
        for module in ("ops", "notify", "workqueue", "tasks"):
            try:
                module_ = __import__(f"strait.ports.{module}", fromlist=["register_type"])
            except ModuleNotFoundError as error:  # written by a helper later in the issue
                if error.name != f"strait.ports.{module}":
                    raise
                continue
            if module == "ops":
                module_.register_type()
