"""Forms of the checks pages. They check shape; ``actions`` decides (names, dates, identifiers,
channel rules, rate limits) and says clearly what is wrong."""

from __future__ import annotations

from typing import Any

import phonenumbers
from django import forms
from django.utils.translation import gettext_lazy as _

from strait.agencies.models import Agency, Country
from strait.checks.models import RecordKind
from strait.decisions.models import Verdict
from strait.exchange import codes
from strait.exchange.models import Channel

# Primary keys are 64-bit signed integers: a larger number is no row, and SQLite cannot even be
# asked about it ("Python int too large to convert to SQLite INTEGER", issue 11 §5). Django
# answers a single choice's lookup out of range itself; a multiple choice's ``pk__in`` it does not.
_KEY_LIMIT = 2**63


def _fits_a_key(value: Any) -> bool:
    try:
        number = int(str(value))
    except ValueError:
        return True  # not a number: Django's own check refuses it
    return -_KEY_LIMIT <= number < _KEY_LIMIT


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A multiple choice of rows where a number no key can hold is a form error, not a 500."""

    def _check_values(self, value: Any) -> Any:
        for pk in value:
            if not _fits_a_key(pk):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)  # type: ignore[misc]


class CheckForm(forms.Form):
    channel = forms.ModelChoiceField(label=_("Channel"), queryset=Channel.objects.none())
    recipients = BoundedModelMultipleChoiceField(
        label=_("Partner agencies"),
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    kind = forms.ChoiceField(label=_("Looking for"), choices=RecordKind.choices)
    names = forms.CharField(
        label=_("Names"),
        max_length=1100,
        required=False,
        widget=forms.Textarea({"rows": 2, "dir": "auto"}),
        help_text=_("For a person: one name per line, as written, in any script."),
    )
    birth_date = forms.CharField(
        label=_("Date of birth"),
        max_length=20,
        required=False,
        help_text=_("Optional: 1980-03-12, 1980-03 or 1980."),
    )
    value = forms.CharField(
        label=_("Number"),
        max_length=100,
        required=False,
        widget=forms.TextInput({"dir": "auto"}),
        help_text=_(
            "For anything else: the phone number, plate or VIN, vessel name, IMO or MMSI, "
            "aircraft registration or document number."
        ),
    )
    country = forms.ChoiceField(
        label=_("Country of the number"),
        required=False,
        help_text=_(
            "For a phone number written without + and its country code, as it is dialled in "
            "that country (0661 22 33 44 in Morocco)."
        ),
    )
    purpose = forms.CharField(label=_("Purpose"), max_length=300)
    crime_area = forms.ChoiceField(
        label=_("Crime area"), choices=codes.CrimeArea.choices, initial=codes.CrimeArea.OTHER
    )

    def __init__(
        self, *args: Any, channels: list[Channel], sender: Agency, here: str, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["channel"].queryset = Channel.objects.filter(pk__in=[c.pk for c in channels])
        partners = (
            Agency.objects.filter(channels__in=channels)
            .exclude(node_code=here)
            .select_related("country")
            .distinct()
        )
        fields["recipients"].queryset = partners
        fields["country"].choices = [("", _("None: the number starts with +"))] + [
            (c.code, f"{c.name} (+{phonenumbers.country_code_for_region(c.code)})")
            for c in Country.objects.all()
        ]
        # A foreign number is most often the partner's: its country is the default.
        partner = partners.order_by("node_code", "code").first()
        if partner is not None and "country" not in self.initial:
            self.initial["country"] = partner.country.code

    def name_list(self) -> list[str]:
        return [line for line in self.cleaned_data.get("names", "").splitlines() if line.strip()]


class DetailsForm(forms.Form):
    """What the officer asks for after a hit: how soon, and the question."""

    urgency = forms.ChoiceField(
        label=_("Urgency"),
        choices=codes.Urgency.choices,
        initial=codes.Urgency.NORMAL,
        required=False,
    )
    question = forms.CharField(
        label=_("Your question"),
        max_length=5000,
        required=False,
        widget=forms.Textarea({"rows": 3, "dir": "auto"}),
        help_text=_("What you need to know; the check's reference and purpose are added."),
    )

    def clean_urgency(self) -> str:
        return str(self.cleaned_data.get("urgency") or codes.Urgency.NORMAL)


class DecisionForm(forms.Form):
    candidate = forms.IntegerField(widget=forms.HiddenInput)
    verdict = forms.ChoiceField(
        label=_("Decision"), choices=Verdict.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note"), max_length=2000, required=False, widget=forms.Textarea({"rows": 2})
    )


class OpeningForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("Partner agency"), queryset=Agency.objects.none())
    channel = forms.ModelChoiceField(label=_("Channel"), queryset=Channel.objects.none())
    kinds = forms.MultipleChoiceField(
        label=_("Records open"), choices=RecordKind.choices, widget=forms.CheckboxSelectMultiple
    )
    max_handling = forms.ChoiceField(
        label=_("Highest handling code open"),
        choices=codes.HandlingCode.choices,
        initial=codes.HandlingCode.H0,
    )

    def __init__(self, *args: Any, channels: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["channel"].queryset = channels
        fields["partner"].queryset = (
            Agency.objects.filter(channels__in=channels).exclude(pk=agency.pk).distinct()
        )
