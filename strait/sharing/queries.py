"""Every read of shared objects, scoped to the user: an object is visible to a user of an active
participant agency who is an active member of it (or a supervisor of that agency), or, for a type
that is not ``members_only``, to every user of such an agency. Anything else is "not found"
(AC-03): another agency's object, and a removed member's or removed agency's very next request.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from strait.permissions import Role
from strait.sharing import registry
from strait.sharing.models import (
    Change,
    Member,
    Participant,
    Proposal,
    SharedObject,
)
from strait.sharing.registry import ROLE_RIGHTS, Right

if TYPE_CHECKING:
    from strait.agencies.models import Agency


def local_node() -> str:
    return str(settings.NODE.code)


def visible(user: Any, kind: str) -> QuerySet[SharedObject]:
    """The objects of type ``kind`` the user may see."""
    if not getattr(user, "is_active", False) or getattr(user, "agency_id", None) is None:
        return SharedObject.objects.none()
    objects = SharedObject.objects.filter(kind=kind).filter(
        Exists(
            Participant.objects.filter(obj=OuterRef("pk"), agency_id=user.agency_id, active=True)
        )
    )
    spec = registry.shared_type(kind)
    members_only = spec.members_only if spec is not None else True
    if members_only and user.role != Role.SUPERVISOR:
        objects = objects.filter(
            Exists(
                Member.objects.filter(
                    obj=OuterRef("pk"),
                    agency_id=user.agency_id,
                    username=user.username,
                    active=True,
                )
            )
        )
    return objects


def get_visible(user: Any, uid: uuid.UUID | str, kind: str) -> SharedObject:
    """The object, or Http404 when it does not exist or the user may not see it."""
    try:
        key = uuid.UUID(str(uid))
    except ValueError:
        raise Http404("no such object") from None
    found = visible(user, kind).filter(uid=key).select_related("home_agency").first()
    if found is None:
        raise Http404("no such object")
    return found


def is_visible(user: Any, obj: SharedObject) -> bool:
    return visible(user, obj.kind).filter(pk=obj.pk).exists()


def role_of(agency: Agency | int, obj: SharedObject) -> str | None:
    """The agency's role in the object, None when it is not an active participant."""
    agency_id = agency if isinstance(agency, int) else agency.pk
    row = Participant.objects.filter(obj=obj, agency_id=agency_id, active=True).first()
    return row.role if row is not None else None


def agency_rights(agency: Agency | int, obj: SharedObject) -> frozenset[Right]:
    role = role_of(agency, obj)
    return ROLE_RIGHTS.get(role, frozenset()) if role is not None else frozenset()


def rights_of(user: Any, obj: SharedObject) -> frozenset[Right]:
    """What the user may do with the object: their agency's role's rights, when they see it."""
    if not is_visible(user, obj):
        return frozenset()
    return agency_rights(user.agency_id, obj)


def participants(obj: SharedObject) -> QuerySet[Participant]:
    """The active participant agencies."""
    return (
        Participant.objects.filter(obj=obj, active=True)
        .select_related("agency", "agency__country")
        .order_by("since", "pk")
    )


def members(obj: SharedObject) -> QuerySet[Member]:
    """The active members."""
    return (
        Member.objects.filter(obj=obj, active=True).select_related("agency").order_by("since", "pk")
    )


def pending_proposals(obj: SharedObject) -> QuerySet[Proposal]:
    """This node's proposals still on their way to the home ("waiting for the home node")."""
    return obj.pending_proposals().select_related("by_user")


def refused_proposals(obj: SharedObject) -> QuerySet[Proposal]:
    return obj.refused_proposals().select_related("by_user")


def changes(obj: SharedObject) -> QuerySet[Change]:
    return Change.objects.filter(obj=obj).order_by("seq")


@dataclass(frozen=True)
class Participation:
    """The object's active participant agencies as one read: ``{agency id: (role, node)}``.
    ``order`` reads it once under the object's lock and uses it for the role check and the
    nodes to send to, instead of a query for each."""

    rows: dict[int, tuple[str, str]]

    def role_of(self, agency: Agency | int) -> str | None:
        agency_id = agency if isinstance(agency, int) else agency.pk
        row = self.rows.get(agency_id)
        return row[0] if row is not None else None

    def rights(self, agency: Agency | int) -> frozenset[Right]:
        role = self.role_of(agency)
        return ROLE_RIGHTS.get(role, frozenset()) if role is not None else frozenset()

    def nodes(self) -> set[str]:
        return {node for _role, node in self.rows.values()}


def participation(obj: SharedObject) -> Participation:
    rows = Participant.objects.filter(obj=obj, active=True).values_list(
        "agency_id", "role", "agency__node_code"
    )
    return Participation({agency: (role, node) for agency, role, node in rows})


def nodes_of(obj: SharedObject) -> set[str]:
    """The nodes with an active participant agency (this one included when it has one)."""
    return set(
        Participant.objects.filter(obj=obj, active=True).values_list("agency__node_code", flat=True)
    )
