"""Every page that shows a date writes it one way, in all four languages: day, month name, year,
and a time only with its zone (strait/timefmt.py). The test opens every page of the node without
a parameter, and every page of an object that carries a date (a request with a deadline, an
overdue one, a sent message with its receipts, a check and its answer, a partner's check with a
decision, a record with its dates of birth, an import, an export request, an API token, an audit
entry, a peer and its notices), as a user who may see it, and fails on a month-first or numeric
date ("12/09/2026"), a time without its zone, a ``<time>`` element not written by the shared
filters, or Eastern Arabic digits mixed with Western ones."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from strait import timefmt
from strait.accounts import tokens
from strait.accounts.models import User
from strait.audit.events import AuditAction
from strait.audit.log import record
from strait.checks import actions as checks_actions
from strait.exchange.models import Recipient
from strait.federation.keys import ensure_keys
from strait.permissions import Role
from tests.conftest import login_verified
from tests.factories import (
    AgencyFactory,
    CandidateFactory,
    ChannelFactory,
    CheckAnswerFactory,
    CheckFactory,
    CountryFactory,
    ExportRequestFactory,
    ImportBatchFactory,
    IncomingCheckFactory,
    MessageFactory,
    NoticeFactory,
    PeerFactory,
    PersonFactory,
)
from tests.test_permissions import is_api, routes

LANGUAGES = ["ar", "en", "es", "fr"]

# A date written with digits only, whichever order: "12/09/2026", "9.12.26", "09-12-2026".
NUMERIC_DATE = re.compile(r"(?<![\d/.-])\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})(?![\d/.-])")
# A time of day: "16:01", "3:12", "16:01:30"; what follows it must name the zone.
TIME = re.compile(r"(?<![\d:.])\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?![\d:])")
ZONE_AFTER = re.compile(r"\s*(?:\(([^()]{1,40})\)|UTC\b)")
EASTERN_DIGITS = re.compile(r"[\u0660-\u0669\u06f0-\u06f9]")
TIME_ELEMENT = re.compile(r"<time\b[^>]*>")


def visible_text(page: str) -> str:
    page = re.sub(r"<(script|style|head)\b.*?</\1>", " ", page, flags=re.S | re.I)
    page = re.sub(r"<[^>]+>", " ", page)
    return html.unescape(page)


def problems(page: str, language: str) -> list[str]:
    text = visible_text(page)
    found = [f"numeric date {m.group()!r}" for m in NUMERIC_DATE.finditer(text)]
    zones = {timefmt.zone_label(name, language=language) for name in timefmt.ZONES}
    for m in TIME.finditer(text):
        after = ZONE_AFTER.match(text, m.end())
        if after is None or (after.group(1) is not None and after.group(1).strip() not in zones):
            found.append(f"time without its zone: {text[max(0, m.start() - 40) : m.end() + 30]!r}")
    found += [f"Eastern Arabic digit {m.group()!r}" for m in EASTERN_DIGITS.finditer(text)]
    found += [
        f"<time> not from the strait_time filters: {tag}"
        for tag in TIME_ELEMENT.findall(page)
        if 'class="when"' not in tag
    ]
    return found


@pytest.fixture(autouse=True)
def _no_language_left_behind() -> Iterator[None]:
    # The pages activate each language on this thread; the next test starts from the default.
    yield
    translation.deactivate()


@pytest.fixture
def dated_world(make_user: Callable[..., User], settings: Any, tmp_path: Any) -> dict[str, Any]:
    """Our Moroccan agency (Casablanca) on this node and a Spanish partner on node "es", with
    something dated on every page."""
    settings.ATTACHMENTS_DIR = tmp_path / "attachments"
    ensure_keys()  # the node document (/federation/v1/node) is one of the pages
    now = timezone.now()
    here = AgencyFactory(code="ma-here", abbreviation="MAH", node_code="dev")
    spain = CountryFactory(code="ES", name_en="Spain")
    partner = AgencyFactory(code="es-partner", abbreviation="ESP", node_code="es", country=spain)
    channel = ChannelFactory(agencies=[here, partner])
    users = {
        role: make_user(agency=here, role=role)
        for role in (
            Role.ANALYST,
            Role.SUPERVISOR,
            Role.NODE_ADMIN,
            Role.DATA_PROTECTION_OFFICER,
        )
    }
    analyst = users[Role.ANALYST]

    due = MessageFactory(
        channel=channel,
        sender_agency=partner,
        recipients=[here],
        urgency="urgent",
        deadline=now + dt.timedelta(hours=7, minutes=40),
        subject="Due soon",
    )
    MessageFactory(
        channel=channel,
        sender_agency=partner,
        recipients=[here],
        deadline=now - dt.timedelta(days=2),
        subject="Overdue",
    )
    sent = MessageFactory(
        channel=channel,
        sender_agency=here,
        sender_user=analyst,
        recipients=[partner],
        kind="information",
        source_reliability="B",
        information_credibility="2",
        subject="Sent and read",
    )
    Recipient.objects.filter(message=sent).update(
        delivered_at=now, read_at=now, read_by_name="Partner analyst"
    )

    check = CheckFactory(agency=here, user=analyst, channel=channel)
    CheckAnswerFactory(check_ref=check, agency=partner, answered_at=now)
    person = PersonFactory(agency=here, birth_dates=["1980-03-12", "1981"])
    incoming = IncomingCheckFactory(
        agency=here,
        requester=partner,
        channel=channel,
        kind="person",
        result="hit",
        label="Abdelatif El Khattabi",
        query={"names": ["Abdelatif El Khattabi"], "birth_date": "1980-03-12"},
    )
    candidate = CandidateFactory(
        incoming=incoming, record_uid=person.uid, record_label="Abdelatif El Khattabi"
    )
    checks_actions.decide(candidate, "unsure", acting_user=users[Role.SUPERVISOR])

    batch = ImportBatchFactory(agency=here, user=analyst)
    ExportRequestFactory(agency=here, requested_by=analyst)
    tokens.create_token(analyst, name="Script", days=30, acting_user=analyst)
    entry = record(AuditAction.LOGIN, agency=here.code, target="user:someone")
    peer = PeerFactory(code="es", last_success_at=now, last_error="refused", last_error_at=now)
    NoticeFactory(peer=peer)

    return {
        "users": users,
        "pages": [
            ("exchange:thread", [due.thread_uid]),
            ("exchange:thread", [sent.thread_uid]),
            ("checks:check", [check.uid]),
            ("checks:incoming", [incoming.uid]),
            ("entities:detail", ["person", person.uid]),
            ("entities:import_status", [batch.uid]),
            ("audit:entry", [entry.seq]),
            ("federation:peer", [peer.code]),
        ],
    }


# Pages that must show at least one date or time with this world (so the test cannot pass on
# pages that silently stopped showing them).
DATED = {
    "exchange:inbox",
    "exchange:sent",
    "exchange:deadlines",
    "exchange:thread",
    "checks:list",
    "checks:check",
    "checks:incoming_list",
    "checks:incoming",
    "entities:list",
    "entities:detail",
    "entities:import",
    "entities:export",
    "entities:export_requests",
    "accounts:api_tokens",
    "accounts:preferences",
    "audit:log",
    "audit:entry",
    "federation:peers",
    "federation:peer",
}


def test_every_page_writes_dates_day_month_name_year_and_times_with_their_zone(
    dated_world: dict[str, Any],
) -> None:
    clients = [login_verified(Client(), user) for user in dated_world["users"].values()]
    pages = [(r.name, []) for r in routes() if not r.params and not is_api(r)]
    pages += dated_world["pages"]
    seen: set[str] = set()
    failures: list[str] = []
    for name, args in pages:
        url = reverse(name, args=args)
        for language in LANGUAGES:
            for client in clients:
                client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
                response = client.get(url)
                if response.status_code == 200 and "text/html" in response["Content-Type"]:
                    break
            else:
                continue  # a form's POST-only endpoint, a redirect, JSON: no page to read
            page = response.content.decode()
            seen.add(name)
            failures += [f"{url} [{language}]: {p}" for p in problems(page, language)]
            if name in DATED and 'class="when"' not in page:
                failures.append(f"{url} [{language}]: no date shown")
    assert seen >= DATED, f"pages not reached: {sorted(DATED - seen)}"
    assert not failures, "\n".join(failures)


def test_the_check_catches_what_it_names() -> None:
    assert problems("<td>12/09/2026 3:12 م</td>", "ar") == [
        "numeric date '12/09/2026'",
        "time without its zone: ' 12/09/2026 3:12 م '",
    ]
    assert problems("<p>9 Dec 2026, 16:01 (Casablanca)</p>", "en") == []
    assert problems("<p>9 Dec 2026, 16:01 (Mars)</p>", "en") != []
    assert problems('<time datetime="2026-12-09">9 Dec</time>', "en") != []
    assert problems("<p>٩ دجنبر</p>", "ar") != []


def test_a_deadline_on_the_arabic_deadlines_page_is_moroccan_time_with_its_countdown(
    dated_world: dict[str, Any],
) -> None:
    client = login_verified(Client(), dated_world["users"][Role.ANALYST])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    page = visible_text(client.get(reverse("exchange:deadlines")).content.decode())
    deadline = timezone.now() + dt.timedelta(hours=7, minutes=40)
    with timezone.override(timefmt.zone("Africa/Casablanca")):
        local = timezone.localtime(deadline)
    expected = f"{local.day} {timefmt.MONTHS['ar'][local.month - 1]} {local.year}، "
    assert expected in page
    assert "(الدار البيضاء)" in page
    now = timezone.now()
    with translation.override("ar"):
        counts = {timefmt.countdown(deadline, now=now + dt.timedelta(seconds=s)) for s in (-60, 0)}
    assert any(c in page for c in counts), counts
