"""Change feed and mutations (API.md "Sync", DESIGN.md sync design)."""

from __future__ import annotations

import uuid

import httpx

from tests.server.conftest import VIN1, VIN2


def pull_all(client, headers, cursor=None, limit=500):
    changes = []
    while True:
        params = {"limit": limit, **({"cursor": cursor} if cursor else {})}
        r = client.get("/api/v1/changes", params=params, headers=headers)
        assert r.status_code == 200, r.text
        body = r.json()
        changes += body["changes"]
        cursor = body["next_cursor"]
        assert cursor
        if not body["has_more"]:
            return changes, cursor


def test_feed_full_state_increasing_seq_and_resume(portal_client, account) -> None:
    acct, other = account("Alpha AB"), account("Beta AB")
    h = acct["headers"]
    v = portal_client.post("/api/v1/vehicles", json={"vin": VIN1}, headers=h).json()
    portal_client.patch(f"/api/v1/vehicles/{v['id']}", json={"name": "Renamed"}, headers=h)
    changes, cursor = pull_all(portal_client, h, limit=3)
    seqs = [c["seq"] for c in changes]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
    entities = {(c["entity"], c["id"]): c for c in changes}
    assert ("company", acct["company"]["id"]) in entities
    assert ("user", acct["user"]["id"]) in entities
    assert any(e == "product" for e, _ in entities)
    vehicle_rows = [c for c in changes if c["entity"] == "vehicle"]
    assert len(vehicle_rows) == 1 and vehicle_rows[0]["data"]["name"] == "Renamed"
    assert vehicle_rows[0]["version"] == 2
    assert all(c["data"].get("company_id") in (None, acct["company"]["id"]) for c in changes)
    assert not any(c["id"] == other["user"]["id"] for c in changes)
    # resume: nothing new, then one delete
    assert pull_all(portal_client, h, cursor)[0] == []
    portal_client.delete(f"/api/v1/vehicles/{v['id']}", headers=h)
    new, _ = pull_all(portal_client, h, cursor)
    assert [(c["entity"], c["op"]) for c in new] == [("vehicle", "delete")]


def test_foreign_epoch_cursor_is_410(portal_client, account) -> None:
    acct = account()
    _, cursor = pull_all(portal_client, acct["headers"])
    seq = cursor.rsplit(".", 1)[1]
    for bad in (f"0000deadbeef.{seq}", cursor.split(".")[0] + ".999999"):
        r = portal_client.get("/api/v1/changes", params={"cursor": bad}, headers=acct["headers"])
        assert r.status_code == 410 and r.json()["code"] == "resync_required"


def test_malformed_cursor_is_400_invalid_cursor(portal_client, account) -> None:
    """Not of the form ``<epoch>.<ASCII digits>``: 400 ``invalid_cursor``, not 410 (meant
    for a cursor of another epoch) and never a 500 (``"²".isdigit()`` is True)."""
    acct = account()
    _, cursor = pull_all(portal_client, acct["headers"])
    epoch = cursor.split(".")[0]
    for bad in ("garbage", f"{epoch}.\u00b2", f"{epoch}.\u0663", f"{epoch}.-1", f"{epoch}.+1",
                f"{epoch}.1_0", f"{epoch}. 1", f"{epoch}.", f".{cursor.split('.')[1]}",
                f"{epoch}.{2**63}", f"{epoch}.{'9' * 40}", "x.1.2"):
        r = portal_client.get("/api/v1/changes", params={"cursor": bad}, headers=acct["headers"])
        assert r.status_code == 400, (bad, r.text)
        assert r.json()["code"] == "invalid_cursor" and r.json()["fields"] == ["cursor"]
    r = portal_client.get("/api/v1/changes", params={"cursor": cursor}, headers=acct["headers"])
    assert r.status_code == 200


def test_last_event_id_is_parsed_strictly(live_portal) -> None:
    """A ``Last-Event-ID`` that ``str.isdigit()`` accepts but ``int()`` doesn't (a
    superscript, sent as the latin-1 byte) is ignored like any other non-number: the
    stream opens; before, the handler raised (a 500)."""
    token = live_portal.register("Stream AB")["token"]
    for raw in (b"\xb2", b"1\xb9", b"9" * 30):
        headers = [(b"authorization", f"Bearer {token}".encode()), (b"last-event-id", raw)]
        with httpx.stream("GET", f"{live_portal.url}/api/v1/stream", headers=headers, timeout=10) as r:
            assert r.status_code == 200, (raw, r.read())


def _mut(type_, payload, base_version=None, mid=None):
    m = {"mutation_id": mid or str(uuid.uuid4()), "client_seq": 1, "type": type_, "payload": payload}
    if base_version is not None:
        m["base_version"] = base_version
    return m


def test_mutations_applied_duplicate_conflict_rejected(portal_client, account) -> None:
    acct, other = account("Alpha AB"), account("Beta AB")
    h = acct["headers"]
    vid = str(uuid.uuid4())
    add = _mut("vehicle.add", {"id": vid, "vin": VIN1, "name": "Van 1"})
    body = {"client_id": "desk-1", "schema_version": 1, "mutations": [add]}
    r = portal_client.post("/api/v1/mutations", json=body, headers=h)
    assert r.status_code == 200
    (res,) = r.json()["results"]
    assert res["result"] == "applied" and res["entity"]["id"] == vid
    r = portal_client.post("/api/v1/mutations", json=body, headers=h)
    assert r.json()["results"][0]["result"] == "duplicate"
    assert len(portal_client.get("/api/v1/vehicles", headers=h).json()["items"]) == 1
    batch = [
        _mut("vehicle.update", {"vehicle_id": vid, "name": "Van A"}, base_version=1),
        _mut("vehicle.update", {"vehicle_id": vid, "name": "Van B"}, base_version=1),
        _mut("vehicle.add", {"vin": "bad vin"}),
        _mut("vehicle.add", {"vin": VIN1, "colour": "red"}),
        _mut("vehicle.remove", {"vehicle_id": str(uuid.uuid4())}),
    ]
    r = portal_client.post("/api/v1/mutations", json={"client_id": "desk-1", "mutations": batch}, headers=h)
    results = r.json()["results"]
    assert [x["mutation_id"] for x in results] == [m["mutation_id"] for m in batch]
    assert [x["result"] for x in results] == ["applied", "conflict", "rejected", "rejected", "rejected"]
    assert results[1]["entity"]["name"] == "Van A" and results[1]["entity"]["version"] == 2
    assert [x.get("code") for x in results[2:]] == ["invalid_vin", "validation_error", "not_found"]
    r = portal_client.post("/api/v1/mutations", headers=other["headers"],
                           json={"client_id": "desk-2", "mutations": [_mut("vehicle.add", {"vin": VIN1})]})
    assert r.json()["results"][0]["result"] == "rejected"
    assert r.json()["results"][0]["code"] == "vin_taken"
    # same mutation id in another company is independent
    r = portal_client.post("/api/v1/mutations", headers=other["headers"],
                           json={"client_id": "desk-2", "mutations": [_mut("vehicle.add", {"vin": VIN2}, mid=add["mutation_id"])]})
    assert r.json()["results"][0]["result"] == "applied"


def test_unknown_mutation_type_is_422(portal_client, account) -> None:
    acct = account()
    r = portal_client.post("/api/v1/mutations", headers=acct["headers"],
                           json={"client_id": "c", "mutations": [_mut("vehicle.explode", {})]})
    assert r.status_code == 422 and r.json()["code"] == "validation_error"
