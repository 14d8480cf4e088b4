"""Queries for Idempotency-Key reservations and stored responses."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from embedded_server.models import IdempotencyKey


def reserve(session: Session, *, scope: str, key: str, request_hash: str) -> IdempotencyKey | None:
    """Insert a pending reservation; return the existing row if the key is known."""
    existing = session.get(IdempotencyKey, (scope, key))
    if existing is not None:
        return existing
    session.add(IdempotencyKey(scope=scope, key=key, request_hash=request_hash))
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        return session.scalars(
            select(IdempotencyKey).where(IdempotencyKey.scope == scope, IdempotencyKey.key == key)
        ).first()
    return None


def store_response(
    session: Session, *, scope: str, key: str, status: int, content_type: str | None, body: bytes
) -> None:
    row = session.get(IdempotencyKey, (scope, key))
    if row is not None:
        row.status_code = status
        row.content_type = content_type
        row.response_body = body
    session.commit()


def release(session: Session, *, scope: str, key: str) -> None:
    session.execute(delete(IdempotencyKey).where(IdempotencyKey.scope == scope, IdempotencyKey.key == key))
    session.commit()


def purge_older_than(session: Session, cutoff: dt.datetime) -> None:
    session.execute(delete(IdempotencyKey).where(IdempotencyKey.created_at < cutoff))
    session.commit()
