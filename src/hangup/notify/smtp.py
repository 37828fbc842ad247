"""Sending a warning email through an SMTP server (STARTTLS, SMTPS or plain)."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from hangup.config import Settings


def build_message(subject: str, body: str, settings: Settings) -> EmailMessage:
    """The warning as a plain-text email to the trusted contact."""
    sender = settings.smtp_sender or settings.smtp_user or "hangup@localhost"
    message = EmailMessage()
    message["From"] = sender
    message["To"] = settings.trusted_contact_email
    message["Subject"] = " ".join(subject.split())[:200]
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "localhost")
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(body)
    return message


def _connect(settings: Settings) -> smtplib.SMTP:
    timeout = settings.notify_timeout
    context = ssl.create_default_context()
    if settings.smtp_security == "ssl":
        return smtplib.SMTP_SSL(settings.smtp_host, settings.smtp_port, timeout=timeout, context=context)
    client = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=timeout)
    if settings.smtp_security == "starttls":
        try:
            client.starttls(context=context)
        except BaseException:
            client.close()
            raise
    return client


def send_email(subject: str, body: str, settings: Settings) -> None:
    """Send the warning; raises ``OSError`` or ``smtplib.SMTPException`` when it cannot."""
    message = build_message(subject, body, settings)
    with _connect(settings) as client:
        if settings.smtp_user:
            client.login(settings.smtp_user, settings.smtp_password.get_secret_value())
        client.send_message(message)
