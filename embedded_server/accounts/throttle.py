"""Rate limits on sign-in failures and password-reset mails, kept in ``throttle_counters``.

One counter per (limit, subject); the subject (an e-mail address, a client address) is
stored only as a SHA-256 hash, and a counter exists whether or not an account does, so
an unknown address is throttled exactly like a known one (no enumeration, issue 8 #7).

``hit`` counts one event in the counter's window: ``Verdict.allowed`` while the count is
below ``limit.max_events``; the event that reaches it is the last one (``last``: the
caller may still finish it, e.g. verify the password) and blocks the subject until
``blocked_until``; events during the block are refused without being counted.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from embedded_server.db import utcnow
from embedded_server.models import ThrottleCounter


@dataclass(frozen=True, slots=True)
class Limit:
    """``max_events`` per ``window_s``; reaching it blocks for ``block_s`` (None: until
    the window ends). ``window_s`` None: the count never ages, only ``clear`` resets it."""

    name: str
    max_events: int
    window_s: float | None
    block_s: float | None = None


@dataclass(frozen=True, slots=True)
class Verdict:
    refused: bool  #: blocked already; the event was not counted
    last: bool  #: this event reached the limit and started a block
    retry_after: int  #: seconds until the block ends (0 when not blocked)

    @property
    def blocked(self) -> bool:
        return self.refused or self.last


def _key(limit: Limit, subject: str) -> str:
    return f"{limit.name}:{hashlib.sha256(subject.encode('utf-8')).hexdigest()}"


def _locked_row(session: Session, key: str, now: dt.datetime) -> ThrottleCounter:
    """The counter row, created if missing and row-locked (PostgreSQL) until commit."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    session.execute(
        dialect.insert(ThrottleCounter)
        .values(key=key, count=0, window_start=now, updated_at=now)
        .on_conflict_do_nothing(index_elements=["key"])
    )
    return session.scalars(
        select(ThrottleCounter)
        .where(ThrottleCounter.key == key)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def _seconds(until: dt.datetime, now: dt.datetime) -> int:
    return max(1, math.ceil((until - now).total_seconds()))


def hit(session: Session, limit: Limit, subject: str) -> Verdict:
    """Count one event for ``subject`` (the caller commits)."""
    now = utcnow()
    row = _locked_row(session, _key(limit, subject), now)
    row.updated_at = now
    if row.blocked_until is not None:
        if row.blocked_until > now:
            return Verdict(refused=True, last=False, retry_after=_seconds(row.blocked_until, now))
        row.blocked_until, row.count, row.window_start = None, 0, now
    if limit.window_s is not None and (now - row.window_start).total_seconds() >= limit.window_s:
        row.count, row.window_start = 0, now
    row.count += 1
    if row.count < limit.max_events:
        return Verdict(refused=False, last=False, retry_after=0)
    if limit.block_s is not None:
        row.blocked_until = now + dt.timedelta(seconds=limit.block_s)
    else:
        assert limit.window_s is not None, "a limit needs a window or a block time"
        row.blocked_until = row.window_start + dt.timedelta(seconds=limit.window_s)
    row.count = 0
    return Verdict(refused=False, last=True, retry_after=_seconds(row.blocked_until, now))


def clear(session: Session, limit: Limit, subject: str) -> None:
    """Forget the subject's count and block (a successful sign-in)."""
    session.execute(delete(ThrottleCounter).where(ThrottleCounter.key == _key(limit, subject)))


def undo(session: Session, limit: Limit, subject: str, verdict: Verdict) -> None:
    """Take back an event counted by ``hit`` that turned out not to count (a success)."""
    if verdict.refused:
        return
    row = _locked_row(session, _key(limit, subject), utcnow())
    if verdict.last:
        row.blocked_until = None
        row.count = max(0, limit.max_events - 1)
    else:
        row.count = max(0, row.count - 1)


def purge_idle(session: Session, older_than: dt.datetime) -> int:
    """Delete counters untouched since ``older_than`` whose block is over (housekeeping)."""
    result = session.execute(
        delete(ThrottleCounter).where(
            ThrottleCounter.updated_at < older_than,
            (ThrottleCounter.blocked_until.is_(None))
            | (ThrottleCounter.blocked_until < older_than),
        )
    )
    session.commit()
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
