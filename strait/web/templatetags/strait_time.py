"""Dates and times on the pages, in one format (``strait.timefmt``).

``{% load strait_time %}``, then:

- ``{{ m.created_at|when }}``: a ``<time>`` element, "9 Dec 2026, 16:01 (Casablanca)", in the
  reader's zone, with the exact moment (ISO, with its offset) in ``datetime``;
- ``{{ m.review_date|day }}``: a date alone, "9 Dec 2026" (a moment is taken on the reader's day;
  a partial date of birth, "1980-03", keeps what it has);
- ``{{ m.deadline|countdown }}``: "in 7 h 40 min", "overdue by 2 days";
- ``{{ agency.zone_name|zone }}``: a time zone by its city, "Casablanca", "الدار البيضاء".
"""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from strait import timefmt

register = template.Library()


@register.filter(is_safe=True)
def when(value: dt.datetime | None) -> SafeString | str:
    if not isinstance(value, dt.datetime):
        return ""
    moment = timefmt.local(value)
    day, clock = timefmt.datetime_parts(value)
    # Two unbreakable halves: a narrow table cell may put the clock under the day.
    return format_html(
        '<time datetime="{}" class="when"><span>{}</span> <span>{}</span></time>',
        moment.isoformat(timespec="seconds"),
        day,
        clock,
    )


@register.filter(is_safe=True)
def day(value: dt.date | dt.datetime | str | None) -> SafeString | str:
    text = timefmt.format_date(value)
    if not text:
        return ""
    if isinstance(value, dt.datetime):
        iso = timefmt.local(value).date().isoformat()
    elif isinstance(value, dt.date):
        iso = value.isoformat()
    elif text != str(value).strip():
        iso = str(value).strip()
    else:  # not a date we can read: shown as given
        return text
    return format_html('<time datetime="{}" class="when">{}</time>', iso, text)


@register.filter
def countdown(value: dt.datetime | None) -> str:
    if not isinstance(value, dt.datetime):
        return ""
    return timefmt.countdown(value)


@register.filter
def zone(name: str | None) -> str:
    return timefmt.zone_label(name or timefmt.DEFAULT_ZONE)
