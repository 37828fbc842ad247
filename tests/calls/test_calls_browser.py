"""The live call page in headless Chromium: a generated call played as the microphone (Chromium's fake
capture device reads a WAV file), streamed by the page to a real `hangup serve` over /ws/call."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))  # the web tests' browser harness
from web_browser import CHROMIUM, CHROMIUM_ARGS, Server, chromium_missing, running_server, screenshot_dir

if (why := chromium_missing()) is not None:
    pytest.skip(why, allow_module_level=True)

from playwright.sync_api import Page, expect, sync_playwright

pytestmark = pytest.mark.browser
STT_ENV = {"HANGUP_STT_MODEL": "bundled", "HANGUP_STT_DOWNLOAD": "false", "HANGUP_STT_THREADS": "1",
           "HANGUP_CALL_SPEAK": "false", "HF_HUB_OFFLINE": "1"}


@pytest.fixture(scope="module")
def call_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running_server(tmp_path_factory.mktemp("call-web"), **STT_ENV) as running:
        yield running


def _page_with_microphone(wav: Path) -> Iterator[Page]:
    args = [*CHROMIUM_ARGS, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-audio-capture={wav}%noloop", "--autoplay-policy=no-user-gesture-required"]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=args, headless=True)
        try:
            context = browser.new_context(viewport={"width": 1100, "height": 900})
            context.grant_permissions(["microphone"])
            tab = context.new_page()
            tab.set_default_timeout(20_000)
            yield tab
        finally:
            browser.close()


def test_a_scam_call_on_speaker_raises_the_warning_on_the_page(
    call_server: Server, clip_file: Callable[..., Path]
) -> None:
    wav = clip_file("scam_microsoft_anydesk-clean", 2, 4)  # the virus, then "download AnyDesk"
    for page in _page_with_microphone(wav):
        page.goto(f"{call_server.base}/call")
        page.get_by_role("button", name="Start listening").click()
        expect(page.locator("#call-status")).to_contain_text("Listening", timeout=30_000)
        warning = page.get_by_role("alert")
        expect(warning).to_be_visible(timeout=60_000)
        expect(warning).to_contain_text("scam")
        expect(page.locator("#call-transcript li").first).to_be_visible()
        assert "desk" in page.locator("#call-transcript").inner_text().lower()
        page.screenshot(path=str(screenshot_dir() / "call-warning.png"), full_page=True)
        page.get_by_role("button", name="Stop listening").click()
        expect(page.get_by_role("button", name="Start listening")).to_be_visible()


def test_a_genuine_call_raises_no_warning(call_server: Server, clip_file: Callable[..., Path]) -> None:
    wav = clip_file("legit_delivery-clean", 0, 3)
    for page in _page_with_microphone(wav):
        page.goto(f"{call_server.base}/call")
        page.get_by_role("button", name="Start listening").click()
        expect(page.locator("#call-transcript li").nth(2)).to_be_visible(timeout=60_000)
        page.wait_for_timeout(3_000)  # the last utterance's final reading
        assert page.get_by_role("alert").is_hidden()
        assert "driver" in page.locator("#call-transcript").inner_text().lower()


def test_without_javascript_the_page_says_what_to_do_instead(call_server: Server) -> None:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_context(java_script_enabled=False).new_page()
            page.goto(f"{call_server.base}/call")
            assert "Listening needs JavaScript" in page.locator("main").inner_text()
            assert page.locator("#call").is_hidden()
        finally:
            browser.close()


def test_a_server_without_a_speech_model_says_why(tmp_path: Path, clip_file: Callable[..., Path]) -> None:
    wav = clip_file("legit_delivery-clean", 0, 0)
    env = {**STT_ENV, "HANGUP_STT_MODEL": str(tmp_path / "no-model")}
    with running_server(tmp_path, **env) as no_model:
        for page in _page_with_microphone(wav):
            page.goto(f"{no_model.base}/call")
            page.get_by_role("button", name="Start listening").click()
            status = page.locator("#call-status")
            expect(status).to_contain_text("Listening stopped", timeout=30_000)
            expect(status).to_contain_text("no-model")  # the server's own words, not just "closed"
            expect(page.get_by_role("button", name="Start listening")).to_be_visible()
