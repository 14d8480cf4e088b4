"""Mutations: every outcome recorded, retries are duplicates, order rule, conflicts."""

from __future__ import annotations

import uuid

from tests.server.conftest import VIN1, VIN2


def _mut(type_, payload, *, seq=1, base_version=None, mid=None, age_s=None):
    m = {"mutation_id": mid or str(uuid.uuid4()), "client_seq": seq, "type": type_, "payload": payload}
    if base_version is not None:
        m["base_version"] = base_version
    if age_s is not None:
        m["age_s"] = age_s
    return m


def push(client, headers, client_id, *mutations):
    r = client.post("/api/v1/mutations", json={"client_id": client_id, "schema_version": 1,
                                               "mutations": list(mutations)}, headers=headers)
    assert r.status_code == 200, r.text
    return r.json()["results"]


def _seq(client, headers):
    cursor = None
    while True:
        body = client.get("/api/v1/changes", params={"cursor": cursor} if cursor else {}, headers=headers).json()
        cursor = body["next_cursor"]
        if not body["has_more"]:
            return int(cursor.rsplit(".", 1)[1])


def test_every_outcome_is_recorded_and_a_retry_changes_nothing(portal_client, account) -> None:
    h = account()["headers"]
    vid = str(uuid.uuid4())
    batch = [
        _mut("vehicle.add", {"id": vid, "vin": VIN1}, seq=1),
        _mut("vehicle.update", {"vehicle_id": vid, "name": "A"}, seq=2, base_version=1),
        _mut("vehicle.update", {"vehicle_id": vid, "name": "B"}, seq=3, base_version=1),
        _mut("vehicle.add", {"vin": "nope"}, seq=4),
    ]
    first = push(portal_client, h, "desk", *batch)
    assert [r["result"] for r in first] == ["applied", "applied", "conflict", "rejected"]
    seq = _seq(portal_client, h)
    # the server applied B's sibling meanwhile; a retry must still answer the first outcome
    portal_client.patch(f"/api/v1/vehicles/{vid}", json={"name": "C"}, headers=h)
    seq = _seq(portal_client, h)
    again = push(portal_client, h, "desk", *batch)
    assert [r["result"] for r in again] == ["duplicate"] * 4
    assert [r.get("original_result") for r in again] == ["applied", "applied", "conflict", "rejected"]
    assert again[2]["code"] == "version_conflict" and again[2]["entity"] == first[2]["entity"]
    assert again[3]["code"] == "invalid_vin"
    assert _seq(portal_client, h) == seq, "a retry appends nothing to the feed"
    assert portal_client.get(f"/api/v1/vehicles/{vid}", headers=h).json()["name"] == "C"


def test_client_seq_order_rule(portal_client, account) -> None:
    h = account()["headers"]
    old = _mut("vehicle.add", {"vin": VIN1}, seq=5)
    assert push(portal_client, h, "desk", old)[0]["result"] == "applied"
    late = push(portal_client, h, "desk", _mut("vehicle.add", {"vin": VIN2}, seq=3))[0]
    assert late["result"] == "rejected" and late["code"] == "out_of_order"
    assert push(portal_client, h, "desk", old)[0]["result"] == "duplicate"
    # another client of the same company has its own order; equal seq is accepted
    assert push(portal_client, h, "laptop", _mut("vehicle.add", {"vin": VIN2}, seq=1))[0]["result"] == "applied"
    vid = portal_client.get("/api/v1/vehicles", headers=h).json()["items"][0]["id"]
    assert push(portal_client, h, "desk", _mut("vehicle.update", {"vehicle_id": vid, "name": "x"},
                                                  seq=5))[0]["result"] == "applied"


def test_delete_vs_edit_is_a_conflict_showing_the_removal(portal_client, account) -> None:
    h = account()["headers"]
    vid = str(uuid.uuid4())
    push(portal_client, h, "a", _mut("vehicle.add", {"id": vid, "vin": VIN1}))
    assert push(portal_client, h, "a", _mut("vehicle.remove", {"vehicle_id": vid}, seq=2))[0]["result"] == "applied"
    for m in (_mut("vehicle.update", {"vehicle_id": vid, "name": "late"}, base_version=1),
              _mut("vehicle.update", {"vehicle_id": vid, "name": "late"}),
              _mut("vehicle.remove", {"vehicle_id": vid}, base_version=1)):
        (res,) = push(portal_client, h, "b", m)
        assert res["result"] == "conflict" and res["code"] == "vehicle_removed", res
        assert res["entity"]["id"] == vid and res["entity"]["deleted"] is True
        assert res["entity"]["removed_at"] is not None


def test_same_vin_from_two_clients_converges(portal_client, account) -> None:
    alpha, beta = account("Alpha AB"), account("Beta AB")
    a_id, b_id = str(uuid.uuid4()), str(uuid.uuid4())
    assert push(portal_client, alpha["headers"], "a", _mut("vehicle.add", {"id": a_id, "vin": VIN1}))[0]["result"] == "applied"
    (res,) = push(portal_client, alpha["headers"], "b", _mut("vehicle.add", {"id": b_id, "vin": VIN1.lower()}))
    assert res["result"] == "rejected" and res["code"] == "vin_exists"
    assert res["entity"]["id"] == a_id, "the client can replace its local row by the existing one"
    (res,) = push(portal_client, beta["headers"], "c", _mut("vehicle.add", {"vin": VIN1}))
    assert res["result"] == "rejected" and res["code"] == "vin_taken" and res.get("entity") is None
