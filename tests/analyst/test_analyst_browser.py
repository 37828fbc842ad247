"""The analyst workspace in headless Chromium against a real `hangup serve`: sign in, find a
campaign of seeded reports that share a phone number and an AnyDesk ID, open a report and the
statistics; axe-core's WCAG 2.2 AA rules on each page. Screenshots go to a folder the test prints."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from analystkit import FAST_HASH_ENV, PASSWORD, analyst_settings, seed
from web_browser import CHROMIUM, CHROMIUM_ARGS, Server, chromium_missing, server  # noqa: F401  (fixture)

from hangup.cases.store import CaseStore

if (why := chromium_missing()) is not None:
    pytest.skip(why, allow_module_level=True)

from playwright.sync_api import Browser, Page, expect, sync_playwright

pytestmark = pytest.mark.browser
HANGUP = str(Path(sys.executable).with_name("hangup"))
AXE = Path(__file__).resolve().parents[1] / "web" / "assets" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PHONE = ("phone", "+447700900111")
ANYDESK = "123456789"


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config) -> Path:
    chosen = os.environ.get("HANGUP_SCREENSHOTS")  # to keep them: pytest keeps only its last 3 temporary folders
    folder = Path(chosen) / "analyst" if chosen else tmp_path_factory.mktemp("analyst-artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    capture = pytestconfig.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled() if capture else contextlib.nullcontext():
        print(f"\nanalyst screenshots: {folder}")
    return folder


@pytest.fixture(scope="module")
def seeded(server: Server) -> dict[str, Any]:  # noqa: F811
    """An admin account (made with `hangup users add`) and reports in the server's store."""
    env = {**server.env, **FAST_HASH_ENV}
    added = subprocess.run([HANGUP, "users", "add", "chief", "--role", "admin", "--password-stdin"], env=env,
                           input=PASSWORD + "\n", capture_output=True, text=True, timeout=120, check=False)
    assert added.returncode == 0, added.stderr
    now = datetime.now(UTC)
    with CaseStore.open(analyst_settings(server.data_dir), migrate=False) as store:
        campaign = [
            seed(store, created_at=now - timedelta(days=9), indicators=[PHONE], channel="call", area="SW1A",
                 claimed_organisation="Microsoft", money_lost=True, amount_minor=45_000, currency="GBP",
                 age_band="75_84", tactics=[("remote_access", "Asks for remote access")],
                 message_text="Microsoft here: your computer has a virus. Install AnyDesk."),
            seed(store, created_at=now - timedelta(days=6), indicators=[PHONE, ("remote_access_id",
                                                                                f"anydesk:{ANYDESK}")],
                 channel="call", area="Kent", age_band="65_74", remote_access_given=True),
            seed(store, created_at=now - timedelta(days=2), indicators=[("remote_access_id", ANYDESK)],
                 channel="popup", area="SW1A", money_lost=True, amount_minor=12_000, currency="GBP",
                 age_band="85_plus"),
        ]
        alone = seed(store, created_at=now - timedelta(days=1), indicators=[("domain", "microsoft.com")],
                     channel="email", area="Leeds")
        seed(store, created_at=now - timedelta(days=3), indicators=[("domain", "microsoft.com")], channel="email")
    return {"campaign": campaign, "alone": alone}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(20_000)
    yield tab
    context.close()


def _shoot(page: Page, folder: Path, name: str) -> None:
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def _sign_in(page: Page, base: str, target: str) -> None:
    page.goto(f"{base}{target}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to the analyst workspace")
    page.get_by_label("User name").fill("chief")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_find_a_campaign_and_open_the_statistics(page: Page, server: Server, seeded: dict[str, Any],  # noqa: F811
                                                 artifacts: Path) -> None:
    first, second, third = seeded["campaign"]
    page.goto(f"{server.base}/analyst/campaigns")
    _shoot(page, artifacts, "01-sign-in")
    page.get_by_label("User name").fill("chief")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("The user name or the password is wrong.")
    _sign_in(page, server.base, "/analyst/campaigns")
    expect(page.get_by_role("heading", level=1)).to_have_text("Campaigns")
    expect(page.get_by_text("Signed in as chief")).to_be_visible()
    _shoot(page, artifacts, "02-campaigns")

    page.get_by_role("link", name=first).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Campaign {first}")
    members = page.get_by_role("region", name="Reports in this campaign")
    for ref in (first, second, third):
        expect(members.get_by_role("link", name=ref)).to_be_visible()
    expect(page.get_by_text(seeded["alone"])).to_have_count(0)  # shares only microsoft.com: not linked
    expect(page.get_by_role("heading", name="Phone number +447700900111: 2 reports")).to_be_visible()
    expect(page.get_by_role("heading", name=f"Remote-access ID {ANYDESK}: 2 reports")).to_be_visible()
    expect(page.locator(".figures")).to_contain_text("£570.00")
    _shoot(page, artifacts, "03-campaign")

    members.get_by_role("link", name=second).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Report {second}")
    expect(page.get_by_role("link", name="Seen in 1 other report").first).to_be_visible()
    _shoot(page, artifacts, "04-report")

    page.get_by_role("navigation", name="Analyst").get_by_role("link", name="Statistics").click()
    since = (datetime.now(UTC) - timedelta(days=30)).date().isoformat()
    page.get_by_label("Reports filed since").fill(since)
    page.get_by_role("button", name="Show statistics").click()
    expect(page.locator("#figure-reports")).to_have_text("5")
    expect(page.locator("#figure-total-loss")).to_have_text("£570.00")
    expect(page.get_by_role("img", name="Reports by age band")).to_be_visible()
    expect(page.get_by_role("link", name="Download this table as CSV (Reports by area)")).to_be_visible()
    _shoot(page, artifacts, "05-statistics")

    page.get_by_role("link", name="Reports", exact=True).click()
    page.get_by_label("Search").fill(f"anydesk {ANYDESK}")
    page.get_by_role("button", name="Find reports").click()
    expect(page.get_by_role("heading", name="2 reports")).to_be_visible()
    _shoot(page, artifacts, "06-report-search")
    assert {"01-sign-in.png", "03-campaign.png", "05-statistics.png"} <= {p.name for p in artifacts.glob("*.png")}


def test_confirm_a_link_without_javascript(browser: Browser, server: Server, seeded: dict[str, Any],  # noqa: F811
                                           artifacts: Path) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    try:
        tab = context.new_page()
        first = seeded["campaign"][0]
        _sign_in(tab, server.base, f"/analyst/campaigns/{first}")
        expect(tab.get_by_role("heading", level=1)).to_have_text(f"Campaign {first}")
        tab.get_by_role("button", name="Confirm link by phone number +447700900111").click()
        expect(tab.get_by_role("status")).to_contain_text("Your decision is saved")
        expect(tab.get_by_text("Confirmed by chief")).to_be_visible()
        _shoot(tab, artifacts, "07-link-confirmed")
    finally:
        context.close()


def test_bulletin_and_exports(page: Page, server: Server, seeded: dict[str, Any], artifacts: Path) -> None:  # noqa: F811
    first = seeded["campaign"][0]
    _sign_in(page, server.base, f"/analyst/campaigns/{first}")
    for fmt, name in (("stix", "STIX 2.1 bundle"), ("misp", "MISP event")):
        with page.expect_download() as download:
            page.get_by_role("link", name=name).click()
        saved = artifacts / f"campaign-{fmt}.json"
        download.value.save_as(saved)
        body = json.loads(saved.read_text(encoding="utf-8"))
        assert ("objects" in body) if fmt == "stix" else ("Event" in body)
        assert "+447700900111" in saved.read_text(encoding="utf-8")

    page.get_by_role("navigation", name="Analyst").get_by_role("link", name="Bulletins").click()
    page.get_by_label("Area", exact=True).fill("SW1A")
    page.get_by_label("Area name in the bulletin").fill("Westminster")
    page.get_by_label("Reports filed since").fill((datetime.now(UTC) - timedelta(days=30)).date().isoformat())
    page.get_by_role("button", name="Draft bulletin").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Westminster")
    _shoot(page, artifacts, "08-bulletin-draft")
    page.get_by_label("Headline").fill("Westminster: fake Microsoft calls are emptying bank accounts")
    page.get_by_role("button", name="Save as a new version").click()
    expect(page.get_by_role("status")).to_contain_text("Saved as version 2.")
    page.get_by_role("button", name="Approve version 2").click()
    expect(page.get_by_role("status")).to_contain_text("Version 2 is approved.")
    expect(page.locator(".bulletin-preview")).to_contain_text("emptying bank accounts")
    _shoot(page, artifacts, "09-bulletin-approved")


@pytest.mark.parametrize("path", ["/analyst/login", "/analyst", "/analyst/reports", "/analyst/campaigns",
                                  "/analyst/stats", "/analyst/bulletins", "/analyst/exports",
                                  "/analyst/admin/users", "/analyst/admin/audit"])
def test_axe(browser: Browser, server: Server, seeded: dict[str, Any], path: str) -> None:  # noqa: F811
    context = browser.new_context(bypass_csp=True)  # lets the test inject axe; the CSP is tested elsewhere
    try:
        tab = context.new_page()
        if path != "/analyst/login":
            _sign_in(tab, server.base, path)
        else:
            tab.goto(f"{server.base}{path}")
        tab.wait_for_load_state()
        _axe_clean(tab)
        if path == "/analyst/campaigns":  # and one campaign and one report
            tab.goto(f"{server.base}/analyst/campaigns/{seeded['campaign'][0]}")
            _axe_clean(tab)
            tab.goto(f"{server.base}/analyst/reports/{seeded['campaign'][1]}")
            _axe_clean(tab)
        if path == "/analyst/bulletins":  # and a bulletin with its edit form
            tab.get_by_label("Reports filed since").fill("2026-01-01")
            tab.get_by_role("button", name="Draft bulletin").click()
            tab.wait_for_load_state()
            _axe_clean(tab)
    finally:
        context.close()


def _axe_clean(tab: Page) -> None:
    tab.add_script_tag(path=str(AXE))
    result = tab.evaluate(f"axe.run(document, {{runOnly: {{type: 'tag', values: {json.dumps(AXE_TAGS)}}}}})")
    problems = [{"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:3]}
                for v in result["violations"]]
    assert problems == [], f"{tab.url}: {problems}"
