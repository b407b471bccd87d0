"""Every envelope kind that crosses a border, in one place (issue 10).

Each member has exactly one handler, registered with ``handlers.handles`` by the app that owns
the kind; the registry refuses a kind that is not listed here and a second handler for one that
is, and ``tests/federation/test_kinds.py`` checks that none is left without a handler. Adding a
kind: a member here, a handler in the owning app's ``federation.py``, docs/federation.md.
"""

from __future__ import annotations

import enum


class EnvelopeKind(enum.StrEnum):
    # Federation itself (strait/federation/notices.py, peering.py).
    FEDERATION_NOTICE = "federation.notice"
    FEDERATION_KEYS = "federation.keys"
    # The exchange (strait/exchange/federation.py).
    EXCHANGE_MESSAGE = "exchange.message"
    EXCHANGE_ATTACHMENT_PART = "exchange.attachment_part"
    EXCHANGE_RECEIPT = "exchange.receipt"
    EXCHANGE_CONSENT_REQUEST = "exchange.consent_request"
    EXCHANGE_CONSENT_ANSWER = "exchange.consent_answer"
    EXCHANGE_THREAD_STATE = "exchange.thread_state"
    # Checks (strait/checks/federation.py).
    CHECKS_QUERY = "checks.query"
    CHECKS_ANSWER = "checks.answer"
    CHECKS_BATCH_QUERY = "checks.batch_query"  # strait/checks/batch_federation.py
    CHECKS_BATCH_ANSWER = "checks.batch_answer"
    # Shared objects (strait/sharing/federation.py): proposals to the home, its ordered changes.
    SHARING_PROPOSAL = "sharing.proposal"
    SHARING_CHANGE = "sharing.change"
    SHARING_REFUSAL = "sharing.refusal"
