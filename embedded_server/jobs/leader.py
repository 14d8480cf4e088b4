"""Which portal process runs the background jobs (command expiry, R18 purge, retention,
idempotency expiry, mail): the one holding the cluster's advisory lock.

PostgreSQL: every process tries ``pg_try_advisory_lock`` on its own connection before a
job; the holder keeps it as long as that connection lives, so exactly one process of the
database (schema) runs the jobs, and when it dies its connection closes and another one
takes over on its next try. SQLite: the portal is one process, which always leads.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import threading
from collections.abc import Iterator

import psycopg
from sqlalchemy import Engine

from embedded_server import db

log = logging.getLogger("embedded_server.jobs")


def lock_key(scope: str, purpose: str) -> int:
    """A signed 64-bit advisory-lock key for ``purpose`` in ``scope`` (db.cluster_scope)."""
    digest = hashlib.sha256(f"{scope}\0{purpose}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


@contextlib.contextmanager
def cluster_lock(engine: Engine, purpose: str) -> Iterator[None]:
    """Hold the cluster's ``purpose`` lock for the block (PostgreSQL; SQLite: nothing to
    hold, one process). Used around the start-up migration: workers take turns."""
    if db.is_sqlite(engine):
        yield
        return
    key = lock_key(db.cluster_scope(engine), purpose)
    with psycopg.connect(
        db.libpq_conninfo(engine), autocommit=True, connect_timeout=db.CONNECT_TIMEOUT_S
    ) as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", (key,))
        try:
            yield
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (key,))


class Leadership:
    """``held()`` before each job run: True in the one process that runs the jobs."""

    def __init__(self, engine: Engine) -> None:
        self._solo = db.is_sqlite(engine)
        self._engine = engine
        self._conninfo = "" if self._solo else db.libpq_conninfo(engine)
        self._key: int | None = None
        self._conn: psycopg.Connection | None = None
        self._leading = False
        self._lock = threading.Lock()

    def held(self) -> bool:
        if self._solo:
            return True
        with self._lock:
            try:
                return self._check()
            except psycopg.Error as exc:
                log.warning("job leadership: database unreachable (%s)", exc)
                self._drop()
                return False

    def _check(self) -> bool:
        if self._key is None:
            self._key = lock_key(db.cluster_scope(self._engine), "background-jobs")
        if self._conn is None or self._conn.closed:
            self._conn = psycopg.connect(
                self._conninfo,
                autocommit=True,
                connect_timeout=db.CONNECT_TIMEOUT_S,
                application_name="mpro-jobs",
            )
            self._leading = False
        if self._leading:
            self._conn.execute("SELECT 1")  # still ours while this connection lives
            return True
        row = self._conn.execute("SELECT pg_try_advisory_lock(%s)", (self._key,)).fetchone()
        self._leading = bool(row and row[0])
        if self._leading:
            log.info("this process now runs the background jobs")
        return self._leading

    def _drop(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except psycopg.Error:
                pass
        self._conn, self._leading = None, False

    def release(self) -> None:
        """Give the jobs up (shutdown): unlocked at once, so another process can take
        over on its next try (closing alone frees it only when the backend has gone)."""
        with self._lock:
            if self._leading and self._conn is not None and not self._conn.closed:
                try:
                    self._conn.execute("SELECT pg_advisory_unlock(%s)", (self._key,))
                except psycopg.Error:
                    pass
            self._drop()
