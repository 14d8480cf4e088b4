"""R9 on the portal (SQLite and PostgreSQL): accounts can't be merged, a van moves by
removal from account A (the ``vehicle.remove`` mutation the desktop's outbox sends) and
an add by VIN in account B. While A still holds the VIN, B's add is 409 ``vin_taken``
without a word about A (R16); A's subscriptions on it end at once and its module token
stops working (R18); A keeps its history, B starts with none and orders anew; then A
can delete itself (R8) without touching B's van."""

from __future__ import annotations

import uuid
from typing import Any

from .test_commerce import _accept_all, _order, _send, _van, _verify
from .test_mutations import _mut, push

VIN = "YS2R4X20005399411"
OTHER = "YS2R4X20005399412"


def _subs(client: Any, acct: dict[str, Any]) -> dict[str, str]:
    items = client.get("/api/v1/subscriptions", headers=acct["headers"]).json()["items"]
    return {s["vehicle_id"]: s["state"] for s in items}


def test_moving_a_van_from_account_a_to_b(portal_client: Any, portal_app: Any,
                                          account: Any) -> None:
    a, b = account("Gamla Kontot AB"), account("Nya Kontot AB")
    for acct in (a, b):
        _verify(portal_app, acct["user"]["id"])
        _accept_all(portal_client, acct)
    van = _van(portal_client, a, VIN, name="Flyttbil")
    keep = _van(portal_client, a, OTHER, name="Stannar")
    assert _order(portal_client, a, "fleet_management", [van["id"], keep["id"]]).status_code == 201
    token_a = portal_client.post(f"/api/v1/vehicles/{van['id']}/module",
                                 headers=a["headers"]).json()["module_token"]
    assert _send(portal_client, token_a, VIN, 1) == 200

    # B is not ready to add it while A holds the VIN: a clear code, nothing about A
    r = portal_client.post("/api/v1/vehicles", json={"vin": VIN.lower()}, headers=b["headers"])
    assert r.status_code == 409 and r.json()["code"] == "vin_taken"
    assert "Gamla" not in r.text and a["company"]["id"] not in r.text and van["id"] not in r.text
    assert "previous owner" in r.json()["detail"]

    # A removes it the way the desktop does: a vehicle.remove mutation from its outbox
    version = portal_client.get(f"/api/v1/vehicles/{van['id']}", headers=a["headers"]).json()["version"]
    (result,) = push(portal_client, a["headers"], str(uuid.uuid4()),
                     _mut("vehicle.remove", {"vehicle_id": van["id"]}, base_version=version))
    assert result["result"] == "applied", result
    assert _subs(portal_client, a) == {van["id"]: "ended", keep["id"]: "active"}
    assert _send(portal_client, token_a, VIN, 2) in (401, 403)  # data transfer stopped at once
    # A's history of the removed van stays readable (A still has an active service)
    hist = portal_client.get(f"/api/v1/vehicles/{van['id']}/telemetry", headers=a["headers"])
    assert hist.status_code == 200 and len(hist.json()["samples"]) == 1

    # now B adds it by VIN: a new vehicle of B's, without A's history or subscriptions
    r = portal_client.post("/api/v1/vehicles", json={"vin": VIN}, headers=b["headers"])
    assert r.status_code == 201, r.text
    moved = r.json()
    assert moved["id"] != van["id"] and moved["module_active"] is False
    hist_b = portal_client.get(f"/api/v1/vehicles/{moved['id']}/telemetry", headers=b["headers"])
    assert hist_b.status_code == 200 and hist_b.json()["samples"] == []
    assert portal_client.get(f"/api/v1/vehicles/{van['id']}", headers=b["headers"]).status_code == 404
    assert _subs(portal_client, b) == {}
    # A can't take it back while B holds it (the same rule, the other way round)
    r = portal_client.post("/api/v1/vehicles", json={"vin": VIN}, headers=a["headers"])
    assert r.status_code == 409 and r.json()["code"] == "vin_taken"

    # B orders anew; its own module token works, A's old one still doesn't
    r = _order(portal_client, b, "fleet_management", [moved["id"]])
    assert r.status_code == 201 and r.json()["state"] == "active"
    token_b = portal_client.post(f"/api/v1/vehicles/{moved['id']}/module",
                                 headers=b["headers"]).json()["module_token"]
    assert _send(portal_client, token_b, VIN, 3) == 200
    assert _send(portal_client, token_a, VIN, 4) in (401, 403)
    samples_b = portal_client.get(f"/api/v1/vehicles/{moved['id']}/telemetry",
                                  headers=b["headers"]).json()["samples"]
    assert len(samples_b) == 1

    # the last step of R9: A deletes itself; B's van and service are untouched
    r = portal_client.post("/api/v1/company/deletion", headers=a["headers"])
    assert r.status_code == 202, r.text
    r = portal_client.post("/api/v1/company/deletion/confirm", headers=a["headers"],
                           json={"confirmation_code": r.json()["confirmation_code"]})
    assert r.status_code == 200, r.text
    assert _subs(portal_client, b) == {moved["id"]: "active"}
    assert _send(portal_client, token_b, VIN, 5) == 200


def test_a_removal_refused_as_a_conflict_keeps_the_vin_in_a(portal_client: Any,
                                                             account: Any) -> None:
    """A removal based on an old version comes back as a conflict: the van stays in A
    and B still gets ``vin_taken`` (the desktop's dialog then says it is refused)."""
    a, b = account("Gamla Kontot AB"), account("Nya Kontot AB")
    van = _van(portal_client, a, VIN)
    r = portal_client.patch(f"/api/v1/vehicles/{van['id']}", json={"name": "Ändrad"},
                            headers=a["headers"])
    assert r.status_code == 200
    (result,) = push(portal_client, a["headers"], str(uuid.uuid4()),
                     _mut("vehicle.remove", {"vehicle_id": van["id"]}, base_version=van["version"]))
    assert result["result"] == "conflict", result
    r = portal_client.post("/api/v1/vehicles", json={"vin": VIN}, headers=b["headers"])
    assert r.status_code == 409 and r.json()["code"] == "vin_taken"
