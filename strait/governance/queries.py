"""Every read of governance, scoped through ``sharing.queries``: a body is visible to the users
of its member agencies who hold the governance permission; anything else is "not found"."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import Http404

from strait.governance import ops
from strait.governance.models import ActionItem, Body, Evidence, Meeting, Recommendation
from strait.permissions import Permission, require
from strait.sharing import queries as sharing

if TYPE_CHECKING:
    from strait.accounts.models import User


def bodies(user: User) -> QuerySet[Body]:
    require(user, Permission.GOVERNANCE_READ)
    return Body.objects.filter(obj__in=sharing.visible(user, ops.KIND)).select_related("obj")


def body(user: User, uid: uuid.UUID | str) -> Body:
    found = bodies(user).filter(obj__uid=uid).first()
    if found is None:
        raise Http404
    return found


# The rows inside a body, found by uid through the bodies the user sees (another agency's:
# "not found", whatever exists).


def meeting(user: User, uid: uuid.UUID | str) -> Meeting:
    found = (
        Meeting.objects.filter(body__in=bodies(user), uid=uid)
        .select_related("body", "body__obj")
        .first()
    )
    if found is None:
        raise Http404
    return found


def recommendation(user: User, uid: uuid.UUID | str) -> Recommendation:
    found = (
        Recommendation.objects.filter(body__in=bodies(user), uid=uid)
        .select_related("body", "body__obj", "meeting")
        .first()
    )
    if found is None:
        raise Http404
    return found


def action_item(user: User, uid: uuid.UUID | str) -> ActionItem:
    found = (
        ActionItem.objects.filter(recommendation__body__in=bodies(user), uid=uid)
        .select_related("recommendation", "recommendation__body", "recommendation__body__obj")
        .first()
    )
    if found is None:
        raise Http404
    return found


def evidence_item(user: User, uid: uuid.UUID | str) -> Evidence:
    found = (
        Evidence.objects.filter(action__recommendation__body__in=bodies(user), uid=uid)
        .select_related(
            "action",
            "action__recommendation",
            "action__recommendation__body",
            "action__recommendation__body__obj",
        )
        .first()
    )
    if found is None:
        raise Http404
    return found


def children(user: User, body: Body) -> QuerySet[Body]:
    return bodies(user).filter(parent_uid=body.obj.uid)


def parent(user: User, body: Body) -> Body | None:
    if body.parent_uid is None:
        return None
    return bodies(user).filter(obj__uid=body.parent_uid).first()
