"""Node-side code of the alerts' two-node test (tests/alerts/test_done_when.py): API tokens for
the demo users who act, and what a node holds of an alert that the API does not show."""

from __future__ import annotations

from typing import Any

from strait.accounts import tokens
from strait.alerts.models import AlertHit
from strait.notifications.models import Notification
from tests.nodes.common import user


def tokens_for(usernames: list[str]) -> dict[str, str]:
    """A fresh API token (its secret) for each demo user named."""
    secrets = {}
    for name in usernames:
        caller = user(name)
        _token, secrets[name] = tokens.create_token(caller, name="done-when", acting_user=caller)
    return secrets


def notified(username: str, prefix: str = "alerts.") -> list[dict[str, Any]]:
    """The user's notifications whose topic starts with ``prefix``, oldest first."""
    rows = Notification.objects.filter(user=user(username), topic__startswith=prefix)
    return [
        {"topic": n.topic, "url": n.url, "at": n.created_at.isoformat()}
        for n in rows.order_by("created_at", "id")
    ]


def hits(uid: str) -> list[dict[str, Any]]:
    """What this node found for the alert (every agency's hits)."""
    rows = AlertHit.objects.filter(alert__obj__uid=uid).select_related("agency")
    return [
        {"agency": h.agency.code, "source": h.source, "ref": h.ref, "label": h.label} for h in rows
    ]


def demo_subject() -> str:
    """The uid of the checks demo's person, held by DGSN only in Arabic script."""
    from strait.entities.demo import DEMO_CHECK_SUBJECT_AR
    from strait.entities.models import Person

    person = Person.objects.filter(
        agency__code="ma-dgsn", names__full_name=DEMO_CHECK_SUBJECT_AR
    ).first()
    assert person is not None, "strait manage demo holds the person on ma"
    return str(person.uid)


def seed_situation() -> list[str]:
    """This node's part of the demo's situation picture (its segments and their levels)."""
    from strait.situation.demo import seed_demo_situation

    return seed_demo_situation()
