"""Engine and session plumbing shared by every domain package.

SQLite: WAL, busy_timeout and foreign keys on every connection, and SQLAlchemy's
documented pysqlite recipe (driver-level autocommit + our own BEGIN) so that writing
transactions start with ``BEGIN IMMEDIATE``: one writer at a time, which also makes
change-feed ``seq`` order equal commit order. Read-only sessions use a deferred BEGIN.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy import DateTime, Engine, create_engine, event
from sqlalchemy.engine import Dialect, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.types import TypeDecorator

from mpro_common.private_files import private_sqlite_file

UTC = dt.UTC
READONLY_OPTION = "mpro_readonly"


def utcnow() -> dt.datetime:
    return dt.datetime.now(UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite drops offsets)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if isinstance(value, str):
            value = dt.datetime.fromisoformat(value)
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def is_sqlite(engine_or_url: Engine | str) -> bool:
    url = str(engine_or_url.url) if isinstance(engine_or_url, Engine) else engine_or_url
    return url.startswith("sqlite")


#: PostgreSQL connections per portal process: ``pool_size`` kept open, up to
#: ``max_overflow`` more under load (README, "Running the portal for a real fleet")
DEFAULT_POOL_SIZE = 10
DEFAULT_MAX_OVERFLOW = 20
CONNECT_TIMEOUT_S = 10


def make_engine(url: str, *, pool_size: int = DEFAULT_POOL_SIZE,
                max_overflow: int = DEFAULT_MAX_OVERFLOW) -> Engine:
    """Create the engine with the per-dialect settings described in the module docstring;
    the pool sizes apply to PostgreSQL (each worker process has its own pool)."""
    if is_sqlite(url):
        _private_sqlite(url)
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 30}, pool_size=8
        )

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # we emit BEGIN ourselves
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.execute("PRAGMA foreign_keys=ON")
            # FULL: a commit (an acknowledged sample, any 2xx) is on disk before we answer;
            # NORMAL in WAL mode may lose the last commits on power loss (README)
            cur.execute("PRAGMA synchronous=FULL")
            cur.close()

        _serialize_sqlite_writers(engine)
        return engine
    return create_engine(url, pool_size=pool_size, max_overflow=max_overflow, pool_pre_ping=True,
                         connect_args={"connect_timeout": CONNECT_TIMEOUT_S})


def database_key(engine: Engine) -> str:
    """The database an engine talks to, as the event routes know it (no password)."""
    return engine.url.render_as_string(hide_password=True)


def libpq_conninfo(engine: Engine) -> str:
    """The engine's PostgreSQL URL for a plain psycopg connection (LISTEN, advisory locks)."""
    return engine.url.set(drivername="postgresql").render_as_string(hide_password=False)


def cluster_scope(engine: Engine) -> str:
    """What every portal process serving the same data shares: PostgreSQL's database and
    schema (tests put each portal in its own schema), else the SQLite file."""
    if is_sqlite(engine):
        return database_key(engine)
    with engine.connect() as conn:
        name, schema = conn.exec_driver_sql("SELECT current_database(), current_schema()").one()
    return f"{name}/{schema}"


def _private_sqlite(url: str) -> None:
    """The database file is created 0600 before SQLite opens it (its -wal/-shm follow)."""
    parsed = make_url(url)
    name = parsed.database
    if name and name != ":memory:" and not name.startswith("file:") and "mode" not in parsed.query:
        private_sqlite_file(name)


WRITER_WAIT_S = 30.0
_HOLDS = "mpro_holds_writer_lock"


def _serialize_sqlite_writers(engine: Engine) -> None:
    """``BEGIN IMMEDIATE`` for writing transactions, queued on an in-process lock first.

    SQLite lets one writer in at a time; a second ``BEGIN IMMEDIATE`` waits in SQLite's
    busy handler, which *sleeps* (1, 2, 5, 10 … 100 ms) between retries, so under
    concurrent requests the write lock sits idle most of the time. Waiting on a Python
    lock instead wakes the next writer the moment the previous one committed. The lock is
    released after the COMMIT/ROLLBACK itself ran (the driver's commit is issued here; the
    dialect's own commit afterwards is a no-op in autocommit state). Other processes are
    still kept out by SQLite's lock; after ``WRITER_WAIT_S`` a writer proceeds anyway.
    """
    writer_lock = threading.Lock()

    def release(conn_info: dict[str, Any]) -> None:
        if conn_info.pop(_HOLDS, False):
            writer_lock.release()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        if conn.get_execution_options().get(READONLY_OPTION, False):
            conn.exec_driver_sql("BEGIN")
            return
        info = conn.connection.info
        if not info.get(_HOLDS) and writer_lock.acquire(timeout=WRITER_WAIT_S):
            info[_HOLDS] = True
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            release(info)
            raise

    @event.listens_for(engine, "commit")
    def _on_commit(conn: Any) -> None:
        info = conn.connection.info
        if info.get(_HOLDS):
            try:
                conn.connection.dbapi_connection.commit()
            finally:
                release(info)

    @event.listens_for(engine, "rollback")
    def _on_rollback(conn: Any) -> None:
        info = conn.connection.info
        if info.get(_HOLDS):
            try:
                conn.connection.dbapi_connection.rollback()
            finally:
                release(info)

    @event.listens_for(engine.pool, "checkin")
    def _on_checkin(_dbapi_conn: Any, record: Any) -> None:
        if record is not None:
            release(record.info)  # never leak the lock with a connection going back


def make_sessionmaker(engine: Engine) -> Callable[..., Session]:
    """Return ``factory(readonly=False) -> Session`` (events queued on a session are
    published only after a successful commit: ``feed.events``)."""
    rw = sessionmaker(bind=engine, expire_on_commit=False)
    ro = sessionmaker(
        bind=engine.execution_options(**{READONLY_OPTION: True}), expire_on_commit=False
    )

    def factory(readonly: bool = False) -> Session:
        return (ro if readonly else rw)()

    return factory
