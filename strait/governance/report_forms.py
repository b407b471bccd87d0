"""The forms of the report, training and library pages: shapes only; the actions decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from strait.governance.models import Body
from strait.widgets import DateInput

LANGUAGE_CHOICES = [("ar", "العربية"), ("es", "Español"), ("fr", "Français"), ("en", "English")]


class BodyChoiceField(forms.ChoiceField):
    """A body among those the reader sees, by its uid (another uid: "not a valid choice")."""

    def __init__(self, bodies: list[Body], **kwargs: Any) -> None:
        self.bodies = {str(b.obj.uid): b for b in bodies}
        super().__init__(choices=[(uid, b.name) for uid, b in self.bodies.items()], **kwargs)

    def clean(self, value: Any) -> Body:
        return self.bodies[super().clean(value)]


class ReportForm(forms.Form):
    start = forms.DateField(label=pgettext_lazy("start of a period", "From"), widget=DateInput())
    end = forms.DateField(label=pgettext_lazy("end of a period", "To"), widget=DateInput())
    language = forms.ChoiceField(label=_("Language of the report"), choices=LANGUAGE_CHOICES)

    def __init__(self, *args: Any, bodies: list[Body], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {"body": BodyChoiceField(bodies, label=_("Body")), **self.fields}
