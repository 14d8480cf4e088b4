"""Client-chosen ids are scoped per company (issue 8 #12).

Another company's vehicle or command id is simply a fresh id in yours: the answer can't
tell whether it exists elsewhere (no existence oracle), and the two objects that share
the id live apart everywhere (REST, telemetry ingest by module token and reads, status,
change feed, commands and their long-poll). Only a collision inside your own company is
``id_conflict``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import threading
import time
import uuid
from typing import Any

import httpx

from tests.server.conftest import VIN1, VIN2

VIN3 = "W1V9076351P333333"
VIN4 = "W1V9076351P444444"
T0 = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC)
VOLATILE = {"id", "vin", "created_at", "updated_at"}


def _add(client: Any, acct: dict, **body: Any) -> Any:
    return client.post(
        "/api/v1/vehicles", json={"fuel_type": "electric", **body}, headers=acct["headers"]
    )


def _push(client: Any, acct: dict, *mutations: dict) -> list[dict]:
    r = client.post(
        "/api/v1/mutations",
        headers=acct["headers"],
        json={"client_id": str(uuid.uuid4()), "mutations": list(mutations)},
    )
    assert r.status_code == 200, r.text
    return r.json()["results"]  # type: ignore[no-any-return]


def _m(type_: str, payload: dict, seq: int = 1) -> dict:
    return {"mutation_id": str(uuid.uuid4()), "client_seq": seq, "type": type_, "payload": payload}


def _feed(client: Any, acct: dict) -> list[dict]:
    cursor, rows = None, []
    while True:
        body = client.get(
            "/api/v1/changes", params={"cursor": cursor} if cursor else {}, headers=acct["headers"]
        ).json()
        rows += body["changes"]
        cursor = body["next_cursor"]
        if not body["has_more"]:
            return rows


def _ingest(client: Any, token: str, vin: str, speed: float, n: int = 5) -> dict:
    samples = [
        {"seq": i, "ts": (T0 + dt.timedelta(seconds=i)).isoformat(), "speed_kmh": speed}
        for i in range(n)
    ]
    r = client.post(
        "/api/v1/telematics/samples",
        json={"vin": vin, "samples": samples},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


def test_another_companys_vehicle_id_is_a_fresh_id(portal_client, account) -> None:
    a, b = account("Alpha AB"), account("Beta AB")
    theirs = _add(portal_client, a, vin=VIN1).json()
    fresh = _add(portal_client, b, id=str(uuid.uuid4()), vin=VIN3)
    reused = _add(portal_client, b, id=theirs["id"], vin=VIN2)
    assert reused.status_code == fresh.status_code == 201, reused.text
    assert reused.headers["content-type"] == fresh.headers["content-type"]
    mine = reused.json()
    assert mine["id"] == theirs["id"] and mine["vin"] == VIN2
    strip = lambda v: {k: x for k, x in v.items() if k not in VOLATILE}  # noqa: E731
    assert strip(mine) == strip(fresh.json()), "answered exactly as for a fresh id"
    # inside one company the id is still taken
    again = _add(portal_client, b, id=theirs["id"], vin=VIN4)
    assert again.status_code == 409 and again.json()["code"] == "id_conflict"
    same_vin = _add(portal_client, b, id=theirs["id"], vin=VIN2)
    assert same_vin.status_code == 409 and same_vin.json()["code"] == "vin_exists"
    r = _add(portal_client, a, id=theirs["id"], vin=VIN4)
    assert r.status_code == 409 and r.json()["code"] == "id_conflict"


def test_two_vehicles_with_one_id_live_apart(portal_client, account, activate) -> None:
    a, b = account("Alpha AB"), account("Beta AB")
    ha, hb = a["headers"], b["headers"]
    vid = _add(portal_client, a, vin=VIN1, name="A van").json()["id"]
    assert _add(portal_client, b, id=vid, vin=VIN2, name="B van").status_code == 201
    url = f"/api/v1/vehicles/{vid}"
    r = portal_client.patch(url, json={"name": "B renamed", "base_version": 1}, headers=hb)
    assert r.status_code == 200 and r.json()["version"] == 2, r.text
    assert portal_client.get(url, headers=ha).json()["name"] == "A van"
    assert portal_client.get(url, headers=hb).json()["name"] == "B renamed"
    assert [
        v["vin"] for v in portal_client.get("/api/v1/vehicles", headers=ha).json()["items"]
    ] == [VIN1]
    assert [
        v["vin"] for v in portal_client.get("/api/v1/vehicles", headers=hb).json()["items"]
    ] == [VIN2]

    token_a = activate(vid, company_id=a["company"]["id"])
    token_b = activate(vid, company_id=b["company"]["id"])
    # the same seqs: two vehicles, so none of them is a duplicate of the other's
    assert _ingest(portal_client, token_a, VIN1, 10.0) == {"accepted": 5, "duplicates": 0}
    assert _ingest(portal_client, token_b, VIN2, 99.0) == {"accepted": 5, "duplicates": 0}
    for h, speed in ((ha, 10.0), (hb, 99.0)):
        series = portal_client.get(
            f"{url}/telemetry", params={"fields": "speed_kmh"}, headers=h
        ).json()
        assert series["vehicle_id"] == vid
        assert [s["speed_kmh"] for s in series["samples"]] == [speed] * 5
        cols = portal_client.get(f"{url}/telemetry", params={"format": "columns"}, headers=h).json()
        assert cols["speed_kmh"] == [speed] * 5
        status = portal_client.get(f"{url}/status", headers=h).json()
        assert status["vehicle_id"] == vid and status["speed_kmh"] == speed
        listed = portal_client.get("/api/v1/vehicles", headers=h).json()["items"]
        assert [v["status"]["speed_kmh"] for v in listed] == [speed]

    for acct, vin, name, speed in ((a, VIN1, "A van", 10.0), (b, VIN2, "B renamed", 99.0)):
        feed = {
            (c["entity"], c["id"]): c["data"]
            for c in _feed(portal_client, acct)
            if c["entity"] in ("vehicle", "vehicle_status", "command")
        }
        assert set(feed) == {("vehicle", vid), ("vehicle_status", vid)}, feed
        assert feed[("vehicle", vid)]["vin"] == vin and feed[("vehicle", vid)]["name"] == name
        assert feed[("vehicle_status", vid)]["speed_kmh"] == speed

    # removing B's vehicle stops B's module only
    assert portal_client.delete(url, headers=hb).status_code == 204
    assert portal_client.get(url, headers=ha).json()["removed_at"] is None
    r = portal_client.post(
        "/api/v1/telematics/samples",
        headers={"Authorization": f"Bearer {token_b}"},
        json={"vin": VIN2, "samples": [{"seq": 9, "ts": T0.isoformat()}]},
    )
    assert r.status_code in (401, 403)
    more = [{"seq": 9, "ts": T0.isoformat(), "speed_kmh": 11.0}]
    r = portal_client.post(
        "/api/v1/telematics/samples",
        headers={"Authorization": f"Bearer {token_a}"},
        json={"vin": VIN1, "samples": more},
    )
    assert r.json() == {"accepted": 1, "duplicates": 0}


def test_vehicle_add_mutation_with_another_companys_id_is_applied(portal_client, account) -> None:
    a, b = account("Alpha AB"), account("Beta AB")
    vid = str(uuid.uuid4())
    (ra,) = _push(portal_client, a, _m("vehicle.add", {"id": vid, "vin": VIN1, "name": "A van"}))
    (rb,) = _push(portal_client, b, _m("vehicle.add", {"id": vid, "vin": VIN2, "name": "B van"}))
    assert ra["result"] == rb["result"] == "applied", rb
    assert ra["entity"]["id"] == rb["entity"]["id"] == vid and rb["entity"]["vin"] == VIN2
    (upd,) = _push(portal_client, b, _m("vehicle.update", {"vehicle_id": vid, "name": "B renamed"}))
    assert upd["result"] == "applied" and upd["entity"]["vin"] == VIN2
    assert (
        portal_client.get(f"/api/v1/vehicles/{vid}", headers=a["headers"]).json()["name"] == "A van"
    )
    # a second add of that id in one company: the outcome a desktop settles as refused
    (dup,) = _push(portal_client, b, _m("vehicle.add", {"id": vid, "vin": VIN4}))
    assert dup["result"] == "rejected" and dup["code"] == "id_conflict", dup
    assert not dup.get("entity"), "nothing of the other vehicle comes back"


def test_command_id_reused_in_another_company(portal_client, account, activate) -> None:
    a, b = account("Alpha AB"), account("Beta AB")
    vid = _add(portal_client, a, vin=VIN1).json()["id"]
    assert _add(portal_client, b, id=vid, vin=VIN2).status_code == 201
    mod_a = {
        "Authorization": f"Bearer {activate(vid, 'remote_services', company_id=a['company']['id'])}"
    }
    mod_b = {
        "Authorization": f"Bearer {activate(vid, 'remote_services', company_id=b['company']['id'])}"
    }
    cid = str(uuid.uuid4())

    def send(acct: dict, type_: str) -> dict:
        (r,) = _push(
            portal_client,
            acct,
            _m("command.send", {"command_id": cid, "vehicle_id": vid, "type": type_, "ttl_s": 300}),
        )
        return r

    ra, rb = send(a, "lock"), send(b, "unlock")
    assert ra["result"] == rb["result"] == "applied", rb
    assert ra["entity"]["id"] == rb["entity"]["id"] == cid
    assert ra["entity"]["vehicle_id"] == rb["entity"]["vehicle_id"] == vid
    assert rb["entity"]["type"] == "unlock"
    dup = send(b, "lock")
    assert dup["result"] == "rejected" and dup["code"] == "id_conflict"

    url = f"/api/v1/vehicles/{vid}/commands"
    for acct, type_ in ((a, "lock"), (b, "unlock")):
        items = portal_client.get(url, headers=acct["headers"]).json()["items"]
        assert [(c["id"], c["type"]) for c in items] == [(cid, type_)]
        assert portal_client.get(f"{url}/{cid}", headers=acct["headers"]).json()["type"] == type_
    # each module polls its own command only
    got_a = portal_client.get(
        "/api/v1/telematics/commands", params={"vin": VIN1}, headers=mod_a
    ).json()
    assert [(c["id"], c["type"], c["vehicle_id"]) for c in got_a["items"]] == [(cid, "lock", vid)]
    res = portal_client.post(
        f"/api/v1/telematics/commands/{cid}/result", json={"state": "executed"}, headers=mod_a
    )
    assert res.status_code == 200 and res.json()["type"] == "lock", res.text
    assert portal_client.get(f"{url}/{cid}", headers=b["headers"]).json()["state"] == "queued"
    got_b = portal_client.get(
        "/api/v1/telematics/commands", params={"vin": VIN2}, headers=mod_b
    ).json()
    assert [(c["id"], c["type"]) for c in got_b["items"]] == [(cid, "unlock")]
    res = portal_client.post(
        f"/api/v1/telematics/commands/{cid}/result",
        json={"state": "failed", "reason": "x"},
        headers=mod_b,
    )
    assert res.status_code == 200 and res.json()["type"] == "unlock"
    for acct, state in ((a, "executed"), (b, "failed")):
        (row,) = [c for c in _feed(portal_client, acct) if c["entity"] == "command"]
        assert row["id"] == cid and row["data"]["state"] == state


def _listen(url: str, headers: dict, events: list, opened: threading.Event) -> None:
    """Collect ``(event, data)`` of one SSE stream until the portal stops."""
    with contextlib.suppress(httpx.HTTPError):
        with httpx.stream("GET", f"{url}/api/v1/stream", headers=headers, timeout=30) as r:
            name = ""
            for line in r.iter_lines():
                opened.set()
                if line.startswith("event: "):
                    name = line[7:]
                elif line.startswith("data: "):
                    events.append((name, json.loads(line[6:])))
                elif line == ": heartbeat":
                    events.append(("heartbeat", None))


def test_sse_streams_of_two_vehicles_with_one_id(portal_db_url, live_portal_factory) -> None:
    """Each company's stream carries its own vehicle's telemetry and commands only."""
    from embedded_server import db
    from embedded_server.products.service import assign_service
    from embedded_server.vehicles import repository

    portal = live_portal_factory(database_url=portal_db_url, env={"MPRO_SSE_HEARTBEAT_S": "1"})
    a, b = portal.register("Alpha AB"), portal.register("Beta AB")
    ha, hb = portal.headers(a["token"]), portal.headers(b["token"])
    with portal.client() as c:
        vid = c.post("/api/v1/vehicles", json={"vin": VIN1}, headers=ha).json()["id"]
        r = c.post(
            "/api/v1/vehicles", json={"id": vid, "vin": VIN2, "fuel_type": "electric"}, headers=hb
        )
        assert r.status_code == 201, r.text
    engine = db.make_engine(portal_db_url)
    tokens = {}
    with db.make_sessionmaker(engine)() as session:
        for acct in (a, b):
            vehicle = repository.get_for_company(session, acct["company"]["id"], vid)
            assign_service(session, vehicle=vehicle, product_id="fleet_management")
            # each paid booking re-issues the module token: keep the last one
            tokens[acct["company"]["id"]] = assign_service(
                session, vehicle=vehicle, product_id="remote_services"
            )
        session.commit()
    engine.dispose()
    streams = {}
    for acct, h in ((a, ha), (b, hb)):
        events: list = []
        opened = threading.Event()
        threading.Thread(target=_listen, args=(portal.url, h, events, opened), daemon=True).start()
        assert opened.wait(10)
        streams[acct["company"]["id"]] = events
    with portal.client() as c:
        for acct, vin, speed in ((a, VIN1, 10.0), (b, VIN2, 99.0)):
            _ingest(c, tokens[acct["company"]["id"]], vin, speed)
        r = c.post(f"/api/v1/vehicles/{vid}/commands", json={"type": "unlock"}, headers=hb)
        assert r.status_code == 202, r.text
        cmd = r.json()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not all(
        any(n == "heartbeat" for n, _ in ev[-3:]) and any(n == "telemetry" for n, _ in ev)
        for ev in streams.values()
    ):
        time.sleep(0.1)
    assert portal.stop() == 0
    for acct, vin, speed, commands in ((a, VIN1, 10.0, []), (b, VIN2, 99.0, [cmd["id"]])):
        events = streams[acct["company"]["id"]]
        assert any(n == "heartbeat" for n, _ in events), "the stream worked after the posts"
        telemetry = [d for n, d in events if n == "telemetry"]
        assert telemetry and all(d["vehicle_id"] == vid and d["vin"] == vin for d in telemetry)
        assert {s["speed_kmh"] for d in telemetry for s in d["samples"]} == {speed}
        assert [d["id"] for n, d in events if n == "command"] == commands
