"""Totals of the operations' outcomes, over the operations the user may see.

Each participant records its own outcomes (``Outcome``: arrests, seizures, cells dismantled,
victims identified, migrants rescued); this module adds them up by period, crime area, country
and operation, in SQL (one grouped query per table), and answers the seeds' kind of question
in one sentence: "Since 1 Aug 2014, 32 people were arrested on charges of terrorism in joint
operations, in 3 operations." Only operations from ``queries.operations_visible_to`` count, so
nobody totals what they may not read.

An outcome's crime area is its own crime category when it has one (an arrest on terrorism
charges in a drugs operation counts as terrorism), else its operation's crime area.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, NullIf, TruncMonth, TruncYear
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from strait import timefmt
from strait.accounts.models import User
from strait.agencies.models import Country
from strait.operations import codes, queries
from strait.operations.models import Outcome


class Period:
    YEAR = "year"
    MONTH = "month"


@dataclass(frozen=True)
class Filters:
    kind: str = codes.OutcomeKind.ARREST
    since: dt.date | None = None
    crime_area: str = ""  # empty: every crime area
    period: str = Period.YEAR


@dataclass(frozen=True)
class Row:
    """One line of a table. ``number`` is what the outcome kind counts (people arrested, cells
    dismantled, victims, migrants; for seizures, how many seizures were recorded)."""

    key: str
    label: str
    number: int = 0
    kilograms: Decimal = Decimal(0)
    amount_eur: Decimal = Decimal(0)
    quantity: int = 0
    operations: int = 0


@dataclass(frozen=True)
class Figures:
    filters: Filters
    total: Row
    by_period: list[Row] = field(default_factory=list)
    by_area: list[Row] = field(default_factory=list)
    by_country: list[Row] = field(default_factory=list)
    by_operation: list[Row] = field(default_factory=list)

    @property
    def seizures(self) -> bool:
        return self.filters.kind == codes.OutcomeKind.SEIZURE

    def tables(self) -> list[tuple[str, str, list[Row]]]:
        """(name, title, rows) of each table, in the page's order."""
        return [
            ("period", _("By period"), self.by_period),
            ("crime_area", _("By crime area"), self.by_area),
            ("country", _("By country"), self.by_country),
            ("operation", _("By operation"), self.by_operation),
        ]


def outcomes_visible_to(user: User) -> QuerySet[Outcome]:
    """Every outcome of every operation the user may see."""
    return Outcome.objects.filter(operation__in=queries.operations_visible_to(user).values("pk"))


def _selected(user: User, filters: Filters) -> QuerySet[Outcome]:
    rows = outcomes_visible_to(user).filter(kind=filters.kind)
    rows = rows.annotate(
        area=Coalesce(NullIf(F("crime_category"), Value("")), F("operation__crime_area"))
    )
    if filters.since is not None:
        rows = rows.filter(on__gte=filters.since)
    if filters.crime_area:
        rows = rows.filter(area=filters.crime_area)
    return rows


def _measures(seizures: bool) -> dict[str, Any]:
    return {
        "number": Count("id") if seizures else Coalesce(Sum("count"), 0),
        "kilograms": Coalesce(Sum("kilograms"), Decimal(0)),
        "amount_eur": Coalesce(Sum("amount_eur"), Decimal(0)),
        "quantity": Coalesce(Sum("quantity"), 0),
        "operations": Count("operation", distinct=True),
    }


def _row(key: str, label: str, values: dict[str, Any]) -> Row:
    return Row(
        key=key,
        label=label,
        number=int(values["number"] or 0),
        kilograms=Decimal(values["kilograms"] or 0),
        amount_eur=Decimal(values["amount_eur"] or 0),
        quantity=int(values["quantity"] or 0),
        operations=int(values["operations"] or 0),
    )


def _grouped(rows: Any, measures: dict[str, Any], *fields: str) -> list[dict[str, Any]]:
    """One row per value of ``fields``, largest first (the queryset is typed loosely: the
    annotations are built at run time)."""
    return list(rows.values(*fields).annotate(**measures).order_by("-number", *fields))


def figures(user: User, filters: Filters) -> Figures:
    rows: Any = _selected(user, filters)
    measures = _measures(filters.kind == codes.OutcomeKind.SEIZURE)
    total = _row("", _("Total"), rows.aggregate(**measures))

    truncate = TruncMonth("on") if filters.period == Period.MONTH else TruncYear("on")
    width = 7 if filters.period == Period.MONTH else 4
    by_period = []
    for values in (
        rows.annotate(start=truncate).values("start").annotate(**measures).order_by("start")
    ):
        key = values["start"].isoformat()[:width]
        by_period.append(_row(key, timefmt.format_date(key), values))

    areas = dict(codes.CrimeArea.choices)
    by_area = [
        _row(v["area"], str(areas.get(v["area"], v["area"])), v)
        for v in _grouped(rows, measures, "area")
    ]

    countries = _grouped(rows, measures, "country")
    names = {
        c.code: c.name for c in Country.objects.filter(code__in=[v["country"] for v in countries])
    }
    by_country = [_row(v["country"], names.get(v["country"], v["country"]), v) for v in countries]

    by_operation = [
        _row(str(v["operation__obj__uid"]), v["operation__code_name"], v)
        for v in _grouped(rows, measures, "operation__code_name", "operation__obj__uid")
    ]
    return Figures(filters, total, by_period, by_area, by_country, by_operation)


def _number(value: int | Decimal, decimals: int = 0) -> str:
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def answer(found: Figures) -> str:
    """The figures in one sentence, as the seeds ask: how many, and in how many operations."""
    filters = found.filters
    total = found.total
    areas = dict(codes.CrimeArea.choices)
    values = {
        "since": timefmt.format_date(filters.since)
        if filters.since
        else _("the first recorded outcome"),
        "number": _number(total.number),
        "area": str(areas.get(filters.crime_area, filters.crime_area)).lower(),
        "operations": ngettext("%(count)s operation", "%(count)s operations", total.operations)
        % {"count": _number(total.operations)},
        "kilograms": _number(total.kilograms, 1),
        "amount": _number(total.amount_eur, 0),
        "quantity": _number(total.quantity),
    }
    n = total.number
    kind = filters.kind
    if filters.crime_area:
        if kind == codes.OutcomeKind.ARREST:
            text = ngettext(
                "Since %(since)s, %(number)s person was arrested on charges of %(area)s in "
                "joint operations, in %(operations)s.",
                "Since %(since)s, %(number)s people were arrested on charges of %(area)s in "
                "joint operations, in %(operations)s.",
                n,
            )
        elif kind == codes.OutcomeKind.SEIZURE:
            text = ngettext(
                "Since %(since)s, %(number)s seizure was made in joint operations against "
                "%(area)s, in %(operations)s: %(kilograms)s kg of drugs, %(amount)s EUR in "
                "cash, %(quantity)s weapons, vehicles, vessels or aircraft.",
                "Since %(since)s, %(number)s seizures were made in joint operations against "
                "%(area)s, in %(operations)s: %(kilograms)s kg of drugs, %(amount)s EUR in "
                "cash, %(quantity)s weapons, vehicles, vessels or aircraft.",
                n,
            )
        elif kind == codes.OutcomeKind.CELL_DISMANTLED:
            text = ngettext(
                "Since %(since)s, %(number)s cell or network was dismantled in joint "
                "operations against %(area)s, in %(operations)s.",
                "Since %(since)s, %(number)s cells or networks were dismantled in joint "
                "operations against %(area)s, in %(operations)s.",
                n,
            )
        elif kind == codes.OutcomeKind.VICTIM_IDENTIFIED:
            text = ngettext(
                "Since %(since)s, %(number)s victim was identified in joint operations against "
                "%(area)s, in %(operations)s.",
                "Since %(since)s, %(number)s victims were identified in joint operations "
                "against %(area)s, in %(operations)s.",
                n,
            )
        else:
            text = ngettext(
                "Since %(since)s, %(number)s migrant was rescued in joint operations against "
                "%(area)s, in %(operations)s.",
                "Since %(since)s, %(number)s migrants were rescued in joint operations against "
                "%(area)s, in %(operations)s.",
                n,
            )
    elif kind == codes.OutcomeKind.ARREST:
        text = ngettext(
            "Since %(since)s, %(number)s person was arrested in joint operations, in "
            "%(operations)s.",
            "Since %(since)s, %(number)s people were arrested in joint operations, in "
            "%(operations)s.",
            n,
        )
    elif kind == codes.OutcomeKind.SEIZURE:
        text = ngettext(
            "Since %(since)s, %(number)s seizure was made in joint operations, in "
            "%(operations)s: %(kilograms)s kg of drugs, %(amount)s EUR in cash, %(quantity)s "
            "weapons, vehicles, vessels or aircraft.",
            "Since %(since)s, %(number)s seizures were made in joint operations, in "
            "%(operations)s: %(kilograms)s kg of drugs, %(amount)s EUR in cash, %(quantity)s "
            "weapons, vehicles, vessels or aircraft.",
            n,
        )
    elif kind == codes.OutcomeKind.CELL_DISMANTLED:
        text = ngettext(
            "Since %(since)s, %(number)s cell or network was dismantled in joint operations, "
            "in %(operations)s.",
            "Since %(since)s, %(number)s cells or networks were dismantled in joint "
            "operations, in %(operations)s.",
            n,
        )
    elif kind == codes.OutcomeKind.VICTIM_IDENTIFIED:
        text = ngettext(
            "Since %(since)s, %(number)s victim was identified in joint operations, in "
            "%(operations)s.",
            "Since %(since)s, %(number)s victims were identified in joint operations, in "
            "%(operations)s.",
            n,
        )
    else:
        text = ngettext(
            "Since %(since)s, %(number)s migrant was rescued in joint operations, in "
            "%(operations)s.",
            "Since %(since)s, %(number)s migrants were rescued in joint operations, in "
            "%(operations)s.",
            n,
        )
    return text % values


def chart_data(found: Figures) -> dict[str, Any]:
    """What ``operations/statistics.js`` draws: one bar chart per table (numbers only; the
    labels are names the page already shows)."""
    return {
        "label": _("Number"),
        "charts": [
            {
                "name": name,
                "title": title,
                "labels": [row.label for row in rows],
                "values": [row.number for row in rows],
            }
            for name, title, rows in found.tables()
        ],
    }


# A cell a spreadsheet would read as a formula (=, +, -, @, or a tab or carriage return before
# one) is written with a leading apostrophe: an operation's code name is a participant's text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_text(found: Figures) -> str:
    """The figures of every table as CSV: one row per line of a table, the total last."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "table",
            "key",
            "label",
            "number",
            "kilograms",
            "amount_eur",
            "quantity",
            "operations",
            "outcome",
            "since",
            "crime_area",
        ]
    )
    filters = found.filters
    tail = [filters.kind, filters.since.isoformat() if filters.since else "", filters.crime_area]
    every = [*((name, row) for name, _title, rows in found.tables() for row in rows)]
    every.append(("total", found.total))
    for name, row in every:
        writer.writerow(
            [
                _cell(v)
                for v in (
                    name,
                    row.key,
                    row.label,
                    row.number,
                    row.kilograms,
                    row.amount_eur,
                    row.quantity,
                    row.operations,
                    *tail,
                )
            ]
        )
    return out.getvalue()
