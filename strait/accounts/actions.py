"""Every change to users, their second factor and their sessions: the change and its audit row
commit together. Views only translate HTTP into these calls (issue 10).

Each user-management action checks, whoever calls it, that the acting user holds
USERS_MANAGE and manages the user's agency (``policy.can_manage``: their own agency only);
``acting_user=None`` is the operator's command line, which is node-wide. They also enforce the
invariants that must hold whoever calls them (unit within agency, strong password, no
self-deactivation) and end server-side sessions where access must stop at once (AUTH-03).
Refusals are ``strait.refusals.Refused`` (``NotPermitted`` for a missing permission or another
agency's user), with the form field they concern in ``problems`` where there is one.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from strait import timefmt
from strait.accounts import policy, sessions
from strait.accounts.models import User, normalise_username
from strait.accounts.queries import local_agencies
from strait.agencies.models import Agency, Unit
from strait.audit.events import AuditAction
from strait.audit.log import client_ip, record
from strait.permissions import Permission, Role, require
from strait.refusals import NotPermitted, Refused

# The authentication backend a completed login is recorded with.
BACKEND = "strait.accounts.backends.NormalisedUsernameBackend"

# Fields an administrator may change with do_change_user, in display order.
CHANGEABLE_FIELDS = ("full_name", "email", "unit", "role", "language")


def _audit_value(value: Any) -> Any:
    """What the audit log keeps of a field value: codes for related rows, plain text otherwise."""
    if isinstance(value, Unit | Agency):
        return value.code
    return value


def check_may_manage(acting_user: User | None, agency_id: int | None) -> None:
    """The administrator's permission, then the own-agency rule; ``None`` is the operator's
    shell (``strait createuser``), which manages the whole node."""
    if acting_user is None:
        return
    require(acting_user, Permission.USERS_MANAGE)
    if not policy.can_manage_agency(acting_user, agency_id):
        raise NotPermitted(_("You manage only the users of your own agency."), code="other_agency")


def check_unit(agency: Agency, unit: Unit | None) -> None:
    if unit is not None and unit.agency_id != agency.pk:
        raise Refused(
            _("The unit %(unit)s does not belong to the agency %(agency)s.")
            % {"unit": unit.code, "agency": agency.code},
            code="unit_agency",
            problems=[("unit", _("This unit does not belong to the chosen agency."))],
        )


def check_password(password: str, user: User) -> None:
    """Django's password validators, as a refusal naming the password field."""
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise Refused(
            code="weak_password", problems=[("password1", m) for m in error.messages]
        ) from error


@transaction.atomic
def do_create_user(
    *,
    username: str,
    full_name: str,
    agency: Agency,
    role: str,
    password: str,
    acting_user: User | None,
    unit: Unit | None = None,
    email: str = "",
    request: HttpRequest | None = None,
) -> User:
    """Create a local user. They enrol their TOTP second factor at their first login."""
    check_may_manage(acting_user, agency.pk)
    username = normalise_username(username)
    if not username:
        raise Refused(
            code="username_required", problems=[("username", _("A username is required."))]
        )
    if User.objects.filter(username=username).exists():
        raise Refused(
            code="username_taken",
            problems=[("username", _("A user with this username already exists."))],
        )
    if not local_agencies().filter(pk=agency.pk).exists():
        raise Refused(
            code="agency",
            problems=[("agency", _("This agency's users are not kept on this node."))],
        )
    if role not in Role.values:
        raise Refused(code="role", problems=[("role", _("Unknown role."))])
    check_unit(agency, unit)
    user = User(
        username=username, full_name=full_name, email=email, agency=agency, unit=unit, role=role
    )
    check_password(password, user)
    user.set_password(password)
    user.save()
    record(
        AuditAction.USER_CREATED,
        request=request,
        actor=acting_user,
        target=username,
        details={
            "agency": agency.code,
            "unit": unit.code if unit else None,
            "role": role,
        },
    )
    return user


@transaction.atomic
def do_change_user(
    user: User,
    changes: dict[str, Any],
    *,
    acting_user: User | None,
    request: HttpRequest | None = None,
) -> dict[str, dict[str, Any]]:
    """Apply changes to the given fields; audit before/after of those that really changed."""
    check_may_manage(acting_user, user.agency_id)
    unknown = set(changes) - set(CHANGEABLE_FIELDS)
    if unknown:
        raise ValueError(f"not changeable here: {sorted(unknown)}")
    if "unit" in changes:
        check_unit(user.agency, changes["unit"])
    if "role" in changes and changes["role"] not in Role.values:
        raise Refused(code="role", problems=[("role", _("Unknown role."))])
    if (
        acting_user is not None
        and acting_user.pk == user.pk
        and "role" in changes
        and changes["role"] != user.role
    ):
        # Otherwise the last administrator could demote themselves and strand the node.
        raise Refused(_("You cannot change your own role."), code="own_role")

    diff: dict[str, dict[str, Any]] = {}
    for field in CHANGEABLE_FIELDS:
        if field not in changes:
            continue
        before, after = getattr(user, field), changes[field]
        if _audit_value(before) != _audit_value(after):
            diff[field] = {"before": _audit_value(before), "after": _audit_value(after)}
            setattr(user, field, after)
    if not diff:
        return diff
    user.save(update_fields=list(diff))
    record(
        AuditAction.USER_CHANGED,
        request=request,
        actor=acting_user,
        target=user.username,
        details={"changes": diff},
    )
    if "role" in diff:
        record(
            AuditAction.ROLE_CHANGED,
            request=request,
            actor=acting_user,
            target=user.username,
            details=diff["role"],
        )
    return diff


@transaction.atomic
def do_deactivate_user(
    user: User, *, acting_user: User | None, request: HttpRequest | None = None
) -> None:
    check_may_manage(acting_user, user.agency_id)
    if acting_user is not None and acting_user.pk == user.pk:
        raise Refused(_("You cannot deactivate yourself."), code="self_deactivate")
    if not user.is_active:
        return
    user.is_active = False
    user.save(update_fields=["is_active"])
    ended = sessions.end_all_sessions(user)
    record(
        AuditAction.USER_DEACTIVATED,
        request=request,
        actor=acting_user,
        target=user.username,
        details={"sessions_ended": ended},
    )


@transaction.atomic
def do_reactivate_user(
    user: User, *, acting_user: User | None, request: HttpRequest | None = None
) -> None:
    check_may_manage(acting_user, user.agency_id)
    if user.is_active:
        return
    user.is_active = True
    user.save(update_fields=["is_active"])
    record(AuditAction.USER_REACTIVATED, request=request, actor=acting_user, target=user.username)


@transaction.atomic
def do_set_password(
    user: User, password: str, *, acting_user: User | None, request: HttpRequest | None = None
) -> None:
    """Set a new password; every session opened with the old one ends."""
    check_may_manage(acting_user, user.agency_id)
    check_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    ended = sessions.end_all_sessions(user)
    record(
        AuditAction.PASSWORD_CHANGED,
        request=request,
        actor=acting_user,
        target=user.username,
        details={"sessions_ended": ended},
    )


@transaction.atomic
def do_reset_second_factor(
    user: User, *, acting_user: User | None, request: HttpRequest | None = None
) -> None:
    """Remove the user's TOTP devices (lost phone): they enrol a new one at their next login."""
    check_may_manage(acting_user, user.agency_id)
    removed, _deleted = TOTPDevice.objects.filter(user=user).delete()
    ended = sessions.end_all_sessions(user)
    record(
        AuditAction.USER_CHANGED,
        request=request,
        actor=acting_user,
        target=user.username,
        details={
            "changes": {
                "second_factor": {"before": "enrolled" if removed else "none", "after": "reset"}
            },
            "devices_removed": removed,
            "sessions_ended": ended,
        },
    )


def do_start_enrolment(user: User) -> TOTPDevice:
    """The user's one unconfirmed TOTP device, made at their first visit to enrolment and reused
    on every later one, so the QR code stays the same. Nothing to audit until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="default", confirmed=False)
    return device


@transaction.atomic
def do_enrol_second_factor(device: TOTPDevice, *, request: HttpRequest | None = None) -> None:
    """Confirm a TOTP device whose first code was just verified."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    record(
        AuditAction.SECOND_FACTOR_ENROLLED,
        request=request,
        actor=device.user,
        target=device.user.username,
    )


def do_set_user_language(user: User, language: str) -> None:
    # A display preference, not an access change: no audit row (it would drown real events).
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])


def do_set_user_time_zone(user: User, time_zone: str) -> None:
    """The clock the pages show; empty for the agency's. A display preference: no audit row."""
    require(user, Permission.PROFILE_EDIT)
    if time_zone and not timefmt.is_known_zone(time_zone):
        raise Refused(_("Unknown time zone."), code="invalid")
    if user.time_zone != time_zone:
        user.time_zone = time_zone
        user.save(update_fields=["time_zone"])


# The login and logout steps that write: the audit row, the server-side session registry.


def do_record_failed_password(username: str, *, request: HttpRequest) -> None:
    """A wrong username or password (Axes counts it through Django's own signal)."""
    record(AuditAction.LOGIN_FAILED, request=request, target=username, details={"step": "password"})


def do_record_failed_code(user: User, *, request: HttpRequest) -> None:
    """A wrong second-factor code: audited, and counted toward the user's lockout."""
    record(AuditAction.SECOND_FACTOR_FAILED, request=request, target=user.username)
    user_login_failed.send(
        sender=__name__, credentials={"username": user.username}, request=request
    )


def do_complete_login(request: HttpRequest, user: User, device: TOTPDevice) -> None:
    """Both factors passed: log the user in on a new session key, register the session on the
    server (AUTH-03) and audit the login, together."""
    with transaction.atomic():
        auth_login(request, user, backend=BACKEND)  # new session key again, after both factors
        otp_login(request, device)
        sessions.register_session(request.session, user, client_ip(request))
        record(AuditAction.LOGIN, request=request, actor=user, target=user.username)


def do_logout(request: HttpRequest) -> None:
    """End the session on the server (its row is deleted) and audit it."""
    with transaction.atomic():
        record(AuditAction.LOGOUT, request=request, target=request.user.get_username())
        sessions.forget_session(request.session.session_key)
        auth_logout(request)  # flushes: the session row is deleted on the server


def do_end_expired_session(request: HttpRequest) -> None:
    """The session outlived its absolute lifetime (AUTH-03): audit and end it, whatever the
    activity."""
    user = request.user
    with transaction.atomic():
        record(
            AuditAction.SESSION_EXPIRED,
            request=request,
            actor=user,
            target=user.get_username(),
            details={"reason": "absolute lifetime"},
        )
        sessions.forget_session(request.session.session_key)
        auth_logout(request)
