"""The centre's forms. They check the shape of what is typed; the actions (and the ops' bodies
and checks) decide: an entry off the roster, another agency's record, a referral the user cannot
see, a rule outside 1 to 720 hours are refused there, nothing written."""

from __future__ import annotations

import re
import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from strait.ports import codes
from strait.ports.models import Posting


class DateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time picker; its value is always ISO, read in the reader's zone."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def _when(label: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    )


class LogEntryForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=codes.LogKind.choices)
    text = forms.CharField(
        label=_("Entry"),
        max_length=codes.LOG_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )


def _referral_fields() -> tuple[forms.ChoiceField, forms.CharField]:
    kind = forms.ChoiceField(
        label=_("Referred to"),
        choices=[("", _("Not referred")), *list(codes.ReferralKind.choices)],
        required=False,
    )
    ref = forms.CharField(
        label=_("Thread or operation identifier"),
        help_text=_("As shown on the thread's or the operation's page."),
        max_length=64,
        required=False,
        widget=forms.TextInput(attrs={"dir": "ltr"}),
    )
    return kind, ref


_RECORD_LINE = re.compile(r"^(person|vehicle|document)\s*[: ]\s*(\S+)$")


class IncidentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=codes.IncidentType.choices)
    at = _when(_("When"))
    terminal = forms.CharField(label=_("Terminal"), max_length=100, required=False)
    vessel = forms.CharField(label=_("Vessel"), max_length=100, required=False)
    rotation = forms.CharField(label=_("Rotation"), max_length=40, required=False)
    summary = forms.CharField(
        label=_("What happened"),
        max_length=codes.LOG_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
    )
    records = forms.CharField(
        label=_("Persons, vehicles or documents involved"),
        help_text=_(
            "Your agency's own records, one per line: person, vehicle or document, then the "
            "record's identifier."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "ltr"}),
    )
    action_taken = forms.CharField(
        label=_("Action taken"),
        max_length=codes.LOG_TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )
    referral_kind, referral_ref = _referral_fields()

    def clean_records(self) -> list[tuple[str, uuid.UUID]]:
        found = []
        lines = [line.strip() for line in self.cleaned_data["records"].splitlines()]
        for line in filter(None, lines):
            match = _RECORD_LINE.match(line)
            try:
                found.append((match.group(1), uuid.UUID(match.group(2))) if match else None)
            except ValueError:
                found.append(None)
            if found[-1] is None:
                raise forms.ValidationError(
                    _("Write person, vehicle or document, then the record's identifier.")
                )
        if len(found) > codes.INCIDENT_ENTITIES_MAX:
            raise forms.ValidationError(_("At most 20 records."))
        return [f for f in found if f is not None]

    def action_values(self) -> dict[str, Any]:
        values = dict(self.cleaned_data)
        values["entities"] = values.pop("records")
        return values


class IncidentUpdateForm(forms.Form):
    action_taken = forms.CharField(
        label=_("Action taken"),
        max_length=codes.LOG_TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )
    referral_kind, referral_ref = _referral_fields()


class PostingForm(forms.Form):
    agency = forms.ChoiceField(label=_("Agency"))
    username = forms.CharField(
        label=_("Username"),
        help_text=_("The agent's username on their agency's node."),
        max_length=150,
        widget=forms.TextInput(attrs={"dir": "ltr", "autocapitalize": "none"}),
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    role = forms.ChoiceField(label=_("Role"), choices=codes.PostingRole.choices)
    starts = forms.DateField(label=_("From"), widget=DateInput())
    until = forms.DateField(label=_("Until"), widget=DateInput(), required=False)

    def __init__(self, *args: Any, agencies: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["agency"]
        field.choices = [(code, code) for code in agencies]


class ShiftForm(forms.Form):
    starts_at = _when(_("Starts"))
    ends_at = _when(_("Ends"))
    postings = forms.MultipleChoiceField(
        label=_("Agents on duty"), widget=forms.CheckboxSelectMultiple
    )
    handover = forms.CharField(
        label=_("Handover note"),
        max_length=codes.LOG_TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )

    def __init__(self, *args: Any, postings: list[Posting], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["postings"]
        field.choices = [
            (str(p.uid), f"{p.name} ({p.agency}, {p.get_role_display()})") for p in postings
        ]


class RuleForm(forms.Form):
    retention_hours = forms.IntegerField(
        label=_("Manifests kept for (hours)"),
        help_text=_("From 1 to 720 hours; then they are erased."),
    )


class PeriodForm(forms.Form):
    since = forms.DateField(label=_("From"), widget=DateInput(), required=False)
    until = forms.DateField(label=_("Until"), widget=DateInput(), required=False)
