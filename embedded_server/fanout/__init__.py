"""Stream events across every portal process of one database.

``feed.events`` publishes each committed event to the fan-out its app routed there; the
fan-out sends it on the database's channel and every process listening (this one too)
hands it to its SSE broker. PostgreSQL: LISTEN/NOTIFY on a channel named after the
database and schema (``db.cluster_scope``), so portals in different schemas never hear
each other. ``MPRO_REDIS_URL`` set: Redis pub/sub on the same name instead. The embedded
SQLite portal is one process and needs none (:func:`fanout_for` answers None).
"""

from __future__ import annotations

import hashlib

from sqlalchemy import Engine

from embedded_server import db
from embedded_server.fanout.base import Deliver, Resume, ThreadedFanout
from embedded_server.fanout.postgres import PgFanout
from embedded_server.fanout.redis_pubsub import RedisFanout


def channel_name(scope: str) -> str:
    """A short, valid channel identifier for ``scope`` (PostgreSQL: at most 63 bytes)."""
    return "mpro_events_" + hashlib.sha256(scope.encode("utf-8")).hexdigest()[:20]


def fanout_for(
    engine: Engine, redis_url: str | None, deliver: Deliver, on_resume: Resume | None = None
) -> ThreadedFanout | None:
    """The fan-out for this database, not started yet; None for SQLite without Redis."""
    if redis_url:
        return RedisFanout(
            redis_url, lambda: channel_name(db.cluster_scope(engine)), deliver, on_resume
        )
    if db.is_sqlite(engine):
        return None
    return PgFanout(
        db.libpq_conninfo(engine),
        lambda: channel_name(db.cluster_scope(engine)),
        deliver,
        on_resume,
    )


__all__ = ["Deliver", "Resume", "ThreadedFanout", "channel_name", "fanout_for"]
