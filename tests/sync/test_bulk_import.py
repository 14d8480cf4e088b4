"""A bulk import (issue 11) is queued offline in one local transaction and reaches the
REAL portal like vehicles added one by one: every vehicle once, in file order; a VIN
active in another company is refused for that vehicle alone (R16)."""

from __future__ import annotations

from pathlib import Path

from mpro_desktop.sync.cache import Cache
from mpro_desktop.sync.client import PortalClient
from mpro_desktop.sync.engine import SyncEngine
from mpro_desktop.sync.outbox import add_vehicle, add_vehicles


def _vin(i: int) -> str:
    return f"W1V9077351{i:07d}"


def test_bulk_add_is_pushed_to_the_portal(sync_portal, tmp_path: Path) -> None:
    other = sync_portal.register("Annat Åkeri AB")
    other_client = PortalClient(sync_portal.url, access_token=other["token"])
    other_cache = Cache(tmp_path / "other.sqlite")
    add_vehicle(other_cache, vin=_vin(7), name="theirs")
    SyncEngine(other_cache, other_client).sync_once()

    account = sync_portal.register("Import AB")
    client = PortalClient(sync_portal.url, access_token=account["token"])
    cache = Cache(tmp_path / "import.sqlite")
    rows = [
        {
            "vin": _vin(i),
            "name": f"Van {i}",
            "license_plate": f"IMP {i:03d}",
            "fuel_type": "electric" if i % 2 else "diesel",
            "model": "eSprinter" if i % 2 else None,
        }
        for i in range(250)
    ]
    ids = add_vehicles(cache, rows)  # no portal involved: works offline
    assert cache.pending_count() == 250
    engine = SyncEngine(cache, client)
    for _ in range(10):
        report = engine.sync_once()
        if cache.pending_count() == 0:
            break
    assert cache.pending_count() == 0
    remote = {v["vin"]: v for v in client.vehicles()}
    assert set(remote) == {r["vin"] for r in rows} - {_vin(7)}
    assert remote[_vin(3)]["model"] == "eSprinter" and remote[_vin(3)]["fuel_type"] == "electric"
    assert remote[_vin(4)]["license_plate"] == "IMP 004"
    assert {v["id"] for v in cache.vehicles()} == set(ids) - {ids[7]}
    refused = [c for c in cache.conflicts() if c["entity_id"] == ids[7]]
    assert refused and refused[0]["code"] == "vin_taken", report
    cache.close()
    other_cache.close()
