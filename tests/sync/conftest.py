"""One real portal subprocess shared by the sync fault/crash/command tests (CI time)."""

from __future__ import annotations

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
    """Accept the terms and order Remote services for one vehicle (commands need it)."""
    with portal.client(headers=portal.headers(token)) as c:
        for term in c.get("/api/v1/terms").json().get("items", []):
            c.post(f"/api/v1/terms/{term['id']}/accept", json={})
        r = c.post(
            "/api/v1/orders",
            json={"items": [{"product_id": "remote_services", "vehicle_ids": [vehicle_id]}]},
        )
        assert r.status_code == 201, r.text



