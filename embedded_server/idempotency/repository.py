"""Queries for Idempotency-Key rows, and the commit hook that claims a key atomically.

The request's own session inserts the key row in ``before_commit``, i.e. in the SAME
transaction as the request's effect: the effect and the key commit together or not at
all. Of two concurrent requests with one key, the second one's commit fails on the
primary key (PostgreSQL: it waits for the first transaction, then fails; SQLite: the
single BEGIN IMMEDIATE writer sees the committed row), so its effect is rolled back.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete, event, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from embedded_server.errors import ProblemError
from embedded_server.models import IdempotencyKey

INFO_KEY = "idempotency"


class KeyTaken(ProblemError):
    """Another request committed this Idempotency-Key first; this one's effect is rolled back."""

    def __init__(self, key: str) -> None:
        super().__init__(
            409, "request_in_progress", "Another request with this Idempotency-Key won."
        )


def attach(session: Session, ctx: dict[str, Any]) -> None:
    """Make ``session`` claim the key described by ``ctx`` when it commits."""
    session.info[INFO_KEY] = ctx


@event.listens_for(Session, "before_commit")
def _claim_on_commit(session: Session) -> None:
    ctx = session.info.get(INFO_KEY)
    if ctx is None or ctx.get("committed") or session.in_nested_transaction():
        return
    session.add(IdempotencyKey(scope=ctx["scope"], key=ctx["key"], request_hash=ctx["hash"]))
    try:
        session.flush()
    except IntegrityError as exc:
        raise KeyTaken(ctx["key"]) from exc
    session.info["idempotency_pending"] = True


@event.listens_for(Session, "after_commit")
def _claimed(session: Session) -> None:
    if session.info.pop("idempotency_pending", False):
        session.info[INFO_KEY]["committed"] = True


@event.listens_for(Session, "after_rollback")
def _not_claimed(session: Session) -> None:
    session.info.pop("idempotency_pending", None)


def lookup(session: Session, *, scope: str, key: str) -> IdempotencyKey | None:
    return session.scalars(
        select(IdempotencyKey).where(IdempotencyKey.scope == scope, IdempotencyKey.key == key)
    ).first()


def insert_with_response(
    session: Session,
    *,
    scope: str,
    key: str,
    request_hash: str,
    status: int,
    content_type: str | None,
    body: bytes,
) -> bool:
    """Store the response of a request that committed nothing; False if the key is taken."""
    session.add(
        IdempotencyKey(
            scope=scope,
            key=key,
            request_hash=request_hash,
            status_code=status,
            content_type=content_type,
            response_body=body,
        )
    )
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        return False
    return True


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
    session.execute(
        delete(IdempotencyKey).where(IdempotencyKey.scope == scope, IdempotencyKey.key == key)
    )
    session.commit()


def purge_older_than(session: Session, cutoff: dt.datetime) -> int:
    """Delete keys created before ``cutoff`` (the periodic purge); returns how many."""
    result = session.execute(delete(IdempotencyKey).where(IdempotencyKey.created_at < cutoff))
    session.commit()
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
