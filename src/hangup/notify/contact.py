"""Telling the trusted contact: email and/or webhook, each failing softly."""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Mapping
from typing import Any

from hangup.config import Settings
from hangup.notify.smtp import send_email
from hangup.notify.webhook import WebhookError, post_webhook

logger = logging.getLogger(__name__)


def contact_configured(settings: Settings) -> bool:
    """True when the settings name a trusted contact (an email address or a webhook)."""
    return bool(settings.trusted_contact_email or settings.trusted_contact_webhook)


def _email(subject: str, body: str, settings: Settings) -> bool:
    if not settings.smtp_host:
        logger.warning("cannot email the trusted contact: no SMTP server is set (setting smtp_host)")
        return False
    try:
        send_email(subject, body, settings)
    except (OSError, smtplib.SMTPException, ValueError, UnicodeError) as exc:
        logger.warning("cannot email the trusted contact through %s:%d: %s",
                       settings.smtp_host, settings.smtp_port, exc or type(exc).__name__)
        return False
    logger.info("warning emailed to the trusted contact")
    return True


def _webhook(subject: str, body: str, settings: Settings, data: Mapping[str, Any] | None) -> bool:
    try:
        status = post_webhook(subject, body, settings, data)
    except WebhookError as exc:
        logger.warning("cannot send the warning to the webhook: %s", exc)
        return False
    logger.info("warning sent to the webhook (HTTP %d)", status)
    return True


def notify_trusted_contact(
    subject: str, body: str, settings: Settings, *, data: Mapping[str, Any] | None = None
) -> bool:
    """Send a warning to the trusted contact by every configured channel. Never raises.

    True when at least one channel delivered it; False when none is configured or all failed
    (each failure is logged as a warning). ``data`` adds structured details to the webhook's JSON.
    """
    if not contact_configured(settings):
        logger.debug("no trusted contact is set; nobody to tell")
        return False
    delivered = False
    if settings.trusted_contact_email:
        delivered |= _email(subject, body, settings)
    if settings.trusted_contact_webhook:
        delivered |= _webhook(subject, body, settings, data)
    return delivered
