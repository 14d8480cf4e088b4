"""Alerts evaluated on ingest and trips derived from ignition (issue 12, API.md "Alerts and
trips"), through the real HTTP routes on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from embedded_server.telemetry import live
from tests.server.conftest import VIN1, VIN2

T0 = dt.datetime(2026, 3, 2, 7, 0, tzinfo=dt.UTC)
OK = {"tyre_fl_kpa": 450.0, "tyre_fr_kpa": 451.0, "tyre_rl_kpa": 449.0, "tyre_rr_kpa": 452.0}
GBG = (57.7089, 11.9746)  # Göteborg
MOLNDAL = (57.6554, 12.0138)


class Van:
    """One registered, activated van that posts samples at 1 Hz from T0."""

    def __init__(self, client: Any, acct: dict[str, Any], activate: Any, vin: str = VIN1,
                 fuel: str = "diesel") -> None:
        self.client, self.h = client, acct["headers"]
        r = client.post("/api/v1/vehicles", headers=self.h, json={"vin": vin, "fuel_type": fuel})
        assert r.status_code == 201, r.text
        self.id, self.vin = r.json()["id"], vin
        self.mh = {"Authorization": f"Bearer {activate(self.id)}"}
        self.seq = 0

    def send(self, n: int = 1, **fields: Any) -> None:
        samples = []
        for _ in range(n):
            ts = T0 + dt.timedelta(seconds=self.seq)
            samples.append({"seq": self.seq, "ts": ts.isoformat(), **OK, **fields})
            self.seq += 1
        r = self.client.post("/api/v1/telematics/samples", headers=self.mh,
                             json={"vin": self.vin, "samples": samples})
        assert r.status_code == 200, r.text

    def alerts(self, **params: Any) -> list[dict[str, Any]]:
        r = self.client.get("/api/v1/alerts", headers=self.h, params={"vehicle_id": self.id, **params})
        assert r.status_code == 200, r.text
        return r.json()["items"]


def _feed(client: Any, h: dict[str, str], entity: str) -> dict[str, dict[str, Any]]:
    latest: dict[str, dict[str, Any]] = {}
    cursor = None
    while True:
        body = client.get("/api/v1/changes", headers=h, params={"cursor": cursor} if cursor else {}).json()
        for c in body["changes"]:
            if c["entity"] == entity:
                latest[c["id"]] = c["data"]
        cursor = body["next_cursor"]
        if not body["has_more"]:
            return latest


def test_an_alert_opens_is_acknowledged_and_closes_by_itself(portal_client, account, activate) -> None:
    acct = account()
    van = Van(portal_client, acct, activate)
    van.send(3, ignition=True, speed_kmh=60.0, fuel_level_pct=30.0)
    assert van.alerts() == []
    van.send(1, ignition=True, speed_kmh=60.0, fuel_level_pct=12.0, tyre_rl_kpa=310.0)
    opened = {a["type"]: a for a in van.alerts(state="open")}
    assert set(opened) == {"fuel_low", "tyre_pressure_low", "tyre_pressure_drop"}  # 449 -> 310 kPa
    assert opened["tyre_pressure_low"]["severity"] == "critical"
    assert opened["tyre_pressure_low"]["detail"]["tyres"] == ["rl"]
    assert opened["fuel_low"]["vehicle_id"] == van.id
    fed = _feed(portal_client, van.h, "alert")
    assert {a["state"] for a in fed.values()} == {"open"} and set(fed) == {a["id"] for a in opened.values()}

    fuel = opened["fuel_low"]
    r = portal_client.post(f"/api/v1/alerts/{fuel['id']}/acknowledge", headers=van.h)
    assert r.status_code == 200 and r.json()["state"] == "acknowledged"
    assert r.json()["acknowledged_by"] == acct["user"]["id"]
    van.send(5, ignition=True, speed_kmh=60.0, fuel_level_pct=12.0, tyre_rl_kpa=310.0)
    assert len(van.alerts()) == 3, "a condition that still holds opens nothing new"

    van.send(1, ignition=True, speed_kmh=60.0, fuel_level_pct=80.0, tyre_rl_kpa=310.0)  # refuelled
    states = {a["type"]: a["state"] for a in van.alerts()}
    assert states == {"fuel_low": "closed", "tyre_pressure_low": "open", "tyre_pressure_drop": "open"}
    assert _feed(portal_client, van.h, "alert")[fuel["id"]]["state"] == "closed"
    again = portal_client.post(f"/api/v1/alerts/{fuel['id']}/acknowledge", headers=van.h)
    assert again.status_code == 409 and again.json()["code"] == "alert_closed"


def test_closed_by_a_person_stays_closed_until_the_condition_returns(portal_client, account,
                                                                      activate) -> None:
    van = Van(portal_client, account(), activate)
    van.send(1, ignition=True, speed_kmh=50.0, fuel_level_pct=10.0)
    (alert,) = van.alerts()
    r = portal_client.post(f"/api/v1/alerts/{alert['id']}/close", headers=van.h)
    assert r.status_code == 200 and r.json()["state"] == "closed"
    van.send(3, ignition=True, speed_kmh=50.0, fuel_level_pct=10.0)
    assert [a["state"] for a in van.alerts()] == ["closed"]
    van.send(1, ignition=True, speed_kmh=50.0, fuel_level_pct=60.0)
    van.send(1, ignition=True, speed_kmh=50.0, fuel_level_pct=9.0)  # low again: a new alert
    assert sorted(a["state"] for a in van.alerts()) == ["closed", "open"]


def test_parked_rules_use_the_van_s_clock_and_company_thresholds(portal_client, account,
                                                                  activate) -> None:
    van = Van(portal_client, account(), activate)
    r = portal_client.put("/api/v1/alerts/settings", headers=van.h, json={"unlocked_parked_min": 2})
    assert r.status_code == 200 and r.json()["thresholds"]["unlocked_parked_min"] == 2.0
    assert r.json()["thresholds"]["fuel_low_pct"] == 15.0  # the others keep their value
    van.send(60, ignition=False, speed_kmh=0.0, locked=False)
    assert van.alerts() == []
    van.send(61, ignition=False, speed_kmh=0.0, locked=False)  # 121 s unlocked at a stop
    assert [a["type"] for a in van.alerts()] == ["unlocked_parked"]
    van.send(1, ignition=False, speed_kmh=0.0, locked=True)
    assert [a["state"] for a in van.alerts()] == ["closed"]


def test_settings_refuse_bad_values(portal_client, account) -> None:
    h = account()["headers"]
    for body in ({"fuel_low_pct": 0}, {"fuel_low_pct": "x"}, {"tyre_critical_kpa": 500},
                 {"warp": 1}, {"no_contact_h": 1e9}):
        r = portal_client.put("/api/v1/alerts/settings", headers=h, json=body)
        assert r.status_code == 422, (body, r.text)
        assert r.json()["code"] == "validation_error"
    assert portal_client.get("/api/v1/alerts/settings", headers=h).json()["version"] == 0


def test_no_contact_opens_in_the_sweep_and_closes_on_the_next_sample(portal_app, portal_client,
                                                                       account, activate) -> None:
    van = Van(portal_client, account(), activate)
    van.send(1, ignition=False, speed_kmh=0.0)
    factory = portal_app.state.session_factory
    live.sweep(factory, now=dt.datetime.now(dt.UTC) + dt.timedelta(hours=1))
    assert van.alerts() == []
    live.sweep(factory, now=dt.datetime.now(dt.UTC) + dt.timedelta(hours=3))
    (alert,) = van.alerts()
    assert alert["type"] == "no_contact" and alert["state"] == "open"
    live.sweep(factory, now=dt.datetime.now(dt.UTC) + dt.timedelta(hours=4))
    assert len(van.alerts()) == 1, "one silence, one alert"
    assert _feed(portal_client, van.h, "alert")[alert["id"]]["state"] == "open"
    van.send(1, ignition=False, speed_kmh=0.0)
    assert [a["state"] for a in van.alerts()] == ["closed"]


def test_alerts_are_tenant_scoped_and_role_checked(portal_client, account, activate) -> None:
    a, b = account("Alpha AB"), account("Beta AB")
    van = Van(portal_client, a, activate)
    van.send(1, ignition=True, speed_kmh=40.0, fuel_level_pct=5.0)
    (alert,) = van.alerts()
    assert portal_client.get("/api/v1/alerts", headers=b["headers"]).json()["items"] == []
    r = portal_client.post(f"/api/v1/alerts/{alert['id']}/acknowledge", headers=b["headers"])
    assert r.status_code == 404
    r = portal_client.get("/api/v1/alerts", headers=b["headers"], params={"vehicle_id": van.id})
    assert r.status_code == 404
    r = portal_client.get(f"/api/v1/vehicles/{van.id}/trips", headers=b["headers"])
    assert r.status_code == 404
    r = portal_client.get("/api/v1/alerts", headers=a["headers"], params={"cursor": "garbage!"})
    assert r.status_code == 400 and r.json()["code"] == "invalid_cursor"
    r = portal_client.get("/api/v1/alerts", headers=a["headers"], params={"state": "sleeping"})
    assert r.status_code == 422


def test_alert_paging(portal_client, account, activate) -> None:
    acct = account()
    vans = [Van(portal_client, acct, activate, vin) for vin in (VIN1, VIN2)]
    for van in vans:
        van.send(1, ignition=True, speed_kmh=40.0, fuel_level_pct=5.0, tyre_fl_kpa=300.0)
    seen, cursor = [], None
    while True:
        body = portal_client.get("/api/v1/alerts", headers=acct["headers"],
                                 params={"limit": 1, **({"cursor": cursor} if cursor else {})}).json()
        seen += [a["id"] for a in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == 4


def test_trips_from_ignition_with_place_names(portal_client, account, activate) -> None:
    van = Van(portal_client, account(), activate)
    van.send(5, ignition=False, speed_kmh=0.0, lat=GBG[0], lon=GBG[1], odometer_km=1200.0)
    van.send(1, ignition=True, speed_kmh=10.0, lat=GBG[0], lon=GBG[1], odometer_km=1200.0)
    r = portal_client.get(f"/api/v1/vehicles/{van.id}/trips", headers=van.h)
    (open_trip,) = r.json()["items"]
    assert open_trip["ended_at"] is None and open_trip["start"]["place"] == "Göteborg"
    van.send(30, ignition=True, speed_kmh=88.0, lat=MOLNDAL[0], lon=MOLNDAL[1], odometer_km=1207.4)
    van.send(1, ignition=False, speed_kmh=0.0, lat=MOLNDAL[0], lon=MOLNDAL[1], odometer_km=1207.4)
    (trip,) = portal_client.get(f"/api/v1/vehicles/{van.id}/trips", headers=van.h).json()["items"]
    assert trip["ended_at"] is not None
    assert trip["end"]["place"] == "Mölndal" and trip["distance_km"] == 7.4
    assert trip["max_speed_kmh"] == 88.0
    assert trip["start"] == {"lat": GBG[0], "lon": GBG[1], "odometer_km": 1200.0, "place": "Göteborg"}
    assert _feed(portal_client, van.h, "trip") == {trip["id"]: trip}
    later = (T0 + dt.timedelta(hours=1)).isoformat()
    r = portal_client.get(f"/api/v1/vehicles/{van.id}/trips", headers=van.h, params={"from": later})
    assert r.json()["items"] == []


def test_replayed_old_samples_do_not_rewrite_trips(portal_client, account, activate) -> None:
    van = Van(portal_client, account(), activate)
    van.send(10, ignition=True, speed_kmh=50.0, odometer_km=10.0)
    van.send(1, ignition=False, speed_kmh=0.0, odometer_km=12.0)
    van.seq = 3  # a van's buffer replays seqs already stored and a few it never sent
    van.send(3, ignition=False, speed_kmh=0.0, odometer_km=99.0)
    (trip,) = portal_client.get(f"/api/v1/vehicles/{van.id}/trips", headers=van.h).json()["items"]
    assert trip["distance_km"] == 2.0


def test_acknowledge_and_close_through_the_outbox_mutations(portal_client, account, activate) -> None:
    van = Van(portal_client, account(), activate)
    van.send(1, ignition=True, speed_kmh=40.0, fuel_level_pct=5.0)
    (alert,) = van.alerts()

    def push(type_: str) -> dict[str, Any]:
        r = portal_client.post("/api/v1/mutations", headers=van.h, json={
            "client_id": "desk-1", "mutations": [{"mutation_id": str(uuid.uuid4()), "type": type_,
                                                  "payload": {"alert_id": alert["id"]}}]})
        assert r.status_code == 200, r.text
        return r.json()["results"][0]

    acked = push("alert.acknowledge")
    assert acked["result"] == "applied" and acked["entity"]["state"] == "acknowledged"
    closed = push("alert.close")
    assert closed["result"] == "applied" and closed["entity"]["state"] == "closed"
    assert _feed(portal_client, van.h, "alert")[alert["id"]]["state"] == "closed"
