"""Remote commands (docs/contracts.md "Remote commands", SPEC R23-R25)."""

from __future__ import annotations

import datetime as dt
import threading
import time
import uuid

from embedded_server.commands.service import sweep_expired
from tests.server.conftest import VIN1, VIN2


def _van(client, acct, vin, fuel="electric"):
    r = client.post("/api/v1/vehicles", json={"vin": vin, "fuel_type": fuel}, headers=acct["headers"])
    assert r.status_code == 201, r.text
    return r.json()


def _feed(client, headers, entity="command"):
    cursor, rows = None, []
    while True:
        body = client.get("/api/v1/changes", params={"cursor": cursor} if cursor else {}, headers=headers).json()
        rows += [c for c in body["changes"] if c["entity"] == entity]
        cursor = body["next_cursor"]
        if not body["has_more"]:
            return rows


def test_rest_send_requires_product_evan_and_valid_params(portal_client, account, activate) -> None:
    acct = account()
    h = acct["headers"]
    ev, diesel = _van(portal_client, acct, VIN1), _van(portal_client, acct, VIN2, "diesel")
    url = f"/api/v1/vehicles/{ev['id']}/commands"
    r = portal_client.post(url, json={"type": "lock"}, headers=h)
    assert r.status_code == 403 and r.json()["code"] == "product_required"
    activate(ev["id"], "remote_services")
    activate(diesel["id"], "remote_services")
    r = portal_client.post(f"/api/v1/vehicles/{diesel['id']}/commands", json={"type": "start_charging"}, headers=h)
    assert r.status_code == 409 and r.json()["code"] == "not_an_evan"
    r = portal_client.post(url, json={"type": "set_departure_time"}, headers=h)
    assert r.status_code == 422 and r.json()["fields"] == ["params.departure_time"]
    r = portal_client.post(url, json={"type": "lock", "ttl_s": 1}, headers=h)
    assert r.status_code == 422
    r = portal_client.post(url, json={"type": "start_preconditioning", "ttl_s": 60,
                                      "params": {"departure_time": "2030-01-01T07:00:00+01:00", "target_temp_c": 21}},
                           headers=h)
    assert r.status_code == 202, r.text
    c = r.json()
    assert c["state"] == "queued" and c["version"] == 1 and c["params"]["target_temp_c"] == 21
    ttl = dt.datetime.fromisoformat(c["expires_at"]) - dt.datetime.fromisoformat(c["created_at"])
    assert ttl == dt.timedelta(seconds=60)
    got = portal_client.get(f"{url}/{c['id']}", headers=h).json()
    assert got == c
    assert [x["id"] for x in portal_client.get(url, headers=h).json()["items"]] == [c["id"]]
    other = account("Other AB")
    assert portal_client.get(f"{url}/{c['id']}", headers=other["headers"]).status_code == 404
    assert [x["data"]["state"] for x in _feed(portal_client, h)] == ["queued"]


def test_command_send_mutation_uses_age_s_and_portal_clock(portal_client, account, activate) -> None:
    acct = account()
    h = acct["headers"]
    ev = _van(portal_client, acct, VIN1)
    activate(ev["id"], "remote_services")
    fresh, stale = str(uuid.uuid4()), str(uuid.uuid4())
    muts = [
        {"mutation_id": "m1", "client_seq": 1, "type": "command.send", "age_s": 100,
         "payload": {"command_id": fresh, "vehicle_id": ev["id"], "type": "unlock", "ttl_s": 300}},
        {"mutation_id": "m2", "client_seq": 2, "type": "command.send", "age_s": 301,
         "payload": {"command_id": stale, "vehicle_id": ev["id"], "type": "lock", "ttl_s": 300}},
        {"mutation_id": "m3", "client_seq": 3, "type": "command.send",
         "payload": {"command_id": str(uuid.uuid4()), "vehicle_id": ev["id"], "type": "lock", "ttl_s": 3}},
    ]
    body = {"client_id": "desk", "mutations": muts}
    res = portal_client.post("/api/v1/mutations", json=body, headers=h).json()["results"]
    assert [r["result"] for r in res] == ["applied", "applied", "rejected"]
    a, b = res[0]["entity"], res[1]["entity"]
    assert a["id"] == fresh and a["state"] == "queued"
    left = dt.datetime.fromisoformat(a["expires_at"]) - dt.datetime.fromisoformat(a["created_at"])
    assert left == dt.timedelta(seconds=200)
    assert b["id"] == stale and b["state"] == "expired" and b["reason"] == "ttl_expired"
    again = portal_client.post("/api/v1/mutations", json=body, headers=h).json()["results"]
    assert [r["result"] for r in again] == ["duplicate"] * 3 and again[0]["entity"]["id"] == fresh
    # the same command id under a new mutation id is not a second command
    dup = {**muts[0], "mutation_id": "m4", "client_seq": 4}
    r = portal_client.post("/api/v1/mutations", json={"client_id": "desk", "mutations": [dup]}, headers=h)
    assert r.json()["results"][0]["code"] == "id_conflict"


def test_vehicle_long_poll_delivery_result_and_feed(portal_client, account, activate) -> None:
    acct = account()
    h = acct["headers"]
    ev, other = _van(portal_client, acct, VIN1), _van(portal_client, acct, VIN2)
    token = activate(ev["id"], "remote_services")
    other_token = activate(other["id"], "remote_services")
    mh = {"Authorization": f"Bearer {token}"}
    got: list = []

    def poll() -> None:
        t0 = time.monotonic()
        r = portal_client.get("/api/v1/telematics/commands", params={"vin": VIN1, "wait": 10}, headers=mh)
        got.append((time.monotonic() - t0, r))

    t = threading.Thread(target=poll)
    t.start()
    time.sleep(0.4)
    c = portal_client.post(f"/api/v1/vehicles/{ev['id']}/commands", json={"type": "start_charging"},
                           headers=h).json()
    t.join(15)
    waited, r = got[0]
    assert r.status_code == 200 and waited < 5, "the long-poll wakes when a command is queued"
    (item,) = r.json()["items"]
    assert item["id"] == c["id"] and item["state"] == "delivered" and item["version"] == 2
    r = portal_client.get("/api/v1/telematics/commands", params={"vin": VIN1}, headers=mh)
    assert r.json()["items"] == [], "a delivered command is handed out once"
    res_url = f"/api/v1/telematics/commands/{c['id']}/result"
    body = {"state": "failed", "reason": "preconditions_unmet", "unmet": ["plug_not_connected", "gear_not_park"]}
    assert portal_client.post(res_url, json=body,
                              headers={"Authorization": f"Bearer {other_token}"}).status_code == 404
    r = portal_client.post(res_url, json=body, headers=mh)
    assert r.status_code == 200 and r.json()["unmet"] == ["plug_not_connected", "gear_not_park"]
    assert portal_client.post(res_url, json=body, headers=mh).json()["version"] == 3, "repeat is a no-op"
    r = portal_client.post(res_url, json={"state": "executed"}, headers=mh)
    assert r.status_code == 409 and r.json()["code"] == "command_finished"
    r = portal_client.get("/api/v1/telematics/commands", params={"vin": VIN2}, headers=mh)
    assert r.status_code == 403 and r.json()["code"] == "vin_mismatch"
    assert portal_client.get("/api/v1/telematics/commands", params={"vin": VIN1},
                             headers={"Authorization": "Bearer nope"}).status_code == 401
    (row,) = _feed(portal_client, h)
    assert row["id"] == c["id"] and row["data"]["state"] == "failed" and row["version"] == 3
    cmd = portal_client.get(f"/api/v1/vehicles/{ev['id']}/commands/{c['id']}", headers=h).json()
    assert cmd["state"] == "failed" and cmd["reason"] == "preconditions_unmet"


def test_expiry_lazy_on_read_and_poll_and_by_sweep(portal_app, portal_client, account, activate) -> None:
    acct = account()
    h = acct["headers"]
    ev = _van(portal_client, acct, VIN1)
    mh = {"Authorization": f"Bearer {activate(ev['id'], 'remote_services')}"}

    def send(age_s: float, ttl_s: int = 5) -> str:
        m = {"mutation_id": str(uuid.uuid4()), "client_seq": 1, "type": "command.send", "age_s": age_s,
             "payload": {"command_id": str(uuid.uuid4()), "vehicle_id": ev["id"], "type": "lock", "ttl_s": ttl_s}}
        res = portal_client.post("/api/v1/mutations", json={"client_id": "d", "mutations": [m]}, headers=h)
        return res.json()["results"][0]["entity"]["id"]

    url = f"/api/v1/vehicles/{ev['id']}/commands"
    on_read, on_poll = send(4.7), send(4.7)
    time.sleep(0.5)
    assert portal_client.get(f"{url}/{on_read}", headers=h).json()["state"] == "expired"
    assert portal_client.get("/api/v1/telematics/commands", params={"vin": VIN1}, headers=mh).json()["items"] == []
    assert portal_client.get(f"{url}/{on_poll}", headers=h).json()["state"] == "expired"
    swept = send(0, ttl_s=60)
    factory = portal_app.state.session_factory
    assert sweep_expired(factory) == 0
    assert sweep_expired(factory, now=dt.datetime.now(dt.UTC) + dt.timedelta(seconds=61)) == 1
    with factory(readonly=True) as s:
        from embedded_server.models import Command

        assert s.get(Command, (acct["company"]["id"], swept)).state == "expired"
    states = {r["id"]: r["data"]["state"] for r in _feed(portal_client, h)}
    assert states == {on_read: "expired", on_poll: "expired", swept: "expired"}
