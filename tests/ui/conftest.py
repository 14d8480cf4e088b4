"""UI fixtures: a real SQLite cache file filled the way the sync engine fills it."""

from __future__ import annotations

import time

import pytest

from mpro_desktop.sync.cache import Cache, vehicle_row, vehicle_status_t, vehicles_t


def make_vin(i: int) -> str:
    return f"WDB1234561P{i:06d}"


def fill_vehicles(cache: Cache, n: int, *, with_status: bool = True) -> list[str]:
    ids = []
    now = time.time()
    with cache.write() as conn:
        for i in range(n):
            vid = f"veh-{i:05d}"
            electric = i % 3 == 0
            conn.execute(
                vehicles_t.insert().values(
                    **vehicle_row(
                        {
                            "id": vid,
                            "vin": make_vin(i),
                            "name": f"Van {i:02d}",
                            "license_plate": f"ABC {i:03d}",
                            "fuel_type": "electric" if electric else "diesel",
                            "has_comm_module": True,
                            "module_active": True,
                            "version": 1,
                        }
                    )
                )
            )
            if with_status:
                status = {
                    "ts": now - i,
                    "speed_kmh": float(i % 90),
                    "odometer_km": 1000.0 + i,
                    "ignition": i % 2 == 0,
                    "locked": i % 2 == 1,
                    ("soc_pct" if electric else "fuel_level_pct"): float(10 + i % 90),
                }
                conn.execute(
                    vehicle_status_t.insert().values(vehicle_id=vid, ts=now - i, data=status)
                )
            ids.append(vid)
    return ids


@pytest.fixture
def cache(tmp_path):
    c = Cache(tmp_path / "cache.sqlite3")
    yield c
    c.close()
