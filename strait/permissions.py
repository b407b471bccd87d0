"""Permissions are names (an enum), roles are sets of them; views declare what they need.

Every view must carry a declaration: ``@requires(Permission.X)`` or ``@public``. The permission
harness in tests/test_permissions.py fails for any URL whose view declares neither (AC-01).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from strait.refusals import NotPermitted

# Any response, a stream too (notifications' event stream).
View = TypeVar("View", bound=Callable[..., HttpResponseBase])


class Role(models.TextChoices):
    OFFICER = "officer", _("Officer")
    ANALYST = "analyst", _("Analyst")
    LIAISON_OFFICER = "liaison", _("Liaison officer")
    SUPERVISOR = "supervisor", _("Supervisor")
    NODE_ADMIN = "node_admin", _("Node administrator")
    DATA_PROTECTION_OFFICER = "dpo", _("Data-protection officer")
    NODE_AUDITOR = "node_auditor", _("Node auditor")
    # Governance (issue 15): a committee's secretariat writes its meetings and follow-up; a
    # chair (a director general, a minister's representative) signs the minutes for their side.
    SECRETARIAT = "secretariat", _("Committee secretariat")
    CHAIR = "chair", _("Committee chair")


class Permission(enum.StrEnum):
    HOME_VIEW = "web:home:view"
    DIRECTORY_VIEW = "agencies:directory:view"
    PROFILE_EDIT = "accounts:profile:edit"
    USERS_MANAGE = "accounts:user:manage"
    AUDIT_READ = "audit:log:read"
    # The whole node's log, node-level entries (no agency) included; AUDIT_READ alone is the
    # reader's own agency's entries: each agency is its own controller (issue 11).
    AUDIT_READ_NODE = "audit:log:read_node"
    PEERS_MANAGE = "federation:peer:manage"
    MESSAGES_READ = "exchange:message:read"
    MESSAGES_SEND = "exchange:message:send"
    MESSAGES_EXPORT = "exchange:message:export"
    CONSENT_ANSWER = "exchange:consent:answer"
    CHANNELS_VIEW = "exchange:channel:view"
    API_TOKENS_MANAGE = "accounts:api_token:manage"
    ENTITIES_READ = "entities:entity:read"
    ENTITIES_WRITE = "entities:entity:write"
    ENTITIES_IMPORT = "entities:entity:import"
    CHECKS_SEND = "checks:check:send"
    CHECKS_ANSWER = "checks:check:answer"
    CHECKS_OPEN = "checks:opening:manage"
    ENTITIES_EXPORT_APPROVE = "entities:export:approve"
    OPERATIONS_READ = "operations:operation:read"
    OPERATIONS_WRITE = "operations:operation:write"
    OPERATIONS_CREATE = "operations:operation:create"
    # Alerts (issue 14): everyone who works cases reads the alerts addressed to their agency and
    # acknowledges them; officers and analysts draft; a supervisor releases (four eyes, AC-05)
    # and updates, extends or withdraws. The grounds of a discreet check are not for the
    # frontline: officers see only the required action.
    ALERTS_READ = "alerts:alert:read"
    ALERTS_DRAFT = "alerts:alert:draft"
    ALERTS_RELEASE = "alerts:alert:release"
    ALERTS_READ_GROUNDS = "alerts:alert:read_grounds"
    # The Strait situation picture: read by everyone who reads alerts; crossing reports and
    # segment impact levels by those who work the coast (officers, analysts, supervisors).
    SITUATION_READ = "situation:picture:read"
    SITUATION_WRITE = "situation:picture:write"
    # Governance (issue 15): the members of a body (every user of a member agency who works
    # cases) read it; the secretariat writes; a chair signs the minutes.
    GOVERNANCE_READ = "governance:body:read"
    GOVERNANCE_WRITE = "governance:body:write"
    GOVERNANCE_SIGN = "governance:minutes:sign"
    # Port cooperation centres (issue 16): the duty officers of both sides read and write the
    # roster, duty log and incidents of the centres their agency takes part in; officers and
    # analysts screen manifests; a supervisor sets the centre up (postings, rules).
    PORTS_READ = "ports:centre:read"
    PORTS_WRITE = "ports:centre:write"
    PORTS_MANAGE = "ports:centre:manage"
    PORTS_SCREEN = "ports:manifest:screen"
    # The summer transit operation (OPE / Marhaba): read by all who work cases, figures entered
    # by officers, analysts and supervisors for their own ports; a supervisor opens the year.
    TRANSIT_READ = "transit:operation:read"
    TRANSIT_WRITE = "transit:operation:write"
    TRANSIT_MANAGE = "transit:operation:manage"
    # Major events (2030 World Cup): the cooperation centre's log and assessments read and
    # written by all who work cases; analysts and supervisors set an event up (venues,
    # fixtures, seats); the knowledge base is read by all and written by the same.
    EVENTS_READ = "events:event:read"
    EVENTS_WRITE = "events:event:write"
    EVENTS_MANAGE = "events:event:manage"


_EVERYONE = {
    Permission.HOME_VIEW,
    Permission.DIRECTORY_VIEW,
    Permission.PROFILE_EDIT,
    Permission.CHANNELS_VIEW,
    Permission.API_TOKENS_MANAGE,
}
# Those who work the channels. Node administrators and data-protection officers run the node and
# watch it; they do not read the exchanges.
_EXCHANGE = {Permission.MESSAGES_READ, Permission.MESSAGES_SEND}
# Officers look up and check; analysts and supervisors keep the files, answer checks, decide.
_CHECKING = {Permission.ENTITIES_READ, Permission.CHECKS_SEND}
_KEEPING = _CHECKING | {
    Permission.ENTITIES_WRITE,
    Permission.ENTITIES_IMPORT,
    Permission.CHECKS_ANSWER,
}
# Joint operations: everyone who works cases reads and contributes to the ones they are members
# of; analysts and supervisors open new ones (issue 13).
_OPERATIONS = {Permission.OPERATIONS_READ, Permission.OPERATIONS_WRITE}
# Alerts and the situation picture (issue 14): read and acknowledged by all who work cases.
_ALERTS = {
    Permission.ALERTS_READ,
    Permission.ALERTS_DRAFT,
    Permission.SITUATION_READ,
    Permission.SITUATION_WRITE,
}
# Governance: every member agency's users who work cases read their bodies and the follow-up.
_GOVERNANCE_MEMBER = {Permission.GOVERNANCE_READ}
# Ports, transit and major events (issue 16): read and written by all who work cases.
_FIELD = {
    Permission.PORTS_READ,
    Permission.PORTS_WRITE,
    Permission.TRANSIT_READ,
    Permission.EVENTS_READ,
    Permission.EVENTS_WRITE,
}
# Those who also screen manifests and enter the transit figures (not the liaison officer, who
# passes information on rather than working the quay).
_QUAY = {Permission.PORTS_SCREEN, Permission.TRANSIT_WRITE}

ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    Role.OFFICER: frozenset(
        _EVERYONE
        | _EXCHANGE
        | _CHECKING
        | _OPERATIONS
        | _ALERTS
        | _GOVERNANCE_MEMBER
        | _FIELD
        | _QUAY
    ),
    Role.ANALYST: frozenset(
        _EVERYONE
        | _EXCHANGE
        | _KEEPING
        | _OPERATIONS
        | _ALERTS
        | _GOVERNANCE_MEMBER
        | {Permission.MESSAGES_EXPORT, Permission.OPERATIONS_CREATE}
        | {Permission.ALERTS_READ_GROUNDS}
        | _FIELD
        | _QUAY
        | {Permission.EVENTS_MANAGE}
    ),
    Role.LIAISON_OFFICER: frozenset(
        _EVERYONE
        | _EXCHANGE
        | _CHECKING
        | _OPERATIONS
        | _ALERTS
        | _GOVERNANCE_MEMBER
        | {Permission.MESSAGES_EXPORT, Permission.ALERTS_READ_GROUNDS}
        | _FIELD
    ),
    Role.SUPERVISOR: frozenset(
        _EVERYONE
        | _EXCHANGE
        | _KEEPING
        | _OPERATIONS
        | {Permission.MESSAGES_EXPORT, Permission.CONSENT_ANSWER, Permission.CHECKS_OPEN}
        | {Permission.OPERATIONS_CREATE}
        | {Permission.ENTITIES_EXPORT_APPROVE}
        | _ALERTS
        | _GOVERNANCE_MEMBER
        | {Permission.ALERTS_RELEASE, Permission.ALERTS_READ_GROUNDS}
        | _FIELD
        | _QUAY
        | {Permission.PORTS_MANAGE, Permission.TRANSIT_MANAGE, Permission.EVENTS_MANAGE}
    ),
    # The secretariat links what implements a recommendation: it reads the operations and the
    # threads it links (every read still scoped to its agency and to what it takes part in).
    Role.SECRETARIAT: frozenset(
        _EVERYONE
        | {Permission.GOVERNANCE_READ, Permission.GOVERNANCE_WRITE}
        | {Permission.OPERATIONS_READ, Permission.MESSAGES_READ, Permission.ALERTS_READ}
        | {Permission.TRANSIT_READ, Permission.EVENTS_READ}
    ),
    Role.CHAIR: frozenset(
        _EVERYONE
        | {Permission.GOVERNANCE_READ, Permission.GOVERNANCE_SIGN}
        | {Permission.OPERATIONS_READ}
        | {Permission.TRANSIT_READ, Permission.EVENTS_READ}
    ),
    Role.NODE_ADMIN: frozenset(_EVERYONE | {Permission.USERS_MANAGE, Permission.PEERS_MANAGE}),
    # A data-protection officer oversees their own agency; a node auditor, if the node needs
    # one, the whole node (federation security events and other entries of no agency).
    Role.DATA_PROTECTION_OFFICER: frozenset(_EVERYONE | {Permission.AUDIT_READ}),
    Role.NODE_AUDITOR: frozenset(_EVERYONE | {Permission.AUDIT_READ, Permission.AUDIT_READ_NODE}),
}


def role_has(role: str, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS.get(role, frozenset())


def user_has(user: Any, permission: Permission) -> bool:
    """True only for an active, fully authenticated (password and second factor) user."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if not user.is_verified():
        return False
    return role_has(user.role, permission)


def require(user: Any, permission: Permission) -> None:
    """Refuse (``NotPermitted``) unless the user holds the permission: the one check every
    action runs first, whatever way in (page, API, command) called it."""
    # Not ``user_has``: an action may run for a token's user or a command, with no second-factor
    # session; the way in (view, API auth) has already checked how the user got there.
    if not (getattr(user, "is_active", False) and role_has(user.role, permission)):
        raise NotPermitted(gettext("You do not have permission to do this."))


def requires(permission: Permission) -> Callable[[View], View]:
    """Declare the permission a view needs; anonymous users go to login, others get 403."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            user: Any = request.user  # no strait.accounts import: permissions sit above apps
            if not user.is_authenticated or not user.is_verified():
                # Here, not at the top: django.contrib.auth.views loads the user model, which
                # imports this module.
                from django.contrib.auth.views import redirect_to_login

                return redirect_to_login(request.get_full_path())
            if not user_has(user, permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.strait_permission = permission  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate


def public(view: View) -> View:
    """Declare a view open to anonymous users (login, language switch, health)."""
    view.strait_permission = "public"  # type: ignore[attr-defined]
    return view


def signed_by_peer(view: View) -> View:
    """Declare a node-to-node endpoint: no session; each envelope proves who sent it (FED-02)."""
    view.strait_permission = "signed"  # type: ignore[attr-defined]
    return view
