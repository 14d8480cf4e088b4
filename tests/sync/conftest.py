"""One real portal subprocess shared by the sync fault/crash/command tests (CI time),
once over SQLite and once over the real PostgreSQL: the desktop's cache is always
SQLite, the portal behind it is either."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from embedded_server.models import Vehicle
from embedded_server.products.service import assign_service
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
    """Give one of the caller's vehicles an active Remote services subscription.

    TEST-ONLY SHORTCUT until the ordering API exists: the portal has no way yet to order
    a service (``POST /orders`` comes with the commerce issue), so the subscription is
    made by the portal's own service code on its database (SQLite or PostgreSQL). When
    the orders endpoint lands, the check below fails: order through the API instead.
    """
    with portal.client(headers=portal.headers(token)) as c:
        paths = c.get("/openapi.json").raise_for_status().json()["paths"]
        assert "/api/v1/orders" not in paths, "the portal can take orders now: grant through it"
        r = c.get(f"/api/v1/vehicles/{vehicle_id}")  # the caller's own vehicle, via the API
        assert r.status_code == 200, r.text
        r = c.get("/api/v1/company")
        assert r.status_code == 200, r.text
        company_id = r.json()["id"]
    engine = create_engine(portal.database_url)
    try:
        with Session(engine) as session:
            vehicle = session.scalars(select(Vehicle).where(
                Vehicle.company_id == company_id, Vehicle.public_id == vehicle_id)).one()
            assign_service(session, vehicle=vehicle, product_id="remote_services")
            session.commit()
    finally:
        engine.dispose()


@pytest.fixture(params=DB_PARAMS)
def live_portal(request: pytest.FixtureRequest, live_portal_factory: Any,
                tmp_path: Path) -> Iterator[LivePortal]:
    """The sync tests' own portal: a fresh one per test, over each database."""
    with portal_database(request.param, tmp_path) as url:
        portal = live_portal_factory(database_url=url)
        yield portal
        portal.stop()  # before its PostgreSQL schema is dropped
