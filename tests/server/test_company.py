"""Company (R5-R8): edit with the country fixed, one address, contract versions on a
change of base data, deletion in steps that ends services and access."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from tests.server.accounts_fixtures import last_mail, member
from tests.server.conftest import VIN1


def _push(client: Any, headers: dict[str, str], type_: str, payload: dict[str, Any]) -> dict:
    r = client.post("/api/v1/mutations", headers=headers, json={
        "client_id": str(uuid.uuid4()),
        "mutations": [{"mutation_id": str(uuid.uuid4()), "type": type_, "payload": payload}]})
    return r.json()["results"][0]  # type: ignore[no-any-return]


def test_edit_company_country_immutable(portal_app: Any, portal_client: Any, account: Any) -> None:
    acct = account("Edit AB")
    h = acct["headers"]
    r = portal_client.patch("/api/v1/company", json={"country": "NO"}, headers=h)
    assert r.status_code == 422 and r.json()["code"] == "country_immutable"
    r = portal_client.patch("/api/v1/company", json={"country": "SE", "phone": "+46811111111"},
                            headers=h)
    assert r.status_code == 200 and r.json()["phone"] == "+46811111111"
    r = portal_client.patch("/api/v1/company", json={"address": {"street": "Ny 2"}}, headers=h)
    assert r.status_code == 422  # one address, given whole
    r = portal_client.patch("/api/v1/company", json={"addresses": []}, headers=h)
    assert r.status_code == 422
    r = portal_client.patch("/api/v1/company", json={"phone": "08-123"}, headers=h)
    assert r.status_code == 422
    fm = member(portal_app, portal_client, acct["company"]["id"], ["fleet_manager"])
    r = portal_client.patch("/api/v1/company", json={"name": "X"}, headers=fm["headers"])
    assert r.status_code == 403 and r.json()["code"] == "insufficient_role"
    res = _push(portal_client, h, "company.update", {"country": "DK"})
    assert (res["result"], res["code"]) == ("rejected", "country_immutable")
    res = _push(portal_client, h, "company.update", {"name": "Via Outbox AB"})
    assert res["result"] == "applied" and res["entity"]["name"] == "Via Outbox AB"


def test_base_data_change_versions_every_active_contract(portal_client: Any, account: Any,
                                                         activate: Any) -> None:
    acct = account("Kontrakt AB")
    h = acct["headers"]
    vid = portal_client.post("/api/v1/vehicles", json={"vin": VIN1}, headers=h).json()["id"]
    activate(vid)
    items = portal_client.get("/api/v1/company/contracts", headers=h).json()["items"]
    assert len(items) == 1 and [v["version"] for v in items[0]["versions"]] == [1]
    portal_client.patch("/api/v1/company", json={"phone": "+46822222222"}, headers=h)
    items = portal_client.get("/api/v1/company/contracts", headers=h).json()["items"]
    assert [v["version"] for v in items[0]["versions"]] == [1]  # phone is not base data
    r = portal_client.patch("/api/v1/company", headers=h, json={
        "name": "Nytt Namn AB",
        "address": {"street": "Nygatan 3", "postal_code": "222 33", "city": "Lund"}})
    assert r.status_code == 200
    items = portal_client.get("/api/v1/company/contracts", headers=h).json()["items"]
    v1, v2 = items[0]["versions"]
    assert (v1["company_name"], v1["address"]["city"]) == ("Kontrakt AB", "Stockholm")
    assert (v2["company_name"], v2["address"]["city"], v2["version"]) == ("Nytt Namn AB", "Lund", 2)
    assert v1["valid_to"] == v2["valid_from"] and v2["valid_to"] is None
    portal_client.patch("/api/v1/company", json={"org_number": "556999-9999"}, headers=h)
    items = portal_client.get("/api/v1/company/contracts", headers=h).json()["items"]
    assert [v["org_number"] for v in items[0]["versions"]] == ["556000-0000", "556000-0000",
                                                              "556999-9999"]


def test_deletion_in_steps(portal_app: Any, portal_client: Any, account: Any,
                           activate: Any) -> None:
    acct = account("Bort AB")
    h = acct["headers"]
    vid = portal_client.post("/api/v1/vehicles", json={"vin": VIN1}, headers=h).json()["id"]
    module = activate(vid)
    d = member(portal_app, portal_client, acct["company"]["id"], ["driver"])
    r = portal_client.post("/api/v1/company/deletion", headers=d["headers"])
    assert r.status_code == 403
    r = portal_client.post("/api/v1/company/deletion/confirm", json={"confirmation_code": "1"},
                           headers=h)
    assert r.status_code == 409 and r.json()["code"] == "deletion_not_requested"
    r = portal_client.post("/api/v1/company/deletion", headers=h)
    assert r.status_code == 202
    code = r.json()["confirmation_code"]
    assert code in last_mail(portal_app, acct["email"]).body
    r = portal_client.post("/api/v1/company/deletion/confirm", json={"confirmation_code": "0"},
                           headers=h)
    assert r.status_code == 422 and r.json()["code"] == "invalid_deletion_code"
    r = portal_client.post("/api/v1/company/deletion/confirm", json={"confirmation_code": code},
                           headers=h)
    assert r.status_code == 200, r.text
    body = r.json()
    today = dt.datetime.now(dt.UTC).date()
    assert body["contracts_end_on"] == (today + dt.timedelta(days=14)).isoformat()
    assert body["services_deactivated_at"].startswith(today.isoformat())
    # access ended: tokens dead, sign-in refused with a clear code
    assert portal_client.get("/api/v1/me", headers=h).status_code == 401
    assert portal_client.get("/api/v1/me", headers=d["headers"]).status_code == 401
    r = portal_client.post("/api/v1/auth/login",
                           json={"email": acct["email"], "password": acct["password"]})
    assert r.status_code == 403 and r.json()["code"] == "company_deleted"
    # services off at once: the module is refused
    r = portal_client.post("/api/v1/telematics/samples", headers={"Authorization": f"Bearer {module}"},
                           json={"vin": VIN1, "samples": [{"seq": 0, "ts": "2026-01-01T00:00:00Z"}]})
    assert r.status_code in (401, 403)


def test_deletion_is_admin_only_and_ends_every_contract_on_day_14(
        portal_app: Any, portal_client: Any, account: Any, activate: Any) -> None:
    """R8: a fleet manager may neither request nor confirm; an expired code confirms
    nothing; on confirmation every vehicle's module is off at once and every contract's
    end date is the confirmation date + 14 days; another company is untouched."""
    from embedded_server.company.service import list_contracts
    from embedded_server.models import Company
    from embedded_server.tenancy import AuthContext
    from tests.server.conftest import VIN2

    acct, other = account("Två Bilar AB"), account("Granne AB")
    h = acct["headers"]
    modules = []
    for vin in (VIN1, VIN2):
        vid = portal_client.post("/api/v1/vehicles", json={"vin": vin}, headers=h).json()["id"]
        modules.append((vin, activate(vid)))
    fm = member(portal_app, portal_client, acct["company"]["id"], ["fleet_manager"])
    r = portal_client.post("/api/v1/company/deletion", headers=fm["headers"])
    assert r.status_code == 403 and r.json()["code"] == "insufficient_role"
    code = portal_client.post("/api/v1/company/deletion", headers=h).json()["confirmation_code"]
    r = portal_client.post("/api/v1/company/deletion/confirm", json={"confirmation_code": code},
                           headers=fm["headers"])
    assert r.status_code == 403 and r.json()["code"] == "insufficient_role"
    with portal_app.state.session_factory() as s:
        s.get(Company, acct["company"]["id"]).deletion_code_expires_at = (
            dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
        s.commit()
    r = portal_client.post("/api/v1/company/deletion/confirm", json={"confirmation_code": code},
                           headers=h)
    assert r.status_code == 422 and r.json()["code"] == "invalid_deletion_code"
    assert portal_client.get("/api/v1/me", headers=h).status_code == 200  # nothing happened
    code = portal_client.post("/api/v1/company/deletion", headers=h).json()["confirmation_code"]
    r = portal_client.post("/api/v1/company/deletion/confirm", json={"confirmation_code": code},
                           headers=h)
    assert r.status_code == 200, r.text
    day14 = (dt.datetime.now(dt.UTC).date() + dt.timedelta(days=14)).isoformat()
    for vin, module in modules:
        r = portal_client.post(
            "/api/v1/telematics/samples", headers={"Authorization": f"Bearer {module}"},
            json={"vin": vin, "samples": [{"seq": 0, "ts": "2026-01-01T00:00:00Z"}]})
        assert r.status_code in (401, 403), (vin, r.text)
    ctx = AuthContext(user_id=acct["user"]["id"], company_id=acct["company"]["id"],
                      roles=("company_admin",))
    with portal_app.state.session_factory() as s:
        contracts = list_contracts(s, auth=ctx)
    assert len(contracts) == 2 and {str(c["ends_on"]) for c in contracts} == {day14}
    assert portal_client.get("/api/v1/company", headers=other["headers"]).json()["name"] == "Granne AB"
