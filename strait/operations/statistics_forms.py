"""The statistics page's filters (a GET form: every field may stay empty)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from strait.operations import codes
from strait.operations.statistics import Filters, Period
from strait.widgets import DateInput


class StatisticsForm(forms.Form):
    kind = forms.ChoiceField(label=_("Outcome"), choices=codes.OutcomeKind.choices, required=False)
    since = forms.DateField(
        label=pgettext_lazy("start of a period", "From"), required=False, widget=DateInput()
    )
    crime_area = forms.ChoiceField(
        label=_("Crime area"),
        choices=[("", _("Every crime area")), *codes.CrimeArea.choices],
        required=False,
    )
    period = forms.ChoiceField(
        label=_("Totals by"),
        choices=[(Period.YEAR, _("Year")), (Period.MONTH, _("Month"))],
        required=False,
    )

    def filters(self) -> Filters:
        """The chosen filters; the defaults (arrests, by year, since the first) for the rest."""
        data = self.cleaned_data
        return Filters(
            kind=data.get("kind") or codes.OutcomeKind.ARREST,
            since=data.get("since"),
            crime_area=data.get("crime_area") or "",
            period=data.get("period") or Period.YEAR,
        )
