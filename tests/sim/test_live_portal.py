"""End to end: the real portal (seeded demo) fed by a real ``mpro-sim`` process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.portal_fixtures import DB_PARAMS, portal_database

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("db", DB_PARAMS)
def test_simulator_feeds_seeded_portal(db: str, live_portal_factory: Any, tmp_path: Path) -> None:
    with portal_database(db, tmp_path) as url:
        live_portal = live_portal_factory(seeded=True, database_url=url)
        try:
            _feed_and_check(live_portal, tmp_path)
        finally:
            live_portal.stop()  # before its PostgreSQL schema is dropped


def _feed_and_check(live_portal: Any, tmp_path: Path) -> None:
    seed = live_portal.seed
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "embedded_server.simulator.cli",
            "--server",
            live_portal.url,
            "--modules",
            str(live_portal.seed_file),
            "--vehicles",
            "3",
            "--duration",
            "5",
            "--upload-every",
            "1",
            "--state",
            str(tmp_path / "sim-state.json"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "MPRO-SIM READY 3 vehicles\n"
    assert "Traceback" not in proc.stderr

    vins = list(seed["modules"])[:3]
    token = live_portal.login(seed["admin_email"], seed["admin_password"])["access_token"]
    with live_portal.client(headers=live_portal.headers(token)) as client:
        r = client.get("/api/v1/vehicles", params={"limit": 500})
        assert r.status_code == 200, r.text
        ids = {v["vin"]: v["id"] for v in r.json()["items"]}
        for vin in vins:
            r = client.get(f"/api/v1/vehicles/{ids[vin]}/telemetry")
            assert r.status_code == 200, r.text
            samples = r.json()["samples"]
            seqs = sorted(s["seq"] for s in samples)
            assert seqs == list(range(len(seqs))) and len(seqs) >= 5, (vin, seqs)
            energy = "soc_pct" if seed["vehicles"][vin] == "electric" else "fuel_level_pct"
            assert all(s[energy] is not None for s in samples)
            assert all(s["speed_kmh"] is not None and s["lat"] is not None for s in samples)
