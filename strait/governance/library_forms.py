"""The good-practice library's forms: the filters, and the upload (shapes only: the action sniffs
and checks the file as exchange attachments are checked)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from strait.governance import codes
from strait.governance.models import Body
from strait.governance.report_forms import LANGUAGE_CHOICES, BodyChoiceField
from strait.governance.training_forms import TextsMixin

MAX_BYTES = 5 * 1024 * 1024


class LibraryFilters(forms.Form):
    area = forms.ChoiceField(
        label=_("Area"), choices=[("", _("Every area")), *codes.Area.choices], required=False
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("", _("Every language")), *LANGUAGE_CHOICES],
        required=False,
    )


def _summary(label: Any) -> forms.CharField:
    return forms.CharField(
        label=label, max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class DocumentForm(TextsMixin, forms.Form):
    file = forms.FileField(label=_("File (PDF or office document, at most 5 MiB)"))
    area = forms.ChoiceField(label=_("Area"), choices=codes.Area.choices)
    language = forms.ChoiceField(label=_("Language of the document"), choices=LANGUAGE_CHOICES)
    translation_of = forms.ChoiceField(label=_("Translation of"), required=False)
    title_ar = forms.CharField(label=_("Title (Arabic)"), max_length=300, required=False)
    title_es = forms.CharField(label=_("Title (Spanish)"), max_length=300, required=False)
    title_fr = forms.CharField(label=_("Title (French)"), max_length=300, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=300, required=False)
    summary_ar = _summary(_("Summary (Arabic)"))
    summary_es = _summary(_("Summary (Spanish)"))
    summary_fr = _summary(_("Summary (French)"))
    summary_en = _summary(_("Summary (English)"))

    def __init__(
        self,
        *args: Any,
        bodies: list[Body],
        originals: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {"body": BodyChoiceField(bodies, label=_("Body")), **self.fields}
        self.fields["translation_of"].choices = [  # type: ignore[attr-defined]
            ("", _("None: an original")),
            *originals,
        ]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MiB."))
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.is_bound and not self.texts("title"):
            self.add_error("title_es", _("Give the title in at least one language."))
        return data
