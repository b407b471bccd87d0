"""Typed audit tags: every audited action has a name here, nowhere else."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    LOGIN = "auth.login", _("Login")
    LOGIN_FAILED = "auth.login_failed", _("Failed login")
    SECOND_FACTOR_FAILED = "auth.second_factor_failed", _("Failed second factor")
    SECOND_FACTOR_ENROLLED = "auth.second_factor_enrolled", _("Second factor enrolled")
    LOCKOUT = "auth.lockout", _("Account locked out")
    LOGOUT = "auth.logout", _("Logout")
    SESSION_EXPIRED = "auth.session_expired", _("Session expired")
    USER_CREATED = "accounts.user_created", _("User created")
    USER_CHANGED = "accounts.user_changed", _("User changed")
    ROLE_CHANGED = "accounts.role_changed", _("Role changed")
    USER_DEACTIVATED = "accounts.user_deactivated", _("User deactivated")
    USER_REACTIVATED = "accounts.user_reactivated", _("User reactivated")
    PASSWORD_CHANGED = "accounts.password_changed", _("Password changed")
    AUDIT_READ = "audit.read", _("Audit log read")
    AUDIT_VERIFIED = "audit.verified", _("Audit chain verified")
    NODE_INITIALISED = "federation.node_initialised", _("Node keys created")
    KEYS_ROTATED = "federation.keys_rotated", _("Node keys rotated")
    KEY_REVOKED = "federation.key_revoked", _("Node key revoked")
    PEER_ADDED = "federation.peer_added", _("Peer added")
    ENVELOPE_RECEIVED = "federation.envelope_received", _("Envelope received")
    FEDERATION_SECURITY_EVENT = "federation.security_event", _("Federation security event")
    NOTICE_SENT = "federation.notice_sent", _("Notice sent")
