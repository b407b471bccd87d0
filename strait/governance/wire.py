"""The bodies of governance's ops, as they travel in proposals and changes.

Each body is validated when proposed and again when applied on every node. Every text and list
is bounded; nothing is a float (bodies are hashed in canonical form). These shapes are part of
the wire format: add optional fields, never rename.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

import pydantic
from django.utils.translation import gettext as _

from strait.governance import codes
from strait.sharing.wire import AgencyCode, Wire

Name = Annotated[str, pydantic.StringConstraints(strip_whitespace=True, max_length=200)]
RequiredName = Annotated[
    str, pydantic.StringConstraints(strip_whitespace=True, min_length=1, max_length=200)
]
LongText = Annotated[str, pydantic.StringConstraints(strip_whitespace=True, max_length=4000)]
Code = Annotated[str, pydantic.StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,59}$")]
Language = Annotated[str, pydantic.StringConstraints(pattern=r"^(ar|es|fr|en)$")]


class Body(Wire):
    """Strict (unknown fields and NUL refused, as every shared body) and frozen."""

    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)


class Texts(Body):
    """One text in up to four languages; at least one written."""

    ar: LongText = ""
    es: LongText = ""
    fr: LongText = ""
    en: LongText = ""

    @pydantic.model_validator(mode="after")
    def _one_written(self) -> Texts:
        if not (self.ar or self.es or self.fr or self.en):
            raise ValueError(_("Write the text in at least one language."))
        return self


class CreateBody(Body):
    """``governance.create``: change 1 of a body's shared object."""

    code: Code
    name_ar: RequiredName
    name_es: RequiredName
    name_fr: Name = ""
    name_en: Name = ""
    kind: codes.BodyKind
    area: codes.Area = codes.Area.GENERAL
    parent_uid: uuid.UUID | None = None
    co_chairs: Annotated[list[AgencyCode], pydantic.Field(min_length=1, max_length=4)]
    mandate: LongText = ""
    founded_on: dt.date
    cadence: codes.Cadence
    cadence_months: Annotated[int, pydantic.Field(ge=1, le=120)] | None = None
    warn_months: Annotated[int, pydantic.Field(ge=0, le=120)] | None = None

    @pydantic.model_validator(mode="after")
    def _cadence(self) -> CreateBody:
        if self.cadence == codes.Cadence.MONTHS and not self.cadence_months:
            raise ValueError(_("Say every how many months the body must meet."))
        months = self.months()
        if months and self.warn_months is not None and self.warn_months >= months:
            raise ValueError(_("The warning must come before the meeting is overdue."))
        if len(set(self.co_chairs)) != len(self.co_chairs):
            raise ValueError(_("A co-chair is named twice."))
        return self

    def months(self) -> int | None:
        """At most this many months between meetings (None: when needed)."""
        if self.cadence == codes.Cadence.YEARLY:
            return 12
        if self.cadence == codes.Cadence.MONTHS:
            return self.cadence_months
        return None


class UpdateBody(CreateBody):
    """``governance.update_body`` (MANAGE): the body's description, co-chairs and cadence; its
    ``code`` stays what it was (the check refuses another)."""


OptionalTexts = Texts | None
MinutesText = Annotated[str, pydantic.StringConstraints(max_length=40_000)]
Base64 = Annotated[str, pydantic.StringConstraints(pattern=r"^[A-Za-z0-9_=+/-]*$")]


class MeetingFields(Body):
    starts_on: dt.date
    ends_on: dt.date | None = None
    place: RequiredName
    title: OptionalTexts = None
    status: codes.MeetingStatus = codes.MeetingStatus.SCHEDULED

    @pydantic.model_validator(mode="after")
    def _dates(self) -> MeetingFields:
        if self.ends_on is not None and self.ends_on < self.starts_on:
            raise ValueError(_("The meeting ends before it starts."))
        return self


class ScheduleMeeting(MeetingFields):
    """``governance.schedule_meeting``."""

    uid: uuid.UUID


class UpdateMeeting(MeetingFields):
    """``governance.update_meeting``."""

    meeting: uuid.UUID


class Attendee(Body):
    agency: AgencyCode
    name: RequiredName
    position: Name = ""
    head: bool = False


class SetAttendees(Body):
    """``governance.set_attendees``: replaces the meeting's attendees."""

    meeting: uuid.UUID
    attendees: Annotated[list[Attendee], pydantic.Field(max_length=200)]


class SetAgenda(Body):
    """``governance.set_agenda``: replaces the meeting's agenda, in order."""

    meeting: uuid.UUID
    items: Annotated[list[Texts], pydantic.Field(max_length=100)]


class AddDecision(Body):
    """``governance.add_decision``."""

    meeting: uuid.UUID
    uid: uuid.UUID
    texts: Texts


class WriteMinutes(Body):
    """``governance.write_minutes``: one language's text; every write is a new version of the
    minutes (earlier signatures become void)."""

    meeting: uuid.UUID
    language: Language
    text: MinutesText


class SignMinutes(Body):
    """``governance.sign_minutes``: one side's chair approved version ``version`` whose canonical
    text has ``digest``; ``signature`` is ``node``'s Ed25519 signature over
    ``minutes.signed_bytes(meeting, version, digest)`` with its key ``key_id``."""

    meeting: uuid.UUID
    version: Annotated[int, pydantic.Field(ge=1)]
    digest: Annotated[str, pydantic.StringConstraints(pattern=r"^[0-9a-f]{64}$")]
    agency: AgencyCode
    node: Annotated[str, pydantic.StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,19}$")]
    chair: RequiredName
    key_id: Annotated[str, pydantic.StringConstraints(min_length=1, max_length=64)]
    signature: Annotated[Base64, pydantic.StringConstraints(min_length=1, max_length=200)]


class AddRecommendation(Body):
    """``governance.add_recommendation``."""

    uid: uuid.UUID
    number: Annotated[str, pydantic.StringConstraints(strip_whitespace=True, max_length=20)] = ""
    texts: Texts
    meeting: uuid.UUID | None = None


class AddAction(Body):
    """``governance.add_action``: an owner agency (required), a co-owner, a deadline."""

    uid: uuid.UUID
    recommendation: uuid.UUID
    title: Texts
    owner_agency: AgencyCode
    co_owner_agency: AgencyCode | None = None
    deadline: dt.date

    @pydantic.model_validator(mode="after")
    def _owners(self) -> AddAction:
        if self.co_owner_agency and self.co_owner_agency == self.owner_agency:
            raise ValueError(_("The co-owner is another agency than the owner."))
        return self


class SetActionStatus(Body):
    """``governance.set_action_status``: dropped needs a reason."""

    action: uuid.UUID
    status: codes.ActionStatus
    reason: Annotated[str, pydantic.StringConstraints(strip_whitespace=True, max_length=2000)] = ""
    done_on: dt.date | None = None

    @pydantic.model_validator(mode="after")
    def _reason(self) -> SetActionStatus:
        if self.status == codes.ActionStatus.DROPPED and not self.reason:
            raise ValueError(_("Say why the action is dropped."))
        return self


class AddEvidence(Body):
    """``governance.add_evidence``: only the kind and the reference travel (each node resolves
    them through its own scoped reads)."""

    uid: uuid.UUID
    action: uuid.UUID
    kind: codes.EvidenceKind
    ref: Annotated[
        str, pydantic.StringConstraints(strip_whitespace=True, min_length=1, max_length=300)
    ]
    note: Annotated[str, pydantic.StringConstraints(strip_whitespace=True, max_length=500)] = ""


class RemoveEvidence(Body):
    """``governance.remove_evidence``: the link is marked removed (its history stays)."""

    evidence: uuid.UUID


class CourseFields(Body):
    topic: codes.TrainingTopic
    title: Texts
    host_agency: AgencyCode
    starts_on: dt.date
    ends_on: dt.date
    place: RequiredName
    status: codes.CourseStatus = codes.CourseStatus.PLANNED

    @pydantic.model_validator(mode="after")
    def _dates(self) -> CourseFields:
        if self.ends_on < self.starts_on:
            raise ValueError(_("The course ends before it starts."))
        return self


class AddCourse(CourseFields):
    """``governance.add_course``."""

    uid: uuid.UUID


class UpdateCourse(CourseFields):
    """``governance.update_course``."""

    course: uuid.UUID


class SetParticipants(Body):
    """``governance.set_participants``: how many of one agency took part (0 removes it)."""

    course: uuid.UUID
    agency: AgencyCode
    count: Annotated[int, pydantic.Field(ge=0, le=100_000)]


class AddEvaluation(Body):
    """``governance.add_evaluation``: an agency's participant's score, 1 to 5."""

    uid: uuid.UUID
    course: uuid.UUID
    agency: AgencyCode
    score: Annotated[int, pydantic.Field(ge=1, le=5)]
    comment: Annotated[str, pydantic.StringConstraints(strip_whitespace=True, max_length=2000)] = ""


# A library document travels in parts of at most this many bytes (base64 in the op's body).
PART_BYTES = 96 * 1024
DOCUMENT_MAX_BYTES = 5 * 1024 * 1024


class AddDocument(Body):
    """``governance.add_document``: the metadata; the file follows in ``parts`` ops
    ``governance.document_part``."""

    uid: uuid.UUID
    area: codes.Area
    title: Texts
    summary: Texts | None = None
    language: Language
    translation_of: uuid.UUID | None = None
    filename: RequiredName
    content_type: Annotated[str, pydantic.StringConstraints(min_length=1, max_length=100)]
    size: Annotated[int, pydantic.Field(ge=1, le=DOCUMENT_MAX_BYTES)]
    sha256: Annotated[str, pydantic.StringConstraints(pattern=r"^[0-9a-f]{64}$")]
    parts: Annotated[int, pydantic.Field(ge=1, le=DOCUMENT_MAX_BYTES // PART_BYTES + 1)]

    @pydantic.model_validator(mode="after")
    def _parts(self) -> AddDocument:
        if self.parts != -(-self.size // PART_BYTES):
            raise ValueError(_("The number of parts does not match the size."))
        return self


class DocumentPart(Body):
    """``governance.document_part``: part ``index`` (from 0) of a document, base64."""

    document: uuid.UUID
    index: Annotated[int, pydantic.Field(ge=0)]
    data: Annotated[
        str, pydantic.StringConstraints(min_length=1, max_length=4 * PART_BYTES // 3 + 4)
    ]
