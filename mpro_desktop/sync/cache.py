"""The desktop's local SQLite cache (docs/contracts.md, "Desktop cache").

Every screen reads from here so the program works offline (SPEC N1). The schema is
created and upgraded only by the Alembic scripts in ``cache_migrations``. Each thread
takes its own short-lived connection from the shared engine; writes start with
``BEGIN IMMEDIATE`` so two writers never deadlock on a lock upgrade, and reads never
keep a transaction open (that would starve WAL checkpoints). The SQL of each entity
lives in its module under ``entities`` (the outbox's in ``queued``, refusals' in
``refusals``); the read methods here open the connection and delegate.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import sqlalchemy as sa
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from mpro_common.private_files import private_sqlite_file

from . import queued, refusals
from .entities import (
    alert,
    command,
    company,
    invitation,
    order,
    product,
    subscription,
    user,
    vehicle,
)
from .entities.command import COMMAND_KEYS, command_row, commands_t
from .entities.company import company_t
from .entities.product import product_row, products_t
from .entities.user import user_row, users_t
from .entities.vehicle import VEHICLE_KEYS, vehicle_row, vehicles_t
from .entities.vehicle_status import vehicle_status_t
from .queued import outbox_age_s
from .schema import (
    TELEMETRY_COLUMNS,
    conflicts_t,
    iso_now,
    metadata,
    outbox_t,
    parse_ts,
    sync_state_t,
    telemetry_t,
)

#: Kept importable from here: tests and tools name the tables and row helpers by this module.
__all__ = [
    "COMMAND_KEYS",
    "TELEMETRY_COLUMNS",
    "VEHICLE_KEYS",
    "Cache",
    "CacheCorrupt",
    "command_row",
    "commands_t",
    "company_t",
    "conflicts_t",
    "damage_of",
    "head_revision",
    "iso_now",
    "metadata",
    "migrate_cache_file",
    "outbox_age_s",
    "outbox_t",
    "parse_ts",
    "product_row",
    "products_t",
    "store_command_row",
    "sync_state_t",
    "telemetry_t",
    "user_row",
    "users_t",
    "vehicle_row",
    "vehicle_status_t",
    "vehicles_t",
]

#: One command from the portal into the cache (``entities.command.store``).
store_command_row = command.store

MIGRATIONS_DIR = Path(__file__).with_name("cache_migrations")
DEFAULT_TELEMETRY_WINDOW_S = 7 * 24 * 3600.0
BUSY_TIMEOUT_MS = 10_000

#: Old telemetry is trimmed at most this often (seconds), not on every insert.
TRIM_EVERY_S = 60.0

#: The newest migration shipped (tests/sync check it equals Alembic's head). Opening a
#: cache already at this revision skips importing Alembic: it costs ~0.4 s of start-up.
HEAD_REVISION = "0006"


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
        boot = _boot_id()
        with self.write() as conn:
            same_boot = boot is not None and self.get_state("mono_boot_id", conn) == boot
            queued.credit_waiting(conn, time.monotonic(), same_boot=same_boot)
            self.set_state("mono_boot_id", boot, conn)

    def checkpoint_waited(self, conn: sa.Connection | None = None) -> None:
        """Fold the monotonic time since ``mono_mark`` into each row's ``waited_s``."""
        now = time.monotonic()
        if conn is not None:
            queued.checkpoint_waited(conn, now)
            return
        with self.write() as c:
            queued.checkpoint_waited(c, now)

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
        with self.read() as conn:
            return vehicle.read_all(conn)

    def vehicle(self, vehicle_id: str) -> dict | None:
        """One vehicle (also when it is pending removal), or None."""
        with self.read() as conn:
            return vehicle.read_one(conn, vehicle_id)

    def users(self) -> list[dict]:
        with self.read() as conn:
            return user.read_all(conn)

    def invitations(self) -> list[dict]:
        with self.read() as conn:
            return invitation.read_all(conn)

    def user_by_email(self, email: str) -> dict | None:
        with self.read() as conn:
            return user.read_by_email(conn, email)

    def alerts(self) -> list[dict]:
        with self.read() as conn:
            return alert.read_all(conn)

    def products(self) -> list[dict]:
        with self.read() as conn:
            return product.read_all(conn)

    def orders(self) -> list[dict]:
        with self.read() as conn:
            return order.read_all(conn)

    def subscriptions(self) -> list[dict]:
        with self.read() as conn:
            return subscription.read_all(conn)

    def company(self) -> dict | None:
        with self.read() as conn:
            return company.read_one(conn)

    def pending_count(self) -> int:
        with self.read() as conn:
            return queued.count(conn)

    def outbox(self) -> list[dict]:
        """Queued mutations in ``client_seq`` order (for display and for the engine)."""
        with self.read() as conn:
            return queued.all_rows(conn)

    def commands(self, vehicle_id: str | None = None, *, limit: int | None = None) -> list[dict]:
        """Remote commands, newest first (optionally of one vehicle), for the UI.

        Each dict is the command JSON (docs/contracts.md, "Remote commands") plus
        ``pending``: True while it waits in the outbox; its ``state`` is then
        ``"pending"`` (a client-only state). A command the portal refused has
        ``state = "rejected"`` and the refusal code in ``reason``.
        """
        with self.read() as conn:
            return command.read_all(conn, vehicle_id, limit=limit)

    def command(self, command_id: str) -> dict | None:
        """One remote command (see :meth:`commands`), or None."""
        with self.read() as conn:
            return command.read_one(conn, command_id)

    def store_command(self, data: Mapping[str, Any], conn: sa.Connection | None = None) -> None:
        """Portal truth for one command (push result, change feed, SSE ``command``).

        An older copy (lower ``version``) never overwrites a newer one.
        """
        if conn is None:
            with self.write() as c:
                command.store(c, data)
            return
        command.store(conn, data)

    def conflicts(self, *, include_resolved: bool = False) -> list[dict]:
        """Mutations the portal refused (conflict/rejected), newest first, for the user."""
        with self.read() as conn:
            return refusals.listed(conn, include_resolved=include_resolved)

    def resolve_conflict(self, conflict_id: int) -> None:
        """The user has seen (and dealt with) a refused mutation."""
        with self.write() as conn:
            refusals.resolve(conn, conflict_id)

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
