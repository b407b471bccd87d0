"""Exporting the user's agency's records as FollowTheMoney JSON lines, audited (LOG-01)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from strait.accounts.permissions import Permission
from strait.audit.events import AuditAction
from strait.audit.log import record as audit
from strait.entities import ftm
from strait.entities.validation import Invalid

if TYPE_CHECKING:
    from strait.accounts.models import User


def export_ftm(user: User, *, request: HttpRequest | None = None) -> str:
    """Every record of the user's agency, one FtM entity per line; one audit entry."""
    if not user.has_permission(Permission.ENTITIES_IMPORT):
        raise Invalid([("", _("You do not have permission to do this."))])
    with transaction.atomic():
        lines = list(ftm.export_lines(user))
        audit(
            AuditAction.ENTITIES_EXPORTED,
            request=request,
            actor=user,
            target=f"agency:{user.agency.code}",
            details={"format": "ftm", "entities": len(lines)},
        )
    return "".join(f"{line}\n" for line in lines)
