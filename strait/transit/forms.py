"""The transit operation's forms: one port's day (both directions at once), a CSV file. They
check the shape of what is typed; the actions (and the ops' bodies) decide: a negative count, a
day outside the operation, a port of the other side are refused there, nothing written."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from strait.transit import codes
from strait.widgets import DateInput


class FiguresForm(forms.Form):
    port = forms.ChoiceField(label=_("Port"))
    day = forms.DateField(label=_("Day"), widget=DateInput())
    direction = forms.ChoiceField(label=_("Direction"), choices=codes.Direction.choices)
    # Negative numbers are the action's to refuse (the body's ``>= 0``), one message each.
    passengers = forms.IntegerField(label=codes.COUNT_LABELS["passengers"])
    vehicles = forms.IntegerField(label=codes.COUNT_LABELS["vehicles"])
    rotations = forms.IntegerField(label=codes.COUNT_LABELS["rotations"])
    wait_avg = forms.IntegerField(label=codes.COUNT_LABELS["wait_avg"])
    wait_max = forms.IntegerField(label=codes.COUNT_LABELS["wait_max"])
    incidents = forms.IntegerField(label=codes.COUNT_LABELS["incidents"], initial=0)

    def __init__(self, *args: Any, country: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["port"]
        field.choices = codes.port_choices(country)


class CsvForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: port, day, direction, passengers, vehicles, rotations, wait_avg, "
            "wait_max, incidents (headers in English, Spanish or French)."
        ),
    )
