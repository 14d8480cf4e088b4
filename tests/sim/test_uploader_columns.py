"""The uploader's columnar body against the real portal app: every sample stored once,
equal to what the van produced; a bad buffered sample is isolated and dropped as before."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import orjson

from embedded_server.simulator.uploader import MemoryBuffer, Uploader, columns_body
from embedded_server.simulator.vehicle import FUEL_ELECTRIC, Van
from tests.portal_fixtures import register_company

VIN_D = "W1V9076351P123456"
VIN_E = "W1V9076351P654321"


def _module(portal_client: Any, portal_app: Any, headers: dict[str, str], vin: str) -> tuple[str, str]:
    from sqlalchemy import select

    from embedded_server.models import Vehicle
    from embedded_server.products.service import assign_service

    r = portal_client.post("/api/v1/vehicles", json={"vin": vin}, headers=headers)
    assert r.status_code == 201, r.text
    vid = r.json()["id"]
    with portal_app.state.session_factory() as session:
        vehicle = session.scalars(select(Vehicle).where(Vehicle.public_id == vid)).one()
        token = assign_service(session, vehicle=vehicle, product_id="fleet_management")
        session.commit()
    assert token
    return vid, token


def test_columnar_uploads_store_what_the_vans_sampled(portal_client, portal_app) -> None:
    acct = register_company(portal_client, "Columnar AB")
    headers = {"Authorization": f"Bearer {acct['token']}"}
    ids, tokens = {}, {}
    for vin in (VIN_D, VIN_E):
        ids[vin], tokens[vin] = _module(portal_client, portal_app, headers, vin)
    vans = [Van(VIN_D, seed=1, start_epoch=1.7e9),
            Van(VIN_E, fuel_type=FUEL_ELECTRIC, seed=2, start_epoch=1.7e9)]
    sent: dict[str, list[dict[str, Any]]] = {VIN_D: [], VIN_E: []}
    buf = MemoryBuffer(10_000)
    for k in range(60):
        items = []
        for van in vans:
            s = van.step(1.0, 1.7e9 + k)
            sent[van.vin].append(orjson.loads(orjson.dumps(s)))
            items.append((van.vin, s["seq"], orjson.dumps(s)))
        buf.append_many(items)
    # two poisoned entries of VIN_D: not JSON at all, and an unknown field
    bad_seq = sent[VIN_D][-1]["seq"] + 1
    buf.append_many([(VIN_D, bad_seq, b"{not json"),
                     (VIN_D, bad_seq + 1, orjson.dumps({**sent[VIN_D][-1], "seq": bad_seq + 1, "warp": 9}))])
    body = orjson.loads(columns_body(VIN_E, buf.peek(VIN_E, 5)))
    assert set(body) == {"vin", "columns"} and len(body["columns"]["ts"]) == 5
    assert all(type(t) is float for t in body["columns"]["ts"])

    up = Uploader("http://testserver", tokens, buf, workers=1, batch_max=16, client=portal_client,
                  columnar=True, backoff_min=0.05, backoff_max=0.2)
    up.start()
    try:
        assert up.drain(30), up.stats
    finally:
        up.close()
    assert up.stats.accepted == 120 and up.stats.duplicates == 0 and up.stats.rejected == 2
    assert up.stats.failures == 0
    for vin in (VIN_D, VIN_E):
        got = portal_client.get(f"/api/v1/vehicles/{ids[vin]}/telemetry", headers=headers).json()["samples"]
        assert [g["seq"] for g in got] == [s["seq"] for s in sent[vin]]
        for g, s in zip(got, sent[vin], strict=True):
            assert datetime.fromisoformat(g["ts"]) == datetime.fromisoformat(s["ts"])
            assert {k: v for k, v in g.items() if k != "ts" and v is not None} == \
                {k: v for k, v in s.items() if k != "ts" and v is not None}
