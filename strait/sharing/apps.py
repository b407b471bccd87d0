"""Shared objects: what several nodes work on together lives on each of them; its home node
orders every change (docs/sharing.md). Built once, used by every domain that shares."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SharingConfig(AppConfig):
    name = "strait.sharing"
    label = "sharing"
    verbose_name = _("Shared objects")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The envelope handlers (and, through the actions, the built-in ops) register on import.
        from strait.sharing import federation  # noqa: F401
