"""Serving an evidence file to an analyst: always as a download, with a type that cannot run.

The stored media type comes from hangup's own type table, never from the uploader; even so only
inert types are named in the answer (anything else is ``application/octet-stream``), the file is
sent with ``Content-Disposition: attachment`` so the browser saves it rather than showing it, and
``X-Content-Type-Options: nosniff`` and the app's Content-Security-Policy (set for every answer)
stop the browser guessing another type or running a script.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from starlette.responses import Response

from hangup.cases.casefile import EvidenceBytes

INERT_TYPES = frozenset({
    "text/plain", "text/vtt", "application/x-subrip", "message/rfc822", "image/png", "image/jpeg", "audio/wav",
    "audio/mpeg", "audio/ogg", "audio/flac",
})
_UNSAFE_NAME = re.compile(r'[^A-Za-z0-9._\- ]')


def download_name(filename: str) -> str:
    """A Content-Disposition value: an ASCII fallback and the UTF-8 name (RFC 6266 / 5987)."""
    fallback = _UNSAFE_NAME.sub("_", filename).strip(" .") or "evidence"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def evidence_response(file: EvidenceBytes) -> Response:
    media = file.media_type if file.media_type in INERT_TYPES else "application/octet-stream"
    if media.startswith("text/"):
        media = f"{media}; charset=utf-8"
    headers = {"Content-Disposition": download_name(file.filename)}
    return Response(file.data, media_type=media, headers=headers)
