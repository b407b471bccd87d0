"""The audit viewer: the DPO reads and filters their agency's log (a node auditor the whole
node's, see test_scoping.py), every read is logged, bad filters are form errors, and nobody else
gets in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils.html import strip_tags

from strait.accounts.models import User
from strait.audit.events import AuditAction
from strait.audit.log import record
from strait.audit.models import AuditEntry
from strait.audit.queries import AuditFilters, audit_entries_for
from strait.permissions import Role
from strait.refusals import NotPermitted
from tests.audit.tampering import raw_update, triggers_bypassed
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db

UTC = dt.UTC
# The DPO's agency: entries with no actor are recorded for it (``record(agency=...)``), since a
# DPO reads only their own agency's entries (issue 11).
HERE = "ma-dgsn"


@pytest.fixture
def dpo(make_user: Callable[..., User]) -> User:
    return make_user(
        role=Role.DATA_PROTECTION_OFFICER, username="dpo.one", agency=AgencyFactory(code=HERE)
    )


@pytest.fixture
def dpo_client(dpo: User, verified_client: Callable[..., Client]) -> Client:
    return verified_client(dpo)


def shown(response) -> list[AuditEntry]:
    page = response.context["page"]
    return list(page.object_list) if page is not None else []


def reads_by(user: User) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=AuditAction.AUDIT_READ, actor=user.username))


def test_dpo_sees_entries_newest_first_and_the_read_is_audited(dpo: User, dpo_client) -> None:
    record(AuditAction.LOGIN, agency=HERE, target="user:alpha")
    record(AuditAction.LOGOUT, agency=HERE, target="user:beta")

    response = dpo_client.get(reverse("audit:log"), headers={"X-Request-ID": "read-request-1"})

    assert response.status_code == 200
    assert "user:alpha" in response.text
    assert "user:beta" in response.text
    seqs = [e.seq for e in shown(response)]
    assert seqs == sorted(seqs, reverse=True)
    [read] = reads_by(dpo)
    assert read.target == "audit:log"
    assert read.request_id == "read-request-1"
    assert read.agency == dpo.agency.code
    assert read.details == {"filters": {}, "page": 1}
    # Logged before the page was drawn, so the DPO's own read is on it.
    assert seqs[0] == read.seq


@time_machine.travel(dt.datetime(2026, 6, 1, 12, 34, 56, tzinfo=UTC), tick=False)
def test_times_are_shown_on_the_readers_clock_and_exactly_in_utc_on_the_entry(dpo_client) -> None:
    entry = record(AuditAction.LOGIN, agency=HERE, target="user:alpha")
    response = dpo_client.get(reverse("audit:log"), headers={"Accept-Language": "fr"})
    # The DPO's agency is Moroccan: Casablanca, UTC+1 in June.
    assert "1 juin 2026, 13:34 (Casablanca)" in strip_tags(response.text)
    page = dpo_client.get(
        reverse("audit:entry", args=[entry.seq]), headers={"Accept-Language": "fr"}
    )
    assert "1 juin 2026, 13:34 (Casablanca)" in strip_tags(page.text)
    assert "2026-06-01 12:34:56.000000 UTC" in page.text


def test_filters_narrow_the_log_and_are_recorded(
    make_user, verified_client: Callable[..., Client]
) -> None:
    """Across agencies and node-level entries: the node auditor's whole-node view."""
    auditor = make_user(role=Role.NODE_AUDITOR, username="auditor.one")
    client = verified_client(auditor)
    officer = make_user(username="officer.x", agency=AgencyFactory(code="es-gc"))
    record(AuditAction.LOGIN, actor=officer, target="session:1")
    record(AuditAction.LOGIN_FAILED, target="user:ghost")
    record(AuditAction.ROLE_CHANGED, actor=officer, target="user:42")

    by_action = client.get(reverse("audit:log"), {"action": AuditAction.LOGIN_FAILED})
    assert [e.target for e in shown(by_action)] == ["user:ghost"]

    by_actor = client.get(reverse("audit:log"), {"actor": "OFFICER.X"})
    assert {e.target for e in shown(by_actor)} == {"session:1", "user:42"}

    by_agency = client.get(reverse("audit:log"), {"agency": "es-gc"})
    assert {e.target for e in shown(by_agency)} == {"session:1", "user:42"}

    by_target = client.get(reverse("audit:log"), {"target": "USER:4"})
    assert [e.target for e in shown(by_target)] == ["user:42"]

    last_read = reads_by(auditor)[-1]
    assert last_read.details == {"filters": {"target": "USER:4"}, "page": 1}


def test_dpo_filters_narrow_their_agencys_log(dpo: User, dpo_client, make_user) -> None:
    officer = make_user(username="officer.x", agency=dpo.agency)
    record(AuditAction.LOGIN, actor=officer, target="session:1")
    record(AuditAction.LOGIN_FAILED, agency=HERE, target="user:ghost")
    record(AuditAction.ROLE_CHANGED, actor=officer, target="user:42")

    by_action = dpo_client.get(reverse("audit:log"), {"action": AuditAction.LOGIN_FAILED})
    assert [e.target for e in shown(by_action)] == ["user:ghost"]

    by_actor = dpo_client.get(reverse("audit:log"), {"actor": "OFFICER.X"})
    assert {e.target for e in shown(by_actor)} == {"session:1", "user:42"}

    by_agency = dpo_client.get(reverse("audit:log"), {"agency": HERE})
    assert {"session:1", "user:42", "user:ghost"} <= {e.target for e in shown(by_agency)}

    by_target = dpo_client.get(reverse("audit:log"), {"target": "USER:4"})
    assert [e.target for e in shown(by_target)] == ["user:42"]

    last_read = reads_by(dpo)[-1]
    assert last_read.details == {"filters": {"target": "USER:4"}, "page": 1}


def test_filter_by_request_id(dpo_client) -> None:
    dpo_client.get(reverse("audit:log"), headers={"X-Request-ID": "needle-request-7"})
    response = dpo_client.get(reverse("audit:log"), {"request_id": "needle-request-7"})
    [found] = shown(response)
    assert found.request_id == "needle-request-7"
    assert found.action == AuditAction.AUDIT_READ


def test_filter_by_utc_dates_includes_both_ends(dpo: User, dpo_client) -> None:
    for day in (1, 2, 3, 4):
        with time_machine.travel(dt.datetime(2026, 5, day, 23, 59, tzinfo=UTC), tick=False):
            record(AuditAction.LOGIN, agency=HERE, target=f"day:{day}")

    response = dpo_client.get(
        reverse("audit:log"), {"date_from": "2026-05-02", "date_to": "2026-05-03"}
    )

    assert [e.target for e in shown(response)] == ["day:3", "day:2"]
    assert reads_by(dpo)[-1].details["filters"] == {
        "date_from": "2026-05-02",
        "date_to": "2026-05-03",
    }


@pytest.mark.parametrize(
    "query",
    [
        {"date_from": "not-a-date"},
        {"date_to": "2026-02-30"},
        {"date_from": "2026-05-03", "date_to": "2026-05-01"},
        {"action": "audit.delete_everything"},
        {"agency": "no-such-agency"},
        {"request_id": "<script>alert(1)</script>"},
        {"actor": "x" * 151},
    ],
)
def test_bad_filters_give_form_errors_not_entries(dpo: User, dpo_client, query) -> None:
    record(AuditAction.LOGIN, agency=HERE, target="user:alpha")

    response = dpo_client.get(reverse("audit:log"), query)

    assert response.status_code == 200
    assert response.context["form"].errors
    assert shown(response) == []
    assert "user:alpha" not in response.text
    assert "<script>alert(1)</script>" not in response.text
    # Even a rejected look at the log is on record.
    assert reads_by(dpo)[-1].details["rejected"]


def test_extreme_dates_do_not_break_the_page(dpo_client) -> None:
    response = dpo_client.get(
        reverse("audit:log"), {"date_from": "0001-01-01", "date_to": "9999-12-31"}
    )
    assert response.status_code == 200
    assert shown(response)


def test_log_is_paginated_by_fifty(dpo_client) -> None:
    for i in range(60):
        record(AuditAction.LOGIN, agency=HERE, target=f"bulk:{i}")

    first = dpo_client.get(reverse("audit:log"), {"action": AuditAction.LOGIN})
    second = dpo_client.get(reverse("audit:log"), {"action": AuditAction.LOGIN, "page": "2"})
    nonsense = dpo_client.get(reverse("audit:log"), {"page": "lots"})

    assert len(shown(first)) == 50
    assert len(shown(second)) == 10
    assert shown(second)[-1].target == "bulk:0"
    assert "page=2" in first.text
    assert "action=auth.login" in first.text
    assert nonsense.status_code == 200


def test_entry_page_shows_every_field_and_is_audited(dpo: User, dpo_client) -> None:
    entry = record(
        AuditAction.ROLE_CHANGED, agency=HERE, target="user:7", details={"role": "سوبرفايزر"}
    )

    response = dpo_client.get(reverse("audit:entry", kwargs={"seq": entry.seq}))

    assert response.status_code == 200
    for value in (
        entry.entry_hash,
        entry.prev_hash,
        "user:7",
        "سوبرفايزر",
        "accounts.role_changed",
    ):
        assert value in response.text
    assert "Role changed" in response.text
    assert response.context["hash_matches"] is True
    assert reads_by(dpo)[-1].target == f"audit:{entry.seq}"


def test_entry_page_flags_an_altered_entry(dpo_client) -> None:
    entry = record(AuditAction.LOGIN, agency=HERE, target="user:7")
    with triggers_bypassed() as cursor:
        raw_update(cursor, entry.seq, "target", "user:8")
    response = dpo_client.get(reverse("audit:entry", kwargs={"seq": entry.seq}))
    assert response.context["hash_matches"] is False


def test_unknown_entry_is_not_found(dpo_client) -> None:
    assert dpo_client.get(reverse("audit:entry", kwargs={"seq": 999999})).status_code == 404


def test_verify_button_reports_an_intact_chain_and_is_audited(dpo: User, dpo_client) -> None:
    record(AuditAction.LOGIN, agency=HERE, target="user:alpha")

    response = dpo_client.post(reverse("audit:verify"))

    assert response.status_code == 200
    assert response.context["result"].ok
    verified = AuditEntry.objects.filter(action=AuditAction.AUDIT_VERIFIED).get()
    assert verified.actor == dpo.username
    assert verified.details["ok"] is True
    assert verified.details["checked"] == verified.seq - 1


def test_verify_button_reports_the_break(dpo_client) -> None:
    entries = [record(AuditAction.LOGIN, agency=HERE, target=f"user:{i}") for i in range(3)]
    with triggers_bypassed() as cursor:
        raw_update(cursor, entries[1].seq, "target", "user:innocent")

    response = dpo_client.post(reverse("audit:verify"))

    result = response.context["result"]
    assert not result.ok
    assert result.first_break.seq == entries[1].seq
    assert reverse("audit:entry", kwargs={"seq": entries[1].seq}) in response.text
    verified = AuditEntry.objects.filter(action=AuditAction.AUDIT_VERIFIED).get()
    assert verified.details["ok"] is False
    assert verified.details["break_seq"] == entries[1].seq


def test_verify_needs_post(dpo_client) -> None:
    assert dpo_client.get(reverse("audit:verify")).status_code == 405
    assert not AuditEntry.objects.filter(action=AuditAction.AUDIT_VERIFIED).exists()


@pytest.mark.parametrize(
    "role",
    [r for r in Role if r not in (Role.DATA_PROTECTION_OFFICER, Role.NODE_AUDITOR)],
    ids=lambda r: r.value,
)
def test_other_roles_are_refused(verified_client, role: Role) -> None:
    entry = record(AuditAction.LOGIN, target="user:alpha")
    client = verified_client(role=role)
    assert client.get(reverse("audit:log")).status_code == 403
    assert client.get(reverse("audit:entry", kwargs={"seq": entry.seq})).status_code == 403
    assert client.post(reverse("audit:verify")).status_code == 403
    assert not AuditEntry.objects.filter(
        action__in=[AuditAction.AUDIT_READ, AuditAction.AUDIT_VERIFIED]
    ).exists()


def test_anonymous_is_sent_to_login(db: None) -> None:
    entry = record(AuditAction.LOGIN, target="user:alpha")
    client = Client()
    for response in (
        client.get(reverse("audit:log")),
        client.get(reverse("audit:entry", kwargs={"seq": entry.seq})),
        client.post(reverse("audit:verify")),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_queries_refuse_a_caller_without_the_permission(make_user) -> None:
    officer = make_user(role=Role.OFFICER)
    with pytest.raises(NotPermitted):
        audit_entries_for(officer, AuditFilters())
