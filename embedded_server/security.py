"""Password hashing (argon2id) and opaque tokens stored only as SHA-256 hashes."""

from __future__ import annotations

import hashlib
import os
import secrets
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

#: Production parameters (OWASP-style argon2id); tests override them via the environment.
DEFAULT_TIME_COST = 3
DEFAULT_MEMORY_KIB = 65536
DEFAULT_PARALLELISM = 1


def argon2_parameters() -> dict[str, int]:
    """Parameters from MPRO_ARGON2_TIME_COST / MPRO_ARGON2_MEMORY_KIB, else production."""
    return {
        "time_cost": int(os.environ.get("MPRO_ARGON2_TIME_COST", DEFAULT_TIME_COST)),
        "memory_cost": int(os.environ.get("MPRO_ARGON2_MEMORY_KIB", DEFAULT_MEMORY_KIB)),
        "parallelism": DEFAULT_PARALLELISM,
    }


@lru_cache(maxsize=4)
def _hasher(time_cost: int, memory_cost: int, parallelism: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism)


def password_hasher() -> PasswordHasher:
    return _hasher(**argon2_parameters())


def hash_password(password: str) -> str:
    return password_hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return password_hasher().verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


_DUMMY_HASH: str | None = None


def burn_password_check(password: str) -> None:
    """Spend the same time as a real check so unknown e-mails can't be detected by timing."""
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = hash_password("not-a-real-password")
    verify_password(_DUMMY_HASH, password)


def new_token(prefix: str = "") -> str:
    return prefix + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
