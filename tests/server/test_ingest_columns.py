"""Columnar ingest body (docs/contracts.md "Telemetry ingest, columnar"): same semantics
as the row form, 4xx naming the field for bad bodies, never 500."""

from __future__ import annotations

import datetime as dt
from typing import Any

import orjson

from embedded_server.simulator.uploader import columns_body
from tests.server.conftest import VIN1, VIN2

URL = "/api/v1/telematics/samples"
T0 = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC)


def _samples(start: int, n: int) -> list[dict[str, Any]]:
    out = []
    for i in range(start, start + n):
        s: dict[str, Any] = {"seq": i, "ts": (T0 + dt.timedelta(seconds=i, microseconds=1234 * i)).isoformat(),
                             "speed_kmh": float(i), "lat": 59.3, "lon": 18.0, "locked": i % 2 == 0,
                             "gear": "D", "odometer_km": 1000 + i}  # an int in a float field
        if i % 3:
            s["soc_pct"] = 80.0 - i
        out.append(s)
    return out


def _columns(vin: str, samples: list[dict[str, Any]]) -> bytes:
    """The body exactly as the simulator's uploader builds it from its buffer."""
    return columns_body(vin, [(s["seq"], orjson.dumps(s)) for s in samples])


def _setup(portal_client, account, activate) -> tuple[dict, dict, dict]:
    acct = account()
    out = []
    for vin in (VIN1, VIN2):
        r = portal_client.post("/api/v1/vehicles", json={"vin": vin}, headers=acct["headers"])
        assert r.status_code == 201
        v = r.json()
        out.append((v, {"Authorization": f"Bearer {activate(v['id'])}",
                        "Content-Type": "application/json"}))
    return acct, out[0], out[1]


def test_columnar_equals_rows(portal_client, account, activate, monkeypatch) -> None:
    from embedded_server.telemetry import service

    events: list[tuple[str, Any]] = []
    real = service.queue_event
    monkeypatch.setattr(service, "queue_event",
                        lambda s, cid, name, data: (events.append((name, data)), real(s, cid, name, data)))
    acct, (va, ha), (vb, hb) = _setup(portal_client, account, activate)
    first, second = _samples(0, 150), _samples(140, 20)
    # A: row form; B: columnar form of the same samples
    ra = portal_client.post(URL, content=orjson.dumps({"vin": VIN1, "samples": first}), headers=ha)
    rb = portal_client.post(URL, content=_columns(VIN2, first), headers=hb)
    assert ra.status_code == rb.status_code == 200
    assert ra.json() == rb.json() == {"accepted": 150, "duplicates": 0}
    ra = portal_client.post(URL, content=orjson.dumps({"vin": VIN1, "samples": second}), headers=ha)
    rb = portal_client.post(URL, content=_columns(VIN2, second), headers=hb)
    assert ra.json() == rb.json() == {"accepted": 10, "duplicates": 10}
    # a repeated and an out-of-order seq inside one batch
    mixed = [*_samples(171, 1), *_samples(170, 1), *_samples(171, 1)]
    ra = portal_client.post(URL, content=orjson.dumps({"vin": VIN1, "samples": mixed}), headers=ha)
    rb = portal_client.post(URL, content=_columns(VIN2, mixed), headers=hb)
    assert ra.json() == rb.json() == {"accepted": 2, "duplicates": 1}

    def stored(v: dict) -> tuple[list, list, dict]:
        rows = portal_client.get(f"/api/v1/vehicles/{v['id']}/telemetry", headers=acct["headers"]).json()
        cols = portal_client.get(f"/api/v1/vehicles/{v['id']}/telemetry", params={"format": "columns"},
                                 headers=acct["headers"]).json()
        status = portal_client.get(f"/api/v1/vehicles/{v['id']}/status", headers=acct["headers"]).json()
        cols.pop("vehicle_id")
        status.pop("vehicle_id", None)
        return rows["samples"], cols, status

    rows_a, cols_a, status_a = stored(va)
    rows_b, cols_b, status_b = stored(vb)
    assert len(rows_a) == 162 and rows_a == rows_b
    assert cols_a == cols_b
    assert status_a == status_b and status_a["seq"] == 171
    # one SSE telemetry event per batch, in the row form, same content
    tele = [d for name, d in events if name == "telemetry"]
    assert len(tele) == 6
    for a, b in zip(tele[0::2], tele[1::2], strict=True):
        assert a["vin"] == VIN1 and b["vin"] == VIN2
        assert orjson.loads(orjson.dumps(a["samples"])) == orjson.loads(orjson.dumps(b["samples"]))
    assert len(tele[1]["samples"]) == 100 and tele[1]["samples"][-1]["seq"] == 149
    # removal stops data transfer (R18), columnar too
    assert portal_client.delete(f"/api/v1/vehicles/{vb['id']}", headers=acct["headers"]).status_code == 204
    r = portal_client.post(URL, content=_columns(VIN2, _samples(200, 1)), headers=hb)
    assert r.status_code in (401, 403)
    # an empty columnar batch is fine
    r = portal_client.post(URL, json={"vin": VIN1, "columns": {"seq": [], "ts": [], "gear": [], "lat": []}},
                           headers=ha)
    assert r.status_code == 200 and r.json() == {"accepted": 0, "duplicates": 0}


def test_bad_columnar_bodies_are_4xx_naming_the_field(portal_client, account, activate) -> None:
    _acct, _a, (_vb, hb) = _setup(portal_client, account, activate)
    r = portal_client.post(URL, content=b'{"vin": "x", "columns": {"seq": [1,', headers=hb)
    assert r.status_code == 400 and r.json()["code"] == "malformed_json"
    ts = T0.timestamp()
    ok = {"seq": [1], "ts": [ts]}
    cases = [
        ({"vin": VIN2, "columns": []}, "columns"),
        ({"vin": VIN2, "columns": {"ts": [ts]}}, "columns.seq"),
        ({"vin": VIN2, "columns": {"seq": [1]}}, "columns.ts"),
        ({"columns": ok}, "vin"),
        ({"vin": VIN2, "columns": ok, "samples": []}, "samples"),
        ({"vin": VIN2, "columns": {**ok, "warp_factor": [9]}}, "columns.warp_factor"),
        ({"vin": VIN2, "columns": {**ok, "speed_kmh": 5}}, "columns.speed_kmh"),
        ({"vin": VIN2, "columns": {**ok, "speed_kmh": [1.0, 2.0]}}, "columns.speed_kmh"),
        ({"vin": VIN2, "columns": {"seq": [1, 2], "ts": [ts]}}, "columns.ts"),
        ({"vin": VIN2, "columns": {"seq": [-1], "ts": [ts]}}, "columns.seq.0"),
        ({"vin": VIN2, "columns": {"seq": [1, "2"], "ts": [ts, ts]}}, "columns.seq.1"),
        ({"vin": VIN2, "columns": {"seq": [True], "ts": [ts]}}, "columns.seq.0"),
        ({"vin": VIN2, "columns": {"seq": [1], "ts": ["2026-03-01T08:00:00+00:00"]}}, "columns.ts.0"),
        ({"vin": VIN2, "columns": {"seq": [1], "ts": [None]}}, "columns.ts.0"),
        ({"vin": VIN2, "columns": {"seq": [1], "ts": [1e300]}}, "columns.ts.0"),
        ({"vin": VIN2, "columns": {**ok, "speed_kmh": ["fast"]}}, "columns.speed_kmh.0"),
        ({"vin": VIN2, "columns": {**ok, "speed_kmh": [True]}}, "columns.speed_kmh.0"),
        ({"vin": VIN2, "columns": {**ok, "locked": [1]}}, "columns.locked.0"),
        ({"vin": VIN2, "columns": {**ok, "gear": ["D" * 33]}}, "columns.gear.0"),
        ({"vin": VIN2, "columns": {**ok, "gear": [4]}}, "columns.gear.0"),
        ({"vin": VIN2, "columns": {"seq": [1, 2], "ts": [ts, ts], "lat": [None, [1]]}}, "columns.lat.1"),
        ({"vin": VIN2, "columns": {"seq": list(range(10_001)), "ts": [ts] * 10_001}}, "columns.seq"),
    ]
    for body, field in cases:
        r = portal_client.post(URL, json=body, headers=hb)
        assert r.status_code == 422, (field, r.status_code, r.text[:200])
        problem = r.json()
        assert problem["code"] == "validation_error"
        assert field in problem["fields"], (field, problem["fields"])
    # ints in float columns and integral epoch seconds are accepted
    r = portal_client.post(URL, json={"vin": VIN2, "columns": {"seq": [3], "ts": [int(ts)], "speed_kmh": [50]}},
                           headers=hb)
    assert r.status_code == 200 and r.json() == {"accepted": 1, "duplicates": 0}


def test_openapi_documents_both_bodies(portal_client) -> None:
    spec = portal_client.get("/openapi.json").json()
    body = spec["paths"][URL]["post"]["requestBody"]["content"]["application/json"]["schema"]
    forms = body["oneOf"]
    assert {tuple(sorted(f["properties"])) for f in forms} == {("samples", "vin"), ("columns", "vin")}
