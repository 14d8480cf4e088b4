"""The cache's shared tables and storage conventions (no entity here).

The tables every entity relies on (telemetry, outbox, conflicts, sync state) and the
one :data:`metadata` each entity module adds its own table to
(``mpro_desktop.sync.entities``). The schema itself is created and upgraded only by the
Alembic scripts in ``cache_migrations``; these declarations must match them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from mpro_desktop.domain.telemetry import NUMERIC_FIELDS, SAMPLE_FIELDS

#: Telemetry columns in the cache: every chartable number plus booleans stored as 0/1.
TELEMETRY_COLUMNS: tuple[str, ...] = NUMERIC_FIELDS + tuple(
    k for k, t in SAMPLE_FIELDS.items() if t is bool
)

metadata = sa.MetaData()

telemetry_t = sa.Table(
    "telemetry",
    metadata,
    sa.Column("vehicle_id", sa.String, primary_key=True),
    sa.Column("ts", sa.Float, primary_key=True),
    *[sa.Column(name, sa.Float) for name in TELEMETRY_COLUMNS],
)
outbox_t = sa.Table(
    "outbox",
    metadata,
    sa.Column("client_seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("mutation_id", sa.String),
    sa.Column("type", sa.String),
    sa.Column("entity_id", sa.String),
    sa.Column("payload", sa.JSON),
    sa.Column("base_version", sa.Integer),
    sa.Column("created_at", sa.Float),
    sa.Column("waited_s", sa.Float),
    sa.Column("mono_mark", sa.Float),
)
conflicts_t = sa.Table(
    "conflicts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("mutation_id", sa.String),
    sa.Column("type", sa.String),
    sa.Column("entity_id", sa.String),
    sa.Column("payload", sa.JSON),
    sa.Column("result", sa.String),
    sa.Column("code", sa.String),
    sa.Column("detail", sa.String),
    sa.Column("entity", sa.JSON),
    sa.Column("created_at", sa.Float),
    sa.Column("resolved", sa.Boolean),
)
sync_state_t = sa.Table(
    "sync_state",
    metadata,
    sa.Column("key", sa.String, primary_key=True),
    sa.Column("value", sa.String),
)


def parse_ts(value: Any) -> float | None:
    """ISO-8601 (with offset; naive means UTC) or epoch number -> epoch seconds."""
    if value is None:
        return None
    if isinstance(value, int | float):
        return float(value)
    text = str(value)
    try:
        dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.timestamp()


def iso_now() -> str:
    return datetime.now(UTC).isoformat()


def upsert(conn: sa.Connection, table: sa.Table, rows: Sequence[dict], key: str) -> None:
    """Insert or replace ``rows`` by their ``key`` column, in one statement."""
    if not rows:
        return
    stmt = sqlite_insert(table)
    cols = {c.name: stmt.excluded[c.name] for c in table.columns if c.name != key}
    conn.execute(stmt.on_conflict_do_update(index_elements=[key], set_=cols), list(rows))
