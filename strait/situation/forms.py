"""The situation picture's forms: a crossing report and a segment's impact level. They check the
shape of what is typed; the actions (and the ops' bodies) decide: a place outside the map, a
negative number of people, a segment not the agency's own are refused there, nothing written."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from strait.situation import codes
from strait.situation.models import Segment


class DateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time picker; its value is always ISO, read in the reader's zone."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def _segment_choices(segments: list[Segment], blank: str | None) -> list[tuple[str, str]]:
    choices = [("", blank)] if blank is not None else []
    return choices + [(s.code, s.name) for s in segments]


class CrossingForm(forms.Form):
    at = forms.DateTimeField(
        label=_("When"), widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M"]
    )
    lat = forms.DecimalField(
        label=_("Latitude"),
        help_text=_("Degrees north, for example 35.8880"),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "dir": "ltr"}),
    )
    lon = forms.DecimalField(
        label=_("Longitude"),
        help_text=_("Degrees east (west is negative), for example -5.3213"),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "dir": "ltr"}),
    )
    # Negative numbers are the action's to refuse (the body's ``people >= 0``), one message.
    people = forms.IntegerField(label=_("Number of people"))
    boat = forms.ChoiceField(label=_("Boat"), choices=codes.Boat.choices)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=codes.Outcome.choices)
    segment = forms.ChoiceField(label=_("Coast segment"), required=False)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)

    def __init__(self, *args: Any, segments: list[Segment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["segment"]
        field.choices = _segment_choices(segments, str(_("None of the segments")))


class LevelForm(forms.Form):
    segment = forms.ChoiceField(label=_("Coast segment"))
    level = forms.ChoiceField(
        label=_("Impact level"), choices=codes.Level.choices, widget=forms.RadioSelect
    )
    measures = forms.CharField(
        label=_("Measures taken"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, segments: list[Segment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["segment"]
        field.choices = _segment_choices(segments, None)
