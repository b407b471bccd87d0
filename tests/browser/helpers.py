"""What the browser tests do again and again: log in with both factors, switch the language,
wait for the other node, read a node's audit log, and see which fonts Chromium drew with."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from strait.demo.world import DEMO_PASSWORD
from strait.federation.testing import LocalNode

# How long a test waits for the demo workers to carry something to the other node.
DELIVERY_TIMEOUT_MS = 30_000


def current_code(node: LocalNode, username: str) -> str:
    """What the demo tells a tester to run for a user's second factor."""
    return node.strait("totp", username).strip().split()[-1]


def new_page(browser: Any, locale: str = "en-GB", width: int = 1280, height: int = 900) -> Any:
    """A page in a fresh browser context: its own cookies, so one user each."""
    viewport = {"width": width, "height": height}
    return browser.new_context(locale=locale, viewport=viewport).new_page()


def log_in(page: Any, node: LocalNode, username: str) -> None:
    """Password, then the current TOTP code, as a demo user does; ends on the home page."""
    page.goto(f"{node.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/accounts/verify/**")
    page.fill("input[name=code]", current_code(node, username))
    page.click("main button[type=submit]")
    page.wait_for_url(f"{node.url}/")


def switch_language(page: Any, code: str) -> None:
    page.select_option("#language-select", code)
    page.click(".language-switch button[type=submit]")
    page.wait_for_load_state("networkidle")


def poll(page: Any, url: str, found: Callable[[], bool], what: str) -> None:
    """Reload ``url`` until ``found()``: the demo workers deliver across nodes within moments."""
    waited = 0
    while True:
        page.goto(url)
        if found():
            return
        if waited >= DELIVERY_TIMEOUT_MS:
            raise AssertionError(f"{what}: not there after {DELIVERY_TIMEOUT_MS / 1000:.0f}s")
        page.wait_for_timeout(250)
        waited += 250


def audit(node: LocalNode, target: str) -> set[tuple[str, str]]:
    """(action, actor) of every entry of a node's audit log about ``target``."""
    rows = node.query("SELECT action, actor FROM audit_auditentry WHERE target = ?", (target,))
    return {(str(action), str(actor)) for action, actor in rows}


def fonts_used(page: Any, selector: str) -> list[dict[str, Any]]:
    """The fonts Chromium actually drew a node's text with (DevTools CSS domain)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    return list(cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"])
