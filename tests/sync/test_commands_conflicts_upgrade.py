"""Remote commands through the outbox (age_s on the monotonic clock, a client clock set
hours off), the three conflict kinds between two clients, and a cache written by the
previous schema (0001) migrated on start with its outbox intact, then pushed."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import time
import uuid
from pathlib import Path

import pytest

from mpro_desktop.sync.cache import Cache, head_revision, migrate_cache_file
from mpro_desktop.sync.client import PortalClient
from mpro_desktop.sync.engine import SyncEngine
from mpro_desktop.sync.outbox import add_vehicle, remove_vehicle, send_command, update_vehicle
from tests.portal_fixtures import LivePortal

from .conftest import subscribe_remote_services
from .harness import portal_records
from .test_crash_points import run_client

_N = iter(range(1, 10**6))


def _vin(kind: str) -> str:
    return f"W1V{os.getpid() % 100000:06d}{kind}{next(_N):07d}"[:17].ljust(17, "0")


def _client(portal: LivePortal, acc: dict, path: Path) -> tuple[Cache, PortalClient, SyncEngine]:
    cache = Cache(path)
    client = PortalClient(portal.url, access_token=acc["token"])
    return cache, client, SyncEngine(cache, client)


@pytest.mark.parametrize("clock_offset_h", [0, -7, 5])
def test_command_queued_offline_keeps_monotonic_age(
    sync_portal: LivePortal, tmp_path: Path, clock_offset_h: int, monkeypatch
) -> None:
    acc = sync_portal.register(f"Commands {clock_offset_h} AB")
    vin = _vin("C")
    path = tmp_path / "cache.sqlite"
    env = {"MPRO_TEST_CLOCK_OFFSET_S": str(clock_offset_h * 3600)}
    assert run_client(sync_portal, path, acc["token"], [["add", vin, "EV"], ["sync"]],
                      env=env).returncode == 0
    cache, client, engine = _client(sync_portal, acc, path)
    (v,) = cache.vehicles()
    subscribe_remote_services(sync_portal, acc["token"], v["id"])
    cache.close()

    # Queued "offline" in one process, which then waits ~1 s and is killed before the
    # push; a restarted process (same boot: monotonic time credited) pushes it.
    proc = run_client(sync_portal, path, acc["token"],
                      [["command", vin, "lock", 60], ["sleep", 1.0], ["sync"]],
                      crash_at="before_push", env=env)
    assert proc.returncode == -9, proc.stderr
    # The restart also runs with the skewed clock: only age_s may influence expiry.
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + clock_offset_h * 3600)
    cache, client, engine = _client(sync_portal, acc, path)
    (cmd,) = cache.commands(v["id"])
    assert cmd["pending"] and cmd["state"] == "pending" and cmd["type"] == "lock"
    (row,) = cache.outbox()
    report = engine.sync_once()
    assert not report.offline and not report.rejected, report.rejected
    got = cache.command(cmd["id"])
    assert got is not None and not got["pending"] and got["state"] == "queued", got
    created = dt.datetime.fromisoformat(got["created_at"])
    expires = dt.datetime.fromisoformat(got["expires_at"])
    age = 60 - (expires - created).total_seconds()
    assert 0.9 <= age < 15, age  # waited ~1 s (+ process start-up), hours of skew ignored
    rec = next(r for r in portal_records(sync_portal.database_url)
               if r["mutation_id"] == row["mutation_id"])
    assert rec["result"]["result"] == "applied"
    cache.close()
    client.close()


def test_command_older_than_ttl_is_expired_by_the_portal(
    sync_portal: LivePortal, tmp_path: Path
) -> None:
    acc = sync_portal.register("Expire AB")
    cache, client, engine = _client(sync_portal, acc, tmp_path / "c.sqlite")
    vid = add_vehicle(cache, vin=_vin("E"))
    engine.sync_once()
    subscribe_remote_services(sync_portal, acc["token"], vid)
    cid = send_command(cache, vid, "unlock", ttl_s=5)
    with cache.write() as conn:  # it waited 6 s in the outbox (as accounted earlier)
        conn.exec_driver_sql("UPDATE outbox SET waited_s = 6")
    engine.sync_once()
    got = cache.command(cid)
    assert got is not None and got["state"] == "expired" and not got["pending"]
    # A refused command (no product on this vehicle) is visible with its reason.
    vid2 = add_vehicle(cache, vin=_vin("F"))
    cid2 = send_command(cache, vid2, "lock")
    report = engine.sync_once()
    assert [r["code"] for r in report.rejected] == ["product_required"]
    refused = cache.command(cid2)
    assert refused is not None and refused["state"] == "rejected"
    assert refused["reason"] == "product_required"
    cache.close()
    client.close()


def _two_clients(portal: LivePortal, tmp_path: Path, name: str):
    acc = portal.register(name)
    a = _client(portal, acc, tmp_path / "a.sqlite")
    b = _client(portal, acc, tmp_path / "b.sqlite")
    return a, b


def _converged(*clients) -> None:
    for _ in range(2):
        for _cache, _cl, engine in clients:
            assert not engine.sync_once().offline
    portal = sorted((v["id"], v["name"], v["version"]) for v in clients[0][1].vehicles())
    for cache, _c, _e in clients:
        assert cache.pending_count() == 0
        assert sorted((v["id"], v["name"], v["version"]) for v in cache.vehicles()) == portal


def test_two_offline_edits_of_the_same_field(sync_portal: LivePortal, tmp_path: Path) -> None:
    (ca, _cla, ea), (cb, clb, eb) = clients = _two_clients(sync_portal, tmp_path, "Same field AB")
    vid = add_vehicle(ca, vin=_vin("S"), name="Original")
    _converged(*clients)
    update_vehicle(ca, vid, name="From A")  # both offline, both rename
    update_vehicle(cb, vid, name="From B")
    assert ea.sync_once().conflicts == []
    report = eb.sync_once()
    assert [c["code"] for c in report.conflicts] == ["version_conflict"]
    (rec,) = cb.conflicts()
    assert rec["payload"]["name"] == "From B" and rec["entity"]["name"] == "From A"
    _converged(*clients)
    assert cb.vehicle(vid)["name"] == "From A"


@pytest.mark.parametrize("first", ["delete", "edit"])
def test_delete_versus_edit(sync_portal: LivePortal, tmp_path: Path, first: str) -> None:
    (ca, _cla, ea), (cb, clb, eb) = clients = _two_clients(sync_portal, tmp_path, f"Del {first} AB")
    vid = add_vehicle(ca, vin=_vin("D"), name="Van")
    _converged(*clients)
    remove_vehicle(ca, vid)  # A deletes, B edits, both offline
    update_vehicle(cb, vid, name="Edited by B")
    if first == "delete":
        ea.sync_once()
        report = eb.sync_once()
        refused, loser = report.conflicts + report.rejected, cb
    else:
        eb.sync_once()
        report = ea.sync_once()
        refused, loser = report.conflicts + report.rejected, ca
    assert len(refused) == 1, refused
    assert loser.conflicts()[0]["mutation_id"] == refused[0]["mutation_id"]
    _converged(*clients)
    remote = clb.vehicles()
    assert (remote == []) if first == "delete" else (remote[0]["name"] == "Edited by B")


def test_same_vin_added_by_two_clients(sync_portal: LivePortal, tmp_path: Path) -> None:
    (ca, cla, ea), (cb, clb, eb) = clients = _two_clients(sync_portal, tmp_path, "Same VIN AB")
    vin = _vin("V")
    va = add_vehicle(ca, vin=vin, name="A's van")
    vb = add_vehicle(cb, vin=vin, name="B's van")
    update_vehicle(cb, vb, name="B's van renamed")  # depends on the refused add
    ea.sync_once()
    report = eb.sync_once()
    assert [r["code"] for r in report.rejected] == ["vin_exists"]
    assert {c["code"] for c in cb.conflicts()} == {"vin_exists", "depends_on_rejected"}
    _converged(*clients)
    assert [v["id"] for v in cb.vehicles()] == [va]


def test_cache_from_previous_schema_is_migrated_with_its_outbox(
    sync_portal: LivePortal, tmp_path: Path
) -> None:
    acc = sync_portal.register("Upgrade AB")
    path = tmp_path / "old.sqlite"
    migrate_cache_file(path, "0001")  # as the previous program version left it
    vid, mid = str(uuid.uuid4()), str(uuid.uuid4())
    vin = _vin("U")
    with sqlite3.connect(path) as db:
        db.execute(
            "INSERT INTO vehicles (id, vin, name, fuel_type, has_comm_module, module_active,"
            " version, pending_op) VALUES (?, ?, 'Old van', 'diesel', 1, 0, 0, 'add')",
            (vid, vin),
        )
        db.execute(
            "INSERT INTO outbox (mutation_id, type, entity_id, payload, base_version,"
            " created_at, waited_s) VALUES (?, 'vehicle.add', ?, ?, NULL, ?, 12.5)",
            (mid, vid, f'{{"id": "{vid}", "vin": "{vin}", "name": "Old van"}}', time.time()),
        )
        db.execute("INSERT INTO sync_state (key, value) VALUES ('client_id', 'old-client')")
        assert db.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]

    cache, client, engine = _client(sync_portal, acc, path)
    assert cache.schema_revision == head_revision() != "0001"
    (row,) = cache.outbox()
    assert row["mutation_id"] == mid and row["waited_s"] >= 12.5
    assert cache.vehicle(vid)["pending_op"] == "add" and cache.commands() == []
    update_vehicle(cache, vid, name="Renamed after upgrade")  # new seqs follow the old ones
    assert [m["client_seq"] for m in cache.outbox()] == [1, 2]
    report = engine.sync_once()
    assert report.pushed == 2 and not report.rejected and cache.pending_count() == 0
    (remote,) = client.vehicles()
    assert (remote["id"], remote["name"], remote["version"]) == (vid, "Renamed after upgrade", 2)
    assert engine.client_id != "old-client"
    cache.close()
    client.close()
