"""The events' forms: they check the shape of what is typed; the actions (and the ops' bodies)
decide: a venue outside the host countries, a time in the future, a match of another event are
refused there, nothing written."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from strait.events import codes


class DateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time picker; its value is always ISO, read in the reader's zone."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def _when(label: Any, required: bool = True) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M"], required=required
    )


class LogForm(forms.Form):
    at = _when(_("When"))
    source = forms.ChoiceField(label=_("Source"), choices=codes.Source.choices)
    information = forms.CharField(
        label=_("Information"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    assessment = forms.CharField(
        label=_("Assessment"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    passed_to = forms.MultipleChoiceField(
        label=_("Passed to"), required=False, widget=forms.CheckboxSelectMultiple
    )
    passed_at = _when(_("Passed at"), required=False)
    fixture = forms.ChoiceField(label=_("Match"), required=False)

    def __init__(
        self,
        *args: Any,
        agencies: list[tuple[str, str]],
        fixtures: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        passed: Any = self.fields["passed_to"]
        passed.choices = agencies
        fixture: Any = self.fields["fixture"]
        fixture.choices = [("", _("None")), *fixtures]


class AssessForm(forms.Form):
    risk = forms.ChoiceField(label=_("Risk level"), choices=codes.Risk.choices)
    text = forms.CharField(
        label=_("Assessment"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class RiskForm(forms.Form):
    risk = forms.ChoiceField(label=_("Risk level"), choices=codes.Risk.choices)
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class LinkAlertForm(forms.Form):
    alert = forms.CharField(
        label=_("Alert reference"),
        max_length=64,
        help_text=_("The alert's reference, as on its page."),
        widget=forms.TextInput(attrs={"dir": "ltr"}),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class LinkEntryForm(forms.Form):
    entry = forms.ChoiceField(label=_("Knowledge-base entry"))

    def __init__(self, *args: Any, entries: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["entry"]
        field.choices = entries


def _texts_fields(prefix: str, label: Any, required_en: bool, rows: int) -> dict[str, Any]:
    languages = {"ar": _("Arabic"), "es": _("Spanish"), "fr": _("French"), "en": _("English")}
    fields = {}
    for lang, name in languages.items():
        attrs: dict[str, Any] = {"rows": rows, "lang": lang}
        if lang == "ar":
            attrs["dir"] = "rtl"
        fields[f"{prefix}_{lang}"] = forms.CharField(
            label=f"{label} ({name})",
            max_length=4000,
            required=False,
            widget=forms.Textarea(attrs=attrs) if rows > 1 else forms.TextInput(attrs=attrs),
        )
    return fields


class TextsForm(forms.Form):
    """A form with texts in four languages: ``texts(prefix)`` gives the dict the action takes."""

    def texts(self, prefix: str) -> dict[str, str]:
        return {lang: self.cleaned_data.get(f"{prefix}_{lang}", "") for lang in codes.LANGUAGES}


class EntryForm(TextsForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=codes.EntryKind.choices)
    topics = forms.MultipleChoiceField(
        label=_("Topics"), choices=codes.Topic.choices, widget=forms.CheckboxSelectMultiple
    )
    event = forms.ChoiceField(label=_("From the event"), required=False)

    def __init__(self, *args: Any, events: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(_texts_fields("title", _("Title"), True, 1))
        self.fields.update(_texts_fields("text", _("Text"), True, 4))
        field: Any = self.fields["event"]
        field.choices = [("", _("None")), *events]


class AfterActionForm(TextsForm):
    spectators = forms.IntegerField(label=_("Spectators"), required=False)
    arrests = forms.IntegerField(label=_("Arrests"), required=False)
    incidents = forms.IntegerField(label=_("Incidents"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(_texts_fields("summary", _("Summary"), True, 4))
        self.fields.update(_texts_fields("went_well", _("What went well"), False, 3))
        self.fields.update(_texts_fields("to_improve", _("What to improve"), False, 3))

    def values(self) -> dict[str, Any]:
        return {
            "summary": self.texts("summary"),
            "went_well": self.texts("went_well") if any(self.texts("went_well").values()) else None,
            "to_improve": (
                self.texts("to_improve") if any(self.texts("to_improve").values()) else None
            ),
            "spectators": self.cleaned_data.get("spectators"),
            "arrests": self.cleaned_data.get("arrests"),
            "incidents": self.cleaned_data.get("incidents"),
        }


class VenueForm(forms.Form):
    code = forms.SlugField(
        label=_("Code"), max_length=40, widget=forms.TextInput(attrs={"dir": "ltr"})
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=codes.VenueKind.choices)
    city = forms.CharField(label=_("City"), max_length=100)
    country = forms.ChoiceField(label=_("Country"))
    lat = forms.DecimalField(
        label=_("Latitude"),
        help_text=_("Degrees north, for example 38.7527"),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "dir": "ltr"}),
    )
    lon = forms.DecimalField(
        label=_("Longitude"),
        help_text=_("Degrees east (west is negative), for example -9.1847"),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "dir": "ltr"}),
    )
    capacity = forms.IntegerField(label=_("Capacity"), required=False, min_value=0)

    def __init__(self, *args: Any, hosts: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["country"]
        field.choices = hosts
        languages = {"ar": _("Arabic"), "es": _("Spanish"), "fr": _("French"), "en": _("English")}
        for lang, name in languages.items():
            attrs: dict[str, Any] = {"lang": lang}
            if lang == "ar":
                attrs["dir"] = "rtl"
            self.fields[f"name_{lang}"] = forms.CharField(
                label=f"{_('Name')} ({name})",
                max_length=200,
                required=False,
                widget=forms.TextInput(attrs=attrs),
            )

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["names"] = {lang: data.pop(f"name_{lang}", "") for lang in codes.LANGUAGES}
        return data
