"""Secrets in the OS keychain, never in plain files (SPEC N3).

Any ``KeyringError`` — not only the ``fail`` backend of a headless Linux box — means
"no keychain": the caller tells the user and keeps nothing on disk.
"""

from __future__ import annotations

import logging

import keyring
import keyring.errors

log = logging.getLogger(__name__)

SERVICE = "mpro-desktop"


def _account(portal_url: str, email: str) -> str:
    return f"{email.strip().lower()}@{portal_url.rstrip('/')}"


def keychain_available() -> bool:
    """True when a real keychain backend answers; False on ``keyring.backends.fail``."""
    try:
        backend = keyring.get_keyring()
        if getattr(backend, "priority", 1) <= 0 or type(backend).__module__.startswith(
            "keyring.backends.fail"
        ):
            return False
        backend.get_password(SERVICE, "__probe__")
        return True
    except keyring.errors.KeyringError as exc:
        log.info("keychain unavailable: %s", exc)
        return False
    except Exception as exc:  # broken third-party backends raise anything
        log.warning("keychain backend failed: %s", exc)
        return False


def save_refresh_token(portal_url: str, email: str, token: str) -> bool:
    """Store the token; False (and nothing written anywhere) if there is no keychain."""
    if not keychain_available():
        return False
    try:
        keyring.set_password(SERVICE, _account(portal_url, email), token)
        return True
    except keyring.errors.KeyringError as exc:
        log.warning("could not store token in keychain: %s", exc)
        return False


def load_refresh_token(portal_url: str, email: str) -> str | None:
    if not keychain_available():
        return None
    try:
        return keyring.get_password(SERVICE, _account(portal_url, email))
    except keyring.errors.KeyringError:
        return None


def forget(portal_url: str, email: str) -> None:
    if not keychain_available():
        return
    try:
        keyring.delete_password(SERVICE, _account(portal_url, email))
    except keyring.errors.KeyringError:
        pass
