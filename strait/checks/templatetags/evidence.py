"""The matcher's evidence in the reader's language.

``strait.matching`` explains a score with a fixed English vocabulary ("same skeleton",
"day-month swapped"); the checks pages show it translated. Names stay as written.
"""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

register = template.Library()

# strait/matching/names.py: how two name parts paired.
_HOW = {
    "same spelling": _("same spelling"),
    "same key": _("same spelling once accents and transcription are folded"),
    "same skeleton": _("same consonants"),
    "close skeleton": _("close consonants"),
    "close spelling": _("close spelling"),
}

# strait/matching/dates.py: how two dates of birth relate.
_RELATION = {
    "exact": _("same date"),
    "day-month swapped": _("day and month swapped"),
    "same month": _("same month and year"),
    "same year": _("same year"),
    "year off by one": _("year off by one"),
    "same year, other day": _("same year, another day"),
    "conflict": _("different dates"),
}

# strait/matching/scoring.py: the named features.
_FEATURE = {
    "name": pgettext_lazy("matching feature", "name"),
    "dob": pgettext_lazy("matching feature", "date of birth"),
    "identifier": pgettext_lazy("matching feature", "identifier"),
}


@register.filter
def how_label(value: str) -> str:
    return str(_HOW.get(value, value))


@register.filter
def relation_label(value: str) -> str:
    return str(_RELATION.get(value, value))


@register.filter
def feature_label(value: str) -> str:
    return str(_FEATURE.get(value, value))
