"""A damaged desktop cache (issue 8, #9): detected on open, moved aside, queue rescued.

Every test damages a real cache file the way a disk or a crash does (cut short, header
overwritten, one page overwritten) and opens it through the code the program uses
(``open_cache``); the portal test then resyncs the fresh cache from the real portal.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from pathlib import Path

import pytest

from mpro_desktop.sync import cache as cache_mod
from mpro_desktop.sync.cache import Cache, CacheCorrupt, damage_of
from mpro_desktop.sync.cache_recovery import open_cache
from mpro_desktop.sync.client import PortalClient
from mpro_desktop.sync.engine import SyncEngine
from mpro_desktop.sync.outbox import add_vehicle, send_command, update_vehicle

PAGE = 4096


def _vin(i: int) -> str:
    return f"W1V9066331{i:07d}"


def _queued_cache(path: Path, adds: int = 3, telemetry_rows: int = 4000) -> list[str]:
    """A cache with ``adds`` queued vehicle adds, an edit and a queued command, then a
    telemetry window written after them (most of the file, as in real use). Returns
    the queued mutation ids in order."""
    cache = Cache(path)
    ids = [add_vehicle(cache, vin=_vin(i), name=f"Van {i}") for i in range(adds)]
    update_vehicle(cache, ids[0], name="Van zero")
    send_command(cache, ids[1], "lock")
    now = time.time()
    for v in range(5):
        ts = [now - i for i in range(telemetry_rows)]
        cache.store_telemetry_columns(f"veh-{v}", {"ts": ts, "speed_kmh": [50.0] * len(ts)})
    queued = [r["mutation_id"] for r in cache.outbox()]
    cache.close()
    assert not path.with_name(path.name + "-wal").exists()  # checkpointed: all in the file
    return queued


def _truncate(path: Path) -> None:
    with path.open("r+b") as f:
        f.truncate(path.stat().st_size * 6 // 10)


def _bad_header(path: Path) -> None:
    with path.open("r+b") as f:
        f.write(b"this is not it!!")  # the 16-byte magic string


def _bad_middle_page(path: Path) -> None:
    pages = path.stat().st_size // PAGE
    with path.open("r+b") as f:
        f.seek((pages // 2) * PAGE)
        f.write(os.urandom(PAGE))


def _bad_page_of(path: Path, table: str) -> None:
    """Overwrite the root page of ``table`` (not wherever the middle of the file falls:
    which table lives there changes with every new table of the cache)."""
    with sqlite3.connect(path) as db:
        (root,) = db.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()
    db.close()
    with path.open("r+b") as f:
        f.seek((root - 1) * PAGE)
        f.write(os.urandom(PAGE))


DAMAGE = {"truncated": _truncate, "bad_header": _bad_header, "bad_page": _bad_middle_page}


def _siblings(path: Path) -> list[Path]:
    return sorted(p for p in path.parent.iterdir() if p.name.startswith(path.stem + ".damaged-"))


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_damaged_cache_is_moved_aside_and_its_queue_rescued(
    tmp_path: Path, damage: str, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "cache.sqlite3"
    queued = _queued_cache(path)
    DAMAGE[damage](path)
    old_bytes = path.read_bytes()

    with pytest.raises(CacheCorrupt):  # the raw open says what it is, not SQLAlchemy text
        Cache(path)
    assert path.read_bytes() == old_bytes  # detecting it wrote nothing to the file

    with caplog.at_level(logging.INFO):
        cache, recovery = open_cache(path)
    try:
        assert recovery is not None
        (moved,) = [p for p in _siblings(path) if p.suffix == ".sqlite3"]
        assert recovery.moved_to == moved and moved.read_bytes() == old_bytes
        assert damage_of(path) is None  # the file in its place is a sound, fresh cache
        # Every queued change survived, in order, with the rows that show it.
        assert [r["mutation_id"] for r in cache.outbox()] == queued
        assert recovery.rescued_outbox == len(queued) and not recovery.lost_outbox
        vans = {v["vin"]: v for v in cache.vehicles()}
        assert set(vans) == {_vin(i) for i in range(3)}
        assert vans[_vin(0)]["name"] == "Van zero" and vans[_vin(0)]["pending_op"] == "add"
        (command,) = cache.commands()
        assert command["pending"] and command["type"] == "lock"
        # Nothing else came along: the portal sends it again (no cursor: a full pull).
        assert cache.get_state("cursor") is None
        assert cache.latest_telemetry_ts("veh-0") is None
        top = max(r["client_seq"] for r in cache.outbox())
        add_vehicle(cache, vin=_vin(99))  # later changes queue after the rescued ones
        assert cache.outbox()[-1]["client_seq"] == top + 1
    finally:
        cache.close()
    assert not [r for r in caplog.records if r.exc_info], "no traceback for a damaged cache"
    assert any("was damaged" in r.getMessage() for r in caplog.records)


def test_a_bad_page_inside_the_outbox_costs_only_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    queued = _queued_cache(path, adds=400, telemetry_rows=10)
    with sqlite3.connect(path) as db:
        (root,) = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'outbox'").fetchone()
    db.close()
    with path.open("r+b") as f:  # the outbox spans pages: overwrite its middle leaf
        f.seek((root - 1) * PAGE)
        interior = f.read(PAGE)
        assert interior[0] == 0x05, "400 rows span more than one page"
        cells = int.from_bytes(interior[3:5], "big")
        pointer = int.from_bytes(interior[12 + 2 * (cells // 2) : 14 + 2 * (cells // 2)], "big")
        leaf = int.from_bytes(interior[pointer : pointer + 4], "big")
        f.seek((leaf - 1) * PAGE)
        f.write(os.urandom(PAGE))

    cache, recovery = open_cache(path)
    try:
        assert recovery is not None and recovery.lost_outbox
        kept = [r["mutation_id"] for r in cache.outbox()]
        assert 300 < len(kept) < len(queued) == 402
        assert kept == [m for m in queued if m in set(kept)]  # still in order
        assert recovery.rescued_outbox == len(kept)
        # Each rescued add still shows in the list, even when its row was on the bad page.
        added = {r["entity_id"] for r in cache.outbox() if r["type"] == "vehicle.add"}
        assert added <= {v["id"] for v in cache.vehicles()}
    finally:
        cache.close()


def test_a_damaged_page_the_header_check_misses_is_caught_when_opening_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second line of defence: an SQLite "not a database" error while opening."""
    path = tmp_path / "cache.sqlite3"
    queued = _queued_cache(path, telemetry_rows=10)
    _bad_header(path)
    monkeypatch.setattr(cache_mod, "damage_of", lambda _path: None)
    with pytest.raises(CacheCorrupt, match="not a database"):
        Cache(path)
    monkeypatch.undo()
    cache, recovery = open_cache(path)
    try:
        assert recovery is not None and [r["mutation_id"] for r in cache.outbox()] == queued
    finally:
        cache.close()


def test_big_files_check_every_table_but_telemetry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above FULL_CHECK_MAX_BYTES only the small tables are checked on open (ms)."""
    path = tmp_path / "cache.sqlite3"
    _queued_cache(path, telemetry_rows=10)
    monkeypatch.setattr(cache_mod, "FULL_CHECK_MAX_BYTES", 0)
    assert damage_of(path) is None
    with sqlite3.connect(path) as db:
        (root,) = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'outbox'").fetchone()
    db.close()
    with path.open("r+b") as f:
        f.seek((root - 1) * PAGE)
        f.write(os.urandom(PAGE))
    assert damage_of(path) is not None


def test_a_sound_cache_opens_without_recovery(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    queued = _queued_cache(path, telemetry_rows=10)
    cache, recovery = open_cache(path)
    try:
        assert recovery is None and [r["mutation_id"] for r in cache.outbox()] == queued
        assert _siblings(path) == []
    finally:
        cache.close()


def test_after_recovery_the_queue_reaches_the_portal_and_the_rest_comes_back(
    sync_portal, tmp_path: Path
) -> None:
    account = sync_portal.register("Damaged Disk AB")
    client = PortalClient(sync_portal.url, access_token=account["token"])
    path = tmp_path / "cache.sqlite3"
    cache = Cache(path)
    synced_id = add_vehicle(cache, vin=_vin(1), name="Synced van")
    SyncEngine(cache, client).sync_once()
    queued_id = add_vehicle(cache, vin=_vin(2), name="Queued van")  # not pushed yet
    cache.close()
    _bad_page_of(path, "vehicles")  # the cached fleet is lost, the queue is not

    fresh, recovery = open_cache(path)
    try:
        assert recovery is not None and recovery.rescued_outbox == 1
        report = SyncEngine(fresh, client).sync_once()
        assert report.pushed == 1 and not report.rejected + report.conflicts
        assert fresh.pending_count() == 0
        vans = {v["id"]: v for v in fresh.vehicles()}
        assert set(vans) == {synced_id, queued_id}
        assert all(v["pending_op"] is None and v["version"] >= 1 for v in vans.values())
        assert fresh.company() is not None and fresh.users()
        assert {v["id"] for v in client.vehicles()} == {synced_id, queued_id}
    finally:
        fresh.close()
        client.close()
