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
    """Give one vehicle an active Remote services subscription (commands need it).

    Through ``POST /orders`` when the portal has it; otherwise (the orders endpoint is
    not there yet) written straight into the portal's SQLite database, test-only.
    """
    with portal.client(headers=portal.headers(token)) as c:
        for term in (c.get("/api/v1/terms").json() or {}).get("items", []) if c.get(
            "/api/v1/terms"
        ).status_code == 200 else []:
            c.post(f"/api/v1/terms/{term['id']}/accept", json={})
        r = c.post(
            "/api/v1/orders",
            json={"items": [{"product_id": "remote_services", "vehicle_ids": [vehicle_id]}]},
        )
        if r.status_code == 201:
            return
        assert r.status_code == 404, r.text
    path = portal.database_url.removeprefix("sqlite:///")
    with sqlite3.connect(path, timeout=30) as db:
        (company_id,) = db.execute(
            "SELECT company_id FROM vehicles WHERE id = ?", (vehicle_id,)
        ).fetchone()
        db.execute(
            "INSERT INTO subscriptions (id, company_id, vehicle_id, product_id, state, start_at)"
            " VALUES (?, ?, ?, 'remote_services', 'active', ?)",
            (str(uuid.uuid4()), company_id, vehicle_id, dt.datetime.now(dt.UTC).isoformat()),
        )
