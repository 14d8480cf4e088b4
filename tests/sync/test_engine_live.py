"""The sync engine against the REAL portal (``live_portal`` runs it as a subprocess)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from mpro_desktop.sync.cache import Cache, vehicle_row, vehicles_t
from mpro_desktop.sync.client import PortalClient, PortalError
from mpro_desktop.sync.engine import SyncEngine
from mpro_desktop.sync.outbox import add_vehicle, remove_vehicle, update_vehicle

VIN1 = "WDB9066331S000001"
VIN2 = "WDB9066331S000002"


def _vin(i: int) -> str:
    return f"W1V9066331{i:07d}"


def _session(portal, tmp_path: Path, name: str = "Acme AB", account: dict | None = None):
    account = account or portal.register(name)
    client = PortalClient(
        portal.url,
        access_token=account["token"],
        refresh_token=account.get("refresh_token"),
    )
    cache = Cache(tmp_path / f"{account['email']}.sqlite")
    return account, client, cache, SyncEngine(cache, client)


def _portal_vehicles(client: PortalClient) -> list[dict]:
    return client.vehicles()


def test_push_add_and_rename_then_pull_back(live_portal, tmp_path: Path) -> None:
    _acc, client, cache, engine = _session(live_portal, tmp_path)
    vid = add_vehicle(cache, vin=VIN1, name="Van 1", license_plate="ABC123")
    update_vehicle(cache, vid, name="Van One")  # chained on the not-yet-pushed add
    report = engine.sync_once()
    assert not report.offline and report.pushed == 2 and not report.rejected + report.conflicts
    assert "vehicle" in report.changed_entities
    assert cache.pending_count() == 0

    (remote,) = _portal_vehicles(client)
    (local,) = cache.vehicles()
    assert remote["id"] == vid and remote["name"] == "Van One"
    assert local["pending_op"] is None
    assert local["version"] == remote["version"] and local["name"] == "Van One"
    assert cache.get_state("cursor")

    # A second client (same user, fresh cache) pulls everything from scratch.
    other = Cache(tmp_path / "second.sqlite")
    rep2 = SyncEngine(other, client).sync_once()
    assert rep2.pulled >= 1 and {"vehicle", "user", "company"} <= rep2.changed_entities
    (copy,) = other.vehicles()
    assert {k: copy[k] for k in ("id", "vin", "name", "version")} == {
        k: remote[k] for k in ("id", "vin", "name", "version")
    }
    assert other.company() is not None and len(other.users()) == 1
    assert len(other.products()) >= 1

    remove_vehicle(cache, vid)
    assert engine.sync_once().pushed == 1
    assert cache.vehicles() == [] and _portal_vehicles(client) == []
    assert SyncEngine(other, client).sync_once().pulled >= 1 and other.vehicles() == []
    other.close()
    cache.close()


def test_offline_add_is_kept_and_delivered_exactly_once(live_portal, tmp_path: Path) -> None:
    _acc, client, cache, engine = _session(live_portal, tmp_path)
    engine.sync_once()
    live_portal.stop()
    try:
        vid = add_vehicle(cache, vin=VIN2, name="Offline van")
        report = engine.sync_once()
        assert report.offline and report.error
        assert cache.pending_count() == 1
        assert cache.vehicle(vid)["pending_op"] == "add"
        pending = cache.outbox()
    finally:
        live_portal.start()
    report = engine.sync_once()
    assert not report.offline and report.pushed == 1 and cache.pending_count() == 0
    assert [v["id"] for v in _portal_vehicles(client)] == [vid]

    # The same mutation again (a lost response): the portal answers duplicate, no change.
    (m,) = pending
    envelope = {
        "client_id": engine.client_id,
        "schema_version": cache.schema_version,
        "mutations": [
            {
                "mutation_id": m["mutation_id"],
                "client_seq": m["client_seq"],
                "type": m["type"],
                "payload": m["payload"],
                "age_s": 1.0,
            }
        ],
    }
    (res,) = client.push(envelope)["results"]
    assert res["result"] == "duplicate"
    assert [v["id"] for v in _portal_vehicles(client)] == [vid]
    cache.close()


def test_conflict_is_recorded_and_local_row_reverted(live_portal, tmp_path: Path) -> None:
    acc, client, cache_a, eng_a = _session(live_portal, tmp_path)
    add_vehicle(cache_a, vin=VIN1, name="Van")
    eng_a.sync_once()
    cache_b = Cache(tmp_path / "b.sqlite")
    eng_b = SyncEngine(cache_b, client)
    eng_b.sync_once()
    (vb,) = cache_b.vehicles()

    update_vehicle(cache_a, vb["id"], name="Name from A")
    eng_a.sync_once()
    update_vehicle(cache_b, vb["id"], name="Name from B")  # based on the old version
    report = eng_b.sync_once()
    assert [c["code"] for c in report.conflicts] == ["version_conflict"]
    assert cache_b.pending_count() == 0
    (row,) = cache_b.vehicles()
    assert row["name"] == "Name from A" and row["pending_op"] is None
    (rec,) = cache_b.conflicts()
    assert rec["result"] == "conflict" and rec["payload"]["name"] == "Name from B"
    cache_a.close()
    cache_b.close()


def test_vin_taken_elsewhere_is_rejected_and_dropped(live_portal, tmp_path: Path) -> None:
    _a, _ca, cache_a, eng_a = _session(live_portal, tmp_path, "First AB")
    add_vehicle(cache_a, vin=VIN1)
    assert eng_a.sync_once().pushed == 1
    _b, _cb, cache_b, eng_b = _session(live_portal, tmp_path, "Second AB")
    vid = add_vehicle(cache_b, vin=VIN1)
    update_vehicle(cache_b, vid, name="Never arrives")
    report = eng_b.sync_once()
    assert [r["code"] for r in report.rejected][0] == "vin_taken"
    assert cache_b.vehicles() == [] and cache_b.pending_count() == 0
    assert {c["code"] for c in cache_b.conflicts()} == {"vin_taken", "depends_on_rejected"}
    cache_a.close()
    cache_b.close()


def test_pull_saves_changes_and_cursor_together(
    live_portal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    acc, client, cache, engine = _session(live_portal, tmp_path)
    add_vehicle(cache, vin=VIN1)
    engine.sync_once()
    fresh = Cache(tmp_path / "fresh.sqlite")
    eng = SyncEngine(fresh, client)
    original = fresh.set_state

    def crash_on_cursor(key, value, conn=None):
        if key == "cursor":
            raise RuntimeError("power cut while saving the cursor")
        return original(key, value, conn)

    monkeypatch.setattr(fresh, "set_state", crash_on_cursor)
    with pytest.raises(RuntimeError):
        eng.sync_once()
    assert fresh.vehicles() == [] and fresh.users() == [] and original.__self__ is fresh
    assert fresh.get_state("cursor") is None
    monkeypatch.setattr(fresh, "set_state", original)
    eng.sync_once()
    assert len(fresh.vehicles()) == 1 and fresh.get_state("cursor")
    fresh.close()
    cache.close()


def test_resync_required_keeps_outbox_and_sweeps_stale_rows(live_portal, tmp_path: Path) -> None:
    _acc, client, cache, engine = _session(live_portal, tmp_path)
    add_vehicle(cache, vin=VIN1)
    engine.sync_once()
    # A row the portal never had (from an old history) and a queued local add.
    with cache.write() as conn:
        conn.execute(
            vehicles_t.insert().values(**vehicle_row({"id": "ghost", "vin": _vin(9), "version": 3}))
        )
    queued = add_vehicle(cache, vin=VIN2)
    cache.set_state("cursor", "another-epoch.12345")
    with pytest.raises(PortalError) as info:
        client.changes("another-epoch.12345")
    assert info.value.status == 410 and info.value.code == "resync_required"

    # Pull only (push would deliver the queued add first): the outbox must survive.
    report = engine.pull()
    assert report.resynced
    ids = {v["id"] for v in cache.vehicles()}
    assert "ghost" not in ids and queued in ids and len(ids) == 2
    assert cache.pending_count() == 1 and cache.get_state("resync_pending") is None
    assert engine.sync_once().pushed == 1
    cache.close()


def test_pull_throughput(live_portal, tmp_path: Path, capsys) -> None:
    """Seed vehicles through the mutation API, then time a fresh client's pull.

    500 by default to keep the suite fast (the portal adds ~200 vehicles/s);
    ``MPRO_SYNC_BENCH_N=2000`` for the figure in the report.
    """
    _acc, client, cache, engine = _session(live_portal, tmp_path)
    n = int(os.environ.get("MPRO_SYNC_BENCH_N", "500"))
    for i in range(n):
        add_vehicle(cache, vin=_vin(i), name=f"Van {i}")
    t0 = time.perf_counter()
    assert engine.sync_once().pushed == n
    push_s = time.perf_counter() - t0

    fresh = Cache(tmp_path / "fresh.sqlite")
    steps: list[tuple[int, int | None]] = []
    t0 = time.perf_counter()
    report = SyncEngine(fresh, client).sync_once(progress=lambda d, t: steps.append((d, t)))
    pull_s = time.perf_counter() - t0
    assert len(fresh.vehicles()) == n and report.pulled >= n
    assert steps[-1][0] == steps[-1][1] == report.pulled
    with capsys.disabled():
        print(
            f"\n[sync throughput] push {n} adds: {push_s:.2f}s ({n / push_s:.0f}/s); "
            f"pull {report.pulled} changes: {pull_s:.2f}s ({report.pulled / pull_s:.0f}/s)"
        )
    fresh.close()
    cache.close()


def test_pull_reports_progress_with_a_total(live_portal, tmp_path):
    """A long initial sync shows "n of N": the portal says how many changes remain."""
    import httpx

    from mpro_desktop.sync import engine as engine_module
    from mpro_desktop.sync.cache import Cache
    from mpro_desktop.sync.client import PortalClient
    from mpro_desktop.sync.engine import SyncEngine

    acct = live_portal.register("Progress AB")
    with httpx.Client(
        base_url=live_portal.url, headers={"Authorization": f"Bearer {acct['token']}"}
    ) as http:
        for i in range(30):
            r = http.post("/api/v1/vehicles", json={"vin": f"WDB9066351P{i:06d}"})
            assert r.status_code == 201, r.text
    cache = Cache(tmp_path / "c.sqlite3")
    client = PortalClient(live_portal.url, access_token=acct["token"])
    old_limit = engine_module.PULL_LIMIT
    engine_module.PULL_LIMIT = 10
    seen: list[tuple[int, int | None]] = []
    try:
        SyncEngine(cache, client).sync_once(progress=lambda d, t: seen.append((d, t)))
    finally:
        engine_module.PULL_LIMIT = old_limit
        client.close()
        cache.close()
    assert len(seen) >= 3
    first_done, first_total = seen[0]
    assert first_done == 10 and first_total is not None and first_total >= 30
    assert seen[-1][0] == seen[-1][1]  # done == total at the end


def test_a_damaged_cursor_is_a_full_resync_not_an_error(live_portal, tmp_path: Path) -> None:
    """The portal answers 400 invalid_cursor for a cursor it can't parse (a damaged
    cache): the engine starts the pull over, as for a cursor of another epoch."""
    _acc, client, cache, engine = _session(live_portal, tmp_path)
    add_vehicle(cache, vin=VIN1)
    engine.sync_once()
    queued = add_vehicle(cache, vin=VIN2)
    cache.set_state("cursor", "not a cursor")
    with pytest.raises(PortalError) as info:
        client.changes("not a cursor")
    assert info.value.status == 400 and info.value.code == "invalid_cursor"
    report = engine.pull()
    assert report.resynced and not report.offline
    assert queued in {v["id"] for v in cache.vehicles()} and cache.pending_count() == 1
    assert cache.get_state("cursor") not in (None, "not a cursor")
    assert engine.sync_once().pushed == 1
    cache.close()


def test_a_new_ui_language_re_reads_the_catalogue_in_it(live_portal, tmp_path: Path) -> None:
    """The feed repeats a product only when it changes: after a switch to Swedish the
    cached English catalogue must still become Swedish (seen in a real Swedish window)."""
    account, english, cache, engine = _session(live_portal, tmp_path)
    english.language = "en"
    engine.sync_once()
    names = {p["id"]: p["name"] for p in cache.products()}
    assert names["fleet_management"] == "Fleet management"

    swedish = PortalClient(live_portal.url, access_token=account["token"], language="sv")
    report = SyncEngine(cache, swedish).sync_once()
    assert "product" in report.changed_entities
    names = {p["id"]: p["name"] for p in cache.products()}
    assert names["fleet_management"] == "Flotthantering"
    assert names["data_interface"] == "Datagränssnitt"
    # Once it holds the language, a sync reads the catalogue no more.
    assert "product" not in SyncEngine(cache, swedish).sync_once().changed_entities
    swedish.close()
    cache.close()
