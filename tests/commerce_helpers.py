"""Commerce steps the desktop tests take on the real portal the way people do: a
dealer confirms an unverified user's order in a support session (R10, R12, R20); only
the dealer account itself is created on the portal's database (``mpro-server
add-dealer`` does that for an operator)."""

from __future__ import annotations

import uuid

from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from embedded_server.dealer.service import create_dealer
from tests.portal_fixtures import LivePortal

DEALER_PASSWORD = "dealer secret 1"
SUPPORT_PASSWORD = "Stöd-123"


def dealer_confirms(portal: LivePortal, token: str, order_id: str) -> dict:
    """The user sets a support password, a dealer opens a support session with it and
    confirms the order; returns the confirmed order."""
    dealer_id = f"D-{uuid.uuid4().hex[:8]}"
    dealer_email = f"{dealer_id.lower()}@dealer.example.com"
    engine = create_engine(portal.database_url)
    try:
        with Session(engine) as session:
            create_dealer(
                session,
                dealer_id=dealer_id,
                name="Bilhallen AB",
                email=dealer_email,
                password=DEALER_PASSWORD,
            )
            session.commit()
    finally:
        engine.dispose()
    with portal.client(headers=portal.headers(token)) as c:
        me = c.get("/api/v1/me").raise_for_status().json()
        c.put(
            "/api/v1/me/support-password",
            json={"password": SUPPORT_PASSWORD, "confirm": SUPPORT_PASSWORD},
        ).raise_for_status()
    with portal.client() as c:
        login = c.post(
            "/api/v1/dealer/login", json={"email": dealer_email, "password": DEALER_PASSWORD}
        )
        assert login.status_code == 200, login.text
        dealer = {"Authorization": f"Bearer {login.json()['access_token']}"}
        r = c.post(
            "/api/v1/dealer/support-sessions",
            headers=dealer,
            json={"user_email": me["email"], "support_password": SUPPORT_PASSWORD},
        )
        assert r.status_code == 201, r.text
        support = {"Authorization": f"Bearer {r.json()['access_token']}"}
        r = c.post(f"/api/v1/dealer/orders/{order_id}/confirm", headers=support)
        assert r.status_code == 200, r.text
        return r.json()


def add_vehicle_api(portal: LivePortal, token: str, **body) -> dict:
    """A vehicle added through the REST API (e.g. one without a communication module,
    which the desktop's add dialog does not offer)."""
    with portal.client(headers=portal.headers(token)) as c:
        r = c.post("/api/v1/vehicles", json=body)
        assert r.status_code == 201, r.text
        return r.json()
