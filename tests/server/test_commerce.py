"""Commerce (issue 11; R8, R10, R17-R21) on SQLite and PostgreSQL: catalogue, terms,
orders with dealer confirmation, subscriptions, module provisioning, the R18 purge."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import func, select, update

from embedded_server.models import Subscription, User, Vehicle, telemetry_samples
from embedded_server.orders import service as orders_service
from embedded_server.products.catalogue import CATALOGUE
from embedded_server.terms import service as terms_service
from mpro_desktop.domain import order_eligibility as elig

from .test_dealer import DEALER_PASSWORD, make_dealer, open_session, set_support_password

EVAN = "YS2R4X20005399401"
DIESEL = "YS2R4X20005399402"
NO_MODULE = "YS2R4X20005399403"
FLEET_TERMS = ["data_processing", "general", "subscription"]


def _van(client: Any, acct: dict[str, Any], vin: str, **kw: Any) -> dict[str, Any]:
    r = client.post("/api/v1/vehicles", json={"vin": vin, **kw}, headers=acct["headers"])
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


def _verify(portal_app: Any, user_id: str) -> None:
    with portal_app.state.session_factory() as s:
        s.execute(update(User).where(User.id == user_id).values(verified=True))
        s.commit()


def _accept_all(client: Any, acct: dict[str, Any], ids: list[str] | None = None) -> None:
    terms = client.get("/api/v1/terms", headers=acct["headers"]).json()["items"]
    for t in terms:
        if ids is None or t["id"] in ids:
            r = client.post(f"/api/v1/terms/{t['id']}/accept", json={}, headers=acct["headers"])
            assert r.status_code == 200, r.text


def _order(client: Any, acct: dict[str, Any], product: str, vehicles: list[str],
           **kw: Any) -> Any:
    return client.post("/api/v1/orders", headers=acct["headers"], json={
        "items": [{"product_id": product, "vehicle_ids": vehicles, **kw}]})


def _module_active(client: Any, acct: dict[str, Any], vid: str) -> bool:
    return bool(client.get(f"/api/v1/vehicles/{vid}", headers=acct["headers"]).json()["module_active"])


def _send(client: Any, token: str, vin: str, seq: int) -> int:
    ts = (dt.datetime.now(dt.UTC) - dt.timedelta(seconds=60 - seq)).isoformat()
    r = client.post("/api/v1/telematics/samples", headers={"Authorization": f"Bearer {token}"},
                    json={"vin": vin, "samples": [{"seq": seq, "ts": ts, "speed_kmh": 40.0}]})
    return r.status_code  # type: ignore[no-any-return]


def test_catalogue_is_bilingual_with_term_prices_and_packages(portal_client: Any,
                                                              account: Any) -> None:
    acct = account()
    en = portal_client.get("/api/v1/products", headers=acct["headers"]).json()["items"]
    sv = portal_client.get("/api/v1/products", headers={**acct["headers"],
                                                        "Accept-Language": "sv"}).json()["items"]
    by_id = {p["id"]: p for p in en}
    assert by_id["fleet_management"]["term_prices"] == {"12": "149.00", "24": "139.00",
                                                        "36": "129.00"}
    assert by_id["fleet_pro"]["package_of"] == ["fleet_management", "digital_logbook",
                                                "vehicle_status"]
    assert by_id["evan_charge"]["requires_evan"] and by_id["fleet_management"]["requires_comm_module"]
    assert by_id["portal"]["free"] and by_id["vehicle_administration"]["free"]
    assert {p["id"]: p["name"] for p in sv}["fleet_management"] == "Flotthantering"
    terms = {t["id"] for t in portal_client.get("/api/v1/terms", headers=acct["headers"]).json()["items"]}
    assert {t for p in en for t in p["required_terms"]} <= terms


def test_terms_missing_listed_exactly_and_a_new_version_needs_acceptance(
        portal_client: Any, portal_app: Any, account: Any) -> None:
    acct = account()
    _verify(portal_app, acct["user"]["id"])
    v = _van(portal_client, acct, DIESEL)
    r = _order(portal_client, acct, "fleet_management", [v["id"]])
    assert r.status_code == 409 and r.json()["code"] == "terms_missing", r.text
    assert r.json()["missing_terms"] == FLEET_TERMS
    _accept_all(portal_client, acct, ["general"])
    r = _order(portal_client, acct, "remote_services", [v["id"]])
    assert r.json()["missing_terms"] == ["remote_services", "subscription"]
    terms = {t["id"]: t for t in portal_client.get("/api/v1/terms", headers=acct["headers"]).json()["items"]}
    assert terms["general"]["accepted_at"] and terms["general"]["version"] == 1
    assert terms["subscription"]["accepted_at"] is None
    r = portal_client.post("/api/v1/terms/subscription/accept", json={"version": 7},
                           headers=acct["headers"])
    assert r.status_code == 409 and r.json()["code"] == "term_version_outdated"
    _accept_all(portal_client, acct)
    with portal_app.state.session_factory() as s:  # a new version of the general terms
        terms_service.publish(s, term_id="general", title="General terms of use",
                              body="Version two.")
        s.commit()
    r = _order(portal_client, acct, "fleet_management", [v["id"]])
    assert r.status_code == 409 and r.json()["missing_terms"] == ["general"]
    terms = {t["id"]: t for t in portal_client.get("/api/v1/terms", headers=acct["headers"]).json()["items"]}
    assert terms["general"]["version"] == 2 and terms["general"]["accepted_at"] is None
    assert terms["general"]["accepted_version"] == 1
    r = portal_client.post("/api/v1/terms/general/accept", json={"version": 2},
                           headers=acct["headers"])
    assert r.status_code == 200 and r.json()["accepted_at"]
    r = _order(portal_client, acct, "fleet_management", [v["id"]])
    assert r.status_code == 201, r.text
    assert {"id": "general", "version": 2} in [
        {k: b[k] for k in ("id", "version")} for b in r.json()["binding_terms"]]
    assert portal_client.post("/api/v1/terms/nope/accept", json={},
                              headers=acct["headers"]).status_code == 404


def test_verified_order_is_active_at_once_and_activates_the_module(
        portal_client: Any, portal_app: Any, account: Any) -> None:
    acct = account()
    _verify(portal_app, acct["user"]["id"])
    _accept_all(portal_client, acct)
    a, b = _van(portal_client, acct, DIESEL), _van(portal_client, acct, EVAN, fuel_type="electric")
    assert not _module_active(portal_client, acct, a["id"])
    r = portal_client.post("/api/v1/orders", headers=acct["headers"], json={"items": [
        {"product_id": "fleet_management", "vehicle_ids": [a["id"], b["id"]]},
        {"product_id": "evan_charge", "vehicle_ids": [b["id"]], "term_months": 36}]})
    assert r.status_code == 201, r.text
    order = r.json()
    assert order["state"] == "active"
    assert order["total"] == {"amount": str(149 * 2 * 12 + 69 * 36) + ".00", "currency": "SEK"}
    assert order["monthly"]["amount"] == "367.00"
    assert order["items"][0]["unit_price"]["amount"] == "149.00"
    assert _module_active(portal_client, acct, a["id"]) and _module_active(portal_client, acct, b["id"])
    subs = portal_client.get("/api/v1/subscriptions", headers=acct["headers"]).json()["items"]
    assert sorted((s["vehicle_id"], s["product_id"], s["price"], s["term_months"]) for s in subs) == sorted([
        (a["id"], "fleet_management", "149.00", 12), (b["id"], "fleet_management", "149.00", 12),
        (b["id"], "evan_charge", "69.00", 36)])
    assert all(s["state"] == "active" and s["start_at"] and s["term_end_at"] for s in subs)
    listed = portal_client.get("/api/v1/orders", headers=acct["headers"]).json()["items"]
    assert [o["id"] for o in listed] == [order["id"]]
    # the same product again for a vehicle holding it (also through a package): 409
    r = _order(portal_client, acct, "fleet_pro", [a["id"]])
    assert r.status_code == 409 and r.json()["code"] == "already_subscribed"
    assert r.json()["conflicts"] == [{"vehicle_id": a["id"], "product_id": "fleet_management"}]


def test_requires_evan_and_comm_module_name_the_vehicles(portal_client: Any, portal_app: Any,
                                                         account: Any) -> None:
    acct = account()
    _accept_all(portal_client, acct)
    d = _van(portal_client, acct, DIESEL)
    e = _van(portal_client, acct, EVAN, fuel_type="electric")
    n = _van(portal_client, acct, NO_MODULE, has_comm_module=False)
    r = _order(portal_client, acct, "evan_complete", [e["id"], d["id"]])
    assert r.status_code == 422 and r.json()["code"] == "requires_evan"
    assert r.json()["vehicle_ids"] == [d["id"]]
    r = _order(portal_client, acct, "vehicle_status", [n["id"], d["id"]])
    assert r.status_code == 422 and r.json()["code"] == "requires_comm_module"
    assert r.json()["vehicle_ids"] == [n["id"]]
    for body, code in (
        ({"items": [{"product_id": "portal", "vehicle_ids": [d["id"]]}]}, "not_orderable"),
        ({"items": [{"product_id": "nope", "vehicle_ids": [d["id"]]}]}, "unknown_product"),
        ({"items": [{"product_id": "fleet_management", "vehicle_ids": [d["id"]],
                     "term_months": 18}]}, "validation_error"),
        ({"items": []}, "validation_error"),
        ({"items": [{"product_id": "fleet_management", "vehicle_ids": [d["id"]]},
                    {"product_id": "fleet_pro", "vehicle_ids": [d["id"]]}]}, "duplicate_item"),
    ):
        r = portal_client.post("/api/v1/orders", json=body, headers=acct["headers"])
        assert r.status_code == 422 and r.json()["code"] == code, (body, r.text)
    other = account("Annat AB")
    foreign = _van(portal_client, other, "YS2R4X20005399404")
    r = _order(portal_client, acct, "fleet_management", [foreign["id"]])
    assert r.status_code == 404
    r = portal_client.post(f"/api/v1/vehicles/{n['id']}/module", headers=acct["headers"])
    assert r.status_code == 409 and r.json()["code"] == "no_comm_module"
    assert portal_client.post(f"/api/v1/vehicles/{foreign['id']}/module",
                              headers=acct["headers"]).status_code == 404


def test_the_portal_refuses_an_order_by_the_domain_rule_the_wizard_asks(
        portal_client: Any, account: Any) -> None:
    """One eligibility rule (``domain.order_eligibility``): for every paid product and a
    diesel van, an eVan and a van without module, the portal's refusal is the reason
    ``why_ineligible`` gives the order wizard; an eligible van gets past it (to
    ``terms_missing``: nothing accepted, so nothing is bought)."""
    acct = account()
    vans = {"diesel": _van(portal_client, acct, DIESEL),
            "evan": _van(portal_client, acct, EVAN, fuel_type="electric"),
            "bare": _van(portal_client, acct, NO_MODULE, has_comm_module=False)}
    catalogue = {p["id"]: p for p in CATALOGUE}
    seen = set()
    for pid, product in catalogue.items():
        if product["free"]:
            continue
        needs = elig.needs_of([pid], catalogue)
        for van in vans.values():
            why = elig.why_ineligible(van, needs)
            r = _order(portal_client, acct, pid, [van["id"]])
            assert r.json()["code"] == (why or "terms_missing"), (pid, van["fuel_type"], r.text)
            seen.add(why)
    assert seen == {None, elig.NO_EVAN, elig.NO_COMM_MODULE}


def test_unverified_order_waits_for_a_dealer_in_a_support_session(
        portal_client: Any, portal_app: Any, account: Any) -> None:
    acct = account()
    _accept_all(portal_client, acct)
    v = _van(portal_client, acct, DIESEL)
    r = _order(portal_client, acct, "fleet_management", [v["id"]])
    assert r.status_code == 201 and r.json()["state"] == "pending_dealer_confirmation", r.text
    oid = r.json()["id"]
    assert not _module_active(portal_client, acct, v["id"])
    assert portal_client.get("/api/v1/subscriptions", headers=acct["headers"]).json()["items"] == []
    # the same vehicle and product while pending: refused too
    assert _order(portal_client, acct, "fleet_management", [v["id"]]).status_code == 409
    d = make_dealer(portal_app)
    login = portal_client.post("/api/v1/dealer/login",
                               json={"email": d["email"], "password": DEALER_PASSWORD}).json()
    own = {"Authorization": f"Bearer {login['access_token']}"}
    r = portal_client.post(f"/api/v1/dealer/orders/{oid}/confirm", headers=own)
    assert r.status_code == 403 and r.json()["code"] == "support_session_required"
    r = portal_client.post(f"/api/v1/dealer/orders/{oid}/confirm", headers=acct["headers"])
    assert r.status_code == 403  # a company token is no dealer
    set_support_password(portal_app, acct["user"]["id"])
    s = open_session(portal_client, {"headers": own}, acct["email"])
    assert s.status_code == 201, s.text
    st = {"Authorization": f"Bearer {s.json()['access_token']}"}
    # a support session on another company can't see the order
    other = account("Annat AB")
    set_support_password(portal_app, other["user"]["id"])
    s2 = open_session(portal_client, {"headers": own}, other["email"])
    r = portal_client.post(f"/api/v1/dealer/orders/{oid}/confirm",
                           headers={"Authorization": f"Bearer {s2.json()['access_token']}"})
    assert r.status_code == 404
    r = portal_client.post(f"/api/v1/dealer/orders/{oid}/confirm", headers=st)
    assert r.status_code == 200, r.text
    assert r.json()["state"] == "active" and r.json()["confirmed_by"] == d["dealer_id"]
    assert _module_active(portal_client, acct, v["id"])
    assert len(portal_client.get("/api/v1/subscriptions", headers=acct["headers"]).json()["items"]) == 1
    r = portal_client.post(f"/api/v1/dealer/orders/{oid}/confirm", headers=st)
    assert r.status_code == 409 and r.json()["code"] == "order_not_pending"
    entries = portal_client.get("/api/v1/audit", params={"limit": 500},
                                headers=acct["headers"]).json()["items"]
    confirmed = [e for e in entries if e["action"] == "order.confirmed"]
    assert confirmed and confirmed[0]["actor_dealer_id"] == d["dealer_id"]
    # acceptance is personal: not in a support session
    r = portal_client.post("/api/v1/terms/general/accept", json={}, headers=st)
    assert r.status_code == 403 and r.json()["code"] == "acceptance_personal"


def test_ending_subscriptions_and_removal_stop_the_module(portal_client: Any, portal_app: Any,
                                                          account: Any) -> None:
    acct = account()
    _verify(portal_app, acct["user"]["id"])
    _accept_all(portal_client, acct)
    v = _van(portal_client, acct, DIESEL)
    w = _van(portal_client, acct, EVAN)
    assert _order(portal_client, acct, "fleet_management", [v["id"], w["id"]]).status_code == 201
    assert _order(portal_client, acct, "remote_services", [v["id"]]).status_code == 201
    r = portal_client.post(f"/api/v1/vehicles/{v['id']}/module", headers=acct["headers"])
    assert r.status_code == 201 and r.json()["module_token"].startswith("mt_")
    token = r.json()["module_token"]
    assert _send(portal_client, token, DIESEL, 1) == 200
    subs = {s["product_id"]: s for s in portal_client.get(
        "/api/v1/subscriptions", headers=acct["headers"]).json()["items"] if s["vehicle_id"] == v["id"]}
    # at term end: still active, end_at = the term's end
    r = portal_client.delete(f"/api/v1/subscriptions/{subs['fleet_management']['id']}",
                             headers=acct["headers"])
    assert r.status_code == 204
    after = {s["id"]: s for s in portal_client.get("/api/v1/subscriptions",
                                                   headers=acct["headers"]).json()["items"]}
    ending = after[subs["fleet_management"]["id"]]
    assert ending["state"] == "active" and ending["end_at"] == ending["term_end_at"]
    assert ending["cancelled_at"]
    # the term end comes: the sweep ends it; one service left, the module stays on
    with portal_app.state.session_factory() as s:
        s.execute(update(Subscription).where(Subscription.id == ending["id"]).values(
            end_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)))
        s.commit()
    assert orders_service.end_due(portal_app.state.session_factory) == 1
    assert {s["id"]: s["state"] for s in portal_client.get(
        "/api/v1/subscriptions", headers=acct["headers"]).json()["items"]}[ending["id"]] == "ended"
    assert _module_active(portal_client, acct, v["id"]) and _send(portal_client, token, DIESEL, 2) == 200
    # the last one at once: the module stops and data transfer with it
    r = portal_client.delete(f"/api/v1/subscriptions/{subs['remote_services']['id']}",
                             params={"immediately": "true"}, headers=acct["headers"])
    assert r.status_code == 204
    assert not _module_active(portal_client, acct, v["id"])
    assert _send(portal_client, token, DIESEL, 3) == 403
    r = portal_client.delete(f"/api/v1/subscriptions/{subs['remote_services']['id']}",
                             headers=acct["headers"])
    assert r.status_code == 409 and r.json()["code"] == "subscription_ended"
    # removal ends the other vehicle's service and its module at once
    assert _module_active(portal_client, acct, w["id"])
    assert portal_client.delete(f"/api/v1/vehicles/{w['id']}", headers=acct["headers"]).status_code == 204
    states = {s["vehicle_id"]: s["state"] for s in portal_client.get(
        "/api/v1/subscriptions", headers=acct["headers"]).json()["items"]}
    assert states[w["id"]] == "ended"
    other = account("Annat AB")
    assert portal_client.delete(f"/api/v1/subscriptions/{subs['remote_services']['id']}",
                                headers=other["headers"]).status_code == 404


def test_purge_when_the_last_service_ends(portal_client: Any, portal_app: Any,
                                          account: Any) -> None:
    """R18: history stays while the company has an active service; once none is left,
    the history of removed vehicles and vehicles without a service is purged."""
    acct = account()
    _verify(portal_app, acct["user"]["id"])
    _accept_all(portal_client, acct)
    v = _van(portal_client, acct, DIESEL)
    w = _van(portal_client, acct, EVAN)
    assert _order(portal_client, acct, "fleet_management", [v["id"], w["id"]]).status_code == 201
    tv = portal_client.post(f"/api/v1/vehicles/{v['id']}/module", headers=acct["headers"]).json()
    tw = portal_client.post(f"/api/v1/vehicles/{w['id']}/module", headers=acct["headers"]).json()
    assert _send(portal_client, tv["module_token"], DIESEL, 1) == 200
    assert _send(portal_client, tw["module_token"], EVAN, 1) == 200
    factory = portal_app.state.session_factory

    def samples() -> int:
        with factory() as s:
            return int(s.scalar(select(func.count()).select_from(telemetry_samples)
                                .join(Vehicle, Vehicle.id == telemetry_samples.c.vehicle_id)
                                .where(Vehicle.public_id.in_([v["id"], w["id"]]))) or 0)

    assert portal_client.delete(f"/api/v1/vehicles/{v['id']}", headers=acct["headers"]).status_code == 204
    assert orders_service.purge_history(factory, delay_s=0) == []
    hist = portal_client.get(f"/api/v1/vehicles/{v['id']}/telemetry", headers=acct["headers"]).json()
    assert len(hist["samples"]) == 1, "removed vehicle's history stays while a service is active"
    sub = next(s for s in portal_client.get("/api/v1/subscriptions", headers=acct["headers"]).json()["items"]
               if s["state"] == "active")
    portal_client.delete(f"/api/v1/subscriptions/{sub['id']}", params={"immediately": "true"},
                         headers=acct["headers"])
    assert orders_service.purge_history(factory) == [], "not before the delay"
    assert samples() == 2
    assert orders_service.purge_history(factory, delay_s=0) == [acct["company"]["id"]]
    assert samples() == 0
    for vid in (v["id"], w["id"]):
        hist = portal_client.get(f"/api/v1/vehicles/{vid}/telemetry", headers=acct["headers"]).json()
        assert hist["samples"] == []


def test_order_create_mutation_obeys_the_same_rules(portal_client: Any, portal_app: Any,
                                                   account: Any) -> None:
    acct = account()
    v = _van(portal_client, acct, DIESEL)
    oid = str(uuid.uuid4())

    def push(mtype: str, payload: dict[str, Any]) -> dict[str, Any]:
        r = portal_client.post("/api/v1/mutations", headers=acct["headers"], json={
            "client_id": str(uuid.uuid4()),
            "mutations": [{"mutation_id": str(uuid.uuid4()), "type": mtype, "payload": payload}]})
        assert r.status_code == 200, r.text
        return r.json()["results"][0]  # type: ignore[no-any-return]

    body = {"id": oid, "items": [{"product_id": "fleet_management", "vehicle_ids": [v["id"]]}]}
    res = push("order.create", body)
    assert res["result"] == "rejected" and res["code"] == "terms_missing", res
    _accept_all(portal_client, acct)
    res = push("order.create", body)
    assert res["result"] == "applied", res
    assert res["entity"]["id"] == oid and res["entity"]["state"] == "pending_dealer_confirmation"
    changes = portal_client.get("/api/v1/changes", headers=acct["headers"]).json()["changes"]
    assert ("order", oid) in {(c["entity"], c["id"]) for c in changes}
