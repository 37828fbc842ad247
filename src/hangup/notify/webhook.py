"""Sending a warning to a webhook as a JSON POST (standard library only)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from hangup import __version__
from hangup.config import Settings


class WebhookError(Exception):
    """The webhook refused the warning or could not be reached."""


def payload(subject: str, body: str, data: Mapping[str, Any] | None) -> dict[str, Any]:
    """The JSON document the webhook receives."""
    return {
        "source": "hangup",
        "subject": subject,
        "body": body,
        "sent_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "data": dict(data or {}),
    }


def post_webhook(subject: str, body: str, settings: Settings, data: Mapping[str, Any] | None = None) -> int:
    """POST the warning; the HTTP status on success, :class:`WebhookError` otherwise."""
    url = settings.trusted_contact_webhook
    if urlsplit(url).scheme not in ("http", "https"):
        raise WebhookError(f"the webhook address must start with http:// or https://, not {url[:40]!r}")
    request = urllib.request.Request(
        url,
        data=json.dumps(payload(subject, body, data), ensure_ascii=False).encode("utf-8"),
        headers={"Content-Type": "application/json; charset=utf-8", "User-Agent": f"hangup/{__version__}"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.notify_timeout) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        raise WebhookError(f"the webhook answered HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise WebhookError(f"the webhook could not be reached: {reason}") from exc
