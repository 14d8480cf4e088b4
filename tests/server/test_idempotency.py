"""Idempotency-Key on mutating REST requests."""

from __future__ import annotations

from tests.server.conftest import VIN1, VIN2


def test_same_key_same_body_replays_first_response(portal_client, account) -> None:
    acct = account()
    h = {**acct["headers"], "Idempotency-Key": "k-1"}
    first = portal_client.post("/api/v1/vehicles", json={"vin": VIN1}, headers=h)
    assert first.status_code == 201
    again = portal_client.post("/api/v1/vehicles", json={"vin": VIN1}, headers=h)
    assert again.status_code == 201 and again.json() == first.json()
    assert len(portal_client.get("/api/v1/vehicles", headers=acct["headers"]).json()["items"]) == 1


def test_same_key_other_body_is_422(portal_client, account) -> None:
    acct = account()
    h = {**acct["headers"], "Idempotency-Key": "k-2"}
    assert portal_client.post("/api/v1/vehicles", json={"vin": VIN1}, headers=h).status_code == 201
    r = portal_client.post("/api/v1/vehicles", json={"vin": VIN2}, headers=h)
    assert r.status_code == 422 and r.json()["code"] == "idempotency_key_reused"
    assert len(portal_client.get("/api/v1/vehicles", headers=acct["headers"]).json()["items"]) == 1


def test_keys_are_scoped_per_caller(portal_client, account) -> None:
    alpha, beta = account("Alpha AB"), account("Beta AB")
    assert portal_client.post("/api/v1/vehicles", json={"vin": VIN1},
                              headers={**alpha["headers"], "Idempotency-Key": "same"}).status_code == 201
    r = portal_client.post("/api/v1/vehicles", json={"vin": VIN2},
                           headers={**beta["headers"], "Idempotency-Key": "same"})
    assert r.status_code == 201


def test_stored_4xx_is_replayed_even_after_state_changed(portal_client, account) -> None:
    acct = account()
    h = acct["headers"]
    vid = portal_client.post("/api/v1/vehicles", json={"vin": VIN1}, headers=h).json()["id"]
    hk = {**h, "Idempotency-Key": "k-409"}
    first = portal_client.post("/api/v1/vehicles", json={"vin": VIN1}, headers=hk)
    assert first.status_code == 409
    portal_client.delete(f"/api/v1/vehicles/{vid}", headers=h)
    again = portal_client.post("/api/v1/vehicles", json={"vin": VIN1}, headers=hk)
    assert again.status_code == 409 and again.headers["idempotent-replayed"] == "true"
    assert portal_client.get("/api/v1/vehicles", headers=h).json()["items"] == []


def test_concurrent_same_key_has_exactly_one_effect(live_portal_factory, portal_db_url) -> None:
    """Threads against a real portal process (SQLite file or PostgreSQL schema)."""
    import threading
    import uuid

    import httpx

    portal = live_portal_factory(database_url=portal_db_url)
    acct = portal.register("Race AB")
    h = portal.headers(acct["token"])
    vid = str(uuid.uuid4())
    cases = [
        ("/api/v1/vehicles", {"id": vid, "vin": VIN1}),
        ("/api/v1/mutations", {"client_id": "d", "mutations": [
            {"mutation_id": str(uuid.uuid4()), "client_seq": 1, "type": "vehicle.add", "payload": {"vin": VIN2}}]}),
    ]
    for path, body in cases:
        key = {**h, "Idempotency-Key": f"race-{path}"}
        gate = threading.Barrier(6)
        out: list[httpx.Response] = []

        def fire(path=path, body=body, key=key, gate=gate, out=out) -> None:
            with httpx.Client(base_url=portal.url, timeout=30) as c:
                gate.wait()
                out.append(c.post(path, json=body, headers=key))

        threads = [threading.Thread(target=fire) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert len(out) == 6
        assert {r.status_code for r in out} == {201 if path.endswith("vehicles") else 200}, [r.text for r in out]
        assert len({r.content for r in out}) == 1, "every caller sees the first response"
        assert sum(r.headers.get("idempotent-replayed") == "true" for r in out) == 5
        if path.endswith("mutations"):
            assert out[0].json()["results"][0]["result"] == "applied"
    with httpx.Client(base_url=portal.url, timeout=30) as c:
        items = c.get("/api/v1/vehicles", headers=h).json()["items"]
        assert sorted(v["vin"] for v in items) == [VIN1, VIN2]
        feed = c.get("/api/v1/changes", params={"limit": 1000}, headers=h).json()["changes"]
        assert sorted(x["data"]["version"] for x in feed if x["entity"] == "vehicle") == [1, 1]
