"""The situation picture's vocabulary: the map's area, impact levels and the response each one
requires (as in EUROSUR), segment shapes, boat types and outcomes of a crossing attempt.

Codes travel between nodes in the ops' bodies; labels are translated on each reader's page.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from strait.alerts import codes as alert_codes

# The map's area: the Strait of Gibraltar and both coasts, from the Atlantic approaches off
# Larache and Cádiz to Almería and Nador in the Alborán Sea: the box alerts use too. A place
# outside it is refused.
MAP_SOUTH = Decimal(str(alert_codes.MAP_LAT_MIN))
MAP_NORTH = Decimal(str(alert_codes.MAP_LAT_MAX))
MAP_WEST = Decimal(str(alert_codes.MAP_LON_MIN))
MAP_EAST = Decimal(str(alert_codes.MAP_LON_MAX))
# Where the map opens: the Strait itself.
MAP_CENTRE = (Decimal("35.95"), Decimal("-5.45"))


def in_box(lat: Decimal, lon: Decimal) -> bool:
    return MAP_SOUTH <= lat <= MAP_NORTH and MAP_WEST <= lon <= MAP_EAST


class Level(models.TextChoices):
    """EUROSUR impact levels (Regulation (EU) 2019/1896, Art. 34-35)."""

    LOW = "low", pgettext_lazy("impact", "Low")
    MEDIUM = "medium", pgettext_lazy("impact", "Medium")
    HIGH = "high", pgettext_lazy("impact", "High")


# The response each level requires of the segment's owner (EUROSUR, Art. 35).
RESPONSE: dict[str, object] = {
    Level.LOW: _("Regular surveillance of the segment; the coordination centre follows it."),
    Level.MEDIUM: _(
        "Reinforced surveillance and control measures; the coordination centre coordinates "
        "them and informs the partner."
    ),
    Level.HIGH: _(
        "Every available unit on the segment; the partner informed at once; support may be "
        "requested."
    ),
}


class Shape(models.TextChoices):
    LINE = "line", _("Coastline (line)")
    POLYGON = "polygon", _("Area (polygon)")


class Boat(models.TextChoices):
    INFLATABLE = "inflatable", _("Inflatable boat")
    WOODEN = "wooden", _("Wooden boat (patera)")
    FAST = "fast", _("Go-fast boat")
    JET_SKI = "jet_ski", _("Jet ski")
    KAYAK = "kayak", _("Kayak or toy boat")
    FISHING = "fishing", _("Fishing boat")
    NONE = "none", _("No boat (swimming or on foot)")


class Outcome(models.TextChoices):
    INTERCEPTED = "intercepted", _("Intercepted")
    LANDED = "landed", _("Landed")
    TURNED_BACK = "turned_back", _("Turned back")
    RESCUED = "rescued", _("Rescued at sea")
    PREVENTED = "prevented", _("Prevented at departure")


class Window(models.TextChoices):
    """The timeline slider's steps."""

    H6 = "6h", _("Last 6 hours")
    H24 = "24h", _("Last 24 hours")
    D7 = "7d", _("Last 7 days")


WINDOW_HOURS: dict[str, int] = {Window.H6: 6, Window.H24: 24, Window.D7: 24 * 7}
DEFAULT_WINDOW = Window.H24

# The alert types drawn on the map.
MAP_ALERT_TYPES = ("migration_surge", "suspicious_vessel", "suspicious_aircraft")
