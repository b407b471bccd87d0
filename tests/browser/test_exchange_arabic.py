"""Issue 4, done-when: a DGST analyst on the Moroccan node writes an urgent request in Arabic on
the direct channel to the Comisaría General de Información; a CGI analyst on the Spanish node
sees it with its deadline, reads it and answers in Spanish; back in Rabat the analyst sees the
answer in the thread and the delivery and read receipts. Both nodes log who consulted and who
disclosed what."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from strait.federation.testing import LocalNode
from tests.browser.helpers import audit, log_in, new_page, poll, switch_language

pytestmark = pytest.mark.browser

SUBJECT = "طلب عاجل: هوية صاحب الهاتف"
BODY = "نرجو التحقق من هوية صاحب رقم الهاتف المذكور وإفادتنا بالنتائج في أقرب الآجال."
ANSWER = "El titular del número no figura en nuestras bases de datos. Seguimos investigando."


def test_urgent_arabic_request_answered_in_spanish_across_nodes(
    demo_world: dict[str, LocalNode], browser: Any, artifacts: Path
) -> None:
    ma, es = demo_world["ma"], demo_world["es"]
    cgi_pk = ma.query("SELECT id FROM agencies_agency WHERE code = ?", ("es-pn-cgi",))[0][0]

    # --- Rabat: the DGST analyst writes in Arabic, in an Arabic interface -----------------------
    salma = new_page(browser)
    log_in(salma, ma, "dgst.analyst")
    switch_language(salma, "ar")
    assert salma.locator("html").get_attribute("dir") == "rtl"

    salma.goto(f"{ma.url}/exchange/compose/?channel=direct-dgst-cgi")
    assert salma.locator("html").get_attribute("dir") == "rtl"
    assert salma.evaluate("getComputedStyle(document.body).direction") == "rtl"
    form = salma.locator("form.compose-form")
    assert form.locator("select[name=channel] option:checked").inner_text().startswith("قناة")
    form.locator(f"input[name=recipients][value='{cgi_pk}']").check()
    form.locator("select[name=kind]").select_option("request")
    form.locator("select[name=urgency]").select_option("urgent_direct")
    form.locator("select[name=language]").select_option("ar")
    form.locator("input[name=subject]").fill(SUBJECT)
    form.locator("textarea[name=body]").fill(BODY)
    form.locator("select[name=crime_area]").select_option("terrorism")
    form.locator("input[name=about_phone]").fill("+212 661 234 567")
    form.locator("select[name=handling]").select_option("H1")
    form.locator("input[name=purpose]").fill("منع عمل إرهابي")
    salma.screenshot(path=str(artifacts / "exchange-compose-ar.png"), full_page=True)
    form.locator("button[type=submit]").click()
    salma.wait_for_url(re.compile(r"/exchange/threads/[0-9a-f-]{36}/$"))
    uid = salma.url.rstrip("/").rsplit("/", 1)[-1]

    body = salma.locator(f"#m-{uid} .message-body")
    assert body.inner_text() == BODY
    assert body.get_attribute("lang") == "ar"
    assert body.evaluate("el => getComputedStyle(el).direction") == "rtl"
    deadline = salma.locator(f"#m-{uid} .message-head time").last.get_attribute("datetime")
    assert deadline, "an urgent request carries its deadline"
    salma.screenshot(path=str(artifacts / "exchange-sent-ar.png"), full_page=True)

    # --- Madrid: the CGI analyst finds it in her inbox, with its deadline, in Spanish -----------
    lucia = new_page(browser, locale="es-ES")
    log_in(lucia, es, "cgi.analyst")
    switch_language(lucia, "es")
    assert lucia.locator("html").get_attribute("lang") == "es"
    assert lucia.locator("html").get_attribute("dir") == "ltr"

    row = lucia.locator("table.messages-table tr", has=lucia.locator(f"a[href$='/{uid}/']"))
    poll(lucia, f"{es.url}/exchange/", lambda: row.count() == 1, "the request in the CGI inbox")
    assert "unread" in (row.get_attribute("class") or "")
    assert row.locator("td").nth(1).inner_text() == "DGST"
    assert row.locator(f"a[href$='/{uid}/']").inner_text() == SUBJECT
    # The deadline fixed by the sender's node, shown as a deadline, not as overdue or answered.
    assert row.locator("td").last.locator("time").get_attribute("datetime") == deadline
    lucia.screenshot(path=str(artifacts / "exchange-inbox-es.png"), full_page=True)

    row.locator(f"a[href$='/{uid}/']").click()
    lucia.wait_for_url(f"**/exchange/threads/{uid}/")
    received = lucia.locator(f"#m-{uid} .message-body")
    assert received.inner_text() == BODY
    assert received.evaluate("el => getComputedStyle(el).direction") == "rtl"
    assert lucia.evaluate("getComputedStyle(document.body).direction") == "ltr"

    reply = lucia.locator("#reply form")
    reply.locator("select[name=kind]").select_option("reply")
    reply.locator("select[name=language]").select_option("es")
    reply.locator("select[name=handling]").select_option("H1")
    reply.locator("textarea[name=body]").fill(ANSWER)
    reply.locator("button[type=submit]").click()
    lucia.wait_for_url(f"**/exchange/threads/{uid}/")
    assert lucia.locator(".message-body", has_text=ANSWER).count() == 1
    lucia.screenshot(path=str(artifacts / "exchange-answer-es.png"), full_page=True)

    # --- Rabat again: the answer in the thread, the receipts on the sent page ------------------
    answer = salma.locator(".message-body", has_text=ANSWER)
    poll(salma, f"{ma.url}/exchange/threads/{uid}/", lambda: answer.count() == 1, "the answer")
    assert answer.get_attribute("lang") == "es"
    assert answer.evaluate("el => getComputedStyle(el).direction") == "ltr"
    assert (
        salma.locator(f"#m-{uid} .message-body").evaluate("el => getComputedStyle(el).direction")
        == "rtl"
    )
    assert salma.locator("html").get_attribute("dir") == "rtl"
    salma.screenshot(path=str(artifacts / "exchange-thread-ar.png"), full_page=True)

    sent_row = salma.locator("table.messages-table tr", has=salma.locator(f"a[href$='/{uid}/']"))
    read = sent_row.locator(".receipt .badge-ok")
    poll(salma, f"{ma.url}/exchange/sent/", lambda: read.count() == 1, "the read receipt")
    assert read.get_attribute("title") == "Lucía Navarro Gil"
    assert "CGI" in sent_row.locator(".receipt").inner_text()
    salma.screenshot(path=str(artifacts / "exchange-receipts-ar.png"), full_page=True)

    # --- Both audit logs: disclosure by the sender, reception and consultation by the receiver --
    answer_uid = es.query(
        "SELECT target FROM audit_auditentry WHERE action = ? AND actor = ? ORDER BY seq DESC",
        ("exchange.disclosed", "cgi.analyst"),
    )[0][0]
    assert ("exchange.disclosed", "dgst.analyst") in audit(ma, uid)
    assert ("exchange.consulted", "dgst.analyst") in audit(ma, uid)
    assert ("exchange.received", "") in audit(ma, answer_uid)
    assert ("exchange.consulted", "dgst.analyst") in audit(ma, answer_uid)
    assert ("exchange.received", "") in audit(es, uid)
    assert ("exchange.consulted", "cgi.analyst") in audit(es, uid)
    assert ("exchange.disclosed", "cgi.analyst") in audit(es, answer_uid)
