"""Engine and session plumbing shared by every domain package.

SQLite: WAL, busy_timeout and foreign keys on every connection, and SQLAlchemy's
documented pysqlite recipe (driver-level autocommit + our own BEGIN) so that writing
transactions start with ``BEGIN IMMEDIATE``: one writer at a time, which also makes
change-feed ``seq`` order equal commit order. Read-only sessions use a deferred BEGIN.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import DateTime, Engine, create_engine, event
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.types import TypeDecorator

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


def make_engine(url: str) -> Engine:
    """Create the engine with the per-dialect settings described in the module docstring."""
    if is_sqlite(url):
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
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Any) -> None:
            readonly = conn.get_execution_options().get(READONLY_OPTION, False)
            conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")

        return engine
    return create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)


def make_sessionmaker(engine: Engine) -> Callable[..., Session]:
    """Return ``factory(readonly=False) -> Session``; events queued in ``session.info``
    are published only after a successful commit."""
    rw = sessionmaker(bind=engine, expire_on_commit=False)
    ro = sessionmaker(
        bind=engine.execution_options(**{READONLY_OPTION: True}), expire_on_commit=False
    )

    def factory(readonly: bool = False) -> Session:
        return (ro if readonly else rw)()

    return factory


def queue_event(session: Session, company_id: str, event_name: str, data: Any) -> None:
    """Queue a stream event to publish after commit (never for rolled-back work)."""
    session.info.setdefault("events", []).append((company_id, event_name, data))


def install_publisher(publish: Callable[[str, str, Any], None]) -> None:
    """Wire after-commit publishing of queued events for all sessions."""

    @event.listens_for(Session, "after_commit")
    def _after_commit(session: Session) -> None:
        events = session.info.pop("events", [])
        for company_id, name, data in events:
            publish(company_id, name, data)

    @event.listens_for(Session, "after_rollback")
    def _after_rollback(session: Session) -> None:
        if not session.in_nested_transaction():
            session.info.pop("events", None)
