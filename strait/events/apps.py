"""Major events (the 2030 World Cup, AFCON 2025): venues, fixtures and their risk, the international
police cooperation centre's shared 24/7 log, liaison seats, assessments, after-action reports, and
a knowledge base reused from one event to the next (issue 16)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "strait.events"
    label = "events"
    verbose_name = _("Major events")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The shared type (its ops), notification topics, work-queue sources and periodic tasks
        # register here.
        for module in ("ops", "notify", "workqueue", "tasks"):
            try:
                module_ = __import__(f"strait.events.{module}", fromlist=["register_type"])
            except ModuleNotFoundError as error:  # written by a helper later in the issue
                if error.name != f"strait.events.{module}":
                    raise
                continue
            if module == "ops":
                module_.register_type()
