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
        vehicle = repository.get_for_company(s, acct["company"]["id"], v["id"])
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


def _ingest_60(portal_client, account, activate) -> tuple[dict, dict]:
    acct = account()
    v = _vehicle(portal_client, acct)
    mh = {"Authorization": f"Bearer {activate(v['id'])}"}
    samples = _samples(0, 60)
    for s in samples[::7]:
        s["gear"] = "D"
    r = portal_client.post("/api/v1/telematics/samples", json={"vin": VIN1, "samples": samples}, headers=mh)
    assert r.json() == {"accepted": 60, "duplicates": 0}
    return acct, v


def test_series_columnar_matches_rows_and_pages(portal_client, account, activate) -> None:
    acct, v = _ingest_60(portal_client, account, activate)
    url = f"/api/v1/vehicles/{v['id']}/telemetry"
    params = {"fields": "speed_kmh,locked,gear"}
    rows = portal_client.get(url, params=params, headers=acct["headers"]).json()
    assert rows["next_cursor"] is None and len(rows["samples"]) == 60
    assert rows["samples"][0]["ts"] == T0.isoformat()
    cols = portal_client.get(url, params={**params, "format": "columns"}, headers=acct["headers"]).json()
    assert cols["format"] == "columns" and cols["count"] == 60 and cols["fields"] == ["speed_kmh", "locked", "gear"]
    assert cols["seq"] == list(range(60))
    assert cols["ts"] == [(T0 + dt.timedelta(seconds=i)).timestamp() for i in range(60)]
    assert cols["speed_kmh"] == [float(i) for i in range(60)]
    assert cols["locked"] == [False] * 60
    assert cols["gear"][:8] == ["D", None, None, None, None, None, None, "D"]
    for i, s in enumerate(rows["samples"]):
        assert [s["seq"], s["speed_kmh"], s["locked"], s["gear"]] == [
            cols["seq"][i], cols["speed_kmh"][i], cols["locked"][i], cols["gear"][i]]
    # the desktop client's helper reads the columnar form
    from mpro_desktop.sync.client import samples_from_response

    back = samples_from_response(cols)
    assert len(back) == 60 and back[5]["speed_kmh"] == 5.0 and back[5]["ts"] == cols["ts"][5]
    # pages of 25 with the cursor, in both formats, cover everything once
    for fmt in ("columns", "rows"):
        seen: list[int] = []
        cursor = None
        pages = 0
        while True:
            p = {**params, "format": fmt, "limit": 25, **({"cursor": cursor} if cursor else {})}
            page = portal_client.get(url, params=p, headers=acct["headers"]).json()
            seen += page["seq"] if fmt == "columns" else [s["seq"] for s in page["samples"]]
            pages += 1
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert seen == list(range(60)) and pages == 3
    # a time window, and downsampling, in columns
    win = portal_client.get(url, params={**params, "format": "columns", "from": (T0 + dt.timedelta(seconds=10)).isoformat(),
                                         "to": (T0 + dt.timedelta(seconds=19)).isoformat()}, headers=acct["headers"]).json()
    assert win["seq"] == list(range(10, 20))
    down = portal_client.get(url, params={"fields": "speed_kmh", "format": "columns", "max_points": 6},
                             headers=acct["headers"]).json()
    assert down["downsampled"] is True and 1 < down["count"] <= 6 and len(down["ts"]) == down["count"]


def test_series_bad_parameters_are_4xx(portal_client, account, activate) -> None:
    acct, v = _ingest_60(portal_client, account, activate)
    url = f"/api/v1/vehicles/{v['id']}/telemetry"
    for params in ({"format": "xml"}, {"cursor": "not-a-cursor"}, {"limit": 0}, {"fields": "warp_factor"}):
        r = portal_client.get(url, params=params, headers=acct["headers"])
        assert r.status_code == 422, params
        assert r.json()["code"] == "validation_error"


def test_bad_ingest_bodies_are_4xx_never_500(portal_client, account, activate) -> None:
    acct = account()
    v = _vehicle(portal_client, acct)
    mh = {"Authorization": f"Bearer {activate(v['id'])}", "Content-Type": "application/json"}
    url = "/api/v1/telematics/samples"
    ok = {"seq": 1, "ts": T0.isoformat()}
    r = portal_client.post(url, content=b'{"vin": "x", "samples": [', headers=mh)
    assert r.status_code == 400 and r.json()["code"] == "malformed_json"
    cases = [
        ([], None),
        ("text", None),
        ({"samples": [ok]}, "vin"),
        ({"vin": VIN1}, "samples"),
        ({"vin": VIN1, "samples": {}}, "samples"),
        ({"vin": 5, "samples": [ok]}, "vin"),
        ({"vin": VIN1, "samples": [ok], "extra": 1}, "extra"),
        ({"vin": VIN1, "samples": [1]}, "samples.0"),
        ({"vin": VIN1, "samples": [{"ts": T0.isoformat()}]}, "samples.0.seq"),
        ({"vin": VIN1, "samples": [{"seq": -1, "ts": T0.isoformat()}]}, "samples.0.seq"),
        ({"vin": VIN1, "samples": [{"seq": "1", "ts": T0.isoformat()}]}, "samples.0.seq"),
        ({"vin": VIN1, "samples": [{"seq": True, "ts": T0.isoformat()}]}, "samples.0.seq"),
        ({"vin": VIN1, "samples": [{"seq": 1}]}, "samples.0.ts"),
        ({"vin": VIN1, "samples": [{"seq": 1, "ts": "yesterday"}]}, "samples.0.ts"),
        ({"vin": VIN1, "samples": [{"seq": 1, "ts": None}]}, "samples.0.ts"),
        ({"vin": VIN1, "samples": [{**ok, "speed_kmh": "fast"}]}, "samples.0.speed_kmh"),
        ({"vin": VIN1, "samples": [{**ok, "speed_kmh": True}]}, "samples.0.speed_kmh"),
        ({"vin": VIN1, "samples": [{**ok, "locked": 1}]}, "samples.0.locked"),
        ({"vin": VIN1, "samples": [{**ok, "gear": "D" * 33}]}, "samples.0.gear"),
        ({"vin": VIN1, "samples": [{**ok, "gear": 4}]}, "samples.0.gear"),
        ({"vin": VIN1, "samples": [ok, {**ok, "seq": 2, "lat": [1]}]}, "samples.1.lat"),
        ({"vin": VIN1, "samples": [ok] * 10_001}, "samples"),
    ]
    for body, field in cases:
        r = portal_client.post(url, json=body, headers=mh)
        assert r.status_code == 422, (body if len(str(body)) < 200 else field, r.status_code, r.text[:200])
        problem = r.json()
        assert problem["code"] == "validation_error"
        if field is not None:
            assert field in problem["fields"], (field, problem["fields"])
    # numbers in float fields and integral float seqs are accepted, as pydantic did
    r = portal_client.post(url, json={"vin": VIN1, "samples": [{"seq": 3.0, "ts": T0.isoformat(), "speed_kmh": 50}]},
                           headers=mh)
    assert r.status_code == 200 and r.json() == {"accepted": 1, "duplicates": 0}
    status = portal_client.get(f"/api/v1/vehicles/{v['id']}/status", headers=acct["headers"]).json()
    assert status["speed_kmh"] == 50.0 and status["seq"] == 3
    # a repeated seq inside one batch is stored once; an offset timestamp is stored in UTC
    plus2 = (T0 + dt.timedelta(seconds=5)).astimezone(dt.timezone(dt.timedelta(hours=2))).isoformat()
    r = portal_client.post(url, json={"vin": VIN1, "samples": [{"seq": 5, "ts": plus2}, {"seq": 5, "ts": plus2}]},
                           headers=mh)
    assert r.json() == {"accepted": 1, "duplicates": 1}
    got = portal_client.get(f"/api/v1/vehicles/{v['id']}/telemetry", params={"fields": "speed_kmh"},
                            headers=acct["headers"]).json()["samples"]
    assert got[-1]["ts"] == (T0 + dt.timedelta(seconds=5)).isoformat()


def test_a_days_long_range_is_downsampled_keeping_every_extreme(
    portal_client, account, activate
) -> None:
    """``max_points`` over three days (issue 12): min/max per bucket computed by the
    database over the whole range (not the first page of rows), at most ``max_points``
    points, the first and last sample's times, and every field's peak and dip kept."""
    acct = account()
    v = _vehicle(portal_client, acct)
    mh = {"Authorization": f"Bearer {activate(v['id'])}"}
    n, step = 3 * 24 * 30, 120  # three days, one sample every two minutes
    samples = [{"seq": i, "ts": (T0 + dt.timedelta(seconds=i * step)).isoformat(),
                "speed_kmh": 40.0 + (i % 7), "tyre_fl_kpa": 450.0 - (i % 3),
                "doors_open": i == 1234, "gear": "D"} for i in range(n)]
    samples[777]["speed_kmh"] = 131.0  # a peak on the first day
    samples[2001]["speed_kmh"] = 0.0  # a stop on the third
    samples[1500]["tyre_fl_kpa"] = 180.0  # a flat tyre for two minutes
    r = portal_client.post("/api/v1/telematics/samples", json={"vin": VIN1, "samples": samples},
                           headers=mh)
    assert r.status_code == 200 and r.json()["accepted"] == n
    url = f"/api/v1/vehicles/{v['id']}/telemetry"
    fields = "speed_kmh,tyre_fl_kpa,doors_open,gear"
    down = portal_client.get(url, params={"fields": fields, "max_points": 100},
                             headers=acct["headers"]).json()
    pts = down["samples"]
    assert down["downsampled"] is True and 50 <= len(pts) <= 100
    speeds = [p["speed_kmh"] for p in pts]
    assert max(speeds) == 131.0 and min(speeds) == 0.0
    assert min(p["tyre_fl_kpa"] for p in pts) == 180.0
    assert any(p["doors_open"] is True for p in pts) and {p["gear"] for p in pts} == {"D"}
    stamps = [dt.datetime.fromisoformat(p["ts"]) for p in pts]
    assert stamps == sorted(stamps)
    assert stamps[0] == T0 and stamps[-1] == T0 + dt.timedelta(seconds=(n - 1) * step)
    cols = portal_client.get(url, params={"fields": "speed_kmh", "max_points": 40,
                                          "format": "columns"}, headers=acct["headers"]).json()
    assert cols["downsampled"] is True and cols["count"] == len(cols["ts"]) <= 40
    assert max(cols["speed_kmh"]) == 131.0 and min(cols["speed_kmh"]) == 0.0
    small = portal_client.get(url, params={"fields": "speed_kmh", "max_points": 100_000},
                              headers=acct["headers"]).json()
    assert small["downsampled"] is False and len(small["samples"]) == n  # fewer than asked
