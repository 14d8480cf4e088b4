"""The first paint's sqlite3 read returns what ``Cache`` returns (``sync.quick_read``)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bench.common import fill_cache
from mpro_desktop.sync.cache import Cache
from mpro_desktop.sync.outbox import add_vehicle, remove_vehicle, update_vehicle
from mpro_desktop.sync.quick_read import read_snapshot


def test_snapshot_has_the_rows_and_the_count_of_the_cache(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite"
    synced = fill_cache(path, 30)  # portal rows with a status each
    with sqlite3.connect(path) as db:  # a vehicle without a name sorts by NULL first
        db.execute("UPDATE vehicles SET name = NULL WHERE id = ?", (synced[3]["id"],))
    cache = Cache(path)
    try:
        added = add_vehicle(cache, vin="WDB9066331S123456", name="Zeta van")  # no status
        update_vehicle(cache, synced[5]["id"], name="Renamed")
        remove_vehicle(cache, synced[7]["id"])  # pending removal: not shown
        expected, pending = cache.vehicles(), cache.pending_count()
    finally:
        cache.close()

    snapshot = read_snapshot(path)

    assert snapshot.complete
    assert snapshot.vehicles() == expected
    assert snapshot.pending_count() == pending == 3
    assert any(v["id"] == added and v["status"] is None for v in snapshot.vehicles())
    assert synced[7]["id"] not in {v["id"] for v in snapshot.vehicles()}


def test_snapshot_of_a_missing_or_foreign_file_is_empty(tmp_path: Path) -> None:
    assert not read_snapshot(tmp_path / "none.sqlite").complete
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE t (x)")
    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(b"not a database at all" * 100)
    for path in (other, broken):
        snapshot = read_snapshot(path)
        assert not snapshot.complete and snapshot.vehicles() == [] and snapshot.pending_count() == 0
