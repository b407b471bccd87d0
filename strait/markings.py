"""Markings: what every item of intelligence carries about how it may be used (DP-01, DP-02).

One value object for the handling code and its conditions, the TLP, the evaluation of source and
information (the 4x4 grid), the purpose, the category of the people it concerns, whether it is a
fact or an assessment, and its review and retention dates. Forms, drafts, wire bodies, rows and
API schemas of every app convert to and from it instead of copying the fields one by one.

It knows nothing of any app: ``from_model`` and ``apply_to`` read and write attributes of the
same names on any object (a message, a record), ``to_wire`` and ``from_wire`` the same keys in a
JSON body. A value that breaks a marking rule raises ``InvalidMarkings`` (a ``Refused``, with one
problem per field); rules that depend on context (a channel's highest handling code, a review date
in the past, the evaluation information needs) stay with the code that knows the context.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from strait.refusals import Refused

# The vocabulary. These values travel in envelopes: add, never rename.


class HandlingCode(models.TextChoices):
    H0 = "H0", _("H0: use only to prevent and combat crime")
    H1 = "H1", _("H1: not for judicial proceedings without the originator's permission")
    H2 = "H2", _("H2: not to be passed on without the originator's permission")
    H3 = "H3", _("H3: other restrictions, stated")


HANDLING_ORDER = {"H0": 0, "H1": 1, "H2": 2, "H3": 3}


def stricter(a: str, b: str) -> str:
    """Markings only narrow as data travels: of two handling codes, the stricter one."""
    return a if HANDLING_ORDER[a] >= HANDLING_ORDER[b] else b


class TLP(models.TextChoices):
    CLEAR = "CLEAR", "TLP:CLEAR"
    GREEN = "GREEN", "TLP:GREEN"
    AMBER = "AMBER", "TLP:AMBER"
    AMBER_STRICT = "AMBER+STRICT", "TLP:AMBER+STRICT"
    RED = "RED", "TLP:RED"


# From the least to the most restricted; no TLP at all ("") counts below TLP:CLEAR.
TLP_ORDER = {"": 0, "CLEAR": 1, "GREEN": 2, "AMBER": 3, "AMBER+STRICT": 4, "RED": 5}


def stricter_tlp(a: str, b: str) -> str:
    """Of two TLP labels, the more restricted one (a reply never widens its original's)."""
    return a if TLP_ORDER.get(a, 0) >= TLP_ORDER.get(b, 0) else b


class SourceReliability(models.TextChoices):
    A = "A", _("A: no doubt about the source")
    B = "B", _("B: source mostly reliable")
    C = "C", _("C: source not reliable")
    X = "X", _("X: reliability cannot be judged")


class InformationCredibility(models.TextChoices):
    ONE = "1", _("1: true without reservation")
    TWO = "2", _("2: known personally to the source")
    THREE = "3", _("3: not known personally, corroborated")
    FOUR = "4", _("4: cannot be judged")


class SubjectCategory(models.TextChoices):
    SUSPECT = "suspect", _("Suspect")
    CONVICTED = "convicted", _("Convicted person")
    VICTIM = "victim", _("Victim")
    WITNESS = "witness", _("Witness")
    CONTACT = "contact", _("Contact or associate")
    INFORMANT = "informant", _("Informant")
    OTHER = "other", _("Other")


class FactOrAssessment(models.TextChoices):
    FACT = "fact", _("Fact")
    ASSESSMENT = "assessment", _("Assessment")


MAX_PURPOSE = 300
MAX_CONDITIONS = 500


class InvalidMarkings(Refused, ValueError):
    """A marking is missing or not one of its allowed values; ``problems`` says which."""


@dataclasses.dataclass(frozen=True)
class Markings:
    handling: str
    purpose: str
    subject_category: str
    fact_or_assessment: str
    review_date: dt.date
    retention_date: dt.date
    handling_conditions: str = ""
    tlp: str = ""
    source_reliability: str = ""
    information_credibility: str = ""

    FIELDS: ClassVar[tuple[str, ...]] = (
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
    )

    def __post_init__(self) -> None:
        # Free text is kept without the spaces around it, as it travels.
        object.__setattr__(self, "purpose", str(self.purpose).strip())
        object.__setattr__(self, "handling_conditions", str(self.handling_conditions).strip())
        for name in ("handling", "tlp", "source_reliability", "information_credibility"):
            object.__setattr__(self, name, str(getattr(self, name)))
        object.__setattr__(self, "subject_category", str(self.subject_category))
        object.__setattr__(self, "fact_or_assessment", str(self.fact_or_assessment))
        problems = list(self._problems())
        if problems:
            raise InvalidMarkings(problems=problems)

    def _problems(self) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = []

        def one_of(name: str, allowed: list[str], *, blank: bool) -> None:
            value = getattr(self, name)
            if (value == "" and not blank) or (value != "" and value not in allowed):
                found.append((name, gettext("Not an allowed value: %(value)s.") % {"value": value}))

        one_of("handling", HandlingCode.values, blank=False)
        one_of("tlp", TLP.values, blank=True)
        one_of("source_reliability", SourceReliability.values, blank=True)
        one_of("information_credibility", InformationCredibility.values, blank=True)
        one_of("subject_category", SubjectCategory.values, blank=False)
        one_of("fact_or_assessment", FactOrAssessment.values, blank=False)
        if not self.purpose:
            found.append(("purpose", gettext("State the purpose.")))
        elif len(self.purpose) > MAX_PURPOSE:
            found.append(("purpose", gettext("At most %(n)s characters.") % {"n": MAX_PURPOSE}))
        if len(self.handling_conditions) > MAX_CONDITIONS:
            too_long = gettext("At most %(n)s characters.") % {"n": MAX_CONDITIONS}
            found.append(("handling_conditions", too_long))
        dates_ok = True
        for name in ("review_date", "retention_date"):
            value = getattr(self, name)
            if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
                found.append((name, gettext("Not a date.")))
                dates_ok = False
        if dates_ok and self.retention_date < self.review_date:
            found.append(
                (
                    "retention_date",
                    gettext("The retention date cannot come before the review date."),
                )
            )
        return found

    # Conversions.

    def as_fields(self) -> dict[str, Any]:
        """The markings by field name, dates as dates (for a row or a schema)."""
        return {name: getattr(self, name) for name in self.FIELDS}

    def to_wire(self) -> dict[str, Any]:
        """The markings as they travel in a JSON body, dates in ISO form."""
        fields = self.as_fields()
        fields["review_date"] = self.review_date.isoformat()
        fields["retention_date"] = self.retention_date.isoformat()
        return fields

    @classmethod
    def from_wire(cls, body: Mapping[str, Any]) -> Markings:
        """The markings of a JSON body (or a validated wire model's dump); other keys ignored."""
        values = {name: body.get(name, "") for name in cls.FIELDS}
        for name in ("review_date", "retention_date"):
            values[name] = _date(values[name], name)
        return cls(**values)

    @classmethod
    def from_model(cls, row: Any) -> Markings:
        """The markings a row (or any object with these attributes) holds."""
        return cls(**{name: getattr(row, name) for name in cls.FIELDS})

    def apply_to(self, row: Any) -> None:
        """Set these markings on a row (not saved)."""
        for name, value in self.as_fields().items():
            setattr(row, name, value)

    def replace(self, **changes: Any) -> Markings:
        """A copy with some markings changed (and checked again)."""
        return dataclasses.replace(self, **changes)

    def narrowed_to(self, handling: str) -> Markings:
        """Markings only narrow as data travels: the stricter of the two handling codes."""
        return self.replace(handling=stricter(self.handling, handling))

    def kept_until_at_least(self, today: dt.date) -> Markings:
        """Review and retention dates not before ``today`` (for an item that answers or passes
        on an older one)."""
        return self.replace(
            review_date=max(self.review_date, today),
            retention_date=max(self.retention_date, today),
        )


def _date(value: Any, name: str) -> Any:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise InvalidMarkings(problems=[(name, gettext("Not a date."))]) from None
    return value
