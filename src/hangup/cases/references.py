"""Reference numbers and reporter secrets.

A reference reads ``HU-2026-7K3M-Q9TX``: the year it was filed and 8 random characters of
Crockford's base32 (40 bits: no 0/O or 1/I/L confusion when read out on the phone; typed in lower
case, with O for 0 or without dashes, it is still recognised). The reference names a report; only the
secret gives access to it. A secret is 32 random URL-safe characters (192 bits); the store keeps its
SHA-256 and compares hashes in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import UTC, datetime

PREFIX = "HU"
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base32
_RANDOM_CHARS = 8
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SHAPE = re.compile(rf"^{PREFIX}(\d{{4}})([{ALPHABET}]{{{_RANDOM_CHARS}}})$")
_SECRET_SHAPE = re.compile(r"^[A-Za-z0-9_\-]{20,100}$")
# Compared against when no report has the reference, so a miss costs what a hit costs.
_DUMMY_HASH = hashlib.sha256(b"no such report").hexdigest()


def new_reference(now: datetime | None = None) -> str:
    """A fresh random reference for a report filed at ``now`` (UTC)."""
    year = (now or datetime.now(UTC)).astimezone(UTC).year
    body = "".join(secrets.choice(ALPHABET) for _ in range(_RANDOM_CHARS))
    return f"{PREFIX}-{year:04d}-{body[:4]}-{body[4:]}"


def normalize_reference(text: str) -> str | None:
    """The canonical form of a reference as a person may type it, or None if it cannot be one.

    >>> normalize_reference(" hu 2026 7k3m q9tx ")
    'HU-2026-7K3M-Q9TX'
    """
    compact = re.sub(r"[\s\-_.]", "", text or "").upper()
    if not compact.startswith(PREFIX) or len(compact) > 40:
        return None
    compact = PREFIX + compact[len(PREFIX) :].translate(_CONFUSABLE)
    match = _SHAPE.match(compact)
    if match is None:
        return None
    year, body = match.groups()
    return f"{PREFIX}-{year}-{body[:4]}-{body[4:]}"


def new_secret() -> str:
    """A fresh secret for the reporter: shown once, never stored in clear."""
    return secrets.token_urlsafe(24)


def hash_secret(secret: str) -> str:
    """What the store keeps of a secret (SHA-256, hex). The secret is random, so no salt is needed."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def secret_matches(secret: str, stored_hash: str | None) -> bool:
    """True when ``secret`` is the one whose hash is stored; constant time, also when nothing is stored."""
    candidate = hash_secret(secret) if _SECRET_SHAPE.match(secret or "") else hash_secret("")
    ok = hmac.compare_digest(candidate, stored_hash or _DUMMY_HASH)
    return ok and stored_hash is not None
