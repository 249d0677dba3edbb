"""Passwords (argon2), session and API tokens, CSRF checks (login limits: ``services.login``)."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

__all__ = [
    "check_csrf",
    "hash_password",
    "new_token",
    "token_digest",
    "verify_password",
]

_hasher = PasswordHasher()
DUMMY_HASH = _hasher.hash("petarawan-dummy-password")
"""Verified against when the user does not exist, so unknown names take as long as known ones."""


def hash_password(password: str) -> str:
    """Return the argon2id hash of a password."""
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Check a password; with ``password_hash=None`` a dummy hash is verified and False returned."""
    try:
        ok = _hasher.verify(password_hash or DUMMY_HASH, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
    return bool(ok) and password_hash is not None


def token_digest(token: str, secret: str) -> str:
    """Return the keyed digest under which a token is stored (the token itself never is)."""
    return hmac.new(secret.encode(), token.encode(), hashlib.sha256).hexdigest()


def new_token(secret: str) -> tuple[str, str]:
    """Return a fresh random token and its stored digest."""
    token = secrets.token_urlsafe(32)
    return token, token_digest(token, secret)


def check_csrf(expected: str | None, presented: str | None) -> bool:
    """Compare a presented CSRF token with the session's in constant time."""
    if not expected or not presented:
        return False
    return secrets.compare_digest(expected.encode(), presented.encode())
