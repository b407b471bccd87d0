"""The alert as a shared type: its ops, each with its body, the right it needs, its check, its
effect and its local consequences. Registered with ``strait.sharing`` by ``AlertsConfig.ready``.
(Owner: the alerts domain; filled in by issue 14's work.)"""

from __future__ import annotations

KIND = "alerts.alert"


def register_type() -> None:
    """Register ``alerts.alert`` with ``strait.sharing`` (members_only=False: every user of an
    addressed agency sees it)."""
