"""Forms of the governance pages. They check shape; the actions (through the ops' bodies and
checks) decide and say clearly what is wrong.

A text in several languages is four fields (``<name>_ar`` … ``<name>_en``): the Arabic one is
right-to-left, each language's field says its language, and ``texts(name)`` gives the op its
``{"ar": …, "es": …}``.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from strait.governance import codes
from strait.widgets import DateInput

_TEXT = {"dir": "auto"}

LANGUAGE_LABELS = {
    "ar": _("Arabic"),
    "es": _("Spanish"),
    "fr": _("French"),
    "en": _("English"),
}


def _language_attrs(language: str, rows: int | None = None) -> dict[str, Any]:
    attrs: dict[str, Any] = {"lang": language, "dir": "rtl" if language == "ar" else "ltr"}
    if rows:
        attrs["rows"] = rows
    return attrs


class TextsForm(forms.Form):
    """A form with texts in four languages: ``TEXTS`` names them with their label."""

    TEXTS: tuple[tuple[str, Any, int], ...] = ()  # (name, label, max length)
    ROWS = 2

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label, limit in self.TEXTS:
            for language in codes.LANGUAGES:
                self.fields[f"{name}_{language}"] = forms.CharField(
                    label=f"{label} ({LANGUAGE_LABELS[language]})",
                    max_length=limit,
                    required=False,
                    widget=forms.Textarea(_language_attrs(language, self.ROWS)),
                )

    def texts(self, name: str) -> dict[str, str]:
        return {
            language: self.cleaned_data.get(f"{name}_{language}", "").strip()
            for language in codes.LANGUAGES
            if self.cleaned_data.get(f"{name}_{language}", "").strip()
        }

    @staticmethod
    def initial_texts(name: str, texts: dict[str, str]) -> dict[str, str]:
        return {f"{name}_{language}": texts.get(language, "") for language in codes.LANGUAGES}


class BodyForm(forms.Form):
    """A body's own fields (``wire.CreateBody``); ``members`` only when it is created."""

    code = forms.SlugField(
        label=_("Short name"),
        max_length=60,
        help_text=_("Lower-case letters, digits and hyphens: strategic-committee."),
    )
    name_ar = forms.CharField(
        label=_("Name (Arabic)"), max_length=200, widget=forms.TextInput(_language_attrs("ar"))
    )
    name_es = forms.CharField(
        label=_("Name (Spanish)"), max_length=200, widget=forms.TextInput(_language_attrs("es"))
    )
    name_fr = forms.CharField(
        label=_("Name (French)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(_language_attrs("fr")),
    )
    name_en = forms.CharField(
        label=_("Name (English)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(_language_attrs("en")),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=codes.BodyKind.choices)
    area = forms.ChoiceField(label=_("Area"), choices=codes.Area.choices, initial="general")
    parent_uid = forms.ChoiceField(label=_("Part of"), required=False)
    co_chairs = forms.MultipleChoiceField(
        label=_("Co-chairs"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The agencies whose chairs sign the minutes, one per side."),
    )
    members = forms.MultipleChoiceField(
        label=_("Member agencies"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The co-chairs' agencies take part too. Your agency leads the body."),
    )
    mandate = forms.CharField(
        label=_("Mandate"),
        max_length=4000,
        required=False,
        widget=forms.Textarea({"rows": 4, "dir": "auto"}),
    )
    founded_on = forms.DateField(label=_("Founded on"), widget=DateInput())
    cadence = forms.ChoiceField(label=_("Cadence"), choices=codes.Cadence.choices)
    cadence_months = forms.IntegerField(
        label=_("At least every (months)"), min_value=1, max_value=120, required=False
    )
    warn_months = forms.IntegerField(
        label=_("Warn after (months)"),
        min_value=0,
        max_value=120,
        required=False,
        help_text=_("Months after the last meeting when the secretariat is warned."),
    )

    def __init__(
        self,
        *args: Any,
        agencies: list[tuple[str, str]],
        parents: list[tuple[str, str]],
        creating: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["co_chairs"].choices = agencies  # type: ignore[attr-defined]
        self.fields["parent_uid"].choices = [("", "—"), *parents]  # type: ignore[attr-defined]
        if creating:
            self.fields["members"].choices = agencies  # type: ignore[attr-defined]
        else:
            del self.fields["members"]
            del self.fields["code"]

    def values(self) -> dict[str, Any]:
        """The op's fields (``wire.CreateBody``), without the members."""
        data = dict(self.cleaned_data)
        data.pop("members", None)
        data["parent_uid"] = data.get("parent_uid") or None
        data["co_chairs"] = list(data.get("co_chairs") or [])
        return data


class MeetingForm(TextsForm):
    TEXTS = (("title", _("Title"), 200),)
    ROWS = 1

    starts_on = forms.DateField(label=_("Date"), widget=DateInput())
    ends_on = forms.DateField(label=_("Until"), required=False, widget=DateInput())
    place = forms.CharField(label=_("Place"), max_length=200, widget=forms.TextInput(_TEXT))
    status = forms.ChoiceField(
        label=_("Status"), choices=codes.MeetingStatus.choices, initial="scheduled"
    )

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "starts_on": data["starts_on"],
            "ends_on": data.get("ends_on"),
            "place": data["place"],
            "title": self.texts("title") or None,
            "status": data["status"],
        }


class AttendeesForm(forms.Form):
    """The whole list of attendees, one a line: ``agency | name | position``; a line that
    starts with ``*`` is the head of its agency's delegation."""

    attendees = forms.CharField(
        label=_("Attendees"),
        max_length=20_000,
        required=False,
        widget=forms.Textarea({"rows": 8, "dir": "auto"}),
        help_text=_(
            "One a line: agency code | name | position. Start the line with * for the head "
            "of the delegation. The list replaces the one before."
        ),
    )

    def __init__(self, *args: Any, agencies: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agencies = set(agencies)

    def clean_attendees(self) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        for number, raw in enumerate(self.cleaned_data["attendees"].splitlines(), start=1):
            line = raw.strip()
            if not line:
                continue
            head = line.startswith("*")
            parts = [p.strip() for p in line.lstrip("*").split("|")]
            if len(parts) < 2 or not parts[0] or not parts[1]:
                raise forms.ValidationError(
                    _("Line %(n)s: write the agency code and the name, separated by |."),
                    params={"n": number},
                )
            if parts[0] not in self.agencies:
                raise forms.ValidationError(
                    _("Line %(n)s: %(agency)s is not a member agency of the body."),
                    params={"n": number, "agency": parts[0][:40]},
                )
            rows.append(
                {
                    "agency": parts[0],
                    "name": parts[1],
                    "position": parts[2] if len(parts) > 2 else "",
                    "head": head,
                }
            )
        if len(rows) > 200:
            raise forms.ValidationError(_("At most 200 attendees."))
        return rows

    @staticmethod
    def as_text(attendees: list[Any]) -> str:
        return "\n".join(
            f"{'*' if a.head else ''}{a.agency} | {a.name} | {a.position}".rstrip(" |")
            for a in attendees
        )


class AgendaForm(forms.Form):
    """The agenda, one item a line in each language: line N of each language is item N."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for language in codes.LANGUAGES:
            self.fields[f"items_{language}"] = forms.CharField(
                label=_("Agenda (%(language)s)") % {"language": LANGUAGE_LABELS[language]},
                max_length=20_000,
                required=False,
                widget=forms.Textarea(_language_attrs(language, 5)),
            )

    def items(self) -> list[dict[str, str]]:
        columns = {
            language: self.cleaned_data.get(f"items_{language}", "").splitlines()
            for language in codes.LANGUAGES
        }
        count = max((len(lines) for lines in columns.values()), default=0)
        items = []
        for index in range(count):
            texts = {
                language: lines[index].strip()
                for language, lines in columns.items()
                if index < len(lines) and lines[index].strip()
            }
            if texts:
                items.append(texts)
        return items

    @staticmethod
    def initial_of(agenda: list[Any]) -> dict[str, str]:
        return {
            f"items_{language}": "\n".join(item.texts.get(language, "") for item in agenda)
            for language in codes.LANGUAGES
        }


class DecisionForm(TextsForm):
    TEXTS = (("text", _("Decision"), 4000),)


class MinutesForm(forms.Form):
    """One language's minutes, its text shown as it stands (a hidden field names the
    language; the textarea reads in that language's direction)."""

    language = forms.ChoiceField(
        choices=[(code, LANGUAGE_LABELS[code]) for code in codes.LANGUAGES],
        widget=forms.HiddenInput,
    )
    text = forms.CharField(
        label=_("Minutes"),
        max_length=40_000,
        widget=forms.Textarea({"rows": 14, "dir": "auto"}),
        help_text=_("Changing the text after a signature voids it: the chairs sign again."),
    )

    def __init__(self, *args: Any, language: str | None = None, **kwargs: Any) -> None:
        data = args[0] if args else kwargs.get("data")
        language = language or (data.get("language") if data else None) or ""
        if language in codes.LANGUAGES:  # four of these forms on one page: ids of their own
            kwargs.setdefault("auto_id", f"id_minutes_{language}_%s")
        super().__init__(*args, **kwargs)
        if language in codes.LANGUAGES:
            self.fields["text"].label = _("Minutes (%(language)s)") % {
                "language": LANGUAGE_LABELS[language]
            }
            self.fields["text"].widget.attrs.update(_language_attrs(language))


class RecommendationForm(TextsForm):
    TEXTS = (("text", _("Recommendation"), 4000),)
    ROWS = 3

    number = forms.CharField(label=_("Number"), max_length=20, required=False)
    meeting = forms.ChoiceField(label=_("Source meeting"), required=False)

    def __init__(self, *args: Any, meetings: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].choices = [("", "—"), *meetings]  # type: ignore[attr-defined]
        self.order_fields(["number", *(f"text_{language}" for language in codes.LANGUAGES)])


class ActionForm(TextsForm):
    TEXTS = (("title", _("Action"), 4000),)

    owner_agency = forms.ChoiceField(label=_("Owner agency"))
    co_owner_agency = forms.ChoiceField(label=_("Co-owner on the other side"), required=False)
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput())

    def __init__(self, *args: Any, agencies: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_agency"].choices = [("", "—"), *agencies]  # type: ignore[attr-defined]
        self.fields["co_owner_agency"].choices = [("", "—"), *agencies]  # type: ignore[attr-defined]
        self.order_fields([f"title_{language}" for language in codes.LANGUAGES])


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=codes.ActionStatus.choices)
    reason = forms.CharField(
        label=_("Reason (when dropped)"),
        max_length=2000,
        required=False,
        widget=forms.TextInput(_TEXT),
    )
    done_on = forms.DateField(label=_("Done on"), required=False, widget=DateInput())


class EvidenceForm(forms.Form):
    """What implements the action: picked among what the user sees (operations, alerts,
    threads, the body's courses and documents), or a kind and a reference typed in (a
    channel's code, a statistics query)."""

    pick = forms.ChoiceField(label=_("Something you can see"), required=False)
    kind = forms.ChoiceField(
        label=_("Or: kind"), choices=[("", "—"), *codes.EvidenceKind.choices], required=False
    )
    ref = forms.CharField(
        label=_("Reference"),
        max_length=300,
        required=False,
        widget=forms.TextInput(_TEXT),
        help_text=_("A channel's code, or a statistics query such as year=2014&area=drugs."),
    )
    note = forms.CharField(
        label=_("Note"), max_length=500, required=False, widget=forms.TextInput(_TEXT)
    )

    def __init__(self, *args: Any, picks: list[tuple[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pick"].choices = [("", "—"), *picks]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        pick = data.get("pick") or ""
        if pick:
            kind, _sep, ref = pick.partition(":")
            data["kind"], data["ref"] = kind, ref
        elif not (data.get("kind") and (data.get("ref") or "").strip()):
            raise forms.ValidationError(
                _("Pick what implements the action, or give its kind and reference.")
            )
        data["ref"] = data["ref"].strip()
        return data

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"kind": data["kind"], "ref": data["ref"], "note": data.get("note", "")}


class StatementForm(forms.Form):
    fmt = forms.ChoiceField(
        label=_("Format"), choices=[("pdf", "PDF"), ("json", "JSON")], initial="pdf"
    )
