"""Forms of the alert pages. They check shape and gather the draft's data under the contract's
names (``actions.save_draft`` takes them); the actions decide, and say clearly what is wrong."""

from __future__ import annotations

import copy
import datetime as dt
import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from strait.agencies.models import Agency
from strait.alerts import codes
from strait.markings import HandlingCode

_TEXT = {"dir": "auto"}
T = codes.AlertType


class DateTimeInput(forms.DateTimeInput):
    """A browser date-and-time picker: ``<input type=datetime-local>`` reads only ISO values
    (2026-12-03T09:30), whatever the language's own format."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


# The type's own fields (the draft's ``details``), and the types that show each. A field is
# shown for its types only (alerts/draft.js hides the others; without scripts every field shows
# with the types it belongs to), and only a shown field's value is sent.
DETAIL_TYPES: dict[str, tuple[str, ...]] = {
    "warrant_ref": (T.WANTED,),
    "missing_kind": (T.MISSING,),
    "object_kind": (T.STOLEN_OBJECT,),
    "identifier": (T.STOLEN_OBJECT,),
    "mmsi": (T.SUSPICIOUS_VESSEL,),
    "imo": (T.SUSPICIOUS_VESSEL,),
    "registration": (T.SUSPICIOUS_AIRCRAFT,),
    "description": (T.STOLEN_OBJECT, T.SUSPICIOUS_VESSEL, T.SUSPICIOUS_AIRCRAFT),
    "flight_path": (T.SUSPICIOUS_AIRCRAFT,),
    "event": (T.EVENT_THREAT,),
    "place": (T.MIGRATION_SURGE, T.EVENT_THREAT),
    "estimated_people": (T.MIGRATION_SURGE,),
    "boats": (T.MIGRATION_SURGE,),
    "direction": (T.MIGRATION_SURGE,),
    "lat": (T.MIGRATION_SURGE, T.SUSPICIOUS_VESSEL, T.SUSPICIOUS_AIRCRAFT),
    "lon": (T.MIGRATION_SURGE, T.SUSPICIOUS_VESSEL, T.SUSPICIOUS_AIRCRAFT),
}
# Fields of the alert itself that only some types carry.
OWN_TYPES: dict[str, tuple[str, ...]] = {"officer_safety": (T.DANGEROUS,)}

# How a type's details are labelled on the alert page, in this order.
DETAIL_LABELS: dict[str, Any] = {
    "warrant_ref": _("Warrant reference"),
    "missing_kind": _("Adult or minor"),
    "object_kind": _("Object"),
    "identifier": _("Number or identifier"),
    "mmsi": _("MMSI"),
    "imo": _("IMO number"),
    "registration": _("Registration"),
    "description": _("Description"),
    "flight_path": _("Flight path"),
    "event": _("Event"),
    "place": _("Place"),
    "estimated_people": _("Estimated number of people"),
    "boats": _("Boats"),
    "direction": _("Direction"),
    "lat": _("Latitude"),
    "lon": _("Longitude"),
}
CHOICE_DETAILS: dict[str, Any] = {
    "missing_kind": codes.MissingKind,
    "object_kind": codes.ObjectKind,
}


def detail_rows(details: dict[str, Any]) -> list[tuple[Any, Any]]:
    """(label, value) of an alert's details, in the form's order, choices by their label."""
    rows = []
    for name, label in DETAIL_LABELS.items():
        value = details.get(name)
        if value in (None, ""):
            continue
        choices = CHOICE_DETAILS.get(name)
        if choices is not None and value in choices.values:
            value = choices(value).label
        rows.append((label, value))
    return rows


def _codes(text: str) -> list[str]:
    return [c for c in re.split(r"[\s,;]+", text.strip()) if c]


class DraftForm(forms.Form):
    type = forms.ChoiceField(
        label=_("Type"),
        choices=codes.AlertType.choices,
        widget=forms.Select({"data-alert-type": ""}),
    )
    title = forms.CharField(label=_("Title"), max_length=200, widget=forms.TextInput(_TEXT))
    officer_safety = forms.CharField(
        label=_("Officer safety"),
        required=False,
        max_length=1000,
        widget=forms.Textarea({"rows": 2, "dir": "auto"}),
        help_text=_("Shown first, on its own line: armed, violent, what to watch for."),
    )
    grounds = forms.CharField(
        label=_("Grounds"),
        required=False,
        max_length=4000,
        widget=forms.Textarea({"rows": 4, "dir": "auto"}),
        help_text=_(
            "Why the alert is issued. Officers on the frontline never see it for a discreet check."
        ),
    )
    warrant_ref = forms.CharField(
        label=DETAIL_LABELS["warrant_ref"],
        required=False,
        max_length=100,
        widget=forms.TextInput(_TEXT),
    )
    missing_kind = forms.ChoiceField(
        label=DETAIL_LABELS["missing_kind"],
        required=False,
        choices=[("", "—"), *codes.MissingKind.choices],
    )
    object_kind = forms.ChoiceField(
        label=DETAIL_LABELS["object_kind"],
        required=False,
        choices=[("", "—"), *codes.ObjectKind.choices],
    )
    identifier = forms.CharField(
        label=DETAIL_LABELS["identifier"],
        required=False,
        max_length=100,
        widget=forms.TextInput(_TEXT),
        help_text=_("Plate, document number, hull or serial number."),
    )
    mmsi = forms.CharField(label=DETAIL_LABELS["mmsi"], required=False, max_length=9)
    imo = forms.CharField(label=DETAIL_LABELS["imo"], required=False, max_length=10)
    registration = forms.CharField(
        label=DETAIL_LABELS["registration"], required=False, max_length=20
    )
    description = forms.CharField(
        label=DETAIL_LABELS["description"],
        required=False,
        max_length=1000,
        widget=forms.Textarea({"rows": 2, "dir": "auto"}),
    )
    flight_path = forms.CharField(
        label=DETAIL_LABELS["flight_path"],
        required=False,
        max_length=500,
        widget=forms.TextInput(_TEXT),
    )
    event = forms.CharField(
        label=DETAIL_LABELS["event"], required=False, max_length=200, widget=forms.TextInput(_TEXT)
    )
    place = forms.CharField(
        label=DETAIL_LABELS["place"], required=False, max_length=200, widget=forms.TextInput(_TEXT)
    )
    estimated_people = forms.IntegerField(
        label=DETAIL_LABELS["estimated_people"], required=False, min_value=0, max_value=100_000
    )
    boats = forms.IntegerField(
        label=DETAIL_LABELS["boats"], required=False, min_value=0, max_value=10_000
    )
    direction = forms.CharField(
        label=DETAIL_LABELS["direction"],
        required=False,
        max_length=100,
        widget=forms.TextInput(_TEXT),
    )
    lat = forms.FloatField(label=DETAIL_LABELS["lat"], required=False, min_value=-90, max_value=90)
    lon = forms.FloatField(
        label=DETAIL_LABELS["lon"], required=False, min_value=-180, max_value=180
    )
    handling = forms.ChoiceField(
        label=_("Handling code"), choices=HandlingCode.choices, initial=HandlingCode.H1
    )
    area_kind = forms.ChoiceField(
        label=_("Area"), choices=codes.AreaKind.choices, initial=codes.AreaKind.TERRITORY
    )
    area_codes = forms.CharField(
        label=_("Ports or coast segments"),
        required=False,
        max_length=500,
        help_text=_("Their codes, separated by commas; none for the whole territory."),
    )
    valid_from = forms.DateTimeField(label=_("Valid from"), widget=DateTimeInput())
    valid_until = forms.DateTimeField(label=_("Valid until"), widget=DateTimeInput())
    # Agencies by their code, on any node.
    addressees = forms.MultipleChoiceField(
        label=_("Addressed agencies"),
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Agencies on any node that share a channel with yours."),
    )
    entity_ref = forms.CharField(
        label=_("Record the alert is about"),
        required=False,
        max_length=64,
        # The page's datalist offers the agency's newest records by name.
        widget=forms.TextInput({"list": "alert-records", "dir": "ltr", "autocomplete": "off"}),
        help_text=_(
            "Choose one of your agency's records, or type its identifier (from its page): "
            "a person, or the vehicle, document, vessel or aircraft."
        ),
    )

    def __init__(self, *args: Any, agency: Agency | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound and not self.initial:  # a new alert: valid from now, for a day
            now = timezone.localtime().replace(second=0, microsecond=0)
            self.initial = {"valid_from": now, "valid_until": now + dt.timedelta(days=1)}
        others = Agency.objects.order_by("node_code", "abbreviation")
        if agency is not None:
            others = others.exclude(pk=agency.pk)
        fields: dict[str, Any] = self.fields
        fields["addressees"].choices = [
            (a.code, f"{a.abbreviation} — {a.name} ({a.node_code})") for a in others
        ]
        for name, types in (DETAIL_TYPES | OWN_TYPES).items():
            # Which types show the field: read by alerts/draft.js, and by people without it.
            fields[name].widget.attrs["data-types"] = " ".join(str(t) for t in types)
            names = ", ".join(str(codes.AlertType(t).label) for t in types)
            said = fields[name].help_text
            fields[name].help_text = (
                format_lazy("{} {}", said, format_lazy(_("For: {}."), names))
                if said
                else format_lazy(_("For: {}."), names)
            )

    @staticmethod
    def initial_from(draft: Any) -> dict[str, Any]:
        """A saved draft as the form's initial values."""
        initial = {
            name: getattr(draft, name)
            for name in (
                "type",
                "title",
                "grounds",
                "officer_safety",
                "handling",
                "area_kind",
                "valid_from",
                "valid_until",
                "addressees",
                "entity_ref",
            )
        }
        initial["area_codes"] = ", ".join(draft.area_codes or [])
        return initial | {k: v for k, v in (draft.details or {}).items() if k in DETAIL_TYPES}

    @classmethod
    def data_from(cls, draft: Any) -> dict[str, Any]:
        """A saved draft as the form would post it (to show what it lacks on its fields)."""
        data = cls.initial_from(draft)
        for name in ("valid_from", "valid_until"):
            data[name] = timezone.localtime(data[name]).strftime("%Y-%m-%dT%H:%M")
        return {k: ("" if v is None else v) for k, v in data.items()}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("valid_from"), data.get("valid_until")
        if starts and ends and ends <= starts:
            self.add_error("valid_until", _("The end of validity is not after its start."))
        return data

    def shown(self, name: str) -> bool:
        """Whether a type-specific field belongs to the chosen type."""
        kind = self.cleaned_data.get("type")
        return kind in (DETAIL_TYPES | OWN_TYPES).get(name, ())

    def draft_data(self) -> dict[str, Any]:
        """The draft's data, as ``actions.save_draft`` takes it: the type's own fields only."""
        data = self.cleaned_data
        details = {
            name: data[name]
            for name in DETAIL_TYPES
            if self.shown(name) and data.get(name) not in (None, "")
        }
        return {
            "type": data["type"],
            "title": data["title"],
            "grounds": data["grounds"],
            "officer_safety": data["officer_safety"] if self.shown("officer_safety") else "",
            "handling": data["handling"],
            "area_kind": data["area_kind"],
            "area_codes": _codes(data["area_codes"]),
            "valid_from": data["valid_from"],
            "valid_until": data["valid_until"],
            "addressees": list(data["addressees"]),
            "entity_ref": data["entity_ref"].strip(),
            "details": details,
        }


class BoardFilterForm(forms.Form):
    type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types")), *codes.AlertType.choices]
    )
    area = forms.ChoiceField(
        label=_("Area"), required=False, choices=[("", _("Any area")), *codes.AreaKind.choices]
    )
    place = forms.CharField(
        label=_("Place"),
        required=False,
        max_length=40,
        help_text=_("A port or coast segment code."),
    )


class ReviewForm(forms.Form):
    RELEASE = "release"
    RETURN = "return"

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(RELEASE, _("Release")), (RETURN, _("Return to the author"))],
        widget=forms.HiddenInput,
    )
    note = forms.CharField(
        label=_("Note to the author"),
        required=False,
        max_length=1000,
        widget=forms.Textarea({"rows": 3, "dir": "auto"}),
        help_text=_("Required to return the draft: what to correct."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == self.RETURN and not (data.get("note") or "").strip():
            self.add_error("note", _("Say what the author must correct."))
        return data


class AcknowledgeForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Answer"),
        choices=codes.AckKind.choices,
        widget=forms.RadioSelect,
        initial=codes.AckKind.RECEIVED,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=1000,
        widget=forms.Textarea({"rows": 2, "dir": "auto"}),
        help_text=_("Required when you cannot act on your territory."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == codes.AckKind.CANNOT_ACT and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why you cannot act on your territory."))
        return data


class UpdateForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, widget=forms.TextInput(_TEXT))
    officer_safety = forms.CharField(
        label=_("Officer safety"),
        required=False,
        max_length=1000,
        widget=forms.Textarea({"rows": 2, "dir": "auto"}),
    )
    grounds = forms.CharField(
        label=_("Grounds"),
        required=False,
        max_length=4000,
        widget=forms.Textarea({"rows": 3, "dir": "auto"}),
    )
    handling = forms.ChoiceField(label=_("Handling code"), choices=HandlingCode.choices)
    area_kind = forms.ChoiceField(label=_("Area"), choices=codes.AreaKind.choices)
    area_codes = forms.CharField(
        label=_("Ports or coast segments"),
        required=False,
        max_length=500,
        help_text=_("Their codes, separated by commas; none for the whole territory."),
    )

    def __init__(self, *args: Any, alert: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.alert = alert
        fields: dict[str, Any] = self.fields
        if alert.type not in OWN_TYPES["officer_safety"]:
            del fields["officer_safety"]
        # The type's own fields (a surge's numbers, a vessel's description …), as the draft's.
        for name, types in DETAIL_TYPES.items():
            if alert.type in types:
                fields[name] = copy.deepcopy(DraftForm.base_fields[name])

    @staticmethod
    def initial_from(alert: Any) -> dict[str, Any]:
        return {
            "title": alert.title,
            "officer_safety": alert.officer_safety,
            "grounds": alert.grounds,
            "handling": alert.handling,
            "area_kind": alert.area_kind,
            "area_codes": ", ".join(alert.area_codes or []),
        } | {k: v for k, v in (alert.details or {}).items() if k in DETAIL_TYPES}

    def update_data(self) -> dict[str, Any]:
        """The alert's content, sent whole: its own fields and the type's details."""
        data = dict(self.cleaned_data)
        details = {name: data.pop(name) for name in DETAIL_TYPES if name in data}
        data["details"] = {k: v for k, v in details.items() if v not in (None, "")}
        data["area_codes"] = _codes(data["area_codes"])
        return data


class ExtendForm(forms.Form):
    valid_until = forms.DateTimeField(label=_("Valid until"), widget=DateTimeInput())


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawal"),
        max_length=1000,
        widget=forms.Textarea({"rows": 2, "dir": "auto"}),
    )


class MeasureForm(forms.Form):
    text = forms.CharField(
        label=_("Measure taken"),
        max_length=1000,
        widget=forms.Textarea({"rows": 2, "dir": "auto"}),
        help_text=_("For the rapid-reaction log: what your side did, and where."),
    )
