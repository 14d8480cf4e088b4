"""Tenant isolation of the sync endpoints: another company's objects stay invisible."""

from __future__ import annotations

import uuid

from tests.server.conftest import VIN1, VIN2
from tests.server.test_sync import pull_all


def _push(client, headers, mutations):
    r = client.post(
        "/api/v1/mutations",
        json={"client_id": str(uuid.uuid4()), "schema_version": 2, "mutations": mutations},
        headers=headers,
    )
    assert r.status_code == 200, r.text
    return r.json()["results"]


def _m(type_, payload, seq=1, mid=None, base_version=None):
    m = {
        "mutation_id": mid or str(uuid.uuid4()),
        "client_seq": seq,
        "type": type_,
        "payload": payload,
    }
    if base_version is not None:
        m["base_version"] = base_version
    return m


def test_mutations_cannot_touch_another_companys_vehicle(portal_client, account) -> None:
    a, b = account("Alpha AB"), account("Beta AB")
    theirs = portal_client.post(
        "/api/v1/vehicles", json={"vin": VIN1, "name": "B van"}, headers=b["headers"]
    ).json()
    results = _push(
        portal_client,
        a["headers"],
        [
            _m(
                "vehicle.update",
                {"vehicle_id": theirs["id"], "name": "Hijacked"},
                1,
                base_version=1,
            ),
            _m("vehicle.remove", {"vehicle_id": theirs["id"]}, 2),
            _m(
                "command.send",
                {
                    "command_id": str(uuid.uuid4()),
                    "vehicle_id": theirs["id"],
                    "type": "unlock",
                    "ttl_s": 60,
                },
                3,
            ),
        ],
    )
    for r in results:
        assert r["result"] == "rejected", r
        assert not r.get("entity"), r  # nothing of the other company comes back
        assert "Beta" not in (r.get("detail") or "")
    after = portal_client.get(f"/api/v1/vehicles/{theirs['id']}", headers=b["headers"]).json()
    assert after["name"] == "B van" and after["version"] == theirs["version"]


def test_same_mutation_id_in_two_companies_is_two_mutations(portal_client, account) -> None:
    a, b = account("Alpha AB"), account("Beta AB")
    mid = str(uuid.uuid4())
    ra = _push(portal_client, a["headers"], [_m("vehicle.add", {"vin": VIN1}, mid=mid)])
    rb = _push(portal_client, b["headers"], [_m("vehicle.add", {"vin": VIN2}, mid=mid)])
    assert ra[0]["result"] == "applied" and rb[0]["result"] == "applied"
    assert rb[0]["entity"]["vin"] == VIN2


def test_feed_never_carries_another_companys_changes(portal_client, account) -> None:
    a, b = account("Alpha AB"), account("Beta AB")
    mine = portal_client.post("/api/v1/vehicles", json={"vin": VIN1}, headers=a["headers"]).json()
    theirs = portal_client.post("/api/v1/vehicles", json={"vin": VIN2}, headers=b["headers"]).json()
    portal_client.patch(
        f"/api/v1/vehicles/{theirs['id']}", json={"name": "B"}, headers=b["headers"]
    )
    changes, _ = pull_all(portal_client, a["headers"])
    ids = {c["id"] for c in changes}
    assert mine["id"] in ids
    assert theirs["id"] not in ids and b["company"]["id"] not in ids and b["user"]["id"] not in ids
