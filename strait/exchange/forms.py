"""Forms of the exchange pages. They check shape (lengths, choices, dates); the channel rules and
everything else that decides whether a message may go are checked by ``actions``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from strait.agencies.models import Agency
from strait.exchange import attachments, codes, rules
from strait.exchange.models import Channel
from strait.markings import InvalidMarkings, Markings
from strait.widgets import DateInput

LANGUAGE_CHOICES = [("ar", "العربية"), ("es", "Español"), ("fr", "Français"), ("en", "English")]
BLANK: list[tuple[str, Any]] = [("", "—")]
# The markings without which there is no ``Markings`` value to check (the fields say so first).
_REQUIRED_MARKINGS = (
    "handling",
    "purpose",
    "subject_category",
    "fact_or_assessment",
    "review_date",
    "retention_date",
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by content in ``actions``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > attachments.MAX_PER_MESSAGE:
            raise forms.ValidationError(
                _("At most %(n)s attachments per message.") % {"n": attachments.MAX_PER_MESSAGE}
            )
        cleaned = [super(MultipleFileField, self).clean(f, initial) for f in files]
        for upload in cleaned:
            if upload.size > attachments.MAX_BYTES:
                raise forms.ValidationError(
                    _("The file %(name)s is larger than %(limit)s MiB.")
                    % {"name": upload.name, "limit": attachments.MAX_BYTES // (1024 * 1024)}
                )
        return cleaned


# Primary keys are 64-bit signed integers: a larger number is no row, and SQLite cannot even be
# asked about it ("Python int too large to convert to SQLite INTEGER", issue 11 §5).
_KEY_LIMIT = 2**63


def _fits_a_key(value: Any) -> bool:
    try:
        number = int(str(value))
    except ValueError:
        return True  # not a number: Django's own check refuses it
    return -_KEY_LIMIT <= number < _KEY_LIMIT


class BoundedModelChoiceField(forms.ModelChoiceField):
    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values and not _fits_a_key(value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value: Any) -> Any:
        for pk in value:
            if not _fits_a_key(pk):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)  # type: ignore[misc]


def uploads(files: list[Any]) -> list[attachments.Upload]:
    return [attachments.Upload(f.name, f.read()) for f in files]


class MarkingsMixin(forms.Form):
    """Handling code, TLP and evaluation: asked on every message that carries information
    (the other markings of ``strait.markings.Markings`` are asked where a thread starts)."""

    handling = forms.ChoiceField(label=_("Handling code"), choices=codes.HandlingCode.choices)
    handling_conditions = forms.CharField(
        label=_("Handling conditions"),
        max_length=500,
        required=False,
        help_text=_("Required with H3: state the restrictions."),
    )
    tlp = forms.ChoiceField(label="TLP", choices=BLANK + codes.TLP.choices, required=False)
    source_reliability = forms.ChoiceField(
        label=_("Source evaluation"),
        choices=BLANK + codes.SourceReliability.choices,
        required=False,
    )
    information_credibility = forms.ChoiceField(
        label=_("Information evaluation"),
        choices=BLANK + codes.InformationCredibility.choices,
        required=False,
    )


class ComposeForm(MarkingsMixin):
    # The order of the page, so the summary of errors at its top reads as the form does.
    field_order = [
        "channel",
        "recipients",
        "kind",
        "urgency",
        "language",
        "subject",
        "body",
        "crime_area",
        "attachments",
        "about_person",
        "about_phone",
        "about_vehicle",
        "about_vessel",
        "about_case",
        "handling",
        "handling_conditions",
        "tlp",
        "source_reliability",
        "information_credibility",
        "purpose",
        "subject_category",
        "fact_or_assessment",
        "review_date",
        "retention_date",
        "send_anyway",
    ]

    channel = BoundedModelChoiceField(label=_("Channel"), queryset=Channel.objects.none())
    recipients = BoundedModelMultipleChoiceField(
        label=_("To"), queryset=Agency.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            (codes.MessageKind.REQUEST, codes.MessageKind.REQUEST.label),
            (codes.MessageKind.INFORMATION, codes.MessageKind.INFORMATION.label),
        ],
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"), choices=codes.Urgency.choices, initial=codes.Urgency.NORMAL
    )
    language = forms.ChoiceField(label=_("Language of the text"), choices=LANGUAGE_CHOICES)
    subject = forms.CharField(label=_("Subject"), max_length=300)
    body = forms.CharField(label=_("Text"), max_length=20000, widget=forms.Textarea)
    crime_area = forms.ChoiceField(label=_("Crime area"), choices=codes.CrimeArea.choices)
    purpose = forms.CharField(label=_("Purpose"), max_length=300)
    subject_category = forms.ChoiceField(
        label=_("Data-subject category"), choices=codes.SubjectCategory.choices
    )
    fact_or_assessment = forms.ChoiceField(
        label=_("Fact or assessment"), choices=codes.FactOrAssessment.choices
    )
    review_date = forms.DateField(label=_("Review date"), widget=DateInput())
    retention_date = forms.DateField(label=_("Retention date"), widget=DateInput())
    about_person = forms.CharField(label=_("About a person (name)"), max_length=200, required=False)
    about_phone = forms.CharField(label=_("About a phone number"), max_length=200, required=False)
    about_vehicle = forms.CharField(
        label=_("About a vehicle (plate)"), max_length=200, required=False
    )
    about_vessel = forms.CharField(
        label=_("About a vessel (name or IMO)"), max_length=200, required=False
    )
    about_case = forms.CharField(label=_("Case reference"), max_length=200, required=False)
    attachments = MultipleFileField(label=_("Attachments"))
    send_anyway = forms.BooleanField(
        label=_("Send anyway: I have seen the open request on another channel"), required=False
    )

    def __init__(self, *args: Any, channels: list[Channel], sender: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sender = sender
        fields: dict[str, Any] = self.fields
        fields["channel"].queryset = Channel.objects.filter(pk__in=[c.pk for c in channels])
        fields["recipients"].queryset = (
            Agency.objects.filter(channels__in=channels).exclude(pk=sender.pk).distinct()
        )
        today = timezone.localdate()
        self.fields["review_date"].initial = today + dt.timedelta(days=180)
        self.fields["retention_date"].initial = today + dt.timedelta(days=3 * 365)

    def clean(self) -> dict[str, Any]:
        """Every problem at once (issue 12): the markings and the channel's rules are checked
        here too, so one submission shows each on its field. The action checks them again."""
        data = super().clean() or {}
        values: dict[str, Any] = {name: data.get(name) for name in Markings.FIELDS}
        if all(values[n] not in (None, "") for n in _REQUIRED_MARKINGS):
            try:
                Markings(**values)
            except InvalidMarkings as invalid:
                for field, message in invalid.problems:
                    self._add_once(field, message)
        if data.get("channel") is not None and data.get("kind") and data.get("handling"):
            problems = rules.message_problems(
                data["channel"],
                sender=self.sender,
                recipients=list(data.get("recipients") or []),
                kind=data["kind"],
                handling=data["handling"],
                conditions=data.get("handling_conditions") or "",
                source=data.get("source_reliability") or "",
                information=data.get("information_credibility") or "",
            )
            for field, message in problems:
                self._add_once(field, message)
        return data

    def _add_once(self, field: str, message: str) -> None:
        """A field already in error (say, no recipient chosen) keeps its own message."""
        if field in self.fields and field in self.errors:
            return
        self.add_error(field if field in self.fields else None, message)

    def markings(self) -> Markings:
        """The markings as one value (raises ``InvalidMarkings`` for, say, a retention date
        before the review date)."""
        return Markings(**{name: self.cleaned_data[name] for name in Markings.FIELDS})

    def about(self) -> list[tuple[str, str]]:
        data = self.cleaned_data
        return [
            (kind, data.get(f"about_{kind}", ""))
            for kind in codes.AboutKind.values
            if data.get(f"about_{kind}", "").strip()
        ]


class ReplyForm(MarkingsMixin):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            (codes.MessageKind.REPLY, codes.MessageKind.REPLY.label),
            (codes.MessageKind.ACKNOWLEDGEMENT, codes.MessageKind.ACKNOWLEDGEMENT.label),
        ],
    )
    language = forms.ChoiceField(label=_("Language of the text"), choices=LANGUAGE_CHOICES)
    body = forms.CharField(label=_("Text"), max_length=20000, widget=forms.Textarea({"rows": 6}))
    attachments = MultipleFileField(label=_("Attachments"))


class CorrectionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Notice"),
        choices=[(k.value, k.label) for k in codes.CORRECTION_KINDS],
    )
    text = forms.CharField(
        label=_("What is corrected, and why"), max_length=5000, widget=forms.Textarea({"rows": 3})
    )


class ConsentRequestForm(forms.Form):
    purpose = forms.ChoiceField(
        label=_("Purpose"),
        choices=[("forward", _("Forward to a third party")), ("export", _("Export"))],
    )
    third_party = BoundedModelChoiceField(
        label=_("Third party"), queryset=Agency.objects.all(), required=False
    )
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea({"rows": 3}))


class ConsentAnswerForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("grant", _("Grant")), ("refuse", _("Refuse"))]
    )
    note = forms.CharField(label=_("Note"), max_length=2000, required=False)


class ForwardForm(forms.Form):
    channel = BoundedModelChoiceField(label=_("Channel"), queryset=Channel.objects.none())
    to = BoundedModelChoiceField(label=_("To"), queryset=Agency.objects.none())
    handling = forms.ChoiceField(label=_("Handling code"), choices=codes.HandlingCode.choices)
    note = forms.CharField(label=_("Note"), max_length=2000, required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, channels: list[Channel], sender: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["channel"].queryset = Channel.objects.filter(pk__in=[c.pk for c in channels])
        fields["to"].queryset = (
            Agency.objects.filter(channels__in=channels).exclude(pk=sender.pk).distinct()
        )


class SearchForm(forms.Form):
    """Words, a case reference, a phone or a name, and filters; every field may stay empty,
    but not all of them (``searching.Criteria``)."""

    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    channel = forms.ChoiceField(label=_("Channel"), required=False)
    partner = forms.ChoiceField(label=_("Partner agency"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=BLANK + list(codes.MessageKind.choices)
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"), required=False, choices=BLANK + list(codes.Urgency.choices)
    )
    crime_area = forms.ChoiceField(
        label=_("Crime area"), required=False, choices=BLANK + list(codes.CrimeArea.choices)
    )
    # "From" and "To" alone are the sender and the recipients elsewhere (Remitente, Destinatarios).
    since = forms.DateField(
        label=pgettext_lazy("start of a period", "From"), required=False, widget=DateInput()
    )
    until = forms.DateField(
        label=pgettext_lazy("end of a period", "To"), required=False, widget=DateInput()
    )
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[("newest", _("Newest first")), ("oldest", _("Oldest first"))],
    )
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, channels: list[Channel], agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["channel"].choices = BLANK + [(c.code, c.name) for c in channels]
        partners = (
            Agency.objects.filter(channels__in=channels)
            .exclude(pk=agency.pk)
            .distinct()
            .order_by("code")
        )
        fields["partner"].choices = BLANK + [(a.code, str(a)) for a in partners]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end of the period comes before its start."))
        if (
            not (data.get("q") or "").strip()
            and not any(
                data.get(name) for name in ("channel", "partner", "kind", "urgency", "crime_area")
            )
            and not (since or until)
        ):
            raise forms.ValidationError(_("Type what to search for, or choose a filter."))
        return data
