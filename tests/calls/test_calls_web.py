"""A recording of a call checked from the web: the check page and POST /api/v1/check, real tiny.en."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from hangup.config import Settings
from hangup.detect.engine import Engine
from hangup.web import create_app

TOKEN = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')


@pytest.fixture(scope="module")
def client(
    call_settings: Settings, call_engine: Engine, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    settings = call_settings.model_copy(
        update={"data_dir": tmp_path_factory.mktemp("web-data"), "web_rate_limit": 0, "web_secret_key": "k"}
    )
    with TestClient(create_app(settings, engine=call_engine, open_store=False)) as test_client:
        yield test_client


def test_the_check_page_offers_recordings(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert ".wav" in page.text and ".mp3" in page.text and "recording of a call" in page.text


def test_a_scam_recording_on_the_check_page(client: TestClient, clip_file: Callable[..., Path]) -> None:
    wav = clip_file("scam_microsoft_anydesk-clean", 0, 4)
    form = client.get("/")
    found = TOKEN.search(form.text)
    assert found
    page = client.post(
        "/check",
        data={"csrf_token": found.group(1), "kind": "auto"},
        files={"file": (wav.name, wav.read_bytes(), "audio/wav")},
    )
    assert page.status_code == 200, page.text
    assert "scam" in page.text.lower()
    assert "transcribed from audio" in page.text
    assert re.search(r"(?i)any\s?desk", page.text)  # the transcript, with the evidence in it


def test_recordings_through_the_api(client: TestClient, clip_file: Callable[..., Path]) -> None:
    scam = clip_file("scam_microsoft_anydesk-clean", 0, 4)
    body = client.post(
        "/api/v1/check", files={"file": (scam.name, scam.read_bytes(), "audio/wav")}
    ).json()
    assert body["verdict"] == "scam" and body["kind"] == "call" and body["category"] == "tech_support"
    genuine = clip_file("legit_delivery-clean", 0, 3)
    body = client.post(
        "/api/v1/check", files={"file": (genuine.name, genuine.read_bytes(), "audio/wav")}
    ).json()
    assert body["verdict"] == "not_scam" and body["kind"] == "call"


def test_a_server_that_cannot_transcribe_says_so_plainly(
    call_settings: Settings, call_engine: Engine, tmp_path: Path, clip_file: Callable[..., Path]
) -> None:
    settings = call_settings.model_copy(update={
        "data_dir": tmp_path, "web_rate_limit": 0, "web_secret_key": "k", "stt_model": str(tmp_path / "no-model"),
    })
    wav = clip_file("scam_microsoft_anydesk-clean", 0, 4)
    with TestClient(create_app(settings, engine=call_engine, open_store=False)) as no_stt:
        response = no_stt.post("/api/v1/check", files={"file": (wav.name, wav.read_bytes(), "audio/wav")})
        assert response.status_code == 503, response.text
        assert response.json()["error"]["code"] == "audio_unavailable"
        found = TOKEN.search(no_stt.get("/").text)
        assert found
        page = no_stt.post("/check", data={"csrf_token": found.group(1)},
                           files={"file": (wav.name, wav.read_bytes(), "audio/wav")})
        assert page.status_code == 422
        assert "write down what the caller said" in page.text and "Traceback" not in page.text


def test_the_result_of_a_recording_says_when_the_warning_would_have_come(
    client: TestClient, clip_file: Callable[..., Path]
) -> None:
    found = TOKEN.search(client.get("/").text)
    assert found
    scam = clip_file("scam_microsoft_anydesk-clean", 0, 4)
    page = client.post("/check", data={"csrf_token": found.group(1)},
                       files={"file": (scam.name, scam.read_bytes(), "audio/wav")})
    assert page.status_code == 200
    assert "During the call" in page.text
    assert re.search(r"0:[0-5]\d into the call:</strong> [^<]*Asks for remote access", page.text), page.text
    genuine = clip_file("legit_delivery-clean", 0, 3)
    page = client.post("/check", data={"csrf_token": found.group(1)},
                       files={"file": (genuine.name, genuine.read_bytes(), "audio/wav")})
    assert "hangup would not have warned you" in page.text
    pasted = client.post("/check", data={"csrf_token": found.group(1), "text": "Hello, the parcel is outside."})
    assert "During the call" not in pasted.text  # only recordings have a timeline
