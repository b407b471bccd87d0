"""Reads of accounts data, scoped to what the reader may see."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from strait.accounts.models import User
from strait.agencies.models import Agency
from strait.permissions import Permission, user_has


def local_agencies() -> QuerySet[Agency]:
    """Agencies whose users live on this node (the operator's command line may create any)."""
    return Agency.objects.filter(node_code=settings.NODE.code).select_related("country")


def agencies_managed_by(user: User) -> QuerySet[Agency]:
    """The agencies whose users ``user`` manages: their own, if it lives on this node."""
    if not user_has(user, Permission.USERS_MANAGE):
        return Agency.objects.none()
    return local_agencies().filter(pk=user.agency_id)


def users_manageable_by(user: User) -> QuerySet[User]:
    """The users of the administrator's own agency (policy.can_manage); none for anyone else."""
    if not user_has(user, Permission.USERS_MANAGE):
        return User.objects.none()
    return User.objects.filter(agency_id=user.agency_id).select_related("agency", "unit")


def confirmed_device(user: User) -> TOTPDevice | None:
    """The user's confirmed TOTP device (their second factor), if they have enrolled one."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
