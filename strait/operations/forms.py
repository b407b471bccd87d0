"""Forms of the operation pages. They check shape; the actions (through the ops' bodies and
checks) decide and say clearly what is wrong."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from strait.agencies.models import Agency, Country
from strait.markings import HandlingCode
from strait.operations import codes
from strait.sharing.models import ParticipantRole
from strait.widgets import DateInput

_TEXT = {"dir": "auto"}


def _choices(rows: list[tuple[str, Any]], blank: Any = None) -> list[tuple[str, Any]]:
    return ([("", blank)] if blank is not None else []) + rows


# Primary keys are 64-bit signed integers: a larger number is no row, and SQLite cannot even be
# asked about it. Django answers a single choice's lookup out of range itself; a multiple
# choice's ``pk__in`` it does not (as in the checks' forms).
_KEY_LIMIT = 2**63


class AgenciesField(forms.ModelMultipleChoiceField):
    """Agencies chosen by number, where a number no key can hold is a form error, not a 500."""

    def _check_values(self, value: Any) -> Any:
        for pk in value:
            try:
                number = int(str(pk))
            except ValueError:
                continue  # not a number: Django's own check refuses it
            if not -_KEY_LIMIT <= number < _KEY_LIMIT:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)  # type: ignore[misc]


class FastSelect(forms.Select):
    """A select of many options (an operation's entities: thousands) drawn in one pass: Django's
    own widget renders a template per option, seconds for a few thousand."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        chosen = {str(v) for v in (value if isinstance(value, list | tuple) else [value])}
        final = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            final["multiple"] = True
        options = "".join(
            f'<option value="{escape(key)}"{" selected" if str(key) in chosen else ""}>'
            f"{escape(label)}</option>"
            for key, label in self.choices
        )
        attributes = "".join(
            f' {k}="{escape(v)}"' if v is not True else f" {k}"
            for k, v in final.items()
            if v not in (False, None)
        )
        # Every value and label above is escaped.
        return mark_safe(f'<select name="{escape(name)}"{attributes}>{options}</select>')  # noqa: S308


class FastSelectMultiple(FastSelect):
    allow_multiple_selected = True

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        getter = getattr(data, "getlist", None)
        return getter(name) if getter is not None else data.get(name)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return False


class OperationForm(forms.Form):
    code_name = forms.CharField(label=_("Code name"), max_length=100, widget=forms.TextInput(_TEXT))
    crime_area = forms.ChoiceField(label=_("Crime area"), choices=codes.CrimeArea.choices)
    legal_basis = forms.CharField(
        label=_("Legal basis"), max_length=500, widget=forms.TextInput(_TEXT)
    )
    purpose = forms.CharField(
        label=_("Purpose"), max_length=2000, widget=forms.Textarea({"rows": 3, "dir": "auto"})
    )
    ceiling = forms.ChoiceField(
        label=_("Handling code ceiling"),
        choices=HandlingCode.choices,
        initial=HandlingCode.H1,
        help_text=_("Nothing marked above it can be shared into the operation."),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=codes.Status.choices, initial=codes.Status.PREPARATION
    )
    starts_on = forms.DateField(label=_("Starts on"), required=False, widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=DateInput())
    participants = AgenciesField(
        label=_("Participating agencies"),
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    observers = AgenciesField(
        label=_("Observer agencies"),
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Observers read the operation but change nothing."),
    )

    def __init__(self, *args: Any, agency: Agency | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        others = Agency.objects.select_related("country")
        if agency is not None:
            others = others.exclude(pk=agency.pk)
        fields: dict[str, Any] = self.fields
        fields["participants"].queryset = others
        fields["observers"].queryset = others

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end is before the start."))
        both = set(data.get("participants") or []) & set(data.get("observers") or [])
        if both:
            self.add_error("observers", _("An agency is a participant or an observer, not both."))
        return data

    def agencies(self) -> list[tuple[Agency, str]]:
        data = self.cleaned_data
        return [(a, ParticipantRole.PARTICIPANT) for a in data["participants"]] + [
            (a, ParticipantRole.OBSERVER) for a in data["observers"]
        ]


class UpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=codes.Status.choices)
    purpose = forms.CharField(
        label=_("Purpose"), max_length=2000, widget=forms.Textarea({"rows": 3, "dir": "auto"})
    )
    starts_on = forms.DateField(label=_("Starts on"), required=False, widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=DateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end is before the start."))
        return data


class ShareForm(forms.Form):
    # Any of the agency's records, "kind:uid": the list offers the newest or a search's finds;
    # the action reads the record through the entities' scoped queries (another agency's: none).
    record = forms.CharField(label=_("Your agency's record"), max_length=60, widget=FastSelect)
    handling = forms.ChoiceField(
        label=_("Handling code"),
        required=False,
        choices=_choices(list(HandlingCode.choices), _("The record's own")),
        help_text=_("The record's own code or a stricter one."),
    )

    def __init__(self, *args: Any, records: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["record"].widget.choices = records

    def clean_record(self) -> str:
        value = str(self.cleaned_data["record"])
        kind, _sep, uid = value.partition(":")
        try:
            uuid.UUID(uid)
        except ValueError:
            raise forms.ValidationError(_("Choose one of your agency's records.")) from None
        if kind not in codes.EntityKind.values:
            raise forms.ValidationError(_("Choose one of your agency's records."))
        return value

    def kind_and_uid(self) -> tuple[str, str]:
        kind, _sep, uid = self.cleaned_data["record"].partition(":")
        return kind, uid


class EntityRefForm(forms.Form):
    entity = forms.UUIDField(widget=forms.HiddenInput)


class RelationForm(forms.Form):
    source = forms.ChoiceField(label=pgettext_lazy("relation", "From"), widget=FastSelect)
    kind = forms.ChoiceField(label=_("Relation"), choices=codes.RelationKind.choices)
    target = forms.ChoiceField(label=pgettext_lazy("relation", "To"), widget=FastSelect)
    source_text = forms.CharField(
        label=_("Source"), max_length=300, required=False, widget=forms.TextInput(_TEXT)
    )
    evaluation = forms.ChoiceField(
        label=_("Evaluation"),
        required=False,
        choices=_choices([(e, e) for e in codes.EVALUATIONS], "—"),
    )
    observed_on = forms.DateField(label=_("Observed on"), required=False, widget=DateInput())

    def __init__(self, *args: Any, entities: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["source"].choices = entities
        fields["target"].choices = entities

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("source") and data.get("source") == data.get("target"):
            self.add_error("target", _("A relation joins two different entities."))
        return data


class RelationRefForm(forms.Form):
    relation = forms.UUIDField(widget=forms.HiddenInput)


class TimelineForm(forms.Form):
    kind = forms.ChoiceField(label=_("Event"), choices=codes.TimelineKind.choices)
    at = forms.DateTimeField(
        label=_("When"), widget=forms.DateTimeInput({"type": "datetime-local"})
    )
    text = forms.CharField(
        label=_("What happened"),
        max_length=2000,
        widget=forms.Textarea({"rows": 2, "dir": "auto"}),
    )
    entities = forms.MultipleChoiceField(
        label=_("Who or what"), required=False, widget=FastSelectMultiple({"size": 6})
    )

    def __init__(self, *args: Any, entities: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["entities"].choices = entities


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=300, widget=forms.TextInput(_TEXT))
    owner_agency = forms.ChoiceField(label=_("Agency"))
    owner_username = forms.CharField(label=_("Owner (username)"), max_length=150, required=False)
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DateInput())

    def __init__(self, *args: Any, agencies: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["owner_agency"].choices = agencies


class TaskStatusForm(forms.Form):
    task = forms.UUIDField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status"), choices=codes.TaskStatus.choices)


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note"), max_length=5000, widget=forms.Textarea({"rows": 3, "dir": "auto"})
    )


class ThreadForm(forms.Form):
    thread = forms.ChoiceField(label=_("Thread"))

    def __init__(self, *args: Any, threads: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["thread"].choices = threads


class OutcomeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Outcome"), choices=codes.OutcomeKind.choices)
    on = forms.DateField(label=_("Date"), widget=DateInput())
    country = forms.ChoiceField(label=_("Country"))
    place = forms.CharField(
        label=_("Place"), max_length=200, required=False, widget=forms.TextInput(_TEXT)
    )
    count = forms.IntegerField(
        label=_("Number"),
        min_value=0,
        max_value=1_000_000,
        required=False,
        help_text=_("Persons arrested, victims identified, migrants rescued or cells dismantled."),
    )
    crime_category = forms.ChoiceField(
        label=_("Crime category"),
        required=False,
        choices=_choices(list(codes.CrimeArea.choices), "—"),
    )
    nationality = forms.ChoiceField(label=_("Nationality"), required=False)
    seizure_type = forms.ChoiceField(
        label=_("Seized"), required=False, choices=_choices(list(codes.SeizureType.choices), "—")
    )
    drug_type = forms.ChoiceField(
        label=_("Drug"), required=False, choices=_choices(list(codes.DrugType.choices), "—")
    )
    kilograms = forms.DecimalField(
        label=_("Kilograms"), min_value=0, max_digits=12, decimal_places=3, required=False
    )
    amount_eur = forms.DecimalField(
        label=_("Amount (EUR)"), min_value=0, max_digits=14, decimal_places=2, required=False
    )
    quantity = forms.IntegerField(
        label=_("Quantity"),
        min_value=0,
        max_value=1_000_000,
        required=False,
        help_text=_("Weapons, vehicles, vessels or aircraft seized."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        countries = [(c.code, c.name) for c in Country.objects.all()]
        fields: dict[str, Any] = self.fields
        fields["country"].choices = countries
        fields["nationality"].choices = _choices(countries, "—")

    def figures(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("outcome", None)
        if data.get("count") is None:
            data["count"] = 0
        return data


class CorrectOutcomeForm(OutcomeForm):
    outcome = forms.UUIDField(widget=forms.HiddenInput)


class ParticipantForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[
            (ParticipantRole.PARTICIPANT, ParticipantRole.PARTICIPANT.label),
            (ParticipantRole.OBSERVER, ParticipantRole.OBSERVER.label),
        ],
    )

    def __init__(self, *args: Any, exclude: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["agency"].queryset = Agency.objects.exclude(pk__in=exclude).select_related("country")


class AgencyRefForm(forms.Form):
    agency = forms.SlugField(max_length=40, widget=forms.HiddenInput)


class MemberForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Colleague"), queryset=Agency.objects.none())

    def __init__(self, *args: Any, users: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["member"].queryset = users


class MemberRefForm(forms.Form):
    agency = forms.SlugField(max_length=40, widget=forms.HiddenInput)
    username = forms.CharField(max_length=150, widget=forms.HiddenInput)


class CeilingForm(forms.Form):
    handling = forms.ChoiceField(
        label=_("Handling code ceiling"),
        choices=HandlingCode.choices,
        help_text=_("Never below the highest code of what is already inside."),
    )


class RoleForm(forms.Form):
    agency = forms.SlugField(max_length=40, widget=forms.HiddenInput)
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[
            (ParticipantRole.PARTICIPANT, ParticipantRole.PARTICIPANT.label),
            (ParticipantRole.OBSERVER, ParticipantRole.OBSERVER.label),
        ],
    )
