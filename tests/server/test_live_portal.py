"""The real server process: readiness line, restart on the same port, seed file."""

from __future__ import annotations

import os
import stat

import httpx


def test_live_portal_register_restart_keeps_data(live_portal) -> None:
    acct = live_portal.register("Restart AB")
    h = live_portal.headers(acct["token"])
    r = httpx.post(f"{live_portal.url}/api/v1/vehicles", json={"vin": "W1V9076351P000001"}, headers=h)
    assert r.status_code == 201, r.text
    url = live_portal.url
    assert live_portal.stop() == 0
    live_portal.start()
    assert live_portal.url == url
    r = httpx.get(f"{url}/api/v1/vehicles", headers=h)
    assert r.status_code == 200
    assert [v["vin"] for v in r.json()["items"]] == ["W1V9076351P000001"]


def test_seeded_portal_writes_private_seed_file(seeded_portal) -> None:
    seed = seeded_portal.seed
    assert seed["company"] == "Demo Transport AB"
    assert len(seed["modules"]) == 25 and len(seed["vehicles"]) == 25
    assert sorted(set(seed["vehicles"].values())) == ["diesel", "electric"]
    assert stat.S_IMODE(os.stat(seeded_portal.seed_file).st_mode) == 0o600
    tokens = seeded_portal.login(seed["admin_email"], seed["admin_password"])
    vin, module_token = next(iter(seed["modules"].items()))
    r = httpx.post(f"{seeded_portal.url}/api/v1/telematics/samples",
                   json={"vin": vin, "samples": [{"seq": 0, "ts": "2026-01-01T00:00:00+00:00", "speed_kmh": 10.0}]},
                   headers={"Authorization": f"Bearer {module_token}"})
    assert r.json() == {"accepted": 1, "duplicates": 0}
    r = httpx.get(f"{seeded_portal.url}/api/v1/vehicles", headers=seeded_portal.headers(tokens["access_token"]))
    assert len(r.json()["items"]) == 25
