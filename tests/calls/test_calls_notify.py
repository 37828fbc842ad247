"""Warnings that reach a person: espeak-ng for real, a real SMTP server and a real webhook on 127.0.0.1."""

from __future__ import annotations

import email
import email.policy
import json
import logging
import shutil
import socket
import threading
import time
import wave
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from hangup.calls.events import AlertEvent, AlertTactic
from hangup.calls.warn import Warner
from hangup.config import Settings
from hangup.notify import contact_configured, notify_trusted_contact, speak
from hangup.state import recent_flags


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(envelope)
        return "250 OK"


def _authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
    ok = isinstance(data, LoginPassword) and data.login == b"gran" and data.password == b"s3cret"
    return AuthResult(success=ok)


@pytest.fixture
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, authenticator=_authenticate,
                            auth_require_tls=False)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


class Hook(BaseHTTPRequestHandler):
    received: ClassVar[list[dict[str, Any]]] = []
    status: ClassVar[int] = 200

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Hook.received.append({"json": json.loads(body), "type": self.headers["Content-Type"]})
        self.send_response(Hook.status)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def webhook() -> Iterator[str]:
    Hook.received, Hook.status = [], 200
    server = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hook"
    finally:
        server.shutdown()
        server.server_close()


def settings(**values: Any) -> Settings:
    return Settings(notify_timeout=5, **values)


def test_email_reaches_the_smtp_server_with_login(smtp_server: tuple[Inbox, int]) -> None:
    inbox, port = smtp_server
    s = settings(trusted_contact_email="son@example.com", smtp_host="127.0.0.1", smtp_port=port,
                 smtp_security="none", smtp_user="gran", smtp_password="s3cret", smtp_sender="gran@example.com")
    assert contact_configured(s)
    assert notify_trusted_contact("A call sounds like a scam", "Mum had a call from 'Microsoft'.", s)
    assert len(inbox.messages) == 1
    envelope = inbox.messages[0]
    assert envelope.rcpt_tos == ["son@example.com"] and envelope.mail_from == "gran@example.com"
    text = envelope.content.decode()
    assert "Subject: A call sounds like a scam" in text and "Mum had a call from 'Microsoft'." in text


def test_wrong_smtp_password_fails_softly(smtp_server: tuple[Inbox, int], caplog: pytest.LogCaptureFixture) -> None:
    inbox, port = smtp_server
    s = settings(trusted_contact_email="son@example.com", smtp_host="127.0.0.1", smtp_port=port,
                 smtp_security="none", smtp_user="gran", smtp_password="wrong")
    with caplog.at_level(logging.WARNING):
        assert not notify_trusted_contact("subject", "body", s)
    assert not inbox.messages
    assert "cannot email the trusted contact" in caplog.text


def test_starttls_refused_by_the_server_fails_softly(smtp_server: tuple[Inbox, int],
                                                     caplog: pytest.LogCaptureFixture) -> None:
    _inbox, port = smtp_server
    s = settings(trusted_contact_email="son@example.com", smtp_host="127.0.0.1", smtp_port=port,
                 smtp_security="starttls")
    with caplog.at_level(logging.WARNING):
        assert not notify_trusted_contact("subject", "body", s)
    assert "STARTTLS" in caplog.text


def test_ssl_to_a_plain_server_and_a_closed_port_fail_softly_and_quickly(
    smtp_server: tuple[Inbox, int], caplog: pytest.LogCaptureFixture
) -> None:
    _inbox, port = smtp_server
    started = time.monotonic()
    with caplog.at_level(logging.WARNING):
        for security, target in (("ssl", port), ("none", free_port())):
            s = settings(trusted_contact_email="a@example.com", smtp_host="127.0.0.1", smtp_port=target,
                         smtp_security=security)
            assert not notify_trusted_contact("subject", "body", s)
    assert time.monotonic() - started < 12
    assert caplog.text.count("cannot email the trusted contact") == 2


def test_email_without_smtp_server_fails_softly(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        assert not notify_trusted_contact("subject", "body", settings(trusted_contact_email="a@example.com"))
    assert "smtp_host" in caplog.text


def test_webhook_gets_json(webhook: str) -> None:
    s = settings(trusted_contact_webhook=webhook)
    assert notify_trusted_contact("Scam call", "Details here", s, data={"score": 0.97})
    (got,) = Hook.received
    assert got["type"].startswith("application/json")
    assert got["json"]["subject"] == "Scam call" and got["json"]["body"] == "Details here"
    assert got["json"]["data"] == {"score": 0.97} and got["json"]["source"] == "hangup"


def test_webhook_error_status_and_bad_address_fail_softly(webhook: str, caplog: pytest.LogCaptureFixture) -> None:
    Hook.status = 500
    with caplog.at_level(logging.WARNING):
        assert not notify_trusted_contact("s", "b", settings(trusted_contact_webhook=webhook))
        assert not notify_trusted_contact("s", "b", settings(trusted_contact_webhook="file:///etc/passwd"))
        assert not notify_trusted_contact("s", "b", settings(trusted_contact_webhook=f"http://127.0.0.1:{free_port()}/"))
    assert "HTTP 500" in caplog.text and "http:// or https://" in caplog.text and "could not be reached" in caplog.text


def test_one_working_channel_is_enough(webhook: str, caplog: pytest.LogCaptureFixture) -> None:
    s = settings(trusted_contact_webhook=webhook, trusted_contact_email="a@example.com")  # no SMTP server set
    with caplog.at_level(logging.WARNING):
        assert notify_trusted_contact("s", "b", s)
    assert len(Hook.received) == 1 and "smtp_host" in caplog.text


def test_nobody_to_tell() -> None:
    assert not contact_configured(settings())
    assert not notify_trusted_contact("s", "b", settings())


def test_speak_writes_real_speech(tmp_path: Path) -> None:
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed (sh scripts/system-deps.sh installs it)")
    out = tmp_path / "warning.wav"
    assert speak("This sounds like a scam. Hang up.", settings(), wait=True, to_file=out)
    with wave.open(str(out)) as wav:
        assert wav.getnframes() / wav.getframerate() > 1.0
    queued = tmp_path / "queued.wav"
    assert speak("-v --help is read out, not taken as an option", settings(), to_file=queued)
    deadline = time.monotonic() + 20
    while not (queued.exists() and queued.stat().st_size > 10_000) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert queued.stat().st_size > 10_000


def test_speak_without_the_program_fails_softly(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        assert not speak("hello", settings(speech_command="no-such-speaker-program"))
    assert "no-such-speaker-program" in caplog.text
    assert not speak("   ", settings())


def test_a_calls_first_warning_tells_the_contact_and_is_remembered(
    smtp_server: tuple[Inbox, int], webhook: str, tmp_path: Path
) -> None:
    inbox, port = smtp_server
    s = settings(trusted_contact_email="son@example.com", smtp_host="127.0.0.1", smtp_port=port,
                 smtp_security="none", trusted_contact_webhook=webhook, state_dir=tmp_path, call_speak=False)
    tactic = AlertTactic("REMOTE_ACCESS", "Asks for remote access to your computer", 0.96,
                         ["download any desk"], "Never let them in.")
    first = AlertEvent(25.1, 0.97, "scam", "tech_support", True, [tactic], "Warning. This sounds like a scam.")
    later = AlertEvent(48.0, 0.99, "scam", "tech_support", False, [tactic], "Do not buy gift cards.")
    warner = Warner(s)
    warner.handle(first)
    warner.handle(later)
    warner.wait(10)
    assert len(inbox.messages) == 1 and len(Hook.received) == 1
    body = email.message_from_bytes(inbox.messages[0].content, policy=email.policy.default).get_content()
    assert "25 seconds into the call" in body and '"download any desk"' in body
    assert Hook.received[0]["json"]["data"]["tactics"][0]["id"] == "REMOTE_ACCESS"
    (flag,) = recent_flags(timedelta(minutes=5), settings=s)
    assert flag.source == "call" and flag.verdict == "scam" and "remote access" in flag.summary
