"""Vehicles through the API: VIN rule (R16), tenant isolation, removal (R18)."""

from __future__ import annotations

import uuid

import pytest

from tests.server.conftest import VIN1, VIN2


@pytest.mark.parametrize("bad", ["W1V9076351P12345", "W1V9076351P1234567", "W1V9O76351P123456", "W1V-076351P123456"])
def test_invalid_vin_is_422_invalid_vin(portal_client, account, bad) -> None:
    acct = account()
    r = portal_client.post("/api/v1/vehicles", json={"vin": bad}, headers=acct["headers"])
    assert r.status_code == 422 and r.json()["code"] == "invalid_vin"


def test_vin_normalised_and_client_id_kept(portal_client, account) -> None:
    acct = account()
    vid = str(uuid.uuid4())
    r = portal_client.post("/api/v1/vehicles", headers=acct["headers"],
                           json={"id": vid, "vin": " w1v 9076351p123456 ", "name": "Van 1", "license_plate": "abc 123"})
    assert r.status_code == 201, r.text
    v = r.json()
    assert v["id"] == vid and v["vin"] == VIN1 and v["license_plate"] == "ABC 123"
    assert v["fuel_type"] == "diesel" and v["has_comm_module"] is True and v["version"] == 1


def test_vin_exists_and_vin_taken_without_revealing_owner(portal_client, account) -> None:
    alpha, beta = account("Alpha Secret Owner AB"), account("Beta AB")
    assert portal_client.post("/api/v1/vehicles", json={"vin": VIN1}, headers=alpha["headers"]).status_code == 201
    r = portal_client.post("/api/v1/vehicles", json={"vin": VIN1}, headers=alpha["headers"])
    assert r.status_code == 409 and r.json()["code"] == "vin_exists"
    r = portal_client.post("/api/v1/vehicles", json={"vin": VIN1.lower()}, headers=beta["headers"])
    body = r.json()
    assert r.status_code == 409 and body["code"] == "vin_taken"
    assert "Alpha" not in r.text and alpha["company"]["id"] not in r.text
    assert "previous owner" in body["detail"] and "dealer" in body["detail"]


def test_other_company_vehicle_is_404_everywhere(portal_client, account) -> None:
    alpha, beta = account("Alpha AB"), account("Beta AB")
    vid = portal_client.post("/api/v1/vehicles", json={"vin": VIN1}, headers=alpha["headers"]).json()["id"]
    h = beta["headers"]
    assert portal_client.get(f"/api/v1/vehicles/{vid}", headers=h).status_code == 404
    assert portal_client.patch(f"/api/v1/vehicles/{vid}", json={"name": "x"}, headers=h).status_code == 404
    assert portal_client.delete(f"/api/v1/vehicles/{vid}", headers=h).status_code == 404
    assert portal_client.get(f"/api/v1/vehicles/{vid}/status", headers=h).status_code == 404
    assert portal_client.get(f"/api/v1/vehicles/{vid}/telemetry", headers=h).status_code == 404
    assert portal_client.get("/api/v1/vehicles", headers=h).json()["items"] == []
    assert portal_client.get(f"/api/v1/vehicles/{vid}", headers=alpha["headers"]).status_code == 200


def test_patch_versions_and_conflict(portal_client, account) -> None:
    acct = account()
    v = portal_client.post("/api/v1/vehicles", json={"vin": VIN1}, headers=acct["headers"]).json()
    r = portal_client.patch(f"/api/v1/vehicles/{v['id']}", json={"name": "Van 7", "base_version": 1},
                            headers=acct["headers"])
    assert r.status_code == 200 and r.json()["version"] == 2 and r.json()["name"] == "Van 7"
    r = portal_client.patch(f"/api/v1/vehicles/{v['id']}", json={"name": "Old", "base_version": 1},
                            headers=acct["headers"])
    assert r.status_code == 409 and r.json()["code"] == "version_conflict"
    assert r.json()["current"]["name"] == "Van 7"


def test_remove_frees_vin_and_keeps_history_readable(portal_client, account) -> None:
    alpha, beta = account("Alpha AB"), account("Beta AB")
    v = portal_client.post("/api/v1/vehicles", json={"vin": VIN2}, headers=alpha["headers"]).json()
    assert portal_client.delete(f"/api/v1/vehicles/{v['id']}", headers=alpha["headers"]).status_code == 204
    assert portal_client.get("/api/v1/vehicles", headers=alpha["headers"]).json()["items"] == []
    old = portal_client.get(f"/api/v1/vehicles/{v['id']}", headers=alpha["headers"]).json()
    assert old["removed_at"] is not None and old["module_active"] is False
    assert portal_client.get(f"/api/v1/vehicles/{v['id']}/telemetry", headers=alpha["headers"]).status_code == 200
    r = portal_client.post("/api/v1/vehicles", json={"vin": VIN2}, headers=beta["headers"])
    assert r.status_code == 201, "R9: a removed VIN can be added to another account"


def test_vehicle_list_paginates(portal_client, account) -> None:
    acct = account()
    vins = [f"W1V9076351P10000{i}" for i in range(5)]
    for vin in vins:
        assert portal_client.post("/api/v1/vehicles", json={"vin": vin}, headers=acct["headers"]).status_code == 201
    seen, cursor = [], None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = portal_client.get("/api/v1/vehicles", params=params, headers=acct["headers"]).json()
        seen += [v["vin"] for v in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(vins)
