from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    """Analysts' decisions on candidate pairs. The matcher itself (``strait.matching``) imports
    nothing from Django; this app holds what it needs a database for."""

    name = "strait.decisions"
    label = "decisions"
    verbose_name = _("Match decisions")
    default_auto_field = "django.db.models.BigAutoField"
