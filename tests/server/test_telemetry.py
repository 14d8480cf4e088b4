"""Telematics ingest (R17, R18, R22): module tokens, idempotency per (vin, seq), history."""

from __future__ import annotations

import datetime as dt

from tests.server.conftest import VIN1

T0 = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC)


def _samples(start: int, n: int, **extra) -> list[dict]:
    return [{"seq": start + i, "ts": (T0 + dt.timedelta(seconds=start + i)).isoformat(),
             "speed_kmh": float(start + i), "lat": 59.3, "lon": 18.0, "locked": False, **extra}
            for i in range(n)]


def _vehicle(portal_client, acct) -> dict:
    r = portal_client.post("/api/v1/vehicles", json={"vin": VIN1}, headers=acct["headers"])
    assert r.status_code == 201
    return r.json()


def test_ingest_idempotent_per_seq_and_status(portal_client, account, activate) -> None:
    acct = account()
    v = _vehicle(portal_client, acct)
    mh = {"Authorization": f"Bearer {activate(v['id'])}"}
    r = portal_client.post("/api/v1/telematics/samples", json={"vin": VIN1, "samples": _samples(0, 50)}, headers=mh)
    assert r.status_code == 200 and r.json() == {"accepted": 50, "duplicates": 0}
    r = portal_client.post("/api/v1/telematics/samples", json={"vin": VIN1, "samples": _samples(40, 20)}, headers=mh)
    assert r.json() == {"accepted": 10, "duplicates": 10}
    status = portal_client.get(f"/api/v1/vehicles/{v['id']}/status", headers=acct["headers"]).json()
    assert status["seq"] == 59 and status["speed_kmh"] == 59.0 and status["locked"] is False
    listed = portal_client.get("/api/v1/vehicles", headers=acct["headers"]).json()["items"][0]
    assert listed["module_active"] is True and listed["status"]["speed_kmh"] == 59.0
    series = portal_client.get(f"/api/v1/vehicles/{v['id']}/telemetry",
                               params={"fields": "speed_kmh"}, headers=acct["headers"]).json()
    assert [s["seq"] for s in series["samples"]] == list(range(60))
    assert set(series["samples"][0]) == {"seq", "ts", "speed_kmh"}
    down = portal_client.get(f"/api/v1/vehicles/{v['id']}/telemetry",
                             params={"fields": "speed_kmh", "max_points": 6,
                                     "from": (T0 + dt.timedelta(seconds=10)).isoformat()},
                             headers=acct["headers"]).json()
    assert down["downsampled"] is True and 1 < len(down["samples"]) <= 6
    assert all(10 <= s["speed_kmh"] <= 59 for s in down["samples"])


def test_ingest_rejects_bad_tokens_fields_and_removed_vehicle(portal_client, account, activate) -> None:
    acct = account()
    v = _vehicle(portal_client, acct)
    mh = {"Authorization": f"Bearer {activate(v['id'])}"}
    body = {"vin": VIN1, "samples": _samples(0, 1)}
    assert portal_client.post("/api/v1/telematics/samples", json=body).status_code == 401
    assert portal_client.post("/api/v1/telematics/samples", json=body,
                              headers={"Authorization": "Bearer nope"}).status_code == 401
    bad = {"vin": VIN1, "samples": [{"seq": 1, "ts": T0.isoformat(), "warp_factor": 9}]}
    r = portal_client.post("/api/v1/telematics/samples", json=bad, headers=mh)
    assert r.status_code == 422 and any("warp_factor" in f for f in r.json()["fields"])
    naive = {"vin": VIN1, "samples": [{"seq": 1, "ts": "2026-03-01T08:00:00"}]}
    assert portal_client.post("/api/v1/telematics/samples", json=naive, headers=mh).status_code == 422
    assert portal_client.post("/api/v1/telematics/samples", json=body, headers=mh).status_code == 200
    assert portal_client.delete(f"/api/v1/vehicles/{v['id']}", headers=acct["headers"]).status_code == 204
    r = portal_client.post("/api/v1/telematics/samples", json={"vin": VIN1, "samples": _samples(5, 1)}, headers=mh)
    assert r.status_code in (401, 403), "R18: removal stops data transfer at once"
    hist = portal_client.get(f"/api/v1/vehicles/{v['id']}/telemetry", headers=acct["headers"]).json()
    assert len(hist["samples"]) == 1, "history of a removed vehicle stays readable"


def test_vehicle_without_service_cannot_send(portal_client, portal_app, account, activate) -> None:
    acct = account()
    v = _vehicle(portal_client, acct)
    token = activate(v["id"])
    from embedded_server.products.service import deactivate_vehicle_services
    from embedded_server.vehicles import repository

    with portal_app.state.session_factory() as s:
        vehicle = repository.get(s, v["id"])
        deactivate_vehicle_services(s, vehicle=vehicle)
        s.commit()
    r = portal_client.post("/api/v1/telematics/samples", json={"vin": VIN1, "samples": _samples(0, 1)},
                           headers={"Authorization": f"Bearer {token}"})
    assert r.status_code in (401, 403)


def test_trailing_status_flush_for_a_vehicle_that_went_quiet(portal_app, portal_client, account, activate) -> None:
    import datetime as dt

    from embedded_server.telemetry.service import flush_quiet_status
    from tests.server.conftest import VIN1

    acct = account()
    h = acct["headers"]
    vid = portal_client.post("/api/v1/vehicles", json={"vin": VIN1}, headers=h).json()["id"]
    mh = {"Authorization": f"Bearer {activate(vid)}"}

    def post(seq: int, speed: float) -> None:
        r = portal_client.post("/api/v1/telematics/samples", headers=mh, json={
            "vin": VIN1, "samples": [{"seq": seq, "ts": f"2026-01-01T00:00:{seq:02d}+00:00", "speed_kmh": speed}]})
        assert r.json()["accepted"] == 1

    def fed() -> list:
        return [c for c in portal_client.get("/api/v1/changes", params={"limit": 1000}, headers=h).json()["changes"]
                if c["entity"] == "vehicle_status"]

    post(0, 10.0)
    post(1, 55.0)  # within the minute: not fed yet
    assert [c["data"]["speed_kmh"] for c in fed()] == [10.0]
    factory = portal_app.state.session_factory
    assert flush_quiet_status(factory) == 0, "at most once a minute per vehicle"
    later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=61)
    assert flush_quiet_status(factory, now=later) == 1
    assert [c["data"]["speed_kmh"] for c in fed()] == [55.0]
    assert flush_quiet_status(factory, now=later + dt.timedelta(seconds=61)) == 0, "nothing new: no flush"
