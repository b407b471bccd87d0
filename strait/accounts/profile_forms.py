"""The user's own display settings."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from strait import timefmt
from strait.accounts.models import User


class TimeZoneForm(forms.Form):
    time_zone = forms.ChoiceField(
        label=gettext_lazy("Time zone"),
        required=False,
        help_text=gettext_lazy("Every date and time on the pages is shown on this clock."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"time_zone": user.time_zone})
        super().__init__(*args, **kwargs)
        agency_zone = timefmt.zone_label(user.agency.zone_name)
        field: forms.ChoiceField = self.fields["time_zone"]  # type: ignore[assignment]
        field.choices = [
            ("", _("My agency's (%(zone)s)") % {"zone": agency_zone}),
            *timefmt.zone_choices(),
        ]
