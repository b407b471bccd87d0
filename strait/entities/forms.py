"""Forms of the entities pages. They check shape; ``validation`` (through ``actions``) decides
what a record may hold and reports what it refuses."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from strait.entities.models import Document, ImportBatch, Person, PersonName, Record, Script
from strait.entities.validation import (
    FIELDS,
    KINDS,
    MARKING_FIELDS,
    OWNED,
    IdentifierDraft,
    Markings,
    NameDraft,
    PersonDraft,
)
from strait.exchange import codes
from strait.widgets import DateInput

BLANK: list[tuple[str, Any]] = [("", "—")]
LANGUAGES = [("", "—"), ("ar", "العربية"), ("es", "Español"), ("fr", "Français"), ("en", "English")]
DATE = DateInput()
_SEPARATORS = re.compile(r"[;,\s]+")


def split(text: str) -> list[str]:
    return [part for part in _SEPARATORS.split(text) if part]


class MarkingsForm(forms.Form):
    """DP-01, asked for every record."""

    purpose = forms.CharField(label=_("Purpose"), max_length=300)
    subject_category = forms.ChoiceField(
        label=_("Data-subject category"), choices=codes.SubjectCategory.choices
    )
    fact_or_assessment = forms.ChoiceField(
        label=_("Fact or assessment"), choices=codes.FactOrAssessment.choices
    )
    source_reliability = forms.ChoiceField(
        label=_("Source evaluation"), choices=codes.SourceReliability.choices
    )
    information_credibility = forms.ChoiceField(
        label=_("Information evaluation"), choices=codes.InformationCredibility.choices
    )
    handling = forms.ChoiceField(label=_("Handling code"), choices=codes.HandlingCode.choices)
    handling_conditions = forms.CharField(
        label=_("Handling conditions"),
        max_length=500,
        required=False,
        help_text=_("Required with H3: state the restrictions."),
    )
    review_date = forms.DateField(label=_("Review date"), widget=DATE)
    retention_date = forms.DateField(label=_("Retention date"), widget=DATE)
    open_to_checks = forms.BooleanField(
        label=_("Open to partners' hit/no-hit checks"), required=False, initial=True
    )

    def __init__(self, *args: Any, record: Record | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["review_date"].initial = today + dt.timedelta(days=365)
        self.fields["retention_date"].initial = today + dt.timedelta(days=5 * 365)
        if record is not None:
            for name, value in Markings.of(record).as_fields().items():
                self.fields[name].initial = value

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if (
            data.get("handling") == codes.HandlingCode.H3
            and not (data.get("handling_conditions") or "").strip()
        ):
            self.add_error("handling_conditions", _("H3 means other restrictions: state them."))
        return data

    def markings(self) -> Markings:
        data: dict[str, Any] = self.cleaned_data
        values: dict[str, Any] = {n: data.get(n) for n in (*MARKING_FIELDS, "open_to_checks")}
        return Markings(**values)


class PersonForm(MarkingsForm):
    gender = forms.ChoiceField(label=_("Gender"), choices=Person.Gender.choices, required=False)
    birth_dates = forms.CharField(
        label=_("Dates of birth"),
        max_length=200,
        required=False,
        help_text=_("As known: 1980, 1980-03 or 1980-03-12; several separated by spaces."),
    )
    place_of_birth = forms.CharField(label=_("Place of birth"), max_length=200, required=False)
    nationalities = forms.CharField(
        label=_("Nationalities"),
        max_length=100,
        required=False,
        help_text=_("ISO country codes, e.g. MA ES."),
    )

    def __init__(self, *args: Any, record: Person | None = None, **kwargs: Any) -> None:
        super().__init__(*args, record=record, **kwargs)
        if record is not None:
            self.fields["gender"].initial = record.gender
            self.fields["birth_dates"].initial = " ".join(record.birth_dates)
            self.fields["place_of_birth"].initial = record.place_of_birth
            self.fields["nationalities"].initial = " ".join(record.nationalities)

    PERSON_FIELDS = ("gender", "birth_dates", "place_of_birth", "nationalities")

    def person_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.PERSON_FIELDS]

    def marking_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name not in self.PERSON_FIELDS]


class NameForm(forms.Form):
    full_name = forms.CharField(label=_("Name as written"), max_length=300, required=False)
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGES, required=False)
    script = forms.ChoiceField(
        label=_("Script"),
        choices=[("", _("Detect")), *Script.choices],
        required=False,
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=PersonName.Kind.choices, initial=PersonName.Kind.PRIMARY
    )


class IdentifierForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Identifier"),
        choices=[
            ("phone", _("Phone number")),
            ("email", _("E-mail address")),
            ("document", _("Document")),
        ],
        initial="phone",
    )
    value = forms.CharField(label=_("Number or address"), max_length=200, required=False)
    document_kind = forms.ChoiceField(
        label=_("Document type"), choices=BLANK + Document.Kind.choices, required=False
    )
    country = forms.CharField(
        label=_("Country"),
        max_length=2,
        required=False,
        help_text=_("Issuing country of a document; region of a national phone number."),
    )


NameFormSet = forms.formset_factory(NameForm, extra=2, max_num=20, validate_max=True)
IdentifierFormSet = forms.formset_factory(IdentifierForm, extra=2, max_num=20, validate_max=True)


def name_initial(person: Person) -> list[dict[str, str]]:
    return [
        {"full_name": n.full_name, "language": n.language, "script": n.script, "kind": n.kind}
        for n in person.names.all()
    ]


def person_draft(
    form: PersonForm, names: forms.BaseFormSet, identifiers: forms.BaseFormSet
) -> PersonDraft:
    data = form.cleaned_data
    return PersonDraft(
        markings=form.markings(),
        names=[
            NameDraft(
                full_name=n["full_name"], language=n["language"], kind=n["kind"], script=n["script"]
            )
            for n in names.cleaned_data
            if n.get("full_name", "").strip()
        ],
        gender=data["gender"],
        birth_dates=split(data["birth_dates"]),
        place_of_birth=data["place_of_birth"],
        nationalities=split(data["nationalities"]),
        identifiers=[
            IdentifierDraft(
                kind=i["kind"],
                value=i["value"],
                country=i["country"].upper(),
                document_kind=i["document_kind"],
            )
            for i in identifiers.cleaned_data
            if i.get("value", "").strip()
        ],
    )


class _RecordForm(MarkingsForm):
    owner = forms.UUIDField(
        label=_("Belongs to person (reference)"),
        required=False,
        help_text=_("The reference of one of your agency's persons, shown on their page."),
    )


def record_form(kind: str) -> type[MarkingsForm]:
    """A form for one kind of record: its own fields (from the model) and the markings."""
    model = KINDS[kind]
    own = forms.fields_for_model(model, fields=list(FIELDS[kind]))
    for name in ("country", "issuing_country", "plate_country", "flag"):
        if name in own:
            own[name] = forms.CharField(label=own[name].label, max_length=2, required=False)
    if "country" in own and kind == "address":
        own["country"].required = True
    if "aliases" in own:
        own["aliases"] = forms.CharField(
            label=own["aliases"].label,
            max_length=1000,
            required=False,
            help_text=_("Separated by ;"),
        )
    base = _RecordForm if kind in OWNED else MarkingsForm
    form_class: type[MarkingsForm] = type(f"{model.__name__}Form", (base,), dict(own))
    return form_class


def record_initial(kind: str, record: Record) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(record, name) for name in FIELDS[kind]}
    if "aliases" in values:
        values["aliases"] = "; ".join(values["aliases"])
    owner = getattr(record, "person", None)
    if owner is not None:
        values["owner"] = owner.uid
    return values


def record_fields(kind: str, form: MarkingsForm) -> dict[str, Any]:
    data = form.cleaned_data
    values = {name: data.get(name) or "" for name in FIELDS[kind]}
    if "aliases" in values:
        values["aliases"] = [a.strip() for a in str(values["aliases"]).split(";") if a.strip()]
    return values


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name or identifier"),
        max_length=200,
        required=False,
        help_text=_(
            "A name in Arabic or Latin script, however it is spelt; a phone number in any "
            "format; a document number or a plate."
        ),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds"))] + [(k, m._meta.verbose_name) for k, m in KINDS.items()],
    )
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[("newest", _("Newest first")), ("oldest", _("Oldest first"))],
    )
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class ImportForm(MarkingsForm):
    file = forms.FileField(label=_("File"))
    format = forms.ChoiceField(label=_("Format"), choices=ImportBatch.Format.choices)
    on_existing = forms.ChoiceField(
        label=_("Rows your agency already holds"),
        choices=ImportBatch.OnExisting.choices,
        initial=ImportBatch.OnExisting.ASK,
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "A person with the same name and dates of birth, a phone, document or vehicle with "
            "the same number: a file imported again."
        ),
    )

    def clean_on_existing(self) -> str:
        return str(self.cleaned_data.get("on_existing") or ImportBatch.OnExisting.ASK)

    def clean_file(self) -> Any:
        from strait.entities.imports import MAX_BYTES

        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(n)s MiB.") % {"n": MAX_BYTES // (1024 * 1024)}
            )
        return upload


class ExportRequestForm(forms.Form):
    justification = forms.CharField(
        label=_("Why is the export needed?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A supervisor of your agency reads it before approving the export."),
    )


class ExportDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("refuse", _("Refuse"))]
    )
    note = forms.CharField(label=_("Note"), max_length=1000, required=False)
