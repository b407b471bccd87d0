"""The Strait situation picture: the offline map of both coasts, coast segments with their
impact level, crossing attempts and interceptions, surge alerts, the rapid-reaction log."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SituationConfig(AppConfig):
    name = "strait.situation"
    label = "situation"
    verbose_name = _("Situation picture")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The picture as a shared type: its ops, checks and effects.
        from strait.situation import ops

        ops.register_type()
