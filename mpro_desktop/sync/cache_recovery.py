"""Open the cache, or start a fresh one when the file is damaged (issue 8, #9).

A damaged cache is moved aside with a timestamp (with its ``-wal``/``-shm``, so SQLite
still pairs them), the queued changes that can still be read are copied into a new
cache, and everything else comes back from the portal on the next sync (a new cache has
no cursor, so the first pull is a full one). Nothing queued that SQLite can still read
is dropped: the outbox rows, the optimistic rows that show them (pending vehicles and
commands) and the refusals the user has not seen yet.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import orjson
import sqlalchemy as sa

from .cache import SQLITE_MAGIC, Cache, CacheCorrupt
from .entities import REGISTRY

log = logging.getLogger(__name__)

SIDECARS = ("-wal", "-shm", "-journal")

#: What is rescued from a damaged file: (table, rows to keep). ``sync_state`` is not:
#: the new cache gets a new ``client_id`` (a fresh sequence space on the portal, as
#: migration 0002 does) and the portal dedupes by mutation id, so a row already
#: delivered from the old cache comes back as a ``duplicate``, not a second effect.
RESCUED: tuple[tuple[str, str], ...] = (
    ("outbox", "1"),
    ("vehicles", "pending_op IS NOT NULL"),
    ("commands", "pending"),
    ("conflicts", "NOT resolved"),
)


@dataclass(frozen=True)
class Recovery:
    """What happened to a damaged cache: where it went, what was kept, and why."""

    moved_to: Path
    reason: str
    rescued_outbox: int
    lost_outbox: bool  # the old outbox could not be read (completely)


def open_cache(path: Path) -> tuple[Cache, Recovery | None]:
    """The :class:`Cache` at ``path``; a damaged file is replaced by a fresh one first."""
    try:
        return Cache(path), None
    except CacheCorrupt as exc:
        reason = exc.reason
    moved = move_aside(Path(path))
    try:
        rows, complete = salvage(moved)
    except Exception:  # the old file stays where it was moved: nothing is deleted
        log.exception("salvaging %s failed", moved)
        rows, complete = {}, False
    cache = Cache(path)
    try:
        kept = _restore(cache, rows)
    except Exception:
        cache.close()
        raise
    recovery = Recovery(moved, reason, kept, not complete)
    log.warning(
        "cache %s was damaged (%s): moved to %s, %d queued change(s) kept%s",
        path,
        reason,
        moved,
        kept,
        "" if complete else ", part of the old outbox was unreadable",
    )
    return cache, recovery


def move_aside(path: Path) -> Path:
    """Rename ``path`` (and its SQLite sidecars) to ``<stem>.damaged-<time><suffix>``."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.damaged-{stamp}{path.suffix}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.stem}.damaged-{stamp}-{n}{path.suffix}")
    path.rename(target)
    for suffix in SIDECARS:
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.rename(target.with_name(target.name + suffix))
    return target


def salvage(path: Path) -> tuple[dict[str, list[dict]], bool]:
    """Rows of :data:`RESCUED` that can still be read from a damaged file, read-only.

    Each table is read forward and then backward (by rowid) up to the first unreadable
    page, so one bad page in the middle costs only the rows on it. A file whose header
    was overwritten is read from a temporary copy with the fixed header fields restored.
    Returns the rows per table and whether every outbox row could be read.
    """
    rows: dict[str, list[dict]] = {}
    outbox_complete = False
    with _readable(path) as conn:
        if conn is None:
            return rows, False
        for table, where in RESCUED:
            found, complete = _read_table(conn, table, where)
            rows[table] = found
            if table == "outbox":
                outbox_complete = complete
    return rows, outbox_complete


@contextlib.contextmanager
def _readable(path: Path) -> Iterator[sqlite3.Connection | None]:
    """A read-only connection to ``path`` (or to a header-repaired copy), else None."""
    conn = _connect_ro(path)
    if conn is not None:
        try:
            yield conn
        finally:
            conn.close()
        return
    with tempfile.TemporaryDirectory(prefix="mpro-salvage-") as tmp:
        copy = Path(tmp) / path.name
        shutil.copyfile(path, copy)
        wal = path.with_name(path.name + "-wal")
        if wal.exists():  # committed changes not yet in the main file
            shutil.copyfile(wal, copy.with_name(copy.name + "-wal"))
        conn = _connect_ro(copy) if _repair_header(copy) else None
        try:
            yield conn
        finally:
            if conn is not None:
                conn.close()


def _connect_ro(path: Path) -> sqlite3.Connection | None:
    """Open read-only and prove the schema is readable; None if SQLite refuses.

    ``writable_schema`` only relaxes SQLite's checks for this read: the connection is
    read-only (``mode=ro``/``immutable``), so nothing is ever written to the file.
    """
    for params in ("mode=ro", "immutable=1"):
        conn = None
        try:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?{params}", uri=True)
            # Lets SQLite read a truncated file up to its end instead of refusing it.
            conn.execute("PRAGMA writable_schema = ON")
            conn.execute("SELECT name FROM sqlite_master").fetchall()
            return conn
        except sqlite3.Error as exc:
            log.info("salvage: cannot read %s with %s: %s", path, params, exc)
            if conn is not None:
                conn.close()
    return None


def _repair_header(path: Path) -> bool:
    """Rewrite the fixed fields of the 100-byte header (magic, page size, payload
    fractions); the rest of the file is untouched. True if anything needed fixing."""
    with path.open("r+b") as f:
        header = bytearray(f.read(100))
        if len(header) < 100:
            return False
        before = bytes(header)
        header[0:16] = SQLITE_MAGIC
        page_size = int.from_bytes(header[16:18], "big")
        if page_size != 1 and (page_size < 512 or page_size & (page_size - 1)):
            header[16:18] = (4096).to_bytes(2, "big")  # SQLite's default page size
        if header[18] not in (1, 2) or header[19] not in (1, 2):
            header[18:20] = b"\x02\x02"  # WAL, as the cache always is
        header[21:24] = b"\x40\x20\x20"  # max/min embedded payload fraction, leaf fraction
        if bytes(header) == before:
            return False
        f.seek(0)
        f.write(header)
    return True


def _read_table(conn: sqlite3.Connection, table: str, where: str) -> tuple[list[dict], bool]:
    """Readable rows of ``table`` in rowid order; True if every row could be read."""
    try:
        columns = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]
    except sqlite3.DatabaseError as exc:
        log.info("salvage: %s: %s", table, exc)
        return [], False
    if not columns:
        return [], True  # an older schema without this table
    names = ", ".join(f'"{c}"' for c in columns)
    found: dict[int, dict] = {}
    met = False
    for order in ("ASC", "DESC"):
        sql = f'SELECT rowid, {names} FROM "{table}" WHERE {where} ORDER BY rowid {order}'
        try:
            for row in conn.execute(sql):
                if row[0] in found:
                    met = True  # the backward pass reached the forward one's rows
                    break
                found[row[0]] = dict(zip(columns, row[1:], strict=True))
        except sqlite3.DatabaseError as exc:
            log.info("salvage: %s %s stopped: %s", table, order, exc)
            continue
        if order == "ASC":
            return [found[k] for k in sorted(found)], True
    return [found[k] for k in sorted(found)], met


def _restore(cache: Cache, rows: dict[str, list[dict]]) -> int:
    """Copy the salvaged rows into the fresh cache; returns how many outbox rows."""
    now = time.monotonic()
    outbox = [
        {**r, "mono_mark": now, "waited_s": r.get("waited_s") or 0.0}
        for r in sorted(rows.get("outbox", []), key=lambda r: r.get("client_seq") or 0)
        if r.get("mutation_id") and isinstance(r.get("client_seq"), int)
    ]
    with cache.write() as conn:
        for table, _where in RESCUED:
            if table != "outbox":
                _insert_raw(conn, table, rows.get(table, []))
        kept = _insert_raw(conn, "outbox", outbox)
        for row in outbox:
            _restore_optimistic(conn, row)
        if outbox:
            cache.set_state("last_client_seq", str(outbox[-1]["client_seq"]), conn)
    return kept


def _insert_raw(conn: sa.Connection, table: str, rows: list[dict]) -> int:
    """Insert rows as SQLite stored them (JSON stays text); unknown columns are dropped."""
    known = {c["name"] for c in sa.inspect(conn).get_columns(table)}
    n = 0
    for row in rows:
        values = {k: v for k, v in row.items() if k in known}
        if not values:
            continue
        cols = ", ".join(f'"{k}"' for k in values)
        marks = ", ".join("?" * len(values))
        result = conn.exec_driver_sql(
            f'INSERT OR IGNORE INTO "{table}" ({cols}) VALUES ({marks})', tuple(values.values())
        )
        n += result.rowcount or 0
    return n


def _restore_optimistic(conn: sa.Connection, row: dict) -> None:
    """Rebuild the local row a queued mutation shows (an add, a command), if it was on a
    lost page; its mutation knows what that row is."""
    try:
        payload = orjson.loads(row["payload"]) if isinstance(row["payload"], str) else {}
    except orjson.JSONDecodeError:
        return
    mutation = REGISTRY.mutations.get(str(row["type"]))
    if isinstance(payload, dict) and mutation is not None:
        mutation.restore_local(conn, payload)
