"""The transit operation's vocabulary: the ports and lines across the Strait (data: a port or a
line is added here), the two directions, the phases and the daily figures' columns.

Codes travel in the ops' bodies; labels are translated on each reader's page. Each port belongs
to one country: only an agency of that country enters its figures.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Port:
    code: str
    country: str  # ISO 3166 alpha-2, upper case, as agencies.Country.code
    names: dict[str, str]

    @property
    def name(self) -> str:
        lang = (get_language() or "en")[:2]
        return self.names.get(lang) or self.names["en"]


def _port(code: str, country: str, ar: str, es: str, fr: str, en: str) -> Port:
    return Port(code, country, {"ar": ar, "es": es, "fr": fr, "en": en})


PORTS: dict[str, Port] = {
    p.code: p
    for p in (
        _port("algeciras", "ES", "الجزيرة الخضراء", "Algeciras", "Algésiras", "Algeciras"),
        _port("tarifa", "ES", "طريفة", "Tarifa", "Tarifa", "Tarifa"),
        _port("almeria", "ES", "ألميريا", "Almería", "Almería", "Almería"),
        _port("motril", "ES", "موتريل", "Motril", "Motril", "Motril"),
        _port("malaga", "ES", "مالقة", "Málaga", "Malaga", "Málaga"),
        _port("ceuta", "ES", "سبتة", "Ceuta", "Ceuta", "Ceuta"),
        _port("melilla", "ES", "مليلية", "Melilla", "Melilla", "Melilla"),
        _port("tanger-med", "MA", "طنجة المتوسط", "Tánger Med", "Tanger Med", "Tanger Med"),
        _port(
            "tanger-ville", "MA", "طنجة المدينة", "Tánger Ciudad", "Tanger Ville", "Tanger Ville"
        ),
        _port("nador", "MA", "الناظور", "Nador", "Nador", "Nador"),
        _port("al-hoceima", "MA", "الحسيمة", "Alhucemas", "Al Hoceïma", "Al Hoceima"),
    )
}

# The lines (the European port first), as the operation's plan names them.
LINES: tuple[tuple[str, str], ...] = (
    ("algeciras", "tanger-med"),
    ("tarifa", "tanger-ville"),
    ("almeria", "nador"),
    ("motril", "nador"),
    ("motril", "al-hoceima"),
    ("motril", "tanger-med"),
    ("malaga", "melilla"),
    ("algeciras", "ceuta"),
)


def ports_of(country: str) -> list[Port]:
    return [p for p in PORTS.values() if p.country == country.upper()]


def port_choices(country: str | None = None) -> list[tuple[str, str]]:
    found = ports_of(country) if country else list(PORTS.values())
    return [(p.code, p.name) for p in found]


class Direction(models.TextChoices):
    """Which way the travellers go: south to Morocco (departure) or north to Europe (return)."""

    TO_MOROCCO = "to_ma", _("To Morocco")
    TO_EUROPE = "to_eu", _("To Europe")


class Phase(models.TextChoices):
    DEPARTURE = "departure", _("Departure phase")
    RETURN = "return", _("Return phase")


# The daily figures' counted columns, in the order of the CSV and of the form.
COUNTS = ("passengers", "vehicles", "rotations", "wait_avg", "wait_max", "incidents")
COUNT_LABELS = {
    "passengers": _("Passengers"),
    "vehicles": _("Vehicles"),
    "rotations": _("Rotations"),
    "wait_avg": _("Average wait (minutes)"),
    "wait_max": _("Worst wait (minutes)"),
    "incidents": _("Incidents"),
}
# Upper bounds of one port's day in one direction (a typing error, not a real day, above them).
MAX_PASSENGERS = 200_000
MAX_VEHICLES = 60_000
MAX_ROTATIONS = 500
MAX_WAIT = 48 * 60
MAX_INCIDENTS = 10_000
# Rows in one report (a CSV file, an API call): a whole season of one side fits.
MAX_ROWS = 5_000
# A day is a peak when it is among the season's busiest this many.
PEAKS = 5
