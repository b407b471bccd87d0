"""Issue 12, done-when: an urgent request from `ma` reaches the CGI analyst's open page as a
notification without reload and tops her work queue; and back the other way, in Arabic, on the
DGST analyst's open page. Screenshots in Spanish and Arabic under test-artifacts/."""

from __future__ import annotations

import os
import re
import signal
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from strait.federation.testing import LocalNode
from tests.browser.helpers import log_in, new_page, poll, switch_language

pytestmark = pytest.mark.browser

# The page polls every 10 s; the workers deliver within a second or two.
ARRIVAL_TIMEOUT_MS = 45_000


def send_urgent_request(page: Any, node: LocalNode, recipient_pk: int, subject: str) -> str:
    page.goto(f"{node.url}/exchange/compose/?channel=direct-dgst-cgi")
    form = page.locator("form.compose-form")
    form.locator(f"input[name=recipients][value='{recipient_pk}']").check()
    form.locator("select[name=kind]").select_option("request")
    form.locator("select[name=urgency]").select_option("urgent_direct")
    form.locator("input[name=subject]").fill(subject)
    form.locator("textarea[name=body]").fill(subject)
    form.locator("select[name=crime_area]").select_option("terrorism")
    form.locator("select[name=handling]").select_option("H1")
    form.locator("input[name=purpose]").fill("Prevención / الوقاية")
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/exchange/threads/[0-9a-f-]{36}/$"))
    return str(page.url.rstrip("/").rsplit("/", 1)[-1])


SHOWN_IDS = "() => [...document.querySelectorAll('.toast-open input[name=id]')].map(i => i.value)"


def mark(page: Any) -> None:
    """Remember the page (a reload would lose it) and the notifications it shows already: other
    tests of this run leave theirs unread."""
    page.evaluate("window.__stillTheSamePage = true")
    page.evaluate(f"window.__shownBefore = ({SHOWN_IDS})()")


def wait_for_toast_without_reload(page: Any, topic: str) -> Any:
    """The newest notification of ``topic`` that was not on the page when it was marked."""
    fresh = (
        f"() => [...document.querySelectorAll(\".toast[data-topic='{topic}']\")].some("
        "t => !window.__shownBefore.includes(t.querySelector('input[name=id]').value))"
    )
    page.wait_for_function(fresh, timeout=ARRIVAL_TIMEOUT_MS)
    assert page.evaluate("window.__stillTheSamePage === true"), "the page was reloaded"
    # Unread notifications are listed newest first.
    return page.locator(f".toast[data-topic='{topic}']")


def own_toast(page: Any, node: LocalNode, thread: str) -> Any:
    """The toast of the notification about ``thread`` (its row on ``node`` names the thread)."""
    deadline = time.monotonic() + ARRIVAL_TIMEOUT_MS / 1000
    rows: list[tuple[Any, ...]] = []
    while not rows and time.monotonic() < deadline:
        rows = node.query(
            "SELECT id FROM notifications_notification WHERE url LIKE ?", (f"%{thread}%",)
        )
        time.sleep(0.2)
    assert rows, f"no notification about thread {thread} on {node.code}"
    toast = page.locator(f".toast:has(input[name=id][value='{rows[0][0]}'])")
    toast.wait_for(timeout=ARRIVAL_TIMEOUT_MS)
    return toast


def test_an_urgent_request_reaches_the_open_page_as_a_notification(
    demo_world: dict[str, LocalNode], browser: Any, artifacts: Path
) -> None:
    ma, es = demo_world["ma"], demo_world["es"]
    cgi_pk = ma.query("SELECT id FROM agencies_agency WHERE code = ?", ("es-pn-cgi",))[0][0]
    dgst_pk = es.query("SELECT id FROM agencies_agency WHERE code = ?", ("ma-dgst",))[0][0]

    # Madrid: the CGI analyst has her home page open, in Spanish.
    lucia = new_page(browser, locale="es-ES")
    log_in(lucia, es, "cgi.analyst")
    switch_language(lucia, "es")
    lucia.goto(f"{es.url}/")
    # The old placeholder for checks is gone (alerts and operations are honestly not there yet).
    assert "Las consultas a los nodos asociados" not in lucia.content()
    mark(lucia)

    # Rabat: the DGST analyst sends her an urgent request.
    salma = new_page(browser)
    log_in(salma, ma, "dgst.analyst")
    switch_language(salma, "ar")
    subject = "طلب عاجل: التحقق من هوية مسافر"
    uid = send_urgent_request(salma, ma, cgi_pk, subject)

    wait_for_toast_without_reload(lucia, "exchange.urgent_request")
    # Another test's urgent request may reach her in the same seconds: click this thread's own.
    toast = own_toast(lucia, es, uid)
    assert "DGST" in toast.inner_text()
    count = lucia.locator("#queue-count")
    assert int(count.get_attribute("data-count") or 0) >= 1
    lucia.screenshot(path=str(artifacts / "notification-urgent-es.png"))

    # One click from the notification to the request; the queue has it on top, or below only
    # overdue and urgent requests due before it (other tests of this run leave theirs open).
    toast.locator("button.link").click()
    lucia.wait_for_url(f"**/exchange/threads/{uid}/**")
    lucia.goto(f"{es.url}/")
    items = lucia.locator(".queue-item").evaluate_all(
        "xs => xs.map(x => [x.querySelector('.queue-title').innerText, x.dataset.source])"
    )
    place = [title for title, _source in items].index(subject)
    assert items[place][1] == "exchange.urgent"
    assert {source for _t, source in items[: place + 1]} <= {"exchange.overdue", "exchange.urgent"}
    lucia.screenshot(path=str(artifacts / "workqueue-es.png"), full_page=True)

    # And back: Madrid asks Rabat urgently; the DGST analyst's open Arabic page shows it.
    salma.goto(f"{ma.url}/")
    assert salma.locator("html").get_attribute("dir") == "rtl"
    mark(salma)
    send_urgent_request(lucia, es, dgst_pk, "Solicitud urgente: titular de un teléfono")
    arabic = wait_for_toast_without_reload(salma, "exchange.urgent_request")
    assert "CGI" in arabic.first.inner_text()
    assert salma.evaluate("getComputedStyle(document.querySelector('.live')).direction") == "rtl"
    salma.screenshot(path=str(artifacts / "notification-urgent-ar.png"))
    salma.goto(f"{ma.url}/")
    salma.screenshot(path=str(artifacts / "workqueue-ar.png"), full_page=True)


def test_a_message_to_a_paused_partner_says_not_delivered_then_delivered(
    demo_world: dict[str, LocalNode], browser: Any, artifacts: Path
) -> None:
    """The Spanish web server paused (SIGSTOP): the DGST analyst's urgent request waits in the
    outbox. Past two minutes (the test moves the item's clock back rather than wait) her thread
    says "not delivered yet" with the partner's last contact; once the server resumes it says
    delivered."""
    ma, es = demo_world["ma"], demo_world["es"]
    cgi_pk = ma.query("SELECT id FROM agencies_agency WHERE code = ?", ("es-pn-cgi",))[0][0]
    salma = new_page(browser)
    log_in(salma, ma, "dgst.analyst")
    switch_language(salma, "ar")
    server = es.processes["serve"].pid
    os.killpg(server, signal.SIGSTOP)
    try:
        uid = send_urgent_request(salma, ma, cgi_pk, "طلب عاجل: شريك متوقف")
        three_minutes_ago = (datetime.now(UTC) - timedelta(minutes=3)).strftime(
            "%Y-%m-%d %H:%M:%S.%f"
        )
        ma.query(
            "UPDATE exchange_message SET created_at = ? WHERE uid = ?",
            (three_minutes_ago, uid.replace("-", "")),
        )
        ma.query(
            "UPDATE federation_outboxenvelope SET created_at = ? "
            "WHERE kind = 'exchange.message' AND status = 'pending'",
            (three_minutes_ago,),
        )
        salma.goto(f"{ma.url}/exchange/threads/{uid}/")
        late = salma.locator(f"#m-{uid} .receipt-late")
        assert late.count() == 1
        assert late.get_attribute("data-late") == "es"
        salma.screenshot(path=str(artifacts / "undelivered-ar.png"), full_page=True)
        salma.goto(f"{ma.url}/")
        item = salma.locator(".queue-item[data-source='exchange.undelivered']")
        assert item.count() == 1
        salma.screenshot(path=str(artifacts / "workqueue-undelivered-ar.png"), full_page=True)
    finally:
        os.killpg(server, signal.SIGCONT)
    receipt = salma.locator(f"#m-{uid} .receipt .badge:not(.receipt-late):not(.badge-pending)")
    poll(
        salma,
        f"{ma.url}/exchange/threads/{uid}/",
        lambda: receipt.count() == 1,
        "the delivery receipt after the partner resumed",
    )
    assert salma.locator(f"#m-{uid} .receipt-late").count() == 0
    salma.screenshot(path=str(artifacts / "delivered-after-pause-ar.png"), full_page=True)
