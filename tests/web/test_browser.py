"""The real pages in headless Chromium against a real `hangup serve`: check, report, add information,
keyboard-only use, no JavaScript, and axe-core's WCAG 2.2 AA rules. Screenshots come out for review."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from web_browser import CHROMIUM, CHROMIUM_ARGS, Server, chromium_missing, screenshot_dir
from webtools import SCAM_TEXT, web_settings

from hangup.cases.store import CaseStore

if (why := chromium_missing()) is not None:
    pytest.skip(why, allow_module_level=True)

from playwright.sync_api import Browser, Page, expect, sync_playwright

pytestmark = pytest.mark.browser
AXE = Path(__file__).parent / "assets" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
MAX_TABS = 60


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1100, "height": 900}, bypass_csp=False)
    tab = context.new_page()
    tab.set_default_timeout(20_000)
    yield tab
    context.close()


def shoot(page: Page, name: str) -> Path:
    path = screenshot_dir() / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def check_scam(page: Page, server: Server) -> None:
    page.goto(f"{server.base}/")
    page.get_by_label("Paste the message, or write down what the caller said").fill(SCAM_TEXT)
    page.get_by_role("button", name="Check it").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("This looks like a scam")


def test_check_a_message(page: Page, server: Server) -> None:
    page.goto(f"{server.base}/")
    shoot(page, "01-check")
    check_scam(page, server)
    assert page.locator("mark").count() >= 5
    expect(page.locator(".tactic mark", has_text="read me the nine digit number")).to_be_visible()
    expect(page.get_by_role("heading", name="What to do now")).to_be_visible()
    expect(page.get_by_role("button", name="Print this page")).to_be_visible()  # JavaScript shows it
    shoot(page, "02-result")
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.get_by_role("button", name="Report this")).to_be_hidden()
    shoot(page, "03-result-print")


def test_report_from_a_check_and_add_information(page: Page, server: Server) -> None:
    check_scam(page, server)
    page.get_by_role("button", name="Report this").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Report a scam")
    expect(page.get_by_label("A phone call")).to_be_checked()
    expect(page.get_by_label("The ID or code of that program (optional)")).to_have_value("482913776")
    page.get_by_role("group", name="Did you let them onto your computer?").get_by_label("Yes").check()
    page.get_by_label("Age", exact=True).select_option("75_84")
    page.get_by_label("Area", exact=True).fill("SW1A")
    shoot(page, "04-report-form")
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Report sent")
    reference = page.locator("#reference").inner_text()
    secret = page.locator("#secret").inner_text()
    assert re.fullmatch(r"HU-\d{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", reference)
    shoot(page, "05-report-sent")

    with CaseStore.open(web_settings(server.data_dir), migrate=False) as store:
        view = store.get_for_reporter(reference, secret)
    assert view is not None and view.report.remote_access_given and view.report.area == "SW1A"

    page.get_by_role("link", name="Add information to your report").click()
    page.get_by_label("Reference number").fill(reference)
    page.get_by_label("Secret").fill(secret)
    page.get_by_label("What do you want to add? (optional)").fill("They rang again this morning.")
    shoot(page, "06-add-information")
    page.get_by_role("button", name="Add to my report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Information added")
    expect(page.get_by_text("They rang again this morning.")).to_be_visible()
    shoot(page, "07-information-added")


def test_errors_are_listed_and_linked(page: Page, server: Server) -> None:
    page.goto(f"{server.base}/")
    page.get_by_role("button", name="Check it").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    summary.get_by_role("link").click()
    expect(page.locator("#text")).to_be_focused()
    shoot(page, "08-check-error")


def _tab_to(page: Page, name: str) -> int:
    """Press Tab until the button called ``name`` has focus; the number of presses."""
    for presses in range(1, MAX_TABS + 1):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement && document.activeElement.textContent.trim()")
        if focused == name and page.evaluate("document.activeElement.tagName") == "BUTTON":
            return presses
    raise AssertionError(f"{name!r} not reached with {MAX_TABS} presses of Tab")


def test_keyboard_only(page: Page, server: Server) -> None:
    page.goto(f"{server.base}/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    style = page.evaluate("getComputedStyle(document.activeElement)")
    assert style["left"] != "-9999px"  # the skip link shows itself when focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "text"
    ring = page.evaluate("(() => { const s = getComputedStyle(document.activeElement);"
                         " return [s.outlineStyle, s.outlineWidth, s.boxShadow]; })()")
    assert ring[0] != "none" and ring[1] != "0px", ring  # focus is visible
    page.keyboard.type("Hello, this is Microsoft. Your computer has a virus. Install AnyDesk and read me the code.")
    _tab_to(page, "Check it")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("scam"))
    _tab_to(page, "Report this")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Report a scam")
    _tab_to(page, "Send report")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Report sent")


def test_works_without_javascript(browser: Browser, server: Server) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        check_scam(tab, server)
        expect(tab.get_by_role("button", name="Print this page")).to_be_hidden()
        expect(tab.get_by_text("use your browser's Print command")).to_be_visible()
        tab.get_by_role("button", name="Report this").click()
        tab.get_by_role("button", name="Send report").click()
        expect(tab.get_by_role("heading", level=1)).to_have_text("Report sent")
    finally:
        context.close()


def test_api_docs_render_offline(page: Page, server: Server) -> None:
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    requests: list[str] = []
    page.on("request", lambda req: requests.append(req.url))
    page.goto(f"{server.base}/docs")
    expect(page.locator(".opblock").first).to_be_visible()
    assert page.locator(".opblock").count() == 5
    assert all(url.startswith(server.base) for url in requests), requests
    assert problems == []
    shoot(page, "09-api-docs")


def _axe(page: Page) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(f"axe.run(document, {{runOnly: {{type: 'tag', values: {json.dumps(AXE_TAGS)}}}}})")
    return [{"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:3]}
            for v in result["violations"]]


STATIC_PAGES = ["/", "/call", "/report", "/report/add", "/about", "/accessibility", "/api", "/nowhere"]


@pytest.mark.parametrize("path", STATIC_PAGES)
def test_axe_static_pages(browser: Browser, server: Server, path: str) -> None:
    context = browser.new_context(bypass_csp=True)  # lets the test inject axe; the app's CSP is tested elsewhere
    try:
        tab = context.new_page()
        tab.goto(f"{server.base}{path}")
        assert _axe(tab) == []
    finally:
        context.close()


def test_axe_result_error_and_receipt_pages(browser: Browser, server: Server) -> None:
    context = browser.new_context(bypass_csp=True)
    try:
        tab = context.new_page()
        check_scam(tab, server)
        assert _axe(tab) == [], "result page"
        tab.get_by_role("button", name="Report this").click()
        assert _axe(tab) == [], "pre-filled report form"
        tab.get_by_label("Your email address").fill("not an email")
        tab.get_by_role("button", name="Send report").click()
        expect(tab.get_by_role("alert")).to_be_visible()
        assert _axe(tab) == [], "report form with errors"
        tab.get_by_label("Your email address").fill("")
        tab.get_by_role("button", name="Send report").click()
        expect(tab.get_by_role("heading", level=1)).to_have_text("Report sent")
        assert _axe(tab) == [], "receipt"
    finally:
        context.close()


def test_axe_finds_what_it_should(browser: Browser, server: Server) -> None:
    """The accessibility check can fail: an unlabelled field and low-contrast text are reported."""
    context = browser.new_context(bypass_csp=True)
    try:
        tab = context.new_page()
        tab.goto(f"{server.base}/")
        tab.evaluate("""() => {
            document.querySelector('label[for=text]').remove();
            document.querySelector('.lead').style.color = '#ccc';
        }""")
        assert {v["id"] for v in _axe(tab)} >= {"label", "color-contrast"}
    finally:
        context.close()
