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
