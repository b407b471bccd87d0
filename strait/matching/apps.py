from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    """The Django side of the matcher: analysts' decisions on candidate pairs. The library
    modules beside this file import nothing from Django; only this file and models.py do."""

    name = "strait.matching"
    label = "matching"
    verbose_name = _("Matching")
    default_auto_field = "django.db.models.BigAutoField"
