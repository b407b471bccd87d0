"""Every read of governance, scoped through ``sharing.queries``: a body is visible to the users
of its member agencies who hold the governance permission; anything else is "not found"."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import Http404

from strait.governance import ops
from strait.governance.models import Body
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
