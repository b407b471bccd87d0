"""Who may do what with a shared object: the pages ask ``can`` to show a button, the actions call
``check``, which raises the refusal ``can`` would answer False for."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from strait.sharing import queries
from strait.sharing.models import SharedObject
from strait.sharing.refusals import NotParticipant, RightMissing
from strait.sharing.registry import Right


def can(user: Any, obj: SharedObject, right: Right) -> bool:
    return right in queries.rights_of(user, obj)


def check(user: Any, obj: SharedObject, right: Right) -> None:
    """Refuse unless the user sees the object and their agency's role gives ``right``."""
    if not queries.is_visible(user, obj):
        raise NotParticipant(_("You do not take part in this."))
    if right not in queries.agency_rights(user.agency_id, obj):
        raise RightMissing(_("Your agency's role here does not allow this."))
