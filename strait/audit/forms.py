"""The audit viewer's filter form: bad input becomes form errors, never a server error."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from strait.agencies.models import Agency
from strait.audit.events import AuditAction
from strait.audit.queries import AuditFilters
from strait.widgets import DateInput


class AuditFilterForm(forms.Form):
    date_from = forms.DateField(
        label=_("From (UTC date)"),
        required=False,
        widget=DateInput(),
    )
    date_to = forms.DateField(
        label=_("To (UTC date)"),
        required=False,
        widget=DateInput(),
    )
    actor = forms.CharField(label=_("Actor (username)"), required=False, max_length=150)
    agency = forms.ChoiceField(label=_("Agency"), required=False)
    action = forms.ChoiceField(
        label=_("Action"),
        required=False,
        choices=[("", _("Any action")), *AuditAction.choices],
    )
    target = forms.CharField(label=_("Target contains"), required=False, max_length=255)
    request_id = forms.RegexField(
        label=_("Request id"),
        required=False,
        max_length=64,
        regex=r"^[A-Za-z0-9._-]+$",
        error_messages={"invalid": _("A request id has only letters, digits, '.', '_' and '-'.")},
    )

    def __init__(self, *args: Any, agencies: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["agency"])
        # Agencies by name, not by code (issue 12).
        names = {
            a.code: f"{a.abbreviation} · {a.name}" for a in Agency.objects.filter(code__in=agencies)
        }
        field.choices = [
            ("", _("Any agency")),
            *((code, names.get(code, code)) for code in agencies),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data

    def filters(self) -> AuditFilters:
        """The validated filters; call only after is_valid()."""
        data = self.cleaned_data
        return AuditFilters(
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            actor=(data.get("actor") or "").strip(),
            agency=data.get("agency") or "",
            action=data.get("action") or "",
            target=(data.get("target") or "").strip(),
            request_id=data.get("request_id") or "",
        )
