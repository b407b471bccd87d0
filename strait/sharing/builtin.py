"""The built-in ops every shared type has: who takes part (agencies and their roles, members)
and the handling ceiling. Registered on import (``AppConfig.ready`` via ``federation``)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from strait.accounts.models import User
from strait.agencies.models import Agency
from strait.markings import HANDLING_ORDER
from strait.sharing import queries, registry
from strait.sharing.models import Member, Participant, ParticipantRole, SharedObject
from strait.sharing.refusals import AboveCeiling, InvalidChange, RightMissing
from strait.sharing.registry import Applied, Op, Right
from strait.sharing.wire import AgencyBody, CeilingBody, MemberBody, MemberRefBody, ParticipantBody


def _agency(code: str) -> Agency:
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        raise InvalidChange(_("No agency %(code)s.") % {"code": code})
    return agency


def _participant(a: Applied, code: str) -> Participant:
    row = (
        Participant.objects.filter(obj=a.obj, agency__code=code, active=True)
        .select_related("agency")
        .first()
    )
    if row is None:
        raise InvalidChange(_("%(code)s does not take part.") % {"code": code})
    return row


def _own_unless_manage(a: Applied, code: str) -> None:
    """Members of one's own agency need EDIT (the op's right); of another agency, MANAGE."""
    if code != a.by_agency.code and Right.MANAGE not in queries.agency_rights(a.by_agency, a.obj):
        raise RightMissing(_("Only the lead changes another agency's members."))


# Participants.


def check_add_participant(a: Applied) -> None:
    body: ParticipantBody = a.body  # type: ignore[assignment]
    agency = _agency(body.agency)
    if Participant.objects.filter(obj=a.obj, agency=agency, active=True).exists():
        raise InvalidChange(_("%(code)s already takes part.") % {"code": agency.code})
    # The home needs a link to the agency's node: sending it the change refuses otherwise.


def apply_add_participant(a: Applied) -> None:
    body: ParticipantBody = a.body  # type: ignore[assignment]
    Participant.objects.update_or_create(
        obj=a.obj,
        agency=_agency(body.agency),
        defaults={"role": body.role, "active": True, "since": a.at, "until": None},
    )


def check_set_role(a: Applied) -> None:
    body: ParticipantBody = a.body  # type: ignore[assignment]
    row = _participant(a, body.agency)
    if row.agency_id == a.obj.home_agency_id and body.role != ParticipantRole.LEAD:
        raise InvalidChange(_("The home agency stays the lead."))


def apply_set_role(a: Applied) -> None:
    body: ParticipantBody = a.body  # type: ignore[assignment]
    row = _participant(a, body.agency)
    Participant.objects.filter(pk=row.pk).update(role=body.role)


def check_remove_participant(a: Applied) -> None:
    body: AgencyBody = a.body  # type: ignore[assignment]
    row = _participant(a, body.agency)
    if row.agency_id == a.obj.home_agency_id or (
        row.agency_id == a.by_agency.pk and row.role == ParticipantRole.LEAD
    ):
        raise InvalidChange(_("The lead cannot remove itself."))


def apply_remove_participant(a: Applied) -> None:
    body: AgencyBody = a.body  # type: ignore[assignment]
    row = _participant(a, body.agency)
    Participant.objects.filter(pk=row.pk).update(active=False, until=a.at)
    # Its members go with it: were it added again, it names its members again.
    Member.objects.filter(obj=a.obj, agency_id=row.agency_id, active=True).update(
        active=False, until=a.at
    )


# Members.


def check_add_member(a: Applied) -> None:
    body: MemberBody = a.body  # type: ignore[assignment]
    _own_unless_manage(a, body.agency)
    row = _participant(a, body.agency)
    if Member.objects.filter(
        obj=a.obj, agency=row.agency, username=body.username, active=True
    ).exists():
        raise InvalidChange(_("%(name)s is already a member.") % {"name": body.name})
    if row.agency.node_code == queries.local_node():
        user = User.objects.filter(agency=row.agency, username=body.username).first()
        if user is None or not user.is_active:
            raise InvalidChange(_("No active user %(name)s.") % {"name": body.username})


def apply_add_member(a: Applied) -> None:
    body: MemberBody = a.body  # type: ignore[assignment]
    row = _participant(a, body.agency)
    Member.objects.update_or_create(
        obj=a.obj,
        agency=row.agency,
        username=body.username,
        defaults={"name": body.name, "active": True, "since": a.at, "until": None},
    )


def _member(a: Applied, body: MemberRefBody) -> Member:
    member = Member.objects.filter(
        obj=a.obj, agency__code=body.agency, username=body.username, active=True
    ).first()
    if member is None:
        raise InvalidChange(_("%(name)s is not a member.") % {"name": body.username})
    return member


def check_remove_member(a: Applied) -> None:
    body: MemberRefBody = a.body  # type: ignore[assignment]
    _own_unless_manage(a, body.agency)
    _member(a, body)


def apply_remove_member(a: Applied) -> None:
    body: MemberRefBody = a.body  # type: ignore[assignment]
    Member.objects.filter(pk=_member(a, body).pk).update(active=False, until=a.at)


# The handling ceiling.


def check_set_ceiling(a: Applied) -> None:
    body: CeilingBody = a.body  # type: ignore[assignment]
    spec = registry.shared_type(a.obj.kind)
    highest = spec.highest(a.obj) if spec is not None and spec.highest is not None else "H0"
    if HANDLING_ORDER[body.handling] < HANDLING_ORDER[highest]:
        raise AboveCeiling(
            _("Something inside is marked %(code)s: the ceiling cannot go below it.")
            % {"code": highest}
        )


def apply_set_ceiling(a: Applied) -> None:
    body: CeilingBody = a.body  # type: ignore[assignment]
    SharedObject.objects.filter(pk=a.obj.pk).update(ceiling=body.handling)
    a.obj.ceiling = body.handling


BUILTIN = (
    Op(registry.ADD_PARTICIPANT, ParticipantBody, Right.MANAGE, apply_add_participant,
       check_add_participant),
    Op(registry.SET_ROLE, ParticipantBody, Right.MANAGE, apply_set_role, check_set_role),
    Op(registry.REMOVE_PARTICIPANT, AgencyBody, Right.MANAGE, apply_remove_participant,
       check_remove_participant),
    Op(registry.ADD_MEMBER, MemberBody, Right.EDIT, apply_add_member, check_add_member),
    Op(registry.REMOVE_MEMBER, MemberRefBody, Right.EDIT, apply_remove_member,
       check_remove_member),
    Op(registry.SET_CEILING, CeilingBody, Right.MANAGE, apply_set_ceiling, check_set_ceiling),
)  # fmt: skip

for _op in BUILTIN:
    registry.register_builtin(_op)
