"""Escalation with frozen time: an active alert addressed to an agency on this node that has
not acknowledged it after its type's time (10 minutes for a surge or a dangerous person, an
hour otherwise) goes to that agency's supervisors, once; an acknowledged, withdrawn or expired
alert does not; an addressee on another node is that node's to escalate."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from strait.accounts.models import User
from strait.alerts import actions, codes, queries
from strait.alerts.models import Alert
from strait.audit.models import AuditEntry
from strait.notifications.models import Notification
from strait.worker import discover
from tests.alerts.scene import Scene, make_scene

pytestmark = pytest.mark.django_db

TOPIC = "alerts.unacknowledged"


@pytest.fixture
def scene(make_user: Callable[..., User], settings: Any) -> Scene:
    return make_scene(make_user, settings)


def escalated_to() -> list[str]:
    return sorted(Notification.objects.filter(topic=TOPIC).values_list("user__username", flat=True))


def test_a_surge_unacknowledged_after_ten_minutes_goes_to_the_supervisors(scene: Scene) -> None:
    alert = scene.released()
    assert codes.ESCALATE_AFTER[alert.type] == dt.timedelta(minutes=10)
    released = alert.released_at
    assert actions.escalate(now=released + dt.timedelta(minutes=9, seconds=59)) == 0
    assert escalated_to() == []

    due = queries.escalation_due(released + dt.timedelta(minutes=10))
    assert [(a.pk, agency.code) for a, agency in due] == [(alert.pk, "dev-gc")]
    assert actions.escalate(now=released + dt.timedelta(minutes=10)) == 1
    # The addressed agency's supervisor only: not its officers, not the issuer, and not the
    # agency on node es (its own node escalates it).
    assert escalated_to() == ["jefe"]
    notification = Notification.objects.get(topic=TOPIC)
    assert notification.url.endswith(f"/alerts/{alert.obj.uid}/")
    (entry,) = AuditEntry.objects.filter(action="alerts.escalated")
    assert entry.agency == "dev-gc"
    assert entry.target == f"alert:{alert.obj.uid}"

    # Once: the next runs tell nobody again.
    assert actions.escalate(now=released + dt.timedelta(minutes=11)) == 0
    assert actions.escalate(now=released + dt.timedelta(hours=3)) == 0
    assert escalated_to() == ["jefe"]
    assert AuditEntry.objects.filter(action="alerts.escalated").count() == 1


def test_an_acknowledged_alert_is_not_escalated(scene: Scene) -> None:
    alert = scene.released()
    actions.acknowledge(scene.recipient, alert, codes.AckKind.RECEIVED)
    assert actions.escalate(now=alert.released_at + dt.timedelta(minutes=30)) == 0
    assert escalated_to() == []


def test_a_withdrawn_or_expired_alert_is_not_escalated(scene: Scene) -> None:
    alert = scene.released()
    assert actions.escalate(now=alert.valid_until + dt.timedelta(minutes=1)) == 0
    actions.withdraw(scene.supervisor, alert, "Dispersed.")
    assert actions.escalate(now=alert.released_at + dt.timedelta(minutes=30)) == 0
    assert escalated_to() == []


def test_other_types_wait_an_hour(scene: Scene) -> None:
    alert = scene.released(
        type="event_threat",
        title="Threat to the Algeciras fair",
        area_kind="ports",
        area_codes=["algeciras"],
        details={"event": "Feria de Algeciras"},
    )
    assert actions.escalate(now=alert.released_at + dt.timedelta(minutes=59)) == 0
    assert actions.escalate(now=alert.released_at + dt.timedelta(minutes=60)) == 1
    assert escalated_to() == ["jefe"]


def test_a_dangerous_person_alert_escalates_after_ten_minutes(scene: Scene) -> None:
    from tests.factories import PersonFactory

    person = PersonFactory(agency=scene.issuer)
    alert = scene.released(
        type="dangerous",
        title="Armed and dangerous",
        officer_safety="Carries a firearm.",
        entity_ref=str(person.uid),
        area_kind="territory",
        area_codes=[],
        details={},
    )
    assert actions.escalate(now=alert.released_at + dt.timedelta(minutes=10)) == 1


def test_the_worker_runs_the_escalation_every_minute(scene: Scene) -> None:
    (task,) = [t for t in discover() if t.name == "alerts.escalate_unacknowledged"]
    assert task.every == dt.timedelta(minutes=1)
    Alert.objects.update(released_at=scene.released().released_at - dt.timedelta(minutes=15))
    assert task.func() == 1
    assert escalated_to() == ["jefe"]


def test_finding_what_to_escalate_costs_the_same_for_many_alerts(
    scene: Scene, django_assert_max_num_queries: Any
) -> None:
    alerts = [scene.released(title=f"Surge {n}") for n in range(6)]
    later = alerts[-1].released_at + dt.timedelta(minutes=15)
    with django_assert_max_num_queries(3):
        due = queries.escalation_due(later)
    assert len(due) == 6
