"""Issue 12, threads that go on, as the two analysts see them: the DGST analyst (Arabic, Rabat)
follows up on the CGI's answer and closes the thread; the CGI analyst (Spanish, Madrid) sees the
answer's subject without an English "Re:", and the thread closed by the DGST, by whom and when."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from strait.federation.testing import LocalNode
from tests.browser.helpers import log_in, new_page, poll, switch_language
from tests.nodes import exchange, on

pytestmark = pytest.mark.browser


def test_a_thread_is_followed_up_and_closed_across_nodes(
    demo_world: dict[str, LocalNode], browser: Any, artifacts: Path
) -> None:
    ma, es = demo_world["ma"], demo_world["es"]
    sent = on(ma, exchange.request_marked_amber)
    thread = f"/exchange/threads/{sent['thread']}/"
    poll_sql = "SELECT count(*) FROM exchange_message WHERE thread_uid = ?"

    def on_es(n: int) -> bool:
        uid = sent["thread"].replace("-", "")
        return int(es.query(poll_sql, (uid,))[0][0]) >= n

    salma = new_page(browser, locale="ar-MA")
    log_in(salma, ma, "dgst.analyst")
    switch_language(salma, "ar")
    poll(salma, f"{ma.url}/", lambda: on_es(1), "the request on es")
    answer = on(es, exchange.answer_with_the_defaults, uid=sent["uid"])

    # --- Rabat: the answer has come; the DGST analyst follows up on it -----------------------
    card = salma.locator(f"#m-{answer['uid']}")
    poll(salma, f"{ma.url}{thread}", lambda: card.count() == 1, "the answer on ma")
    assert "TLP:AMBER" in card.inner_text()  # the answer kept the request's TLP
    form = salma.locator("#reply form")
    assert form.get_attribute("action") == f"/exchange/items/{answer['uid']}/reply/"
    form.locator("textarea[name=body]").fill("ما اسم الشركة؟")
    form.locator("select[name=language]").select_option("ar")
    form.locator("button[type=submit]").click()
    salma.wait_for_url(f"{ma.url}{thread}")
    assert salma.locator("article.message-card").count() == 3

    # --- …and closes the thread ---------------------------------------------------------------
    salma.locator("#thread-state button[type=submit]").click()
    salma.wait_for_url(f"{ma.url}{thread}")
    banner = salma.locator("#thread-state")
    assert "DGST" in banner.inner_text()
    assert banner.locator("time").count() == 1
    assert banner.locator("input[name=reopen]").count() == 1
    salma.screenshot(path=str(artifacts / "thread-closed-ar.png"), full_page=True)

    # --- Madrid: the CGI analyst, in Spanish, sees the answer and the closing -----------------
    lucia = new_page(browser, locale="es-ES")
    log_in(lucia, es, "cgi.analyst")
    switch_language(lucia, "es")
    closed = lucia.locator("#thread-state input[name=reopen]")
    poll(lucia, f"{es.url}{thread}", lambda: closed.count() == 1, "the closing on es")
    assert "DGST" in lucia.locator("#thread-state").inner_text()
    assert lucia.locator("article.message-card").count() == 3
    lucia.screenshot(path=str(artifacts / "thread-closed-es.png"), full_page=True)
    lucia.goto(f"{es.url}/exchange/sent/")
    sent_list = lucia.locator("main table").inner_text()
    # The answer's subject is the request's, its prefix drawn in Spanish from its kind.
    # (This thread's rows only: other tests of this run answered on the same demo nodes.)
    rows = lucia.locator(f"main table tr:has(a[href='{thread}'])")
    assert rows.locator(".subject-prefix").count() == 1
    assert "Vehículo" in sent_list
    assert "Re: Re:" not in sent_list
    lucia.screenshot(path=str(artifacts / "thread-sent-es.png"), full_page=True)
