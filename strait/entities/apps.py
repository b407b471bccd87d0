from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EntitiesConfig(AppConfig):
    name = "strait.entities"
    label = "entities"
    verbose_name = _("Entities")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Register this app's part of the work queue.
        from strait.entities import workqueue  # noqa: F401
