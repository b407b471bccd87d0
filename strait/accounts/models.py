"""Users of a node: each belongs to an agency (and optionally a unit) and holds one role."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from strait import timefmt
from strait.permissions import Permission, Role, role_has


def normalise_username(username: str) -> str:
    """One spelling per account: case-folded, trimmed, Unicode NFKC (AUTH-02)."""
    import unicodedata

    return unicodedata.normalize("NFKC", username).strip().casefold()


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(username=normalise_username(username or ""))

    def create_user(self, username: str, password: str | None = None, **fields: Any) -> User:
        user = self.model(username=normalise_username(username), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user


class User(AbstractBaseUser):
    username = models.CharField(_("username"), max_length=150, unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="users", verbose_name=_("agency")
    )
    unit = models.ForeignKey(
        "agencies.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("unit"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, blank=True, default=""
    )
    # The clock the pages show (IANA name); empty: the agency's.
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True, default="")
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "username"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return f"{self.full_name} ({self.username})"

    def has_permission(self, permission: Permission) -> bool:
        return self.is_active and role_has(self.role, permission)

    @property
    def zone_name(self) -> str:
        return self.time_zone or self.agency.zone_name

    def today(self) -> date:
        """The date on this user's clock: what their pages and API answers call "today"
        (around midnight UTC it is already tomorrow in Madrid and Rabat)."""
        return timezone.localdate(timezone=timefmt.zone(self.zone_name))

    def is_verified(self) -> bool:  # replaced per request by django_otp's OTPMiddleware
        return False


class UserSession(models.Model):
    """Links a server-side session to its user so logout or deactivation can end it (AUTH-03)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sessions")
    session_key = models.CharField(max_length=40, unique=True)
    started_at = models.DateTimeField(default=timezone.now)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "started_at"])]

    def __str__(self) -> str:
        return f"{self.user_id} since {self.started_at:%Y-%m-%d %H:%M}"


class ApiToken(models.Model):
    """A user's key to the JSON API: it acts as that user, with their role's permissions.

    Only a SHA-256 digest of the secret is kept; the secret is shown once, at creation
    (``tokens.create_token``). ``prefix`` is public and finds the row.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    def is_usable(self, now: datetime | None = None) -> bool:
        moment = now or timezone.now()
        return self.revoked_at is None and self.expires_at > moment
