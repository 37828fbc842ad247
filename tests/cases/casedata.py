"""Evidence used by the case store tests: a scam call, a scam email, a PNG and a WAV recording."""

from __future__ import annotations

import io
import wave

SCAM_CALL = (
    "Caller: Hello, this is Microsoft technical support. Your computer has a virus and is sending errors.\n"
    "Caller: Please install AnyDesk and read me the nine digit code.\n"
    "Me: It says 123 456 789.\n"
    "Caller: To fix it you must pay £199.99 in Google Play gift cards. Do not tell your bank.\n"
)
SCAM_EMAIL = (
    b"From: Norton Billing <billing@norton-renewals-support.com>\r\n"
    b"To: victim@example.org\r\n"
    b"Subject: Your Norton subscription renewed\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\n\r\n"
    b"Your card was charged $399.99. If you did not authorise this, call our helpline on "
    b"+1 (888) 555-0199 within 24 hours to get a refund.\r\n"
)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(17)


def wav_bytes() -> bytes:
    """A real (silent) WAV recording."""
    buf = io.BytesIO()
    with wave.open(buf, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(bytes(1600))
    return buf.getvalue()
