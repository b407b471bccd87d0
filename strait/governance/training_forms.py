"""The training plan's forms: shapes only (the ops' wire shapes and checks decide the rest)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from strait.governance import codes
from strait.governance.models import Body
from strait.governance.report_forms import BodyChoiceField
from strait.widgets import DateInput


class TextsMixin:
    """A text in four languages (``title_ar`` … ``title_en``) gathered as ``{"ar": …}``."""

    def texts(self, name: str) -> dict[str, str]:
        data: dict[str, Any] = self.cleaned_data  # type: ignore[attr-defined]
        found = {lang: (data.get(f"{name}_{lang}") or "").strip() for lang in codes.LANGUAGES}
        return {lang: text for lang, text in found.items() if text}


def _text_field(label: Any, required: bool = False) -> forms.CharField:
    return forms.CharField(label=label, max_length=300, required=required)


class CourseForm(TextsMixin, forms.Form):
    topic = forms.ChoiceField(label=_("Topic"), choices=codes.TrainingTopic.choices)
    title_ar = _text_field(_("Title (Arabic)"))
    title_es = _text_field(_("Title (Spanish)"))
    title_fr = _text_field(_("Title (French)"))
    title_en = _text_field(_("Title (English)"))
    host_agency = forms.ChoiceField(label=_("Host"))
    starts_on = forms.DateField(
        label=pgettext_lazy("start of a period", "From"), widget=DateInput()
    )
    ends_on = forms.DateField(label=pgettext_lazy("end of a period", "To"), widget=DateInput())
    place = forms.CharField(label=_("Place"), max_length=200)
    status = forms.ChoiceField(label=_("Status"), choices=codes.CourseStatus.choices)

    def __init__(
        self, *args: Any, bodies: list[Body], agencies: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {"body": BodyChoiceField(bodies, label=_("Body")), **self.fields}
        self.fields["host_agency"].choices = agencies  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.is_bound and not self.texts("title"):
            self.add_error("title_es", _("Give the title in at least one language."))
        return data

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "topic": data["topic"],
            "title": self.texts("title"),
            "host_agency": data["host_agency"],
            "starts_on": data["starts_on"],
            "ends_on": data["ends_on"],
            "place": data["place"],
            "status": data["status"],
        }


class CourseStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=codes.CourseStatus.choices)


class ParticipantsForm(forms.Form):
    agency = forms.ChoiceField(label=_("Agency"))
    count = forms.IntegerField(label=_("Participants"), min_value=0, max_value=100_000)

    def __init__(self, *args: Any, agencies: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = agencies  # type: ignore[attr-defined]


class EvaluationForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Score (1 to 5)"), choices=[(n, str(n)) for n in range(5, 0, -1)], coerce=int
    )
    comment = forms.CharField(
        label=_("Comment"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
