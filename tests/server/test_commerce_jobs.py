"""Commerce rules a running portal applies by itself or at the dealer's counter, on
SQLite and PostgreSQL:

- R18: the portal's own sweep (``app.run_sweep``, scheduled every
  ``MPRO_SWEEP_INTERVAL_S``) purges the history of removed vehicles once the company's
  last service ended — nobody calls the purge; the test only waits for it.
- R21: a dealer confirms an unverified user's order only while that user has accepted
  every term the order needs; a version published meanwhile is refused with the same
  ``terms_missing`` list the user would get.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest
from sqlalchemy import create_engine, update
from sqlalchemy.orm import Session

from embedded_server.models import Subscription, User
from embedded_server.terms import service as terms_service
from tests.portal_fixtures import LivePortal

from .test_commerce import _accept_all, _order, _send, _van
from .test_dealer import DEALER_PASSWORD, make_dealer, open_session, set_support_password

VIN = "YS2R4X20005399421"


@pytest.fixture
def sweeping_portal(portal_db_url: str, live_portal_factory: Any) -> LivePortal:
    return live_portal_factory(database_url=portal_db_url, env={"MPRO_SWEEP_INTERVAL_S": "0.3"})


def _db(portal: LivePortal) -> Any:
    return create_engine(portal.database_url)


def test_the_running_portal_purges_history_by_its_own_sweep(sweeping_portal: LivePortal) -> None:
    portal = sweeping_portal
    acct = portal.register("Rensas AB")
    engine = _db(portal)
    try:
        with Session(engine) as s:
            s.execute(update(User).where(User.id == acct["user"]["id"]).values(verified=True))
            s.commit()
        with portal.client(headers=portal.headers(acct["token"])) as c:
            for t in c.get("/api/v1/terms").json()["items"]:
                assert c.post(f"/api/v1/terms/{t['id']}/accept", json={}).status_code == 200
            van = c.post("/api/v1/vehicles", json={"vin": VIN}).json()
            r = c.post("/api/v1/orders", json={"items": [
                {"product_id": "fleet_management", "vehicle_ids": [van["id"]]}]})
            assert r.status_code == 201 and r.json()["state"] == "active", r.text
            token = c.post(f"/api/v1/vehicles/{van['id']}/module").json()["module_token"]
            assert _send(c, token, VIN, 1) == 200
            history = f"/api/v1/vehicles/{van['id']}/telemetry"
            assert len(c.get(history).json()["samples"]) == 1
            # the removal ends the company's last service; the history stays for now
            assert c.delete(f"/api/v1/vehicles/{van['id']}").status_code == 204
            time.sleep(1.0)  # a few sweeps: still inside the purge delay
            assert len(c.get(history).json()["samples"]) == 1
            # the last service ended long enough ago: the next sweep purges by itself
            with Session(engine) as s:
                s.execute(update(Subscription).values(
                    end_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)))
                s.commit()
            deadline = time.monotonic() + 30
            while c.get(history).json()["samples"] and time.monotonic() < deadline:
                time.sleep(0.3)
            assert c.get(history).json()["samples"] == [], "the sweep did not purge"
    finally:
        engine.dispose()


def test_a_dealer_confirms_only_while_the_orders_terms_are_accepted(
        portal_client: Any, portal_app: Any, account: Any) -> None:
    acct = account()
    _accept_all(portal_client, acct)
    van = _van(portal_client, acct, VIN)
    r = _order(portal_client, acct, "fleet_management", [van["id"]])
    assert r.status_code == 201 and r.json()["state"] == "pending_dealer_confirmation"
    oid = r.json()["id"]
    with portal_app.state.session_factory() as s:  # a new version while it waits
        terms_service.publish(s, term_id="subscription", title="Subscription terms",
                              body="Version two.")
        s.commit()
    d = make_dealer(portal_app)
    login = portal_client.post("/api/v1/dealer/login",
                               json={"email": d["email"], "password": DEALER_PASSWORD}).json()
    set_support_password(portal_app, acct["user"]["id"])
    opened = open_session(portal_client,
                          {"headers": {"Authorization": f"Bearer {login['access_token']}"}},
                          acct["email"])
    support = {"Authorization": f"Bearer {opened.json()['access_token']}"}
    r = portal_client.post(f"/api/v1/dealer/orders/{oid}/confirm", headers=support)
    assert r.status_code == 409 and r.json()["code"] == "terms_missing", r.text
    assert r.json()["missing_terms"] == ["subscription"]
    assert portal_client.get("/api/v1/subscriptions", headers=acct["headers"]).json()["items"] == []
    # acceptance is the user's own: the dealer can't do it in the session
    r = portal_client.post("/api/v1/terms/subscription/accept", json={}, headers=support)
    assert r.status_code == 403 and r.json()["code"] == "acceptance_personal"
    _accept_all(portal_client, acct, ["subscription"])
    r = portal_client.post(f"/api/v1/dealer/orders/{oid}/confirm", headers=support)
    assert r.status_code == 200 and r.json()["state"] == "active", r.text
    assert {"id": "subscription", "version": 2} in [
        {k: b[k] for k in ("id", "version")} for b in r.json()["binding_terms"]]




def test_another_companys_orders_subscriptions_and_vehicles_are_not_found(
        portal_client: Any, portal_app: Any, account: Any) -> None:
    """Tenancy on the commerce routes: B sees none of A's orders or subscriptions and
    acting on them (or ordering for A's van) is 404, never a hint that they exist."""
    a, b = account("Alfa AB"), account("Beta AB")
    for acct in (a, b):
        _accept_all(portal_client, acct)
    van = _van(portal_client, a, VIN)
    order = _order(portal_client, a, "fleet_management", [van["id"]]).json()
    assert order["state"] == "pending_dealer_confirmation"
    assert portal_client.get("/api/v1/orders", headers=b["headers"]).json()["items"] == []
    assert portal_client.get("/api/v1/subscriptions", headers=b["headers"]).json()["items"] == []
    r = _order(portal_client, b, "fleet_management", [van["id"]])
    assert r.status_code == 404 and van["id"] not in r.json().get("detail", ""), r.text
    r = portal_client.post(f"/api/v1/vehicles/{van['id']}/module", headers=b["headers"])
    assert r.status_code == 404
    mine = portal_client.get("/api/v1/orders", headers=a["headers"]).json()["items"]
    assert [o["id"] for o in mine] == [order["id"]]
