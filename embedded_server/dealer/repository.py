"""Queries of dealers, their tokens, support sessions and verifications."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from embedded_server.dealer.models import Dealer, DealerToken, SupportSession


def find_dealer_by_email(session: Session, email: str) -> Dealer | None:
    return session.scalars(select(Dealer).where(Dealer.email == email.strip().lower())).first()


def find_dealer(session: Session, dealer_id: str) -> Dealer | None:
    """By the operator-given id."""
    return session.scalars(select(Dealer).where(Dealer.dealer_id == dealer_id)).first()


def get_dealer_token(session: Session, token_hash: str) -> DealerToken | None:
    return session.get(DealerToken, token_hash)


def find_session_by_token(session: Session, token_hash: str) -> SupportSession | None:
    return session.scalars(
        select(SupportSession).where(SupportSession.token_hash == token_hash)
    ).first()


def lock_dealers_session(session: Session, dealer_id: str, session_id: str) -> SupportSession | None:
    """The dealer's own support session ``session_id`` (row-locked), else None."""
    return session.scalars(
        select(SupportSession)
        .where(SupportSession.id == session_id, SupportSession.dealer_id == dealer_id)
        .with_for_update()
    ).first()


def expired_open_sessions(
    session: Session, *, now: dt.datetime, limit: int = 500
) -> list[SupportSession]:
    """Support sessions past their expiry that nobody ended (row-locked, skipping any a
    dealer is ending right now)."""
    return list(
        session.scalars(
            select(SupportSession)
            .where(SupportSession.ended_at.is_(None), SupportSession.expires_at <= now)
            .order_by(SupportSession.expires_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    )


def add(session: Session, obj: object) -> None:
    session.add(obj)
