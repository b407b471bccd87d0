"""Countries, agencies and units: who takes part in the cooperation. Data, not code."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from strait import timefmt


class MultilingualName(models.Model):
    """A name in the four working languages; `name` picks the active one."""

    name_ar = models.CharField(_("name (Arabic)"), max_length=200)
    name_es = models.CharField(_("name (Spanish)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        lang = (get_language() or "en")[:2]
        return str(getattr(self, f"name_{lang}", "") or self.name_en)


class Country(MultilingualName):
    code = models.CharField(_("ISO 3166 code"), max_length=2, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")


class Agency(MultilingualName):
    class Kind(models.TextChoices):
        POLICE = "police", _("Police")
        GENDARMERIE = "gendarmerie", _("Gendarmerie")
        INTELLIGENCE = "intelligence", _("Intelligence service")
        MINISTRY = "ministry", _("Ministry")
        INTERPOL_NCB = "interpol_ncb", _("INTERPOL National Central Bureau")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    abbreviation = models.CharField(_("abbreviation"), max_length=30)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="agencies")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # The node that holds this agency's data: each country (or agency) runs its own node.
    node_code = models.SlugField(_("node"), max_length=20)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    # Its users' clock unless they choose another (IANA name); empty: its country's capital.
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True, default="")

    class Meta:
        ordering = ["country__code", "abbreviation"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    @property
    def zone_name(self) -> str:
        return self.time_zone or timefmt.zone_for_country(self.country.code)


class Unit(MultilingualName):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="units")
    code = models.SlugField(_("code"), max_length=40)

    class Meta:
        ordering = ["agency__code", "code"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="unit_code_unique_per_agency")
        ]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
