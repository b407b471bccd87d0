"""Issue 12: the audit page is compact (one line per entry, readable targets linked where the
reader may open them, agencies by name) and not flooded by its own reads: one reader's looks
at the log with the same filters within minutes are recorded once, and runs of reads already in
the log are shown as one line. No entry is ever removed: the chain stays whole."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from strait.accounts.models import User
from strait.audit.actions import READS_GROUPED_MINUTES
from strait.audit.events import AuditAction
from strait.audit.log import record, verify_stored
from strait.audit.models import AuditEntry
from strait.permissions import Role
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db

HERE = "ma-dgsn"


@pytest.fixture
def dpo(make_user: Callable[..., User]) -> User:
    agency = AgencyFactory(
        code=HERE, abbreviation="DGSN", name_en="National Security", name_es="Seguridad Nacional"
    )
    return make_user(role=Role.DATA_PROTECTION_OFFICER, username="dpo.one", agency=agency)


@pytest.fixture
def dpo_client(dpo: User, verified_client: Callable[..., Client]) -> Client:
    return verified_client(dpo)


def reads() -> int:
    return AuditEntry.objects.filter(action=AuditAction.AUDIT_READ, target="audit:log").count()


def test_paging_and_reloading_with_the_same_filters_is_recorded_once(dpo_client: Client) -> None:
    start = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as clock:
        dpo_client.get(reverse("audit:log"))
        dpo_client.get(reverse("audit:log"))
        dpo_client.get(reverse("audit:log"), {"page": "2"})
        assert reads() == 1
        # Other filters are another consultation, recorded with them.
        dpo_client.get(reverse("audit:log"), {"actor": "someone"})
        assert reads() == 2
        dpo_client.get(reverse("audit:log"))
        assert reads() == 3
        # Later than the window, the same look is recorded again.
        clock.shift(dt.timedelta(minutes=READS_GROUPED_MINUTES + 1))
        dpo_client.get(reverse("audit:log"))
        assert reads() == 4


def test_a_run_of_reads_shows_as_one_line_and_stays_in_the_chain(
    dpo: User, dpo_client: Client, make_user: Callable[..., User]
) -> None:
    colleague = make_user(role=Role.DATA_PROTECTION_OFFICER, username="dpo.two", agency=dpo.agency)
    record(AuditAction.LOGIN, actor=colleague, target="dpo.two")
    for page in range(4):
        record(AuditAction.AUDIT_READ, actor=colleague, target="audit:log", details={"page": page})

    response = dpo_client.get(reverse("audit:log"))

    rows = response.context["rows"]
    grouped = [r for r in rows if r.entry.actor == "dpo.two" and r.views > 1]
    assert len(grouped) == 1
    assert grouped[0].views == 4
    assert "4 views of the audit log" in response.text
    assert len(rows) == 3  # the reader's own read, the colleague's four reads, the login
    assert AuditEntry.objects.filter(actor="dpo.two").count() == 5
    assert verify_stored().ok


def test_targets_say_what_they_are_and_agencies_are_named(dpo: User, dpo_client: Client) -> None:
    earlier = record(AuditAction.LOGIN, actor=dpo, target="dpo.one")
    record(AuditAction.AUDIT_READ, actor=dpo, target=f"audit:{earlier.seq}")
    record(
        AuditAction.ENTITY_CONSULTED,
        actor=dpo,
        target="person:0b9d1c1e-8a55-4a38-9a43-0d5f5e3b6c21",
    )

    response = dpo_client.get(reverse("audit:log"), headers={"accept-language": "en"})

    html = response.text
    entry_url = reverse("audit:entry", kwargs={"seq": earlier.seq})
    assert f'<a href="{entry_url}">audit entry <span class="mono">#{earlier.seq}</span></a>' in html
    # A DPO cannot open records: the target says what it is, without a link.
    assert 'record (person) <span class="mono">0b9d1c1e</span>' in html
    assert "/entities/person/" not in html
    assert '<abbr title="National Security">DGSN</abbr>' in html
    assert f">{HERE}<" not in html
    # One line per entry: the request id and the address are on the entry's own page.
    assert '<th scope="col">IP address</th>' not in html
