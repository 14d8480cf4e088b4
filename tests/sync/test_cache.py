"""Cache and outbox behaviour that needs no portal: schema, atomicity, telemetry window."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from mpro_desktop.domain.telemetry import NUMERIC_FIELDS
from mpro_desktop.domain.vin import InvalidVin
from mpro_desktop.sync import outbox
from mpro_desktop.sync.cache import TELEMETRY_COLUMNS, Cache, head_revision
from mpro_desktop.sync.outbox import DuplicateVin, add_vehicle, remove_vehicle, update_vehicle

VIN = "WDB9066331S123456"
TABLES = {
    "vehicles",
    "vehicle_status",
    "users",
    "products",
    "company",
    "telemetry",
    "outbox",
    "conflicts",
    "commands",
    "orders",
    "subscriptions",
    "sync_state",
    "alembic_version",
}


@pytest.fixture
def cache(tmp_path: Path):
    c = Cache(tmp_path / "cache.sqlite")
    yield c
    c.close()


def _rows(path: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(path) as db:
        return db.execute(sql).fetchall()


def test_migration_creates_schema_and_is_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    c = Cache(path)
    add_vehicle(c, vin=VIN, name="Van 1")
    c.close()
    names = {r[0] for r in _rows(path, "select name from sqlite_master where type='table'")}
    assert TABLES <= names
    assert _rows(path, "select version_num from alembic_version") == [(head_revision(),)]
    assert _rows(path, "pragma journal_mode") == [("wal",)]
    cols = {r[1] for r in _rows(path, "pragma table_info(telemetry)")}
    assert set(TELEMETRY_COLUMNS) <= cols and set(NUMERIC_FIELDS) <= cols

    again = Cache(path)  # reopening runs the migrations again: a no-op
    assert again.schema_revision == head_revision() and again.schema_version == 6
    assert [v["vin"] for v in again.vehicles()] == [VIN]
    again.close()


def test_add_vehicle_writes_row_and_outbox_together(cache: Cache) -> None:
    vid = add_vehicle(cache, vin=" wdb 9066331s123456 ", name=" Van 1 ", license_plate="ABC123")
    (v,) = cache.vehicles()
    assert v["id"] == vid and v["vin"] == VIN and v["name"] == "Van 1"
    assert v["pending_op"] == "add" and v["status"] is None
    (m,) = cache.outbox()
    assert m["type"] == "vehicle.add" and m["entity_id"] == vid
    assert m["payload"] == {
        "id": vid,
        "vin": VIN,
        "name": "Van 1",
        "license_plate": "ABC123",
        "fuel_type": "diesel",
    }
    assert cache.pending_count() == 1


def test_add_vehicle_is_atomic(cache: Cache, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*_a, **_k):
        raise RuntimeError("crash between the two inserts")

    monkeypatch.setattr(outbox, "_enqueue", boom)
    with pytest.raises(RuntimeError):
        add_vehicle(cache, vin=VIN)
    assert cache.vehicles() == [] and cache.pending_count() == 0


@pytest.mark.parametrize("bad", ["", "WDB906633", "WDB9066331S12345O", "WDB9066331S12345!"])
def test_invalid_vin_writes_nothing(cache: Cache, bad: str) -> None:
    with pytest.raises(InvalidVin):
        add_vehicle(cache, vin=bad)
    assert cache.vehicles() == [] and cache.pending_count() == 0


def test_duplicate_vin_is_refused_locally(cache: Cache) -> None:
    add_vehicle(cache, vin=VIN)
    with pytest.raises(DuplicateVin) as info:
        add_vehicle(cache, vin=VIN.lower())
    assert isinstance(info.value, ValueError)
    assert cache.pending_count() == 1


def test_update_and_remove_queue_in_order(cache: Cache) -> None:
    vid = add_vehicle(cache, vin=VIN)
    update_vehicle(cache, vid, name="Renamed")
    update_vehicle(cache, vid)  # nothing to change: nothing queued
    v = cache.vehicle(vid)
    assert v is not None and v["name"] == "Renamed" and v["pending_op"] == "add"
    remove_vehicle(cache, vid)
    assert cache.vehicles() == []
    assert [m["type"] for m in cache.outbox()] == [
        "vehicle.add",
        "vehicle.update",
        "vehicle.remove",
    ]
    assert [m["client_seq"] for m in cache.outbox()] == sorted(
        m["client_seq"] for m in cache.outbox()
    )


def test_concurrent_writers_do_not_hit_locked_errors(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    Cache(path).close()
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        c = Cache(path)
        try:
            for i in range(25):
                add_vehicle(c, vin=f"WDB9066331S{n:02d}{i:04d}")
                c.store_telemetry("v", [{"ts": time.time() + n * 1000 + i, "speed_kmh": i}])
                c.vehicles()
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)
        finally:
            c.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    c = Cache(path)
    assert c.pending_count() == 100 and len(c.vehicles()) == 100
    c.close()


def test_telemetry_window_and_arrays(tmp_path: Path) -> None:
    c = Cache(tmp_path / "c.sqlite", telemetry_window_s=3600)
    now = time.time()
    c.store_telemetry(
        "v1",
        [
            {"seq": 2, "ts": now - 10, "speed_kmh": 50.0, "locked": True},
            {"seq": 1, "ts": now - 20, "speed_kmh": 40.0, "lat": 59.3},
            {"seq": 0, "ts": now - 7200, "speed_kmh": 1.0},  # outside the window: trimmed
        ],
    )
    c.store_telemetry("v1", [{"seq": 2, "ts": now - 10, "speed_kmh": 99.0}])  # duplicate: ignored
    c.store_telemetry("v2", [{"ts": "2099-01-01T00:00:00+00:00", "speed_kmh": 7}])
    data = c.telemetry("v1", now - 3600, ["speed_kmh", "lat", "locked", "gear"])
    assert data["ts"].dtype == np.float64 and list(np.diff(data["ts"]) > 0) == [True]
    assert list(data["speed_kmh"]) == [40.0, 50.0]
    assert data["lat"][0] == 59.3 and np.isnan(data["lat"][1])
    assert np.isnan(data["locked"][0]) and data["locked"][1] == 1.0
    assert np.isnan(data["gear"]).all()
    assert len(c.telemetry("v1", 0, [])["ts"]) == 2
    empty = c.telemetry("nope", 0, ["speed_kmh"])
    assert empty["ts"].shape == (0,) and empty["speed_kmh"].shape == (0,)
    c.close()


def test_head_revision_constant_matches_the_shipped_migrations():
    """Opening an up-to-date cache skips Alembic, so the constant must be the real head."""
    from mpro_desktop.sync.cache import HEAD_REVISION, head_revision

    assert HEAD_REVISION == head_revision()


def test_columnar_store_keeps_numbers_and_nulls_out_garbage(tmp_path):
    import time as _time

    from mpro_desktop.sync.cache import Cache

    cache = Cache(tmp_path / "c.sqlite3")
    now = _time.time()
    try:
        n = cache.store_telemetry_columns(
            "v1",
            {
                "ts": [now - 2, now - 1, None],
                "speed_kmh": [10.0, "fast", 30.0],  # a string must not reach the cache
                "locked": [True, False, True],
            },
        )
        assert n == 2  # the row without a timestamp is skipped
        cols = cache.telemetry("v1", now - 10, ("speed_kmh", "locked"))
        assert list(cols["speed_kmh"][:1]) == [10.0]
        assert np.isnan(cols["speed_kmh"][1])
        assert list(cols["locked"]) == [1.0, 0.0]
    finally:
        cache.close()
