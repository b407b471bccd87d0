"""Issue 12, seen in the browser in Arabic and Spanish: compose sends a form back with every
problem in a summary at the top, linked to its field, and keeps the attached file, which the
corrected message then carries; the error pages sit inside the layout; the channels page names
kinds in the reader's language; the audit log has one line per entry."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from strait.federation.testing import LocalNode
from tests.browser.helpers import log_in, new_page, switch_language

pytestmark = pytest.mark.browser

NOTE = b"Notes on the vehicle seen at the port.\n"


def test_compose_shows_every_problem_and_keeps_the_file(
    demo_world: dict[str, LocalNode], browser: Any, artifacts: Path
) -> None:
    ma = demo_world["ma"]
    cgi_pk = ma.query("SELECT id FROM agencies_agency WHERE code = ?", ("es-pn-cgi",))[0][0]
    page = new_page(browser)
    log_in(page, ma, "dgst.analyst")
    for language in ("ar", "es"):
        switch_language(page, language)
        page.goto(f"{ma.url}/exchange/compose/?channel=direct-dgst-cgi")
        form = page.locator("form.compose-form")
        form.locator(f"input[name=recipients][value='{cgi_pk}']").check()
        form.locator("select[name=kind]").select_option("information")  # evaluation left out
        form.locator("textarea[name=body]").fill("Texto de prueba")  # the subject left out
        form.locator("select[name=handling]").select_option("H2")
        form.locator("input[name=purpose]").fill("Prueba")
        form.locator("input[name=attachments]").set_input_files(
            [{"name": f"notes-{language}.txt", "mimeType": "text/plain", "buffer": NOTE}]
        )
        form.locator("button[type=submit]").click()
        page.wait_for_load_state("networkidle")

        summary = page.locator(".error-summary")
        assert summary.is_visible()
        links = summary.locator("a")
        targets = {links.nth(i).get_attribute("href") for i in range(links.count())}
        assert {"#id_subject", "#id_source_reliability"} <= targets, targets
        # The summary is above the form's first field.
        first_field = page.locator("form.compose-form fieldset").first.bounding_box()
        assert summary.bounding_box()["y"] < first_field["y"]
        kept = page.locator("input[name=held]")
        assert kept.count() == 1
        assert kept.is_checked()
        assert page.locator(".held-files").inner_text().strip().endswith(f"notes-{language}.txt")
        page.screenshot(path=str(artifacts / f"compose-errors-{language}.png"), full_page=True)

        # A link of the summary takes the reader to its field.
        summary.locator("a[href='#id_subject']").click()
        assert page.evaluate("location.hash") == "#id_subject"

        form = page.locator("form.compose-form")
        form.locator("input[name=subject]").fill(f"Vehículo {language}")
        form.locator("select[name=source_reliability]").select_option("B")
        form.locator("select[name=information_credibility]").select_option("2")
        form.locator("button[type=submit]").click()
        page.wait_for_load_state("networkidle")
        if not re.search(r"/exchange/threads/[0-9a-f-]{36}/", page.url):
            page.screenshot(
                path=str(artifacts / f"compose-not-sent-{language}.png"), full_page=True
            )
            raise AssertionError(page.locator("main").inner_text()[:2000])
        assert page.locator(f"text=notes-{language}.txt").count() >= 1
        page.screenshot(path=str(artifacts / f"compose-sent-with-file-{language}.png"))


def test_error_pages_channels_and_audit_log_in_arabic_and_spanish(
    demo_world: dict[str, LocalNode], browser: Any, artifacts: Path
) -> None:
    ma = demo_world["ma"]
    analyst = new_page(browser)
    log_in(analyst, ma, "dgsn.analyst")
    auditor = new_page(browser)
    log_in(auditor, ma, "ma.auditor")
    for language in ("ar", "es"):
        switch_language(analyst, language)
        switch_language(auditor, language)
        for path, status, name in (
            ("/no-such-page/", 404, "error-404"),
            ("/audit/", 403, "error-403"),
            ("/exchange/channels/", 200, "channels"),
        ):
            response = analyst.goto(f"{ma.url}{path}")
            assert response is not None
            assert response.status == status, path
            assert analyst.locator("header.site-header nav.main-nav a").count() > 3
            analyst.screenshot(path=str(artifacts / f"{name}-{language}.png"), full_page=True)
        carries = analyst.locator("main table tbody tr td").nth(3).inner_text()
        assert "request" not in carries
        assert "information" not in carries

        for _ in range(3):
            auditor.goto(f"{ma.url}/audit/")
        rows = auditor.locator("table.audit-log tbody tr")
        # Compact: the moment never wraps, and an entry takes at most two lines of text unless
        # its target is long (other tests of this run leave 300-character tokens in the log).
        heights = rows.evaluate_all("rs => rs.map(r => r.getBoundingClientRect().height)")
        moments = auditor.locator("table.audit-log tbody tr td time")
        clock = moments.evaluate_all("ts => ts.map(t => t.getBoundingClientRect().height)")
        auditor.screenshot(path=str(artifacts / f"audit-log-{language}.png"), full_page=True)
        assert clock, "the entries show their moment"
        assert max(clock) < 32, clock
        assert sorted(heights)[len(heights) // 2] < 64, heights
