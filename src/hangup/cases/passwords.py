"""Analysts' passwords: argon2id hashes (argon2-cffi), a length rule, and a check that does the same
work for a user name that has no account as for one that has.

The cost comes from the settings ``analyst_hash_memory_kib`` and ``analyst_hash_time_cost``
(default: RFC 9106's second recommended profile, 64 MiB and 3 passes); a stored hash records its
own parameters, so changing them never locks anyone out, and :func:`needs_rehash` says when a hash
should be remade at the next sign-in."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from hangup.config import Settings
from hangup.errors import AccountError, ConfigError

if TYPE_CHECKING:
    from argon2 import PasswordHasher

MAX_PASSWORD_CHARS = 1024  # argon2 takes any length; this bounds the work one request can ask for


@functools.cache
def _cached(time_cost: int, memory_kib: int) -> PasswordHasher:
    try:
        from argon2 import PasswordHasher  # noqa: PLC0415  # the optional analyst extra
    except ImportError as exc:
        raise ConfigError("analyst accounts need the analyst extra: pip install 'hangup[analyst]'") from exc
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_kib)


def _hasher(settings: Settings) -> PasswordHasher:
    return _cached(settings.analyst_hash_time_cost, settings.analyst_hash_memory_kib)


def check_strength(password: str, username: str, min_length: int) -> None:
    """Raise :class:`AccountError` unless the password is long enough and is not the user name."""
    if len(password) < min_length:
        raise AccountError(f"the password must have at least {min_length} characters")
    if len(password) > MAX_PASSWORD_CHARS:
        raise AccountError(f"the password must have at most {MAX_PASSWORD_CHARS} characters")
    if password.strip().lower() == username.lower():
        raise AccountError("the password must not be the user name")


def hash_password(password: str, settings: Settings) -> str:
    """An argon2id hash of ``password``, with its own salt and the configured parameters."""
    return _hasher(settings).hash(password)


def verify_password(stored: str | None, password: str, settings: Settings) -> bool:
    """True when ``password`` matches ``stored``; with ``stored`` None, the same work and False."""
    from argon2.exceptions import InvalidHashError, VerificationError  # noqa: PLC0415

    if len(password) > MAX_PASSWORD_CHARS:
        return False
    try:
        return _hasher(settings).verify(stored or _dummy_hash(settings), password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str, settings: Settings) -> bool:
    """True when ``stored`` was made with other parameters than the configured ones."""
    from argon2.exceptions import InvalidHashError  # noqa: PLC0415

    try:
        return _hasher(settings).check_needs_rehash(stored)
    except InvalidHashError:
        return True


def _dummy_hash(settings: Settings) -> str:
    return _dummy(settings.analyst_hash_time_cost, settings.analyst_hash_memory_kib)


@functools.cache
def _dummy(time_cost: int, memory_kib: int) -> str:
    return _cached(time_cost, memory_kib).hash("no account has this password")
