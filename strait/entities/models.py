"""What an agency holds about persons and things, kept as written.

Every record belongs to one agency (its owner: the only agency that sees it, AC-02), carries the
data-protection fields of DP-01 and says where it came from (typed in, imported, or taken from a
message). Identifiers are stored as written and under their normalised key
(``strait.matching.identifier_key``), so exact matching is an indexed lookup.

Reads go through ``queries.py`` (scoped to the user's agency), writes through ``actions.py``.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from strait.agencies.models import Agency
from strait.exchange import codes


class ImportBatch(models.Model):
    """One CSV or FollowTheMoney file being imported: its progress and what it refused."""

    # Refused rows quote what was wrong (a phone number, a name): the reports are cut down to row
    # numbers after this many days by the retention task (``actions.erase_expired``).
    REFUSALS_KEPT_DAYS = 30

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        FTM = "ftm", _("FollowTheMoney JSON lines")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")
        REFUSED = "refused", _("Refused")

    class OnExisting(models.TextChoices):
        """What to do with a row the agency already holds (a file imported again)."""

        ASK = "ask", _("Stop and list them, importing nothing")
        UPDATE = "update", _("Update the records already held")
        SKIP = "skip", _("Skip them, import only the new rows")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filename = models.CharField(_("file"), max_length=255)
    format = models.CharField(_("format"), max_length=3, choices=Format.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    on_existing = models.CharField(max_length=6, choices=OnExisting.choices, default=OnExisting.ASK)
    updated_count = models.PositiveIntegerField(default=0)
    skipped_count = models.PositiveIntegerField(default=0)
    # [{"row": 12, "errors": ["birth date: not a date: '31/31/1980'"]}, ...]
    refusals = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.status})"


class ExportRequest(models.Model):
    """A bulk export of the agency's records: asked with a justification, approved or refused by
    a second person (a supervisor of the agency, not the requester, AC-05), then downloaded once
    by the requester within ``VALID_FOR`` of the approval."""

    VALID_FOR = dt.timedelta(hours=24)

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")
        DOWNLOADED = "downloaded", _("Downloaded")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    justification = models.TextField(_("justification"), max_length=1000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision_note = models.TextField(_("note"), max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    downloaded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"export {self.uid} ({self.status})"

    @property
    def expires_at(self) -> dt.datetime | None:
        return self.decided_at + self.VALID_FOR if self.decided_at else None

    def downloadable(self, now: dt.datetime | None = None) -> bool:
        expires = self.expires_at
        return (
            self.status == self.Status.APPROVED
            and expires is not None
            and (now or timezone.now()) < expires
        )


class Provenance(models.TextChoices):
    MANUAL = "manual", _("Entered by hand")
    IMPORT = "import", pgettext_lazy("provenance", "Imported")
    MESSAGE = "message", _("From a message")


class Record(models.Model):
    """What every entity carries: owner, DP-01 fields, provenance, openness to checks."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )

    purpose = models.CharField(_("purpose"), max_length=300)
    subject_category = models.CharField(
        _("data-subject category"), max_length=12, choices=codes.SubjectCategory.choices
    )
    fact_or_assessment = models.CharField(
        _("fact or assessment"), max_length=12, choices=codes.FactOrAssessment.choices
    )
    source_reliability = models.CharField(
        _("source"), max_length=1, choices=codes.SourceReliability.choices
    )
    information_credibility = models.CharField(
        _("information"), max_length=1, choices=codes.InformationCredibility.choices
    )
    handling = models.CharField(
        _("handling code"), max_length=2, choices=codes.HandlingCode.choices
    )
    # The restrictions an H3 record is held under, as its originator stated them.
    handling_conditions = models.CharField(_("handling conditions"), max_length=500, blank=True)
    review_date = models.DateField(_("review date"))
    retention_date = models.DateField(_("retention date"))

    provenance = models.CharField(
        _("provenance"), max_length=10, choices=Provenance.choices, default=Provenance.MANUAL
    )
    source_message_uid = models.UUIDField(_("source message"), null=True, blank=True)
    import_batch = models.ForeignKey(
        ImportBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # The owner may keep a record out of every partner's checks whatever the openings say.
    open_to_checks = models.BooleanField(_("open to checks"), default=True)
    # Folded names and identifiers (strait.exchange.search.fold) for the list's search.
    search_text = models.TextField(blank=True, default="", editable=False)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    @property
    def review_overdue(self) -> bool:
        """DP-02: past its review date, the record may not be used until it is reviewed."""
        return bool(self.review_date and self.review_date < timezone.localdate())


class Person(Record):
    class Gender(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        OTHER = "other", pgettext_lazy("gender", "Other")
        UNKNOWN = "", _("Unknown")

    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices, blank=True)
    # Partial dates as known: "1980", "1980-03", "1980-03-12" (strait.matching.parse_date).
    birth_dates = models.JSONField(_("dates of birth"), default=list, blank=True)
    place_of_birth = models.CharField(_("place of birth"), max_length=200, blank=True)
    # ISO 3166 alpha-2 codes.
    nationalities = models.JSONField(_("nationalities"), default=list, blank=True)

    class Meta(Record.Meta):
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        indexes = [models.Index(fields=["agency", "-created_at"], name="person_agency_idx")]

    def __str__(self) -> str:
        first = next(iter(self.names.all()), None)
        return first.full_name if first else str(self.uid)


class Script(models.TextChoices):
    ARABIC = "Arab", _("Arabic script")
    LATIN = "Latn", _("Latin script")
    OTHER = "Zyyy", _("Other script")


class PersonName(models.Model):
    """A name exactly as a source wrote it, with its script and language."""

    class Kind(models.TextChoices):
        PRIMARY = "primary", pgettext_lazy("kind of name", "Name")
        ALIAS = "alias", _("Alias")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="names")
    full_name = models.CharField(_("name"), max_length=300)
    script = models.CharField(_("script"), max_length=4, choices=Script.choices)
    language = models.CharField(_("language"), max_length=3, blank=True)
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.PRIMARY)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def text_direction(self) -> str:
        return "rtl" if self.script == Script.ARABIC else "ltr"


class Organisation(Record):
    name = models.CharField(_("name"), max_length=300)
    aliases = models.JSONField(_("other names"), default=list, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)

    class Meta(Record.Meta):
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Identified(Record):
    """A record found by an identifier: ``value`` as written, ``key`` as matched exactly."""

    value = models.CharField(_("value"), max_length=200)
    key = models.CharField(max_length=220, db_index=True, editable=False)
    # The person or organisation it belongs to, when known.
    person = models.ForeignKey(Person, on_delete=models.CASCADE, null=True, blank=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, null=True, blank=True)

    class Meta(Record.Meta):
        abstract = True

    def __str__(self) -> str:
        return self.value


class Phone(Identified):
    """``value`` as written, ``key`` "phone:+212661123456" (E.164 by ``phonenumbers``)."""

    class Meta(Identified.Meta):
        verbose_name = _("phone number")
        verbose_name_plural = _("phone numbers")


class EmailAddress(Identified):
    class Meta(Identified.Meta):
        verbose_name = _("e-mail address")
        verbose_name_plural = _("e-mail addresses")


class Document(Identified):
    """An identity or travel document; ``value`` is its number."""

    class Kind(models.TextChoices):
        PASSPORT = "passport", _("Passport")
        ID_CARD = "id_card", _("Identity card")
        RESIDENCE = "residence", _("Residence permit")
        DRIVING = "driving", _("Driving licence")
        OTHER = "other", _("Other document")

    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    issuing_country = models.CharField(_("issuing country"), max_length=2, blank=True)
    # The python-stdnum format the number was checked against ("es.dni"), if one applies.
    checked_format = models.CharField(max_length=40, blank=True, editable=False)

    class Meta(Identified.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")


class Vehicle(Identified):
    """``value`` is the number plate; the VIN, when known, has its own key."""

    plate_country = models.CharField(_("plate country"), max_length=2, blank=True)
    vin = models.CharField("VIN", max_length=17, blank=True)
    vin_key = models.CharField(max_length=30, blank=True, db_index=True, editable=False)
    make_model = models.CharField(_("make and model"), max_length=100, blank=True)

    class Meta(Identified.Meta):
        verbose_name = _("vehicle")
        verbose_name_plural = _("vehicles")


class Vessel(Record):
    name = models.CharField(_("name"), max_length=200)
    imo = models.CharField("IMO", max_length=12, blank=True)
    mmsi = models.CharField("MMSI", max_length=12, blank=True)
    registration = models.CharField(_("registration"), max_length=50, blank=True)
    flag = models.CharField(_("flag"), max_length=2, blank=True)
    # Normalised identifier keys ("imo:9074729", "mmsi:224123450"), for exact matching.
    imo_key = models.CharField(max_length=20, blank=True, db_index=True, editable=False)
    mmsi_key = models.CharField(max_length=20, blank=True, db_index=True, editable=False)

    class Meta(Record.Meta):
        verbose_name = _("vessel")
        verbose_name_plural = _("vessels")

    def __str__(self) -> str:
        return self.name


class Aircraft(Identified):
    """``value`` is the registration ("CN-RGA", "EC-MHK")."""

    aircraft_type = models.CharField(_("type"), max_length=100, blank=True)

    class Meta(Identified.Meta):
        verbose_name = _("aircraft")
        verbose_name_plural = pgettext_lazy("plural", "aircraft")


class Address(Record):
    street = models.CharField(_("street"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=100)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    country = models.CharField(_("country"), max_length=2)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, null=True, blank=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, null=True, blank=True)

    class Meta(Record.Meta):
        verbose_name = _("address")
        verbose_name_plural = _("addresses")

    def __str__(self) -> str:
        return ", ".join(p for p in (self.street, self.postal_code, self.city) if p)


class PersonChanges(models.Model):
    """How many times an agency's persons or their names changed: written only by database
    triggers (migration 0003) on every insert, update and delete, bulk ones included, so a
    cached person index (``strait.checks.matcher``) knows it is stale from one indexed read
    instead of counting a million rows."""

    agency = models.OneToOneField(Agency, on_delete=models.CASCADE, primary_key=True)
    count = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.agency_id}: {self.count}"
