"""Each agency is its own controller (issue 11, finding 9): a data-protection officer reads their
own agency's entries only; a node auditor reads the whole node, node-level entries included;
verifying the chain stays whole-node.

The probe: ``ma.dpo`` (DGSN) read DGST's search terms and export justifications.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from strait.accounts.models import User
from strait.audit import actions
from strait.audit.events import AuditAction
from strait.audit.log import Entry, record, record_many
from strait.audit.models import AuditEntry
from strait.audit.queries import (
    AuditFilters,
    audit_entries_for,
    audit_entry_for,
    audited_agencies_for,
)
from strait.permissions import ROLE_PERMISSIONS, Permission, Role
from strait.refusals import NotPermitted
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def dgsn() -> Any:
    return AgencyFactory(code="ma-dgsn")


@pytest.fixture
def dgst() -> Any:
    return AgencyFactory(code="ma-dgst")


@pytest.fixture
def dpo(make_user: Callable[..., User], dgsn: Any) -> User:
    return make_user(username="ma.dpo", agency=dgsn, role=Role.DATA_PROTECTION_OFFICER)


@pytest.fixture
def auditor(make_user: Callable[..., User], dgsn: Any) -> User:
    return make_user(username="ma.auditor", agency=dgsn, role=Role.NODE_AUDITOR)


@pytest.fixture
def logged(make_user: Callable[..., User], dgsn: Any, dgst: Any) -> dict[str, AuditEntry]:
    """What the probe found: DGST's search terms and export justification, beside DGSN's own
    consultation and a node-level federation security event (no agency)."""
    dgst_analyst = make_user(username="dgst.analyst", agency=dgst, role=Role.ANALYST)
    dgsn_analyst = make_user(username="dgsn.analyst", agency=dgsn, role=Role.ANALYST)
    return {
        "dgst_search": record(
            AuditAction.ENTITY_CONSULTED,
            actor=dgst_analyst,
            target="search",
            details={"query": "dgst-secret-term"},
        ),
        "dgst_export": record(
            AuditAction.MESSAGE_EXPORTED,
            actor=dgst_analyst,
            target="message:1",
            details={"justification": "dgst-justification"},
        ),
        "dgsn_search": record(
            AuditAction.ENTITY_CONSULTED,
            actor=dgsn_analyst,
            target="search",
            details={"query": "dgsn-own-term"},
        ),
        "node": record(
            AuditAction.FEDERATION_SECURITY_EVENT,
            target="inbox",
            details={"detail": "node-level-event"},
        ),
    }


def test_probe_dpo_does_not_read_another_agencys_entries(
    dpo: User, verified_client: Callable[..., Client], logged: dict[str, AuditEntry]
) -> None:
    client = verified_client(dpo)

    page = client.get(reverse("audit:log"))

    shown = {entry.seq for entry in page.context["page"].object_list}
    assert logged["dgsn_search"].seq in shown
    assert logged["dgst_search"].seq not in shown
    assert logged["dgst_export"].seq not in shown
    assert logged["node"].seq not in shown
    assert "dgst.analyst" not in page.text
    for seq in (logged["dgst_search"].seq, logged["dgst_export"].seq, logged["node"].seq):
        assert client.get(reverse("audit:entry", kwargs={"seq": seq})).status_code == 404
    own = client.get(reverse("audit:entry", kwargs={"seq": logged["dgsn_search"].seq}))
    assert own.status_code == 200
    assert "dgsn-own-term" in own.text


def test_dpo_cannot_filter_their_way_into_another_agency(
    dpo: User, verified_client: Callable[..., Client], logged: dict[str, AuditEntry]
) -> None:
    client = verified_client(dpo)
    first = client.get(reverse("audit:log"))
    assert [code for code, _label in first.context["form"].fields["agency"].choices][1:] == [
        "ma-dgsn"
    ]
    for query in ({"agency": "ma-dgst"}, {"actor": "dgst.analyst"}, {"target": "message:1"}):
        response = client.get(reverse("audit:log"), query)
        page = response.context["page"]
        assert not page or not list(page.object_list), query
        assert "dgst" not in "".join(str(e.details) for e in (page.object_list if page else []))


def test_node_auditor_reads_the_whole_node(
    auditor: User, verified_client: Callable[..., Client], logged: dict[str, AuditEntry]
) -> None:
    client = verified_client(auditor)

    page = client.get(reverse("audit:log"))

    shown = {entry.seq for entry in page.context["page"].object_list}
    assert {entry.seq for entry in logged.values()} <= shown
    for entry in logged.values():
        assert client.get(reverse("audit:entry", kwargs={"seq": entry.seq})).status_code == 200
    by_agency = client.get(reverse("audit:log"), {"agency": "ma-dgst"})
    assert {e.seq for e in by_agency.context["page"].object_list} == {
        logged["dgst_search"].seq,
        logged["dgst_export"].seq,
    }
    read = AuditEntry.objects.filter(action=AuditAction.AUDIT_READ, actor="ma.auditor").first()
    assert read is not None
    assert read.agency == "ma-dgsn"


def test_queries_scope_the_dpo_and_not_the_node_auditor(
    dpo: User, auditor: User, logged: dict[str, AuditEntry]
) -> None:
    mine = {e.seq for e in audit_entries_for(dpo, AuditFilters())}
    assert mine == {logged["dgsn_search"].seq}
    assert audit_entry_for(dpo, logged["dgst_export"].seq) is None
    assert audit_entry_for(dpo, logged["node"].seq) is None
    assert audited_agencies_for(dpo) == ["ma-dgsn"]

    everything = {e.seq for e in audit_entries_for(auditor, AuditFilters())}
    assert everything == {e.seq for e in logged.values()}
    assert audit_entry_for(auditor, logged["node"].seq) == logged["node"]
    assert audited_agencies_for(auditor) == ["ma-dgsn", "ma-dgst"]


def test_verification_stays_whole_node_for_a_dpo(
    dpo: User, verified_client: Callable[..., Client], logged: dict[str, AuditEntry]
) -> None:
    before = AuditEntry.objects.count()
    response = verified_client(dpo).post(reverse("audit:verify"))
    assert response.context["result"].ok
    assert response.context["result"].checked == before
    verified = AuditEntry.objects.get(action=AuditAction.AUDIT_VERIFIED)
    assert verified.agency == "ma-dgsn"


def test_an_entry_with_no_actor_can_name_the_agency_it_concerns(
    dpo: User, dgst: Any, make_user: Callable[..., User]
) -> None:
    """A message received for an agency, say: its DPO reads it though no user acted."""
    received = record(AuditAction.MESSAGE_RECEIVED, target="message:9", agency="ma-dgsn")
    record_many([Entry(AuditAction.MESSAGE_RECEIVED, target="message:10", agency="ma-dgsn")])
    batched = AuditEntry.objects.get(target="message:10")
    assert (received.agency, batched.agency) == ("ma-dgsn", "ma-dgsn")
    assert {e.seq for e in audit_entries_for(dpo, AuditFilters())} == {received.seq, batched.seq}
    # An actor's own agency always wins: nobody files their act under another agency's log.
    other = make_user(agency=dgst)
    assert record(AuditAction.LOGIN, actor=other, agency="ma-dgsn").agency == "ma-dgst"


def test_the_node_auditor_role() -> None:
    assert Permission.AUDIT_READ_NODE in ROLE_PERMISSIONS[Role.NODE_AUDITOR]
    assert Permission.AUDIT_READ in ROLE_PERMISSIONS[Role.NODE_AUDITOR]
    holders = {r for r, perms in ROLE_PERMISSIONS.items() if Permission.AUDIT_READ_NODE in perms}
    assert holders == {Role.NODE_AUDITOR}
    # Oversight only: no exchange, no records, no user management.
    assert not ROLE_PERMISSIONS[Role.NODE_AUDITOR] & {
        Permission.MESSAGES_READ,
        Permission.ENTITIES_READ,
        Permission.USERS_MANAGE,
        Permission.PEERS_MANAGE,
    }


@pytest.mark.parametrize(
    "act",
    [
        lambda user: actions.do_consult_log(acting_user=user, details={}),
        lambda user: actions.do_consult_entry(acting_user=user, seq=1),
        lambda user: actions.do_verify_chain(acting_user=user),
    ],
    ids=["consult_log", "consult_entry", "verify"],
)
def test_audit_actions_need_the_permission(
    make_user: Callable[..., User], act: Callable[[User], Any]
) -> None:
    before = AuditEntry.objects.count()
    with pytest.raises(NotPermitted):
        act(make_user(role=Role.NODE_ADMIN))
    assert AuditEntry.objects.count() == before
