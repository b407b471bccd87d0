"""One way to write a date or a time for a person (strait/timefmt.py, strait_time filters) and
date inputs that read their own value in every language (strait/widgets.py)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django import forms
from django.template import Context, Template
from django.utils import timezone, translation

from strait import timefmt
from strait.widgets import DateInput

# 15:01 UTC on 9 December 2026 is 16:01 in Casablanca and Madrid (UTC+1), 15:01 in Lisbon.
MOMENT = dt.datetime(2026, 12, 9, 15, 1, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("language", "zone", "expected"),
    [
        ("en", "Africa/Casablanca", "9 Dec 2026, 16:01 (Casablanca)"),
        ("es", "Europe/Madrid", "9 dic 2026, 16:01 (Madrid)"),
        ("fr", "Europe/Lisbon", "9 déc. 2026, 15:01 (Lisbonne)"),
        ("ar", "Africa/Casablanca", "9 دجنبر 2026، 16:01 (الدار البيضاء)"),
        ("en", "UTC", "9 Dec 2026, 15:01 (UTC)"),
    ],
)
def test_a_moment_is_day_month_name_year_24_hour_time_and_zone(
    language: str, zone: str, expected: str
) -> None:
    with translation.override(language), timezone.override(timefmt.zone(zone)):
        assert timefmt.format_datetime(MOMENT) == expected


def test_the_zone_follows_the_clock_not_a_fixed_offset() -> None:
    summer = dt.datetime(2026, 7, 1, 15, 1, tzinfo=dt.UTC)
    with translation.override("en"):
        assert timefmt.format_datetime(summer, tz=timefmt.zone("Europe/Madrid")) == (
            "1 Jul 2026, 17:01 (Madrid)"
        )
        # A naive value is a stored UTC time.
        naive = MOMENT.replace(tzinfo=None)
        assert timefmt.format_datetime(naive, tz=timefmt.zone("UTC")) == "9 Dec 2026, 15:01 (UTC)"


def test_an_unknown_or_empty_zone_name_falls_back_to_utc() -> None:
    assert timefmt.zone("Mars/Olympus") == timefmt.zone("UTC")
    assert timefmt.zone("") == timefmt.zone("UTC")
    assert timefmt.zone_for_country("ma") == "Africa/Casablanca"
    assert timefmt.zone_for_country("XX") == "UTC"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(2027, 5, 31), "31 May 2027"),
        ("1980-03-12", "12 Mar 1980"),
        ("1980-03", "Mar 1980"),
        ("1980", "1980"),
        ("sometime", "sometime"),
        (None, ""),
    ],
)
def test_a_date_alone_is_day_month_name_year_and_partial_dates_keep_what_they_have(
    value: object, expected: str
) -> None:
    with translation.override("en"):
        assert timefmt.format_date(value) == expected  # type: ignore[arg-type]


def test_a_moment_shown_as_a_date_is_the_readers_day() -> None:
    late = dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC)  # already 1 January in Casablanca
    with translation.override("es"), timezone.override(timefmt.zone("Africa/Casablanca")):
        assert timefmt.format_date(late) == "1 ene 2027"


@pytest.mark.parametrize(
    ("left", "expected"),
    [
        (dt.timedelta(hours=7, minutes=40, seconds=30), "in 7 h 40 min"),
        (dt.timedelta(minutes=5), "in 5 min"),
        (dt.timedelta(hours=3), "in 3 h"),
        (dt.timedelta(days=1, hours=5, minutes=10), "in 1 day 5 h"),
        (dt.timedelta(days=6, hours=5), "in 6 days"),
        (dt.timedelta(seconds=20), "due now"),
        (-dt.timedelta(days=2, hours=1), "overdue by 2 days"),
        (-dt.timedelta(minutes=90), "overdue by 1 h 30 min"),
    ],
)
def test_a_deadline_counts_down_and_then_says_how_late(left: dt.timedelta, expected: str) -> None:
    with translation.override("en"):
        assert timefmt.countdown(MOMENT + left, now=MOMENT) == expected


def test_the_filters_write_a_time_element_with_the_exact_moment() -> None:
    template = Template(
        "{% load strait_time %}{{ t|when }} | {{ d|day }} | {{ none|when }}{{ none|day }}"
    )
    with translation.override("fr"), timezone.override(timefmt.zone("Europe/Madrid")):
        html = template.render(Context({"t": MOMENT, "d": dt.date(2027, 5, 31), "none": None}))
    assert html == (
        '<time datetime="2026-12-09T16:01:00+01:00" class="when">'
        "<span>9 déc. 2026,</span> <span>16:01 (Madrid)</span></time>"
        ' | <time datetime="2027-05-31" class="when">31 mai 2027</time> | '
    )


def test_a_date_that_cannot_be_read_is_shown_escaped_as_given() -> None:
    html = Template("{% load strait_time %}{{ v|day }}").render(Context({"v": "<b>31/31/80</b>"}))
    assert html == "&lt;b&gt;31/31/80&lt;/b&gt;"


class _Dated(forms.Form):
    review_date = forms.DateField(widget=DateInput())


@pytest.mark.parametrize("language", ["ar", "en", "es", "fr"])
def test_a_date_input_holds_an_iso_value_in_every_language(language: str) -> None:
    with translation.override(language):
        html = str(_Dated(initial={"review_date": dt.date(2027, 5, 31)})["review_date"])
        assert 'type="date"' in html
        assert 'value="2027-05-31"' in html
        # ... and reads back what the browser sends.
        bound = _Dated({"review_date": "2027-05-31"})
        assert bound.is_valid()
        assert bound.cleaned_data["review_date"] == dt.date(2027, 5, 31)


# Django's own date filters (|date, |time with or without a format) and naturaltime.
OWN_FORMAT = re.compile(r"\|(?:utc\|)?(?:date|time)\b(?::\"[^\"]*\"|:'[^']*')?|naturaltime")


def test_no_template_or_form_writes_a_date_its_own_way() -> None:
    """Templates use the strait_time filters, forms the shared DateInput: a new page cannot
    slip back to Django's per-language formats ("12/09/2026 3:12 p.m.") or a blank date field.
    The one exception: the audit entry's exact UTC stamp, ISO, as the chain holds it."""
    root = Path(__file__).resolve().parent.parent / "strait"
    allowed = {'|utc|date:"Y-m-d H:i:s.u"'}
    found = []
    for path in sorted(root.rglob("templates/**/*.html")):
        text = path.read_text(encoding="utf-8")
        for m in OWN_FORMAT.finditer(text):
            if m.group() not in allowed:
                found.append(f"{path.relative_to(root)}: {m.group()}")
    for path in sorted(root.rglob("*.py")):
        if path.name != "widgets.py" and "forms.DateInput(" in path.read_text(encoding="utf-8"):
            found.append(
                f"{path.relative_to(root)}: forms.DateInput (use strait.widgets.DateInput)"
            )
    assert not found, "\n".join(found)


# A date of birth printed as stored ("1980-03-12") instead of through |day ("12 Mar 1980").
RAW_BIRTH_DATE = re.compile(r"\{\{\s*(?!form\.)[\w.]*birth_dates?\b(?![^}]*\|day)[^}]*\}\}")
# ... or as a loop's variable: {% for d in person.birth_dates %}{{ d }}
LOOP_OVER_BIRTH_DATES = re.compile(r"\{%\s*for (\w+) in [\w.]*birth_dates\s*%\}(.*?)\{%\s*endfor")


def test_no_template_prints_a_date_of_birth_as_stored() -> None:
    """A date of birth is a date like any other: "12 Mar 1980", "Mar 1980", "1980" (partial
    dates keep what they have), never the stored ISO string a Moroccan reader may take for
    day-first. The manifest's rows and an operation's shared persons printed it raw."""
    root = Path(__file__).resolve().parent.parent / "strait"
    found = []
    for path in sorted(root.rglob("templates/**/*.html")):
        text = path.read_text(encoding="utf-8")
        found += [f"{path.relative_to(root)}: {m.group()}" for m in RAW_BIRTH_DATE.finditer(text)]
        for loop in LOOP_OVER_BIRTH_DATES.finditer(text, re.S):
            name, body = loop.groups()
            if re.search(r"\{\{\s*" + name + r"\s*\}\}", body):
                found.append(f"{path.relative_to(root)}: {{{{ {name} }}}} of birth_dates")
    assert not found, "\n".join(found)
