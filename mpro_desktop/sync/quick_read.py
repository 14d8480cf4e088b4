"""The first paint's read of the cache, with the stdlib ``sqlite3`` module, read-only.

The window shows the cached fleet before SQLAlchemy (≈ 0.5 s to import) is loaded
(``mpro_desktop.startup``); the real :class:`~mpro_desktop.sync.cache.Cache` opens right
after the first paint and every pane reloads through it. The two queries here are the
plain-SQL twins of ``entities.vehicle.read_all`` and ``queued.count``;
``tests/sync/test_quick_read.py`` fails if they return anything else.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import orjson

log = logging.getLogger(__name__)

#: Columns of ``entities.vehicle.VEHICLE_KEYS`` + ``pending_op``, then the status JSON.
_VEHICLES_SQL = """
SELECT v.id, v.vin, v.name, v.license_plate, v.fuel_type, v.model, v.has_comm_module,
       v.module_active, v.version, v.created_at, v.updated_at, v.pending_op, s.data
FROM vehicles AS v LEFT OUTER JOIN vehicle_status AS s ON s.vehicle_id = v.id
WHERE v.pending_op IS NULL OR v.pending_op != 'remove'
ORDER BY v.name, v.vin
"""
_KEYS = (
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
    "pending_op",
)
_PENDING_SQL = "SELECT count(*) FROM outbox"


class CacheNotOpen(Exception):
    """A read of something the snapshot does not have: the cache is not open yet.

    Background reads that meet it are dropped quietly (``views.common.operations``);
    once the cache is open, the window has every pane read again.
    """


class CacheSnapshot:
    """What the window needs before the cache opens: the vehicle rows and the number of
    changes waiting to be sent. Every other cache read raises :class:`CacheNotOpen`."""

    def __init__(self, vehicles: list[dict] | None = None, pending: int = 0) -> None:
        self._vehicles = vehicles or []
        self._pending = pending
        #: False when the file could not be read (missing, damaged, another schema).
        self.complete = vehicles is not None

    def vehicles(self) -> list[dict]:
        return self._vehicles

    def pending_count(self) -> int:
        return self._pending

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)

        def not_open(*_args, **_kwargs):
            raise CacheNotOpen(f"Cache.{name}() before the cache was opened")

        return not_open


def read_snapshot(path: Path) -> CacheSnapshot:
    """The cache file's vehicles and outbox count; an empty snapshot if it can't be read
    (the real cache then creates, migrates or recovers it, as before)."""
    if not Path(path).is_file():
        return CacheSnapshot()
    try:
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        log.info("first paint without the cache (%s)", exc)
        return CacheSnapshot()
    try:
        vehicles = [_vehicle_dict(row) for row in conn.execute(_VEHICLES_SQL)]
        pending = int(conn.execute(_PENDING_SQL).fetchone()[0])
    except (sqlite3.Error, orjson.JSONDecodeError) as exc:
        log.info("first paint without the cache (%s)", exc)
        return CacheSnapshot()
    finally:
        conn.close()
    return CacheSnapshot(vehicles, pending)


def _vehicle_dict(row: tuple) -> dict:
    d = dict(zip(_KEYS, row[:-1], strict=True))
    d["has_comm_module"] = bool(d["has_comm_module"])
    d["module_active"] = bool(d["module_active"])
    d["status"] = orjson.loads(row[-1]) if row[-1] is not None else None
    return d
