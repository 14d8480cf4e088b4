"""The demo dealer of ``mpro-server --seed-demo`` (keys ``dealer_email`` / ``dealer_password``
of the seed file, docs/contracts.md "Demo seed file")."""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy.orm import Session

from embedded_server.accounts import repository as accounts_repo
from embedded_server.dealer import repository as repo
from embedded_server.dealer import service
from embedded_server.models import User
from embedded_server.security import hash_password, verify_password

DEMO_DEALER_ID = "BH-0001"
DEMO_DEALER_NAME = "Bilhallen AB"
DEMO_DEALER_EMAIL = "dealer@bilhallen.se"


def ensure_demo_dealer(
    session: Session, old_seed: dict[str, Any] | None, support_user_email: str | None = None
) -> dict[str, str]:
    """Create the demo dealer once; keep the seed file's password while it still signs in,
    else set a new one. ``support_user_email``: that demo user gets a support password
    (R12) so a support session can be tried (kept the same way). Returns the seed-file
    keys (flushed, the caller commits)."""
    keys = _dealer(session, old_seed)
    user = (
        accounts_repo.find_user_by_email(session, support_user_email)
        if support_user_email else None
    )
    if user is not None:
        support = ensure_support_password(session, user, (old_seed or {}).get("support_password"))
        keys |= {"support_user_email": user.email, "support_password": support}
    session.flush()
    return keys


def ensure_support_password(session: Session, user: User, old: object) -> str:
    """``old`` while it still matches the user's support password (R12), else a new one
    (11 characters, no whitespace); the caller writes it to the seed file."""
    if isinstance(old, str) and user.support_password_hash and verify_password(
        user.support_password_hash, old
    ):
        return old
    support = "S" + secrets.token_hex(5)
    user.support_password_hash = hash_password(support)
    session.flush()
    return support


def _dealer(session: Session, old_seed: dict[str, Any] | None) -> dict[str, str]:
    old_password = (old_seed or {}).get("dealer_password")
    dealer = repo.find_dealer(session, DEMO_DEALER_ID)
    if dealer is None:
        password = secrets.token_urlsafe(12)
        service.create_dealer(
            session, dealer_id=DEMO_DEALER_ID, name=DEMO_DEALER_NAME, email=DEMO_DEALER_EMAIL,
            password=password,
        )
    elif isinstance(old_password, str) and verify_password(dealer.password_hash, old_password):
        password = old_password
    else:
        password = secrets.token_urlsafe(12)
        dealer.password_hash = hash_password(password)
    session.flush()
    return {"dealer_email": DEMO_DEALER_EMAIL, "dealer_password": password}
