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


class DateInput(forms.DateInput):
    """The browser's date picker; its value is always ISO."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def _day(label: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=DateInput(), input_formats=["%Y-%m-%d"])


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
    """A form with texts in four languages: ``texts(prefix)`` gives the dict the action takes.

    ``places`` names, for a refusal's field that the form spells otherwise (the op's ``names``
    is the form's ``name_ar`` … ``name_en``), the field the problem is shown on."""

    places: dict[str, str] = {}

    def texts(self, prefix: str) -> dict[str, str]:
        return {lang: self.cleaned_data.get(f"{prefix}_{lang}", "") for lang in codes.LANGUAGES}


class EntryForm(TextsForm):
    places = {"titles": "title_ar", "texts": "text_ar"}

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
    places = {"summary": "summary_ar", "went_well": "went_well_ar", "to_improve": "to_improve_ar"}

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
    places = {"names": "name_ar"}

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


def _names_fields(label: Any) -> dict[str, forms.CharField]:
    languages = {"ar": _("Arabic"), "es": _("Spanish"), "fr": _("French"), "en": _("English")}
    fields = {}
    for lang, name in languages.items():
        attrs: dict[str, Any] = {"lang": lang}
        if lang == "ar":
            attrs["dir"] = "rtl"
        fields[f"name_{lang}"] = forms.CharField(
            label=f"{label} ({name})",
            max_length=200,
            required=False,
            widget=forms.TextInput(attrs=attrs),
        )
    return fields


class EventForm(TextsForm):
    """A new event: its code, its name in four languages (one at least), its days, its host
    countries and the agencies taking part (the user's own leads it)."""

    places = {"names": "name_ar"}

    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        help_text=_("Small letters, digits and dashes, for example wc2030."),
        widget=forms.TextInput(attrs={"dir": "ltr"}),
    )
    starts = _day(_("First day"))
    ends = _day(_("Last day"))
    hosts = forms.MultipleChoiceField(
        label=_("Host countries"),
        choices=[(c, codes.COUNTRY_NAMES[c]) for c in codes.HOSTS],
        widget=forms.CheckboxSelectMultiple,
    )
    participants = forms.MultipleChoiceField(
        label=_("Agencies taking part"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Your agency leads the event; these take part in it."),
    )

    def __init__(self, *args: Any, agencies: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = _names_fields(_("Name"))
        self.fields = {"code": self.fields.pop("code"), **names, **self.fields}
        field: Any = self.fields["participants"]
        field.choices = agencies

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts"), data.get("ends")
        if starts and ends and ends < starts:
            self.add_error("ends", _("The last day comes before the first."))
        return data

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "code": data["code"],
            "names": self.texts("name"),
            "hosts": [c for c in codes.HOSTS if c in data["hosts"]],
            "starts": data["starts"],
            "ends": data["ends"],
        }


class FixtureForm(forms.Form):
    home_team = forms.CharField(label=_("Home team"), max_length=100)
    away_team = forms.CharField(label=_("Away team"), max_length=100)
    venue = forms.ChoiceField(label=_("Venue"))
    kick_off = _when(_("Kick-off"))
    risk = forms.ChoiceField(label=_("Risk level"), choices=codes.Risk.choices)
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, venues: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["venue"]
        field.choices = venues


class LiaisonForm(forms.Form):
    name = forms.CharField(label=_("Liaison officer"), max_length=200)
    seat = forms.CharField(
        label=_("Seat"),
        max_length=100,
        required=False,
        help_text=_("Where in the centre, for example desk 4 or the Portuguese desk."),
    )
    starts = _day(_("From"))
    ends = _day(_("Until"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts"), data.get("ends")
        if starts and ends and ends < starts:
            self.add_error("ends", _("The last day comes before the first."))
        return data


class KnowledgeBaseForm(forms.Form):
    """The federation's one knowledge base: its title and the agencies it is shared with."""

    title = forms.CharField(label=_("Title"), max_length=200)
    participants = forms.MultipleChoiceField(
        label=_("Agencies it is shared with"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Your agency keeps it; these read it and add their own entries."),
    )

    def __init__(self, *args: Any, agencies: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["participants"]
        field.choices = agencies
