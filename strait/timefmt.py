"""How a date or a time is written for a person: one format on every page, e-mail and export.

A moment is written day, month name, year, 24-hour time, in the reader's language and time
zone, with the zone named: "9 Dec 2026, 16:01 (Casablanca)", "9 دجنبر 2026، 16:01 (الدار
البيضاء)". A date alone (a review date, a date of birth) is "9 Dec 2026". Nothing is ever
written month first or as bare digits ("12/09/2026" is 12 September to a Moroccan reader and
9 December to an American one). Digits are Western (0-9) in every language, as in Morocco.

The month names and zone names are tables here, not gettext messages: they are locale data for
the four working languages, and a page must never show an English month in a Spanish sentence
because a translation is missing. The Arabic month names are the ones used in Morocco (the
readers of the Arabic pages are Moroccan officers).

Times are stored in UTC; ``django.utils.timezone`` holds the reader's zone for the request
(``accounts.middleware.UserTimeZoneMiddleware``), and every function here writes in that zone
unless told another one.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from typing import NamedTuple

from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _


class Words(NamedTuple):
    ar: str
    es: str
    fr: str
    en: str


MONTHS: dict[str, tuple[str, ...]] = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "es": ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"),
    "fr": (
        "janv.",
        "févr.",
        "mars",
        "avr.",
        "mai",
        "juin",
        "juil.",
        "août",
        "sept.",
        "oct.",
        "nov.",
        "déc.",
    ),
    # Moroccan usage (Bulletin officiel): ماي، يوليوز، غشت، شتنبر، نونبر، دجنبر.
    "ar": (
        "يناير",
        "فبراير",
        "مارس",
        "أبريل",
        "ماي",
        "يونيو",
        "يوليوز",
        "غشت",
        "شتنبر",
        "أكتوبر",
        "نونبر",
        "دجنبر",
    ),
}

# The zones a user may choose, named by their city in each language. The agencies' countries
# come first; the rest are the partners' other zones (Canaries, Ceuta and Melilla, Azores).
ZONES: dict[str, Words] = {
    "Africa/Casablanca": Words("الدار البيضاء", "Casablanca", "Casablanca", "Casablanca"),
    "Europe/Madrid": Words("مدريد", "Madrid", "Madrid", "Madrid"),
    "Europe/Lisbon": Words("لشبونة", "Lisboa", "Lisbonne", "Lisbon"),
    "Europe/Berlin": Words("برلين", "Berlín", "Berlin", "Berlin"),
    "Atlantic/Canary": Words("جزر الكناري", "Canarias", "Canaries", "Canary Islands"),
    "Africa/Ceuta": Words("سبتة", "Ceuta", "Ceuta", "Ceuta"),
    "Atlantic/Azores": Words("جزر الأزور", "Azores", "Açores", "Azores"),
    "Europe/Paris": Words("باريس", "París", "Paris", "Paris"),
    "UTC": Words("UTC", "UTC", "UTC", "UTC"),
}

# An agency's zone when none is set on it: its country's capital.
ZONE_BY_COUNTRY = {
    "MA": "Africa/Casablanca",
    "ES": "Europe/Madrid",
    "PT": "Europe/Lisbon",
    "DE": "Europe/Berlin",
    "FR": "Europe/Paris",
}

DEFAULT_ZONE = "UTC"


def zone_for_country(code: str) -> str:
    return ZONE_BY_COUNTRY.get(code.upper(), DEFAULT_ZONE)


def is_known_zone(name: str) -> bool:
    return name in ZONES


def zone(name: str) -> zoneinfo.ZoneInfo:
    """The zone of that name; UTC for an empty or unknown name (a stale setting never breaks
    a page)."""
    try:
        return zoneinfo.ZoneInfo(name or DEFAULT_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(DEFAULT_ZONE)


def _language(language: str | None = None) -> str:
    code = (language or get_language() or "en")[:2]
    return code if code in MONTHS else "en"


def zone_label(tz: dt.tzinfo | str | None = None, *, language: str | None = None) -> str:
    """The zone's city in the reader's language: "Casablanca", "الدار البيضاء"."""
    name = tz if isinstance(tz, str) else str(tz or timezone.get_current_timezone())
    words = ZONES.get(name)
    if words is None:
        return name.rpartition("/")[2].replace("_", " ")
    return str(getattr(words, _language(language)))


def zone_choices(*, language: str | None = None) -> list[tuple[str, str]]:
    return [(name, zone_label(name, language=language)) for name in ZONES]


def _day_month_year(day: int, month: int, year: int, language: str) -> str:
    return f"{day} {MONTHS[language][month - 1]} {year}"


def format_date(value: dt.date | dt.datetime | str | None, *, language: str | None = None) -> str:
    """A date alone: "9 Dec 2026". A moment is taken on the reader's day. A partial date
    written ISO-fashion ("1980", "1980-03", as dates of birth may be) keeps what it has:
    "1980", "Mar 1980". Anything else is returned as it was given."""
    if value is None or value == "":
        return ""
    lang = _language(language)
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, dt.date):
        return _day_month_year(value.day, value.month, value.year, lang)
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", str(value).strip())
    if match is None:
        return str(value)
    year, month, day = match.groups()
    if not month or not 1 <= int(month) <= 12:
        return year
    if not day:
        return f"{MONTHS[lang][int(month) - 1]} {year}"
    return _day_month_year(int(day), int(month), int(year), lang)


def local(value: dt.datetime, tz: dt.tzinfo | None = None) -> dt.datetime:
    """The moment on the reader's clock (a naive value is taken as UTC, as stored)."""
    if timezone.is_naive(value):
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(tz or timezone.get_current_timezone())


def datetime_parts(
    value: dt.datetime, *, tz: dt.tzinfo | None = None, language: str | None = None
) -> tuple[str, str]:
    """The day and the clock of a moment: ("9 Dec 2026,", "16:01 (Casablanca)"). A page may
    break a line between the two, never inside either."""
    lang = _language(language)
    moment = local(value, tz)
    comma = "،" if lang == "ar" else ","
    day = _day_month_year(moment.day, moment.month, moment.year, lang)
    where = zone_label(getattr(moment.tzinfo, "key", None) or str(moment.tzinfo), language=lang)
    return f"{day}{comma}", f"{moment:%H:%M} ({where})"


def format_datetime(
    value: dt.datetime | None, *, tz: dt.tzinfo | None = None, language: str | None = None
) -> str:
    """A moment: "9 Dec 2026, 16:01 (Casablanca)", in ``tz`` (the request's zone by default)."""
    if value is None:
        return ""
    return " ".join(datetime_parts(value, tz=tz, language=language))


def duration(delta: dt.timedelta) -> str:
    """A length of time as a person says it, to the minute under two days: "7 h 40 min",
    "1 day 5 h", "3 days"."""
    minutes = int(abs(delta).total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts: list[str] = []
    if days:
        parts.append(ngettext("%(n)d day", "%(n)d days", days) % {"n": days})
    if days < 2 and hours:
        parts.append(ngettext("%(n)d h", "%(n)d h", hours) % {"n": hours})
    if not days and (mins or not hours):
        parts.append(ngettext("%(n)d min", "%(n)d min", mins) % {"n": mins})
    return " ".join(parts)


def countdown(deadline: dt.datetime, *, now: dt.datetime | None = None) -> str:
    """How long until a deadline, or how long past it: "in 7 h 40 min", "overdue by 2 days"."""
    left = deadline - (now or timezone.now())
    if abs(left) < dt.timedelta(minutes=1):
        return _("due now")
    if left > dt.timedelta(0):
        return _("in %(duration)s") % {"duration": duration(left)}
    return _("overdue by %(duration)s") % {"duration": duration(left)}
