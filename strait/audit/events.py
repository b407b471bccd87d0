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
    PEER_RETRY = "federation.peer_retry", _("Delivery to a peer retried now")
    MESSAGE_DISCLOSED = "exchange.disclosed", _("Message disclosed")
    MESSAGE_RECEIVED = "exchange.received", _("Message received")
    MESSAGE_CONSULTED = "exchange.consulted", _("Message consulted")
    MESSAGE_EXPORTED = "exchange.exported", _("Message exported")
    MESSAGE_CORRECTED = "exchange.corrected", _("Correction applied")
    REQUEST_ESCALATED = "exchange.escalated", _("Overdue request escalated")
    ATTACHMENT_DOWNLOADED = "exchange.attachment_downloaded", _("Attachment downloaded")
    THREAD_CLOSED = "exchange.thread_closed", _("Thread closed")
    THREAD_REOPENED = "exchange.thread_reopened", _("Thread reopened")
    CONSENT_REQUESTED = "exchange.consent_requested", _("Consent requested")
    CONSENT_ANSWERED = "exchange.consent_answered", _("Consent answered")
    API_TOKEN_CREATED = "accounts.api_token_created", _("API token created")
    API_TOKEN_REVOKED = "accounts.api_token_revoked", _("API token revoked")
    ENTITY_CREATED = "entities.created", _("Entity created")
    ENTITY_CHANGED = "entities.changed", _("Entity changed")
    ENTITY_ERASED = "entities.erased", _("Entity erased")
    ENTITY_CONSULTED = "entities.consulted", _("Entity consulted")
    ENTITIES_IMPORTED = "entities.imported", _("Entities imported")
    ENTITIES_IMPORT_STARTED = "entities.import_started", _("Entities import started")
    ENTITIES_EXPORTED = "entities.exported", _("Entities exported")
    ENTITIES_EXPORT_REQUEST = "entities.export_request", _("Entities export asked or decided")
    CHECK_SENT = "checks.sent", _("Check sent")
    CHECK_ANSWERED = "checks.answered", _("Partner's check answered")
    CHECK_ANSWER_RECEIVED = "checks.answer_received", _("Check answer received")
    CHECK_REFUSED = "checks.refused", _("Check refused")
    CHECK_OPENING_CHANGED = "checks.opening_changed", _("Openness to checks changed")
    CHECK_CANDIDATE_CONSULTED = "checks.candidate_consulted", _("Check candidate consulted")
    CHECK_INCOMING_CONSULTED = "checks.incoming_consulted", _("Partners' checks consulted")
    CHECK_DETAILS_REQUESTED = "checks.details_requested", _("Details requested after a hit")
    MATCH_DECIDED = "matching.decided", _("Match decision recorded")
    NOTIFICATION_PREFERENCES_CHANGED = (
        "notifications.preferences_changed",
        _("Notification preferences changed"),
    )
    NOTIFICATION_EMAILED = "notifications.emailed", _("Notification sent by e-mail")
    SHARED_OBJECT_CREATED = "sharing.created", _("Shared object created")
    SHARING_CHANGE_ORDERED = "sharing.change_ordered", _("Change to a shared object ordered")
    SHARING_CHANGE_APPLIED = "sharing.change_applied", _("Change from the home node applied")
    SHARING_PROPOSAL_SENT = "sharing.proposal_sent", _("Change proposed to the home node")
    SHARING_PROPOSAL_REFUSED = "sharing.proposal_refused", _("Proposed change refused")
    OPERATION_CONSULTED = "operations.consulted", _("Joint operation consulted")
    OPERATION_ENTITY_SHARED = "operations.entity_shared", _("Record shared into a joint operation")
    APPROVAL_REQUESTED = "approvals.requested", _("Approval asked for")
    APPROVAL_DECIDED = "approvals.decided", _("Approval given or refused")
    APPROVAL_CANCELLED = "approvals.cancelled", _("Approval request cancelled")
    ALERT_DRAFT_SAVED = "alerts.draft_saved", _("Alert draft saved")
    ALERT_SUBMITTED = "alerts.submitted", _("Alert submitted for review")
    ALERT_RELEASED = "alerts.released", _("Alert released")
    ALERT_RETURNED = "alerts.returned", _("Alert returned to its author")
    ALERT_CHANGED = "alerts.changed", _("Alert updated, extended, withdrawn or acknowledged")
    ALERT_ESCALATED = "alerts.escalated", _("Unacknowledged alert escalated")
    ALERT_CONSULTED = "alerts.consulted", _("Alert consulted")
    # Governance (issue 15); its changes are audited as shared changes, these are the rest.
    GOVERNANCE_MINUTES_SIGNED = "governance.minutes_signed", _("Minutes signed for our side")
    GOVERNANCE_STATEMENT_PUBLISHED = (
        "governance.statement_published",
        _("Joint statement published"),
    )
    GOVERNANCE_DOCUMENT_ADDED = "governance.document_added", _("Good-practice document added")
    GOVERNANCE_DOCUMENT_DOWNLOADED = (
        "governance.document_downloaded",
        _("Good-practice document downloaded"),
    )
    GOVERNANCE_REPORT_GENERATED = "governance.report_generated", _("Committee report generated")
    GOVERNANCE_CADENCE_FLAGGED = (
        "governance.cadence_flagged",
        _("Body's meeting cadence flagged to its secretariat"),
    )
    PORTS_MANIFEST_UPLOADED = "ports.manifest_uploaded", _("Ferry manifest uploaded")
    PORTS_MANIFEST_SCREENED = "ports.manifest_screened", _("Ferry manifest screened")
    PORTS_MANIFESTS_ERASED = "ports.manifests_erased", _("Ferry manifests erased")
