"""API keys: random tokens given to the CRM, kept in settings only as SHA-256 hashes.

A key is 32 random bytes (URL-safe base64), so a fast hash is enough: there is nothing to guess by brute force,
and every request can be checked in microseconds.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

HASH_PREFIX = "sha256:"
KEY_PREFIX = "crm_"
_KEY_BYTES = 32


def new_key() -> str:
    """A fresh API key, shown once to the admin."""
    return KEY_PREFIX + secrets.token_urlsafe(_KEY_BYTES)


def hash_key(key: str) -> str:
    """The form stored in settings (ASSISTANT_API_KEY_HASHES)."""
    return HASH_PREFIX + hashlib.sha256(key.encode("utf-8")).hexdigest()


def is_valid_hash(stored: str) -> bool:
    digest = stored.removeprefix(HASH_PREFIX)
    return stored.startswith(HASH_PREFIX) and len(digest) == 64 and all(c in "0123456789abcdef" for c in digest)


def key_matches(key: str, hashes: tuple[str, ...]) -> bool:
    """True when `key` hashes to one of the stored hashes (compared in constant time)."""
    candidate = hash_key(key)
    return any(hmac.compare_digest(candidate, stored) for stored in hashes)
