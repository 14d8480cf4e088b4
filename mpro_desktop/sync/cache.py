"""The desktop's local SQLite cache (docs/contracts.md, "Desktop cache").

Every screen reads from here so the program works offline (SPEC N1). The schema is
created and upgraded only by the Alembic scripts in ``cache_migrations``. Each thread
takes its own short-lived connection from the shared engine; writes start with
``BEGIN IMMEDIATE`` so two writers never deadlock on a lock upgrade, and reads never
keep a transaction open (that would starve WAL checkpoints).
"""

from __future__ import annotations

import contextlib
import math
import sqlite3
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import sqlalchemy as sa
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from embedded_server.private_files import private_sqlite_file
from mpro_desktop.domain.telemetry import NUMERIC_FIELDS, SAMPLE_FIELDS

MIGRATIONS_DIR = Path(__file__).with_name("cache_migrations")
DEFAULT_TELEMETRY_WINDOW_S = 7 * 24 * 3600.0
BUSY_TIMEOUT_MS = 10_000

#: Telemetry columns in the cache: every chartable number plus booleans stored as 0/1.
TELEMETRY_COLUMNS: tuple[str, ...] = NUMERIC_FIELDS + tuple(
    k for k, t in SAMPLE_FIELDS.items() if t is bool
)

metadata = sa.MetaData()

vehicles_t = sa.Table(
    "vehicles",
    metadata,
    sa.Column("id", sa.String, primary_key=True),
    sa.Column("vin", sa.String),
    sa.Column("name", sa.String),
    sa.Column("license_plate", sa.String),
    sa.Column("fuel_type", sa.String),
    sa.Column("model", sa.String),
    sa.Column("has_comm_module", sa.Boolean),
    sa.Column("module_active", sa.Boolean),
    sa.Column("version", sa.Integer),
    sa.Column("created_at", sa.String),
    sa.Column("updated_at", sa.String),
    sa.Column("pending_op", sa.String),
)
vehicle_status_t = sa.Table(
    "vehicle_status",
    metadata,
    sa.Column("vehicle_id", sa.String, primary_key=True),
    sa.Column("ts", sa.Float),
    sa.Column("data", sa.JSON),
)
users_t = sa.Table(
    "users",
    metadata,
    sa.Column("id", sa.String, primary_key=True),
    sa.Column("email", sa.String),
    sa.Column("first_name", sa.String),
    sa.Column("last_name", sa.String),
    sa.Column("roles", sa.JSON),
    sa.Column("verified", sa.Boolean),
    sa.Column("version", sa.Integer),
    sa.Column("data", sa.JSON),
)
products_t = sa.Table(
    "products",
    metadata,
    sa.Column("id", sa.String, primary_key=True),
    sa.Column("name", sa.String),
    sa.Column("price", sa.Float),
    sa.Column("currency", sa.String),
    sa.Column("term_months", sa.Integer),
    sa.Column("free", sa.Boolean),
    sa.Column("data", sa.JSON),
)
company_t = sa.Table(
    "company",
    metadata,
    sa.Column("id", sa.String, primary_key=True),
    sa.Column("data", sa.JSON),
    sa.Column("version", sa.Integer),
)
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
commands_t = sa.Table(
    "commands",
    metadata,
    sa.Column("id", sa.String, primary_key=True),
    sa.Column("vehicle_id", sa.String),
    sa.Column("type", sa.String),
    sa.Column("params", sa.JSON),
    sa.Column("state", sa.String),
    sa.Column("reason", sa.String),
    sa.Column("unmet", sa.JSON),
    sa.Column("ttl_s", sa.Float),
    sa.Column("created_at", sa.String),
    sa.Column("expires_at", sa.String),
    sa.Column("updated_at", sa.String),
    sa.Column("version", sa.Integer),
    sa.Column("pending", sa.Boolean),
    sa.Column("data", sa.JSON),
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

VEHICLE_KEYS = (
    "id",
    "vin",
    "name",
    "license_plate",
    "fuel_type",
    "model",
    "has_comm_module",
    "module_active",
    "version",
    "created_at",
    "updated_at",
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


#: Old telemetry is trimmed at most this often (seconds), not on every insert.
TRIM_EVERY_S = 60.0

#: The newest migration shipped (tests/sync check it equals Alembic's head). Opening a
#: cache already at this revision skips importing Alembic: it costs ~0.4 s of start-up.
HEAD_REVISION = "0002"


def _migrations_config(connection: sa.Connection | None = None) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    """The newest cache schema revision shipped with this program."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_migrations_config()).get_current_head()
    assert head is not None
    return head


def schema_version_number(revision: str | None) -> int:
    """Revision ids are zero-padded numbers ("0001"), sent as an int to the portal."""
    try:
        return int(str(revision).split("_", 1)[0])
    except ValueError:
        return 0


def _boot_id() -> str | None:
    """Identifies this boot of the machine, if the OS tells us (Linux); else None.

    ``time.monotonic()`` readings are comparable between processes of one boot (it is
    CLOCK_MONOTONIC on Linux), so a restarted program can credit the time it was closed.
    """
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text("ascii").strip() or None
    except OSError:
        return None


class CacheCorrupt(Exception):
    """The cache file is damaged (not a database, truncated, a bad page).

    Raised by :class:`Cache` instead of a driver error, so the caller can move the file
    aside and start over (``cache_recovery.open_cache``) rather than show a traceback.
    """

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = Path(path)
        self.reason = reason


SQLITE_MAGIC = b"SQLite format 3\x00"

#: Files up to this size get a full ``PRAGMA quick_check`` on open (~4 ms per MB here).
#: Bigger ones are mostly telemetry, a window the portal can send again: only the other
#: tables (what the window shows first, and the outbox) are checked, at a cost of ms.
FULL_CHECK_MAX_BYTES = 16 * 1024 * 1024


def is_damage_error(exc: BaseException) -> bool:
    """True for SQLite's "malformed" / "not a database" errors (not for busy/locked).

    Python 3.11+ names the SQLite result code on every ``sqlite3.Error``.
    """
    name = getattr(exc, "sqlite_errorname", "") or ""
    return name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB"))


def damage_of(path: Path) -> str | None:
    """Why the SQLite file at ``path`` is damaged, or None if it looks sound (or is absent).

    Reads the 100-byte header (magic, page size, page count against the file size: a
    truncated file), then runs ``PRAGMA quick_check`` on its own read connection, so a
    damaged file is never written to (no WAL switch, no migration) before it is moved.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            header = f.read(100)
    except FileNotFoundError:
        return None
    if size == 0:
        return None  # SQLite treats an empty file as a new database
    if len(header) < 100 or header[:16] != SQLITE_MAGIC:
        return "not an SQLite database (bad header)"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return f"bad page size {page_size} in the header"
    pages = int.from_bytes(header[28:32], "big")
    wal = path.with_name(path.name + "-wal")
    # A non-empty WAL may hold a checkpoint that had not finished growing the file.
    wal_pending = wal.exists() and wal.stat().st_size > 0
    if pages and header[24:28] == header[92:96] and not wal_pending and size < pages * page_size:
        return f"truncated ({size} of {pages * page_size} bytes)"
    try:
        conn = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000
        )
    except sqlite3.Error as exc:
        return str(exc) if is_damage_error(exc) else None
    try:
        if size <= FULL_CHECK_MAX_BYTES:
            targets = [None]
        else:
            targets = [
                r[0]
                for r in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'telemetry'"
                )
            ]
        for table in targets:
            pragma = "PRAGMA quick_check" if table is None else f'PRAGMA quick_check("{table}")'
            found = [r[0] for r in conn.execute(pragma).fetchmany(3)]
            if found != ["ok"]:
                return "; ".join(str(x) for x in found)
    except sqlite3.DatabaseError as exc:
        # Busy or locked (another instance) is not damage: the normal open reports it.
        return str(exc) if is_damage_error(exc) else None
    finally:
        conn.close()
    return None


def _engine_for(path: Path) -> sa.Engine:
    private_sqlite_file(path)  # owner-only before SQLite creates it (issue 8 #8)
    engine = sa.create_engine(
        f"sqlite:///{path}",
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
        # JSON columns (vehicle status, payloads) decode several times faster with orjson.
        json_deserializer=orjson.loads,
    )
    sa.event.listen(engine, "connect", _on_connect)
    sa.event.listen(engine, "begin", _on_begin)
    return engine


def migrate_cache_file(path: Path, revision: str = "head") -> None:
    """Upgrade (or create) a cache file to ``revision`` without opening a :class:`Cache`.

    Tests use it to write a cache as an older program version would have.
    """
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = _engine_for(Path(path))
    try:
        with engine.connect() as conn:
            conn.execution_options(sqlite_begin="IMMEDIATE")
            with conn.begin():
                from alembic import command

                command.upgrade(_migrations_config(conn), revision)
    finally:
        engine.dispose()


def outbox_age_s(row: Mapping[str, Any], now_mono: float | None = None) -> float:
    """How long an outbox row has waited, on the monotonic clock (``age_s``).

    ``waited_s`` is the time accounted up to ``mono_mark`` (a ``time.monotonic()``
    reading of this boot, see :meth:`Cache.checkpoint_waited`); the rest is measured
    live. The wall clock is never used, so a wrong or changed system time can't make a
    command look fresher or older than it is.
    """
    now_mono = time.monotonic() if now_mono is None else now_mono
    waited = float(row.get("waited_s") or 0.0)
    mark = row.get("mono_mark")
    if mark is not None and now_mono >= float(mark):
        waited += now_mono - float(mark)
    return max(0.0, waited)


class Cache:
    """The local SQLite cache file. Created/upgraded by Alembic on open (render_as_batch).

    Waiting time of queued mutations (``age_s``) is measured on the monotonic clock:
    each outbox row keeps ``waited_s`` (seconds accounted so far) and ``mono_mark``
    (the ``time.monotonic()`` reading they are accounted up to). Opening the cache
    starts a new accounting session: on the same boot (Linux boot id unchanged) the time
    since the last mark is credited, as monotonic readings are comparable across
    processes of one boot, including the time the program was closed or after it was
    killed; otherwise (reboot, or an OS without a boot id) the unaccountable gap is
    dropped and only the time since the last checkpoint before it is lost.
    :meth:`checkpoint_waited` folds the live time into ``waited_s``; the engine calls it
    every sync round and :meth:`close` calls it, so at most one round's time is lost.
    """

    def __init__(self, path: Path, *, telemetry_window_s: float = DEFAULT_TELEMETRY_WINDOW_S):
        """Open (create, upgrade) the cache; :class:`CacheCorrupt` if the file is damaged."""
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.telemetry_window_s = telemetry_window_s
        self._last_trim = float("-inf")
        reason = damage_of(self.path)
        if reason is not None:
            raise CacheCorrupt(self.path, reason)
        self.engine: sa.Engine = _engine_for(self.path)
        try:
            self._migrate()
            self.schema_revision = self._current_revision()
            self.schema_version = schema_version_number(self.schema_revision)
            self._start_waiting_session()
        except sa.exc.DatabaseError as exc:
            self.engine.dispose()
            if is_damage_error(exc.orig):
                raise CacheCorrupt(self.path, str(exc.orig)) from exc
            raise

    # -- plumbing ---------------------------------------------------------------------

    def _migrate(self) -> None:
        if self._current_revision() == HEAD_REVISION:
            return
        from alembic import command

        with self.write() as conn:
            command.upgrade(_migrations_config(conn), "head")

    def _start_waiting_session(self) -> None:
        now = time.monotonic()
        boot = _boot_id()
        with self.write() as conn:
            if boot is not None and self.get_state("mono_boot_id", conn) == boot:
                conn.execute(
                    outbox_t.update()
                    .where(outbox_t.c.mono_mark.is_not(None), outbox_t.c.mono_mark <= now)
                    .values(waited_s=outbox_t.c.waited_s + (now - outbox_t.c.mono_mark))
                )
            conn.execute(outbox_t.update().values(mono_mark=now))
            self.set_state("mono_boot_id", boot, conn)

    def checkpoint_waited(self, conn: sa.Connection | None = None) -> None:
        """Fold the monotonic time since ``mono_mark`` into each row's ``waited_s``."""
        now = time.monotonic()
        stmt = (
            outbox_t.update()
            .where(outbox_t.c.mono_mark.is_not(None), outbox_t.c.mono_mark <= now)
            .values(waited_s=outbox_t.c.waited_s + (now - outbox_t.c.mono_mark), mono_mark=now)
        )
        if conn is not None:
            conn.execute(stmt)
            return
        with self.write() as c:
            c.execute(stmt)

    def _current_revision(self) -> str | None:
        """The Alembic revision stamped in the file (None for a new file), read directly."""
        with self.read() as conn:
            has_table = conn.exec_driver_sql(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
            ).first()
            if has_table is None:
                return None
            row = conn.exec_driver_sql("SELECT version_num FROM alembic_version").first()
            return row[0] if row else None

    @contextlib.contextmanager
    def write(self) -> Iterator[sa.Connection]:
        """One write transaction (``BEGIN IMMEDIATE``), committed on success."""
        with self.engine.connect() as conn:
            conn.execution_options(sqlite_begin="IMMEDIATE")
            with conn.begin():
                yield conn

    @contextlib.contextmanager
    def read(self) -> Iterator[sa.Connection]:
        """A short read transaction; closed (and its snapshot released) on exit."""
        with self.engine.connect() as conn, conn.begin():
            yield conn

    def close(self) -> None:
        """Account the outbox's waiting time, then release every connection."""
        try:
            self.checkpoint_waited()
        except sa.exc.SQLAlchemyError:  # closing must not fail (e.g. a read-only disk)
            pass
        self.engine.dispose()

    # -- sync state -------------------------------------------------------------------

    def get_state(self, key: str, conn: sa.Connection | None = None) -> str | None:
        stmt = sa.select(sync_state_t.c.value).where(sync_state_t.c.key == key)
        if conn is not None:
            return conn.execute(stmt).scalar_one_or_none()
        with self.read() as c:
            return c.execute(stmt).scalar_one_or_none()

    def set_state(self, key: str, value: str | None, conn: sa.Connection | None = None) -> None:
        stmt = sqlite_insert(sync_state_t).values(key=key, value=value)
        stmt = stmt.on_conflict_do_update(index_elements=["key"], set_={"value": value})
        if conn is not None:
            conn.execute(stmt)
            return
        with self.write() as c:
            c.execute(stmt)

    def client_id(self) -> str:
        """This cache's stable client id (the portal dedupes mutations per client)."""
        with self.write() as conn:
            value = self.get_state("client_id", conn)
            if value is None:
                value = str(uuid.uuid4())
                self.set_state("client_id", value, conn)
            return value

    # -- reads for the UI -------------------------------------------------------------

    def vehicles(self) -> list[dict]:
        """Every vehicle not pending removal, with ``pending_op`` and ``status``."""
        stmt = (
            sa.select(vehicles_t, vehicle_status_t.c.data.label("status"))
            .select_from(
                vehicles_t.outerjoin(
                    vehicle_status_t, vehicle_status_t.c.vehicle_id == vehicles_t.c.id
                )
            )
            .where(sa.or_(vehicles_t.c.pending_op.is_(None), vehicles_t.c.pending_op != "remove"))
            .order_by(vehicles_t.c.name, vehicles_t.c.vin)
        )
        with self.read() as conn:
            return [_vehicle_dict(row._mapping) for row in conn.execute(stmt)]

    def vehicle(self, vehicle_id: str) -> dict | None:
        """One vehicle (also when it is pending removal), or None."""
        stmt = (
            sa.select(vehicles_t, vehicle_status_t.c.data.label("status"))
            .select_from(
                vehicles_t.outerjoin(
                    vehicle_status_t, vehicle_status_t.c.vehicle_id == vehicles_t.c.id
                )
            )
            .where(vehicles_t.c.id == vehicle_id)
        )
        with self.read() as conn:
            row = conn.execute(stmt).first()
        return _vehicle_dict(row._mapping) if row is not None else None

    def users(self) -> list[dict]:
        with self.read() as conn:
            rows = conn.execute(
                sa.select(users_t.c.data).order_by(users_t.c.last_name, users_t.c.first_name)
            )
            return [dict(r.data) for r in rows]

    def products(self) -> list[dict]:
        with self.read() as conn:
            rows = conn.execute(sa.select(products_t.c.data).order_by(products_t.c.name))
            return [dict(r.data) for r in rows]

    def company(self) -> dict | None:
        with self.read() as conn:
            row = conn.execute(sa.select(company_t.c.data)).first()
        return dict(row.data) if row is not None else None

    def pending_count(self) -> int:
        with self.read() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(outbox_t)).scalar_one())

    def outbox(self) -> list[dict]:
        """Queued mutations in ``client_seq`` order (for display and for the engine)."""
        with self.read() as conn:
            rows = conn.execute(sa.select(outbox_t).order_by(outbox_t.c.client_seq))
            return [dict(r._mapping) for r in rows]

    def commands(self, vehicle_id: str | None = None, *, limit: int | None = None) -> list[dict]:
        """Remote commands, newest first (optionally of one vehicle), for the UI.

        Each dict is the command JSON (docs/contracts.md, "Remote commands") plus
        ``pending``: True while it waits in the outbox; its ``state`` is then
        ``"pending"`` (a client-only state). A command the portal refused has
        ``state = "rejected"`` and the refusal code in ``reason``.
        """
        stmt = sa.select(commands_t).order_by(
            commands_t.c.created_at.desc(), commands_t.c.id.desc()
        )
        if vehicle_id is not None:
            stmt = stmt.where(commands_t.c.vehicle_id == vehicle_id)
        if limit is not None:
            stmt = stmt.limit(limit)
        with self.read() as conn:
            return [_command_dict(r._mapping) for r in conn.execute(stmt)]

    def command(self, command_id: str) -> dict | None:
        """One remote command (see :meth:`commands`), or None."""
        with self.read() as conn:
            row = conn.execute(sa.select(commands_t).where(commands_t.c.id == command_id)).first()
        return _command_dict(row._mapping) if row is not None else None

    def store_command(self, data: Mapping[str, Any], conn: sa.Connection | None = None) -> None:
        """Portal truth for one command (push result, change feed, SSE ``command``).

        An older copy (lower ``version``) never overwrites a newer one.
        """
        if conn is None:
            with self.write() as c:
                store_command_row(c, data)
            return
        store_command_row(conn, data)

    def conflicts(self, *, include_resolved: bool = False) -> list[dict]:
        """Mutations the portal refused (conflict/rejected), newest first, for the user."""
        stmt = sa.select(conflicts_t).order_by(conflicts_t.c.id.desc())
        if not include_resolved:
            stmt = stmt.where(conflicts_t.c.resolved.is_(False))
        with self.read() as conn:
            return [dict(r._mapping) for r in conn.execute(stmt)]

    def resolve_conflict(self, conflict_id: int) -> None:
        """The user has seen (and dealt with) a refused mutation."""
        with self.write() as conn:
            conn.execute(
                conflicts_t.update().where(conflicts_t.c.id == conflict_id).values(resolved=True)
            )

    # -- telemetry --------------------------------------------------------------------

    def telemetry(
        self, vehicle_id: str, since_ts: float, fields: Sequence[str]
    ) -> dict[str, np.ndarray]:
        """``ts`` plus each requested field as float64 arrays (NaN for missing), ascending."""
        known = [f for f in fields if f in TELEMETRY_COLUMNS]
        cols = [telemetry_t.c.ts, *[telemetry_t.c[f] for f in known]]
        stmt = (
            sa.select(*cols)
            .where(telemetry_t.c.vehicle_id == vehicle_id, telemetry_t.c.ts >= since_ts)
            .order_by(telemetry_t.c.ts)
        )
        with self.read() as conn:
            rows = conn.execute(stmt).all()
        arr = np.array(rows, dtype=np.float64) if rows else np.empty((0, len(cols)))
        out: dict[str, np.ndarray] = {"ts": np.ascontiguousarray(arr[:, 0])}
        for i, f in enumerate(known, start=1):
            out[f] = np.ascontiguousarray(arr[:, i])
        for f in fields:
            if f not in out:
                out[f] = np.full(len(rows), np.nan)
        return out

    def store_telemetry(self, vehicle_id: str, samples: Sequence[Mapping[str, Any]]) -> None:
        """Insert samples (existing (vehicle, ts) rows win), then trim to the window."""
        columns: dict[str, list[Any]] = {"ts": [s.get("ts") for s in samples]}
        for f in TELEMETRY_COLUMNS:
            columns[f] = [s.get(f) for s in samples]
        self.store_telemetry_columns(vehicle_id, columns)

    def store_telemetry_columns(self, vehicle_id: str, columns: Mapping[str, Sequence[Any]]) -> int:
        """Columnar insert: ``{"ts": [...], field: [...]}`` (the backfill's wire form).

        One ``executemany`` of plain tuples on the driver: a backfill of a million
        samples must not build a dict per row (bench: initial sync).
        """
        ts_col = [parse_ts(t) for t in columns.get("ts") or ()]
        n = len(ts_col)
        fields = [f for f in TELEMETRY_COLUMNS if f in columns and len(columns[f]) == n]

        values = [_numeric_column(columns[f]) for f in fields]
        rows = [
            (vehicle_id, ts, *vals)
            for ts, *vals in zip(ts_col, *values, strict=True)
            if ts is not None
        ]
        names = ", ".join(["vehicle_id", "ts", *fields])
        marks = ", ".join("?" * (2 + len(fields)))
        now = time.monotonic()
        trim = now - self._last_trim >= TRIM_EVERY_S  # live data arrives at ~10 Hz
        with self.write() as conn:
            if rows:
                conn.exec_driver_sql(
                    f"INSERT OR IGNORE INTO telemetry ({names}) VALUES ({marks})", rows
                )
            if trim:
                cutoff = time.time() - self.telemetry_window_s
                conn.execute(telemetry_t.delete().where(telemetry_t.c.ts < cutoff))
        if trim:
            self._last_trim = now
        return len(rows)

    def latest_telemetry_ts(self, vehicle_id: str) -> float | None:
        with self.read() as conn:
            return conn.execute(
                sa.select(sa.func.max(telemetry_t.c.ts)).where(
                    telemetry_t.c.vehicle_id == vehicle_id
                )
            ).scalar_one_or_none()


_NUMERIC_TYPES = frozenset({float, int, bool, type(None)})


def _numeric_column(values: Sequence[Any]) -> Sequence[Any]:
    """The column as SQLite may store it: numbers and NULLs. A clean column (the usual
    case: one type check per distinct type) is passed through untouched."""
    if {type(v) for v in values} <= _NUMERIC_TYPES:
        return values
    return [float(v) if isinstance(v, int | float) else None for v in values]


# -- engine events (SQLAlchemy's documented pysqlite recipe) ------------------------------


def _on_connect(dbapi_conn: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def _on_begin(conn: sa.Connection) -> None:
    mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


# -- row <-> dict -------------------------------------------------------------------------


def _vehicle_dict(m: Mapping[str, Any]) -> dict:
    d = {k: m[k] for k in VEHICLE_KEYS}
    d["has_comm_module"] = bool(d["has_comm_module"])
    d["module_active"] = bool(d["module_active"])
    d["pending_op"] = m["pending_op"]
    d["status"] = dict(m["status"]) if m.get("status") is not None else None
    return d


COMMAND_KEYS = (
    "id",
    "vehicle_id",
    "type",
    "params",
    "state",
    "reason",
    "unmet",
    "ttl_s",
    "created_at",
    "expires_at",
    "updated_at",
    "version",
)


def _command_dict(m: Mapping[str, Any]) -> dict:
    d: dict[str, Any] = dict(m["data"] or {})
    for k in COMMAND_KEYS:
        d[k] = m[k]
    d["params"] = dict(m["params"] or {})
    d["unmet"] = list(m["unmet"] or [])
    d["pending"] = bool(m["pending"])
    return d


def command_row(data: Mapping[str, Any], *, pending: bool = False) -> dict:
    """Command JSON -> ``commands`` row."""
    ttl = data.get("ttl_s")
    return {
        "id": str(data["id"]),
        "vehicle_id": str(data.get("vehicle_id") or ""),
        "type": data.get("type") or "",
        "params": dict(data.get("params") or {}),
        "state": data.get("state") or "queued",
        "reason": data.get("reason"),
        "unmet": list(data.get("unmet") or []),
        "ttl_s": float(ttl) if isinstance(ttl, int | float) else None,
        "created_at": data.get("created_at"),
        "expires_at": data.get("expires_at"),
        "updated_at": data.get("updated_at"),
        "version": int(data.get("version") or 0),
        "pending": pending,
        "data": dict(data),
    }


def store_command_row(conn: sa.Connection, data: Mapping[str, Any]) -> None:
    """Upsert one command from the portal; a lower ``version`` never wins."""
    row = command_row(data)
    stmt = sqlite_insert(commands_t).values(**row)
    cols = {c.name: stmt.excluded[c.name] for c in commands_t.columns if c.name != "id"}
    conn.execute(
        stmt.on_conflict_do_update(
            index_elements=["id"],
            set_=cols,
            where=sa.or_(
                commands_t.c.pending.is_(True), commands_t.c.version <= stmt.excluded.version
            ),
        )
    )


def vehicle_row(data: Mapping[str, Any], pending_op: str | None = None) -> dict:
    """Vehicle JSON (REST / change feed / mutation entity) -> ``vehicles`` row."""
    return {
        "id": str(data["id"]),
        "vin": data.get("vin"),
        "name": data.get("name"),
        "license_plate": data.get("license_plate"),
        "fuel_type": data.get("fuel_type") or "diesel",
        "model": data.get("model"),
        "has_comm_module": bool(data.get("has_comm_module", True)),
        "module_active": bool(data.get("module_active", False)),
        "version": int(data.get("version") or 0),
        "created_at": data.get("created_at"),
        "updated_at": data.get("updated_at"),
        "pending_op": pending_op,
    }


def user_row(data: Mapping[str, Any]) -> dict:
    return {
        "id": str(data["id"]),
        "email": data.get("email"),
        "first_name": data.get("first_name"),
        "last_name": data.get("last_name"),
        "roles": list(data.get("roles") or []),
        "verified": bool(data.get("verified", False)),
        "version": int(data.get("version") or 0),
        "data": dict(data),
    }


def product_row(data: Mapping[str, Any]) -> dict:
    price = data.get("price")
    try:
        price_f = float(price) if price is not None else None
    except (TypeError, ValueError):
        price_f = None
    if price_f is not None and math.isnan(price_f):
        price_f = None
    return {
        "id": str(data["id"]),
        "name": data.get("name"),
        "price": price_f,
        "currency": data.get("currency"),
        "term_months": data.get("term_months"),
        "free": bool(data.get("free", False)),
        "data": dict(data),
    }
