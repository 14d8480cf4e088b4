"""One real portal subprocess shared by the sync fault/crash/command tests (CI time),
once over SQLite and once over the real PostgreSQL: the desktop's cache is always
SQLite, the portal behind it is either."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from embedded_server.dealer.service import create_dealer
from tests.portal_fixtures import DB_PARAMS, LivePortal, portal_database


@pytest.fixture(scope="session", params=DB_PARAMS)
def sync_portal(request: pytest.FixtureRequest,
                tmp_path_factory: pytest.TempPathFactory) -> Iterator[LivePortal]:
    folder = tmp_path_factory.mktemp("sync-portal")
    with portal_database(request.param, folder) as url:
        portal = LivePortal(url)
        portal.start()
        yield portal
        portal.stop()


def subscribe_remote_services(portal: LivePortal, token: str, vehicle_id: str) -> None:
    """Give one of the caller's vehicles an active Remote services subscription, the way
    a customer gets one: accept the terms, order through ``POST /orders`` (pending: the
    registered user is unverified, R10), and have a dealer confirm it in a support
    session (``POST /dealer/orders/{id}/confirm``). Only the dealer account itself is
    made on the portal's database (the operator's ``add-dealer`` step)."""
    dealer_id = f"D-{uuid.uuid4().hex[:8]}"
    dealer_email = f"{dealer_id.lower()}@dealer.example.com"
    engine = create_engine(portal.database_url)
    try:
        with Session(engine) as session:
            create_dealer(session, dealer_id=dealer_id, name="Bilhallen AB", email=dealer_email,
                          password=_DEALER_PASSWORD)
            session.commit()
    finally:
        engine.dispose()
    with portal.client(headers=portal.headers(token)) as c:
        me = c.get("/api/v1/me").raise_for_status().json()
        for term in c.get("/api/v1/terms").raise_for_status().json()["items"]:
            c.post(f"/api/v1/terms/{term['id']}/accept", json={}).raise_for_status()
        r = c.post("/api/v1/orders", json={"items": [
            {"product_id": "remote_services", "vehicle_ids": [vehicle_id]}]})
        assert r.status_code == 201, r.text
        order = r.json()
        if order["state"] == "active":
            return
        c.put("/api/v1/me/support-password",
              json={"password": _SUPPORT_PASSWORD, "confirm": _SUPPORT_PASSWORD}).raise_for_status()
    with portal.client() as c:
        login = c.post("/api/v1/dealer/login",
                       json={"email": dealer_email, "password": _DEALER_PASSWORD})
        assert login.status_code == 200, login.text
        dealer = {"Authorization": f"Bearer {login.json()['access_token']}"}
        r = c.post("/api/v1/dealer/support-sessions", headers=dealer,
                   json={"user_email": me["email"], "support_password": _SUPPORT_PASSWORD})
        assert r.status_code == 201, r.text
        support = {"Authorization": f"Bearer {r.json()['access_token']}"}
        r = c.post(f"/api/v1/dealer/orders/{order['id']}/confirm", headers=support)
        assert r.status_code == 200 and r.json()["state"] == "active", r.text


_DEALER_PASSWORD = "dealer secret 1"
_SUPPORT_PASSWORD = "Stöd-123"


@pytest.fixture(params=DB_PARAMS)
def live_portal(request: pytest.FixtureRequest, live_portal_factory: Any,
                tmp_path: Path) -> Iterator[LivePortal]:
    """The sync tests' own portal: a fresh one per test, over each database."""
    with portal_database(request.param, tmp_path) as url:
        portal = live_portal_factory(database_url=url)
        yield portal
        portal.stop()  # before its PostgreSQL schema is dropped
