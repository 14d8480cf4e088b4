"""One real portal subprocess shared by the sync fault/crash/command tests (CI time)."""

from __future__ import annotations

import datetime as dt
import sqlite3
import uuid
from collections.abc import Iterator

import pytest

from tests.portal_fixtures import LivePortal


@pytest.fixture(scope="session")
def sync_portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LivePortal]:
    folder = tmp_path_factory.mktemp("sync-portal")
    portal = LivePortal(f"sqlite:///{folder / 'portal.sqlite3'}")
    portal.start()
    yield portal
    portal.stop()


def subscribe_remote_services(portal: LivePortal, token: str, vehicle_id: str) -> None:
    """Give one of the caller's vehicles an active Remote services subscription.

    TEST-ONLY SHORTCUT until the ordering API exists: the portal has no way yet to order
    a service (``POST /orders`` comes with the commerce issue), so the subscription row
    is written straight into the portal's SQLite file. This also keeps the command tests
    that use it on SQLite only. When the orders endpoint lands, the check below fails:
    order through the API instead and run those tests on PostgreSQL too.
    """
    with portal.client(headers=portal.headers(token)) as c:
        paths = c.get("/openapi.json").raise_for_status().json()["paths"]
        assert "/api/v1/orders" not in paths, "the portal can take orders now: grant through it"
        r = c.get(f"/api/v1/vehicles/{vehicle_id}")  # the caller's own vehicle, via the API
        assert r.status_code == 200, r.text
        r = c.get("/api/v1/company")
        assert r.status_code == 200, r.text
        company_id = r.json()["id"]
    assert portal.database_url.startswith("sqlite:///"), "the direct grant needs SQLite"
    path = portal.database_url.removeprefix("sqlite:///")
    with sqlite3.connect(path, timeout=30) as db:
        # subscriptions reference the portal's own key of the vehicle, not the id clients see
        added = db.execute(
            "INSERT INTO subscriptions (id, company_id, vehicle_id, product_id, state, start_at)"
            " SELECT ?, company_id, id, 'remote_services', 'active', ? FROM vehicles"
            " WHERE company_id = ? AND public_id = ?",
            (str(uuid.uuid4()), dt.datetime.now(dt.UTC).isoformat(), company_id, vehicle_id),
        ).rowcount
        assert added == 1, vehicle_id
