"""Reference numbers and reporter secrets.

A reference reads ``HU-2026-7K3M-Q9TX``: the year it was filed and 8 random characters of
Crockford's base32 (40 bits: no 0/O or 1/I/L confusion when read out on the phone; typed in lower
case, with O for 0 or without dashes, it is still recognised). The reference names a report; only the
secret gives access to it. A secret is 32 random characters of the same alphabet in groups of four
(``7K3M-Q9TX-...``, 160 bits), so a person can write it down and type it back: case, spaces, dashes
and O/I/L for 0/1 do not matter. The store keeps the SHA-256 of its canonical form and compares
hashes in constant time. Secrets of the earlier form (URL-safe base64) still match exactly.
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
_SECRET_CHARS = 32
_SECRET_SHAPE = re.compile(r"^[A-Za-z0-9_\-. ]{20,100}$")
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
    body = "".join(secrets.choice(ALPHABET) for _ in range(_SECRET_CHARS))
    return "-".join(body[i : i + 4] for i in range(0, _SECRET_CHARS, 4))


def _canonical_secret(secret: str) -> str | None:
    """The secret as generated, without its grouping, however it was typed; None if it cannot be one."""
    compact = re.sub(r"[\s\-_.]", "", secret or "").upper().translate(_CONFUSABLE)
    return compact if len(compact) == _SECRET_CHARS and all(c in ALPHABET for c in compact) else None


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def hash_secret(secret: str) -> str:
    """What the store keeps of a secret (SHA-256, hex). The secret is random, so no salt is needed."""
    return _sha256(_canonical_secret(secret) or secret)


def secret_matches(secret: str, stored_hash: str | None) -> bool:
    """True when ``secret`` is the one whose hash is stored; constant time, also when nothing is stored.

    Two forms are compared, always both: the canonical one and the secret exactly as given (secrets
    of the earlier, case-sensitive form)."""
    well_formed = bool(_SECRET_SHAPE.match(secret or ""))
    canonical = _canonical_secret(secret) if well_formed else None
    target = stored_hash or _DUMMY_HASH
    as_given = hmac.compare_digest(_sha256(secret if well_formed else ""), target)
    as_canonical = hmac.compare_digest(_sha256(canonical or ""), target)
    return (as_given or as_canonical) and stored_hash is not None
