"""Issue 13, done-when, in the demo world `make demo` shows (ma, es and pt, real processes):
the DGST analyst opens the joint operation AZAHAR on ma; the CGI analyst on es adds a relation
and records a seizure through the forms and sees them waiting for the home node or applied; the
DGSN officer on ma sees both (how long after the CGI's submit is printed); the copies on ma and
es show the same change and digest; the PSP analyst on pt, an observer, sees the link chart but
no edit form, and a form posted directly is refused, nothing written; the statistics page
answers the seeds' question with its charts drawn. Screenshots under test-artifacts/
(joint-operation-*). No script error, no CSP refusal on any page."""

from __future__ import annotations

import datetime as dt
import re
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from strait.federation.testing import LocalNode
from tests.browser.helpers import log_in, new_page, switch_language
from tests.nodes import joint_operation as node_side
from tests.nodes import on

pytestmark = pytest.mark.browser

AZAHAR = "AZAHAR"
# How long the DGSN officer may wait for the CGI's changes: the issue asks for a second; the
# bound is generous for a 2-core machine shared with other work (the timing itself is printed).
SEEN_WITHIN_S = 30.0
# The relation the CGI adds: between one of its persons and one of the DGST's (labels as shared).
FROM, TO = "Karim Benali Ruiz", "سفيان التمسماني"
RELATION_SQL = "SELECT COUNT(*) FROM operations_relation WHERE source_text = ?"
OUTCOME_SQL = "SELECT COUNT(*) FROM operations_outcome WHERE place = ?"
STATISTICS = "/operations/statistics/?since=2014-08-01&kind=arrest&crime_area=terrorism"


def watch(page: Any, problems: list[str]) -> Any:
    """Collect the page's script errors and console errors (a CSP refusal is one)."""
    page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))
    page.on(
        "console",
        lambda message: (
            problems.append(f"{page.url}: {message.text}") if message.type == "error" else None
        ),
    )
    return page


def sync_state(page: Any, uid: str) -> tuple[int, str]:
    """(change number, digest) as the sync fragment shows them: the digest is the fragment's
    monospace part of "This copy", the change the last number before it."""
    copy = page.locator(f"#sync-{uid} dd").nth(1)
    digest = copy.locator(".mono").inner_text().strip()
    before = copy.inner_text().split(digest)[0]
    return int(re.findall(r"\d+", before)[-1]), digest


def wait_stored(node: LocalNode, sql: str, value: str, since: float) -> float:
    """Seconds since ``since`` until the node's database holds the row (read every 20 ms)."""
    while not node.query(sql, (value,))[0][0]:
        if time.monotonic() - since > SEEN_WITHIN_S:
            raise AssertionError(f"{value!r} not on node {node.code} after {SEEN_WITHIN_S:.0f}s")
        time.sleep(0.02)
    return time.monotonic() - since


def wait_seen(page: Any, url: str, text: str, since: float) -> float:
    """Reload ``url`` until ``text`` is on it; seconds since ``since`` when it was."""
    while True:
        page.goto(url)
        if page.get_by_text(text, exact=False).count():
            return time.monotonic() - since
        if time.monotonic() - since > SEEN_WITHIN_S:
            raise AssertionError(f"{text!r} not on {url} {SEEN_WITHIN_S:.0f}s after the submit")
        page.wait_for_timeout(100)


def test_a_joint_operation_across_three_nodes(
    demo_world: dict[str, LocalNode], browser: Any, artifacts: Path
) -> None:
    ma, es, pt = demo_world["ma"], demo_world["es"], demo_world["pt"]
    suffix = uuid.uuid4().hex[:6]
    source_text = f"Escuchas CGI {suffix}"
    place = f"Algeciras {suffix}"
    uid = on(ma, node_side.copy_of, code_name=AZAHAR, source_text="", place="")["uid"]
    detail = f"/operations/{uid}/"
    problems: list[str] = []

    # The DGST analyst, the lead, opens AZAHAR on ma, in Arabic.
    dgst = watch(new_page(browser, locale="ar"), problems)
    log_in(dgst, ma, "dgst.analyst")
    switch_language(dgst, "ar")
    dgst.goto(ma.url + detail)
    assert dgst.locator("html").get_attribute("dir") == "rtl"
    assert AZAHAR in dgst.locator("h1").inner_text()
    assert dgst.locator("#relations").get_by_text(TO).count()
    dgst.screenshot(path=str(artifacts / "joint-operation-ma-ar.png"), full_page=True)

    # The DGSN officer has the page open on ma already.
    dgsn = watch(new_page(browser), problems)
    log_in(dgsn, ma, "dgsn.officer")
    switch_language(dgsn, "en")
    dgsn.goto(ma.url + detail)
    assert not dgsn.get_by_text(source_text).count()

    # The CGI analyst on es, in Spanish: a relation through the form.
    cgi = watch(new_page(browser, locale="es-ES"), problems)
    log_in(cgi, es, "cgi.analyst")
    switch_language(cgi, "es")
    cgi.goto(es.url + detail)
    assert cgi.locator("html").get_attribute("lang") == "es"
    form = cgi.locator(f"form[action='{detail}relations/add/']")
    form.locator("xpath=ancestor::details").locator("summary").click()
    for name, label in (("source", FROM), ("target", TO)):
        value = form.locator(f"select[name={name}] option", has_text=label).first
        form.locator(f"select[name={name}]").select_option(value.get_attribute("value"))
    form.locator("select[name=kind]").select_option("calls")
    form.locator("input[name=source_text]").fill(source_text)
    form.locator("select[name=evaluation]").select_option("B2")
    form.locator("input[name=observed_on]").fill(str(dt.date.today() - dt.timedelta(days=12)))
    submitted = time.monotonic()
    form.locator("button[type=submit]").click()
    cgi.wait_for_url(f"{es.url}{detail}#relations")
    relation_page_s = time.monotonic() - submitted
    # Waiting for the home node, or already applied: the page says which.
    waiting = cgi.locator(".sync-pending li", has_text="operations.add_relation").count()
    relation_home_s = wait_stored(ma, RELATION_SQL, source_text, submitted)
    cgi.goto(f"{es.url}{detail}relations/")  # the operation's page shows the first ten rows
    applied = cgi.locator("#relations").get_by_text(source_text).count()
    assert waiting or applied, "the relation is neither waiting for ma nor applied on es"
    relation_s = wait_seen(dgsn, f"{ma.url}{detail}relations/", source_text, submitted)
    relation_state = "waiting for the home node" if waiting else "applied"

    # A seizure on the CGI's territory, through the outcome form.
    cgi.goto(es.url + detail)
    form = cgi.locator(f"form[action='{detail}outcomes/record/']")
    form.locator("xpath=ancestor::details").locator("summary").click()
    form.locator("select[name=kind]").select_option("seizure")
    form.locator("input[name=on]").fill(str(dt.date.today() - dt.timedelta(days=4)))
    form.locator("select[name=country]").select_option("ES")
    form.locator("input[name=place]").fill(place)
    form.locator("select[name=crime_category]").select_option("terrorism")
    form.locator("select[name=seizure_type]").select_option("drug")
    form.locator("select[name=drug_type]").select_option("cannabis_resin")
    form.locator("input[name=kilograms]").fill("42.5")
    submitted = time.monotonic()
    form.locator("button[type=submit]").click()
    cgi.wait_for_url(f"{es.url}{detail}#outcomes")
    seizure_page_s = time.monotonic() - submitted
    waiting = cgi.locator(".sync-pending li", has_text="operations.record_outcome").count()
    seizure_home_s = wait_stored(ma, OUTCOME_SQL, place, submitted)
    cgi.goto(f"{es.url}{detail}outcomes/")
    applied = cgi.locator("#outcomes").get_by_text(place).count()
    assert waiting or applied, "the seizure is neither waiting for ma nor applied on es"
    seizure_s = wait_seen(dgsn, f"{ma.url}{detail}outcomes/", place, submitted)
    seizure_state = "waiting for the home node" if waiting else "applied"
    print(
        "\nCGI's submit on es -> es's answer page loaded / in ma's database / on the DGSN "
        f"officer's page on ma: relation {relation_page_s:.2f} / {relation_home_s:.2f} / "
        f"{relation_s:.2f} s (on es's answer page: {relation_state}); seizure "
        f"{seizure_page_s:.2f} / {seizure_home_s:.2f} / {seizure_s:.2f} s ({seizure_state})"
    )
    assert dgsn.locator("#outcomes").get_by_text(place).count() == 1
    dgsn.goto(f"{ma.url}{detail}relations/")
    assert dgsn.locator("#relations").get_by_text(source_text).count() == 1

    # The copies on ma and es: the same change number and digest, on both pages.
    deadline = time.monotonic() + SEEN_WITHIN_S
    while True:
        cgi.goto(es.url + detail)
        dgsn.goto(ma.url + detail)
        on_es, on_ma = sync_state(cgi, uid), sync_state(dgsn, uid)
        if on_es == on_ma or time.monotonic() > deadline:
            break
        cgi.wait_for_timeout(250)
    assert on_es == on_ma, f"es shows {on_es}, ma {on_ma}"
    home = on(ma, node_side.copy_of, code_name=AZAHAR, source_text=source_text, place=place)
    assert (home["seq"], home["digest"][: len(on_ma[1])]) == on_ma
    assert (home["relations"], home["outcomes"]) == (1, 1)
    assert not cgi.locator(".sync-pending li").count()
    cgi.screenshot(path=str(artifacts / "joint-operation-es-es.png"), full_page=True)

    # The PSP analyst on pt, an observer: the link chart, drawn; no form to change anything.
    psp = watch(new_page(browser, locale="pt-PT"), problems)
    log_in(psp, pt, "psp.analyst")
    switch_language(psp, "en")
    deadline = time.monotonic() + SEEN_WITHIN_S
    while (
        on(pt, node_side.copy_of, code_name=AZAHAR, source_text=source_text, place=place)["seq"]
        < home["seq"]
    ):
        assert time.monotonic() < deadline, "pt's copy did not catch up with ma's"
        time.sleep(0.25)
    psp.goto(f"{pt.url}{detail}chart/")
    psp.wait_for_selector("#linkchart[data-draw-ms]")
    nodes = int(psp.locator("#linkchart").get_attribute("data-nodes"))
    edges = int(psp.locator("#linkchart").get_attribute("data-edges"))
    labels = psp.evaluate("window.straitLinkChart.nodes().map(n => n.data('label'))")
    assert any(FROM in label for label in labels)
    assert any(TO in label for label in labels)
    assert nodes >= 15, nodes
    assert edges >= 10, edges
    psp.screenshot(path=str(artifacts / "joint-operation-pt-chart.png"), full_page=True)
    psp.goto(f"{pt.url}{detail}relations/")
    assert psp.locator("#relations").get_by_text(source_text).count() == 1
    assert psp.locator(f"form[action^='{detail}']").count() == 0
    psp.goto(pt.url + detail)
    assert "Observer" in psp.locator("#summary").inner_text()
    assert psp.locator(f"form[action^='{detail}']").count() == 0
    assert not psp.locator("main details summary").count()  # no form folded in the page

    # A form posted directly (with the session's CSRF token) is refused; nothing is written.
    token = next(c["value"] for c in psp.context.cookies() if c["name"] == "csrftoken")
    source, target = on(pt, node_side.entity_uids, code_name=AZAHAR, labels=[FROM, TO])
    observer_text = f"PSP {suffix}"
    answer = psp.request.post(
        f"{pt.url}{detail}relations/add/",
        form={
            "csrfmiddlewaretoken": token,
            "source": source,
            "target": target,
            "kind": "calls",
            "source_text": observer_text,
        },
        headers={"Referer": pt.url + detail, "Origin": pt.url},
        max_redirects=0,
    )
    print(f"PSP's direct POST of a relation on pt: {answer.status}")
    assert answer.status in (400, 403, 404), answer.status
    assert "CSRF" not in answer.text()
    for node in (pt, ma):
        copy = on(node, node_side.copy_of, code_name=AZAHAR, source_text=observer_text, place="")
        assert (copy["relations"], copy["proposals"]) == (0, 0), node.code

    # The statistics page answers the seeds' question, its charts drawn, in Arabic.
    expected = on(ma, node_side.terrorism_arrests, username="dgst.analyst", since="2014-08-01")
    assert expected["people"] >= 8  # AZAHAR's: 5 in Morocco, 3 in Spain
    assert expected["operations"] >= 1
    dgst.goto(ma.url + STATISTICS)
    dgst.wait_for_selector("#chart-period[data-drawn]")
    assert dgst.locator("canvas[data-drawn]").count() >= 1
    assert dgst.locator("canvas").count() == dgst.locator("canvas[data-drawn]").count()
    answer_text = dgst.locator("#answer").inner_text()
    numbers = [int(n) for n in re.findall(r"\d+", answer_text.replace("2014", ""))]
    assert expected["people"] in numbers, answer_text
    assert expected["operations"] in numbers, answer_text
    total = dgst.locator("section[aria-labelledby=table-operation] tfoot td")
    assert [int(total.nth(0).inner_text()), int(total.nth(1).inner_text())] == [
        expected["people"],
        expected["operations"],
    ]
    dgst.screenshot(path=str(artifacts / "joint-operation-statistics-ar.png"), full_page=True)
    print(f"Statistics (ar): {answer_text}")

    assert problems == []
