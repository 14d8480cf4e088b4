"""Orders and subscriptions reach the offline cache through a real sync (issue 11, R10,
R20), and ``subscription.end`` goes through the outbox to the portal (R18): the real
portal subprocess over SQLite and PostgreSQL, the real cache file, the real engine."""

from __future__ import annotations

from pathlib import Path

from mpro_desktop.sync import outbox
from mpro_desktop.sync.cache import Cache
from mpro_desktop.sync.client import PortalClient
from mpro_desktop.sync.engine import SyncEngine
from mpro_desktop.sync.entities import subscription
from tests.sync.conftest import subscribe_remote_services

VIN = "W1V9066331S770001"


def test_orders_and_subscriptions_arrive_and_a_subscription_ends(
    live_portal, tmp_path: Path
) -> None:
    acc = live_portal.register("Handel AB")
    client = PortalClient(live_portal.url, access_token=acc["token"])
    cache = Cache(tmp_path / "c.sqlite3")
    engine = SyncEngine(cache, client)
    try:
        vid = outbox.add_vehicle(cache, vin=VIN, name="Van 11")
        assert not engine.sync_once().offline
        assert cache.orders() == [] and cache.subscriptions() == []

        # Unverified orderer: pending until a dealer confirms in a support session (R10).
        subscribe_remote_services(live_portal, acc["token"], vid)
        report = engine.sync_once()
        assert not report.offline
        assert {"order", "subscription"} <= report.changed_entities
        (order,) = cache.orders()
        assert order["state"] == "active" and order["confirmed_at"]
        (line,) = order["items"]
        assert line["product_id"] == "remote_services" and line["vehicle_ids"] == [vid]
        assert order["total"] == {"amount": line["total"]["amount"], "currency": "SEK"}
        (sub,) = cache.subscriptions()
        assert sub["vehicle_id"] == vid and sub["vehicle_name"] == "Van 11"
        assert sub["state"] == "active" and sub["product_id"] == "remote_services"
        assert sub["order_id"] == order["id"] and sub["term_months"] == 12
        assert sub["end_at"] is None and sub["pending_op"] is None
        assert client.vehicle(vid)["module_active"] is True

        # Ending at once: queued, shown as on its way, then the portal's answer.
        assert outbox.submit(cache, subscription.END, sub["id"], immediately=True) == sub["id"]
        assert cache.subscriptions()[0]["pending_op"] == subscription.END_NOW
        assert outbox.submit(cache, subscription.END, sub["id"]) is None  # one end at a time
        report = engine.sync_once()
        assert not report.offline and report.pushed == 1 and not report.rejected
        (ended,) = cache.subscriptions()
        assert ended["state"] == "ended" and ended["end_at"] and ended["pending_op"] is None
        (remote,) = client.subscriptions()
        assert remote["state"] == "ended" and remote["end_at"] == ended["end_at"]
        engine.sync_once()
        (vehicle,) = cache.vehicles()
        assert vehicle["module_active"] is False  # the last service ended (R17, R18)

        # A fresh cache pulls the same from scratch.
        other = Cache(tmp_path / "second.sqlite3")
        try:
            SyncEngine(other, client).sync_once()
            assert [o["id"] for o in other.orders()] == [order["id"]]
            assert [(s["id"], s["state"]) for s in other.subscriptions()] == [(sub["id"], "ended")]
        finally:
            other.close()
    finally:
        cache.close()
        client.close()


def test_a_refused_end_puts_the_portal_copy_back(live_portal, tmp_path: Path) -> None:
    """An end the portal refuses (the subscription ended meanwhile elsewhere) is recorded
    as refused and the row shows the portal's state, nothing pending."""
    acc = live_portal.register("Slut AB")
    client = PortalClient(live_portal.url, access_token=acc["token"])
    cache = Cache(tmp_path / "c.sqlite3")
    engine = SyncEngine(cache, client)
    try:
        vid = outbox.add_vehicle(cache, vin=VIN, name="Van 12")
        engine.sync_once()
        subscribe_remote_services(live_portal, acc["token"], vid)
        engine.sync_once()
        (sub,) = cache.subscriptions()
        outbox.submit(cache, subscription.END, sub["id"])
        with live_portal.client(headers=live_portal.headers(acc["token"])) as c:
            r = c.delete(f"/api/v1/subscriptions/{sub['id']}", params={"immediately": "true"})
            assert r.status_code == 204, r.text
        report = engine.sync_once()
        (refused,) = report.rejected
        assert refused["code"] == "subscription_ended"
        (row,) = cache.subscriptions()
        assert row["state"] == "ended" and row["pending_op"] is None
        assert cache.pending_count() == 0
    finally:
        cache.close()
        client.close()
