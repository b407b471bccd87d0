"""The manifest upload form: the sailing (vessel, rotation, departure, ports) and the CSV file."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ManifestForm(forms.Form):
    vessel = forms.CharField(label=_("Vessel"), max_length=120)
    rotation = forms.CharField(label=_("Rotation"), max_length=40, required=False)
    departs_at = forms.DateTimeField(
        label=_("Departs at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
    )
    from_port = forms.CharField(label=_("From port (UN/LOCODE)"), max_length=10)
    to_port = forms.CharField(label=_("To port (UN/LOCODE)"), max_length=10)
    file = forms.FileField(
        label=_("Manifest (CSV)"),
        required=False,
        help_text=_(
            "One row per traveller: name as on the travel document (any script), date of birth, "
            "document number and country, nationality; plate and its country for a driver."
        ),
    )
    demo = forms.BooleanField(required=False, widget=forms.HiddenInput)
