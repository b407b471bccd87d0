from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from strait.notifications import topics


class PreferencesForm(forms.Form):
    email_topics = forms.MultipleChoiceField(
        label=_("Send me by e-mail"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["email_topics"]
        assert isinstance(field, forms.MultipleChoiceField)  # noqa: S101  (for mypy)
        field.choices = [(t.code, t.label) for t in topics.all_topics()]


class ReadForm(forms.Form):
    id = forms.IntegerField(required=False, min_value=1)
