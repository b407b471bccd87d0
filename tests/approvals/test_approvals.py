"""Four eyes (AC-05) as one mechanism: a request of one agency is decided once, by a colleague
of that agency who holds the kind's permission and is not the requester; the kind's callback,
the status and the audit entry commit together (a callback that refuses leaves the request
pending and nothing written); the work queue lists what waits for the user's decision."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.utils import timezone

from strait.accounts.models import User
from strait.approvals import actions, queries, registry
from strait.approvals.models import Approval, ApprovalStatus
from strait.audit.models import AuditEntry
from strait.permissions import Permission, Role
from strait.refusals import NotPermitted, Refused
from strait.workqueue.registry import sources_for
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db

KIND = "approvals_test.thing"
# What the test kind's callbacks saw: ("approve" | "refuse", subject, decider, note).
CALLS: list[tuple[str, str, str, str]] = []


def _approve(approval: Approval, user: User) -> None:
    if approval.subject == "boom":
        raise Refused("the kind refuses this one", code="kind_refused")
    CALLS.append(("approve", approval.subject, user.username, ""))


def _refuse(approval: Approval, user: User, note: str) -> None:
    CALLS.append(("refuse", approval.subject, user.username, note))


registry.register(
    registry.ApprovalKind(
        KIND,
        Permission.ALERTS_RELEASE,
        "A test thing",
        on_approve=_approve,
        on_refuse=_refuse,
        url=lambda a: f"/things/{a.subject}/",
    )
)


@pytest.fixture
def people(make_user: Callable[..., User]) -> dict[str, User]:
    CALLS.clear()
    mine, other = AgencyFactory(), AgencyFactory()
    return {
        "asker": make_user(agency=mine, role=Role.SUPERVISOR, username="asker"),
        "colleague": make_user(agency=mine, role=Role.SUPERVISOR, username="colleague"),
        "officer": make_user(agency=mine, role=Role.OFFICER, username="officer"),
        "stranger": make_user(agency=other, role=Role.SUPERVISOR, username="stranger"),
    }


def ask(people: dict[str, User], subject: str = "thing:1") -> Approval:
    return actions.request(people["asker"], KIND, subject, "Approve the thing")


def test_a_colleague_approves_once_and_the_kind_acts(people: dict[str, User]) -> None:
    approval = ask(people)
    assert approval.status == ApprovalStatus.PENDING
    decided = actions.decide(people["colleague"], approval, True)
    assert decided.status == ApprovalStatus.APPROVED
    assert decided.decided_by == people["colleague"]
    assert decided.decided_at is not None
    assert CALLS == [("approve", "thing:1", "colleague", "")]
    entries = list(AuditEntry.objects.filter(action__startswith="approvals.").order_by("seq"))
    assert [e.action for e in entries] == ["approvals.requested", "approvals.decided"]
    assert entries[1].details["decision"] == "approved"
    with pytest.raises(actions.NotPending):
        actions.decide(people["colleague"], approval, True)
    assert len(CALLS) == 1


def test_the_requester_never_decides_their_own_request(people: dict[str, User]) -> None:
    approval = ask(people)
    for approve in (True, False):
        with pytest.raises(actions.OwnRequest) as refused:
            actions.decide(people["asker"], approval, approve, "no")
        assert refused.value.status == 403
    approval.refresh_from_db()
    assert approval.status == ApprovalStatus.PENDING
    assert CALLS == []
    assert not AuditEntry.objects.filter(action="approvals.decided").exists()


def test_only_the_requesters_agency_with_the_permission_decides(people: dict[str, User]) -> None:
    approval = ask(people)
    with pytest.raises(actions.OtherAgency):
        actions.decide(people["stranger"], approval, True)
    with pytest.raises(NotPermitted):
        actions.decide(people["officer"], approval, True)
    approval.refresh_from_db()
    assert approval.status == ApprovalStatus.PENDING
    assert CALLS == []


def test_a_refusal_says_why(people: dict[str, User]) -> None:
    approval = ask(people)
    with pytest.raises(actions.NoteRequired):
        actions.decide(people["colleague"], approval, False, "  ")
    decided = actions.decide(people["colleague"], approval, False, "Not this week.")
    assert decided.status == ApprovalStatus.REFUSED
    assert decided.note == "Not this week."
    assert CALLS == [("refuse", "thing:1", "colleague", "Not this week.")]


def test_a_callback_that_refuses_leaves_the_request_pending(people: dict[str, User]) -> None:
    approval = ask(people, subject="boom")
    with pytest.raises(Refused) as refused:
        actions.decide(people["colleague"], approval, True)
    assert refused.value.code == "kind_refused"
    approval.refresh_from_db()
    assert approval.status == ApprovalStatus.PENDING
    assert approval.decided_by is None
    assert not AuditEntry.objects.filter(action="approvals.decided").exists()


def test_one_open_request_per_subject(people: dict[str, User]) -> None:
    ask(people)
    with pytest.raises(actions.AlreadyPending):
        ask(people)
    assert Approval.objects.count() == 1


def test_only_the_requester_cancels(people: dict[str, User]) -> None:
    approval = ask(people)
    with pytest.raises(actions.NotRequester):
        actions.cancel(people["colleague"], approval)
    cancelled = actions.cancel(people["asker"], approval)
    assert cancelled.status == ApprovalStatus.CANCELLED
    with pytest.raises(actions.NotPending):
        actions.decide(people["colleague"], approval, True)
    # A new request for the same subject may now be made.
    assert ask(people).status == ApprovalStatus.PENDING


def test_the_work_queue_shows_what_waits_for_the_users_decision(people: dict[str, User]) -> None:
    approval = ask(people)
    now = timezone.now()
    assert list(queries.waiting_for(people["colleague"])) == [approval]
    assert list(queries.waiting_for(people["asker"])) == []
    assert list(queries.waiting_for(people["stranger"])) == []
    assert list(queries.waiting_for(people["officer"])) == []
    source = next(s for s in sources_for(people["colleague"]) if s.code == "approvals.waiting")
    (item,) = source.items(people["colleague"], now, 10)
    assert item.url == "/things/thing:1/"
    assert item.party == people["asker"].full_name
    assert source.count(people["colleague"], now) == 1
    assert source.count(people["asker"], now) == 0
    assert "approvals.waiting" not in {s.code for s in sources_for(people["officer"])}
    assert queries.may_decide(people["colleague"], approval)
    assert not queries.may_decide(people["asker"], approval)


def test_an_unknown_kind_is_refused(people: dict[str, User]) -> None:
    with pytest.raises(actions.UnknownKind):
        actions.request(people["asker"], "nobody.knows", "x", "y")
