"""Per-user API tokens: create (the secret is shown once), authenticate, revoke.

A token reads ``strait_<prefix>_<secret>``. The prefix is public and finds the row; only the
SHA-256 digest of the secret is stored (the secret is 256 random bits, so a slow hash would add
nothing). A token acts as its user with exactly their role's permissions, and stops working
when it is revoked, when it expires, or when its user is deactivated.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from strait.accounts.models import ApiToken, User
from strait.audit.events import AuditAction
from strait.audit.log import record
from strait.permissions import Permission, require
from strait.refusals import NotPermitted, Refused

SCHEME = "strait"
DEFAULT_DAYS = 90
MAX_DAYS = 365
MAX_ACTIVE_PER_USER = 10
# A token in use is written back at most this often, not on every request.
LAST_USED_EVERY = dt.timedelta(minutes=5)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def tokens_of(user: User) -> QuerySet[ApiToken]:
    """The user's own tokens, newest first: the only ones they see or revoke."""
    return ApiToken.objects.filter(user=user)


def active_tokens_of(user: User) -> QuerySet[ApiToken]:
    return tokens_of(user).filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


@transaction.atomic
def create_token(
    user: User,
    *,
    name: str,
    days: int = DEFAULT_DAYS,
    acting_user: User,
    request: HttpRequest | None = None,
) -> tuple[ApiToken, str]:
    """Create a token for ``user``; returns the row and the full token, which is never stored."""
    if acting_user.pk != user.pk:
        raise NotPermitted(_("Users create their own tokens."), code="owner")
    if not user.is_active:
        raise NotPermitted(_("This user is deactivated."), code="inactive")
    require(acting_user, Permission.API_TOKENS_MANAGE)
    name = name.strip()
    if not name or len(name) > 100:
        raise Refused(_("Give the token a name of at most 100 characters."), code="name")
    if not 1 <= days <= MAX_DAYS:
        raise Refused(
            _("A token lives between 1 and %(max)s days.") % {"max": MAX_DAYS}, code="days"
        )
    if active_tokens_of(user).count() >= MAX_ACTIVE_PER_USER:
        raise Refused(
            _("You already have %(n)s active tokens: revoke one first.")
            % {"n": MAX_ACTIVE_PER_USER},
            code="too_many",
        )
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    now = timezone.now()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=prefix,
        secret_hash=_digest(secret),
        created_at=now,
        expires_at=now + dt.timedelta(days=days),
    )
    record(
        AuditAction.API_TOKEN_CREATED,
        request=request,
        actor=acting_user,
        target=user.username,
        details={"prefix": prefix, "name": name, "expires_at": token.expires_at.isoformat()},
    )
    return token, f"{SCHEME}_{prefix}_{secret}"


def authenticate(raw: str) -> ApiToken | None:
    """The usable token ``raw`` stands for, with its user loaded; None for anything else."""
    scheme, _sep, rest = raw.strip().partition("_")
    prefix, _sep, secret = rest.partition("_")
    if scheme != SCHEME or not prefix or not secret or len(raw) > 200:
        return None
    token = ApiToken.objects.select_related("user", "user__agency").filter(prefix=prefix).first()
    if token is None:
        return None
    if not hmac.compare_digest(token.secret_hash, _digest(secret)):
        return None
    now = timezone.now()
    if not token.is_usable(now) or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


@transaction.atomic
def revoke_token(token: ApiToken, *, acting_user: User, request: HttpRequest | None = None) -> None:
    """Revoke one of the acting user's own tokens; it stops working at once. Idempotent."""
    if token.user_id != acting_user.pk:
        raise NotPermitted(_("Users revoke their own tokens."), code="owner")
    now = timezone.now()
    if not ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now):
        return
    token.revoked_at = now
    record(
        AuditAction.API_TOKEN_REVOKED,
        request=request,
        actor=acting_user,
        target=acting_user.username,
        details={"prefix": token.prefix, "name": token.name},
    )
