"""The Subscriptions pane (issue 11, R20, R18): subscriptions and orders from the cache
after a real sync, and ending one at its term's end (the date spelled out) or at once,
through the outbox to the real portal (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from mpro_desktop.domain.accounts import COMPANY_ADMIN, DRIVER
from mpro_desktop.domain.subscription_terms import add_months
from mpro_desktop.models.subscriptions import date_spelled, date_text, parse_iso
from mpro_desktop.sync import outbox
from mpro_desktop.sync.cache import Cache
from mpro_desktop.sync.client import PortalClient
from mpro_desktop.sync.engine import SyncEngine
from mpro_desktop.views.common.pane import PaneContext
from mpro_desktop.views.common.permissions import Account
from mpro_desktop.views.subscriptions.pane import SubscriptionsPane
from tests.portal_fixtures import LivePortal
from tests.sync.conftest import subscribe_remote_services

VIN = "W1V9066331S220001"


@pytest.fixture
def portal(portal_db_url: str, live_portal_factory: Any) -> LivePortal:
    return live_portal_factory(database_url=portal_db_url)


def _texts(model, row: int) -> list[str]:
    return [model.index(row, c).data() for c in range(model.columnCount())]


def test_end_at_term_end_then_at_once(qtbot, qtmodeltester, portal, tmp_path: Path) -> None:
    acc = portal.register("Abonnemang AB")
    client = PortalClient(portal.url, access_token=acc["token"])
    cache = Cache(tmp_path / "c.sqlite3")
    engine = SyncEngine(cache, client)
    try:
        vid = outbox.add_vehicle(cache, vin=VIN, name="Van 5")
        engine.sync_once()
        subscribe_remote_services(portal, acc["token"], vid)  # a dealer confirmed it
        engine.sync_once()
        context = PaneContext(cache, account=Account(roles=(COMPANY_ADMIN,), verified=False))
        pane = SubscriptionsPane(context)
        context.sig_changed.connect(pane.on_entities_changed)
        qtbot.addWidget(pane)
        pane.reload()
        qtbot.waitUntil(lambda: pane.subs_model.rowCount() == 1)
        qtmodeltester.check(pane.subs_model)
        qtmodeltester.check(pane.orders_model)
        (sub,) = cache.subscriptions()
        start = parse_iso(sub["start_at"])
        texts = _texts(pane.subs_model, 0)
        assert texts[:3] == ["Remote services", "Van 5", "12 months"]
        assert texts[4] == date_text(sub["start_at"]) and texts[5] == "–" and texts[6] == "Active"
        assert _texts(pane.orders_model, 0)[1:4] == ["Active", "Remote services", "1"]
        assert "Active subscriptions: 1 · orders waiting for a dealer: 0" == pane.summary.text()
        assert not pane.end_button.isEnabled()  # nothing selected: says why
        assert pane.end_button.toolTip() == "Select a subscription first."

        # At the end of the term: the date is spelled out, and the row shows the end.
        pane.focus_subscription(sub["id"])
        assert pane.end_button.isEnabled()
        pane.end_button.click()
        dialog = pane.end_dialog
        term_end = add_months(start, 12)
        assert dialog.term_end == term_end
        assert date_spelled(term_end) in dialog.at_term.text() and dialog.at_term.isChecked()
        assert term_end.strftime("%B") in dialog.at_term.text()  # a month name, not digits
        dialog.ok.click()
        qtbot.waitUntil(lambda: "not sent yet" in (_texts(pane.subs_model, 0)[6] or ""))
        assert not pane.end_button.isEnabled()  # its end is on its way
        report = engine.sync_once()
        assert not report.rejected
        (remote,) = client.subscriptions()
        assert remote["state"] == "active" and parse_iso(remote["end_at"]) == term_end
        pane.reload()
        qtbot.waitUntil(
            lambda: _texts(pane.subs_model, 0)[6] == "Active, ends " + date_text(remote["end_at"])
        )
        assert client.vehicle(vid)["module_active"] is True  # active until the term ends

        # Already ending: only "at once" is left, and it ends the service now (R18).
        pane.focus_subscription(sub["id"])
        pane.end_button.click()
        dialog = pane.end_dialog
        assert not dialog.at_term.isEnabled() and dialog.now.isChecked()
        assert date_spelled(term_end) in dialog.at_term.text()
        dialog.ok.click()
        qtbot.waitUntil(lambda: cache.pending_count() == 1)
        engine.sync_once()
        assert client.subscriptions()[0]["state"] == "ended"
        assert client.vehicle(vid)["module_active"] is False
        pane.reload()
        qtbot.waitUntil(lambda: _texts(pane.subs_model, 0)[6] == "Ended")
        pane.focus_subscription(sub["id"])
        assert not pane.end_button.isEnabled()
        assert pane.end_button.toolTip() == "This subscription has ended."
    finally:
        cache.close()
        client.close()


def test_a_driver_may_not_end_subscriptions(qtbot, cache) -> None:
    context = PaneContext(cache, account=Account(roles=(DRIVER,), verified=True))
    pane = SubscriptionsPane(context)
    qtbot.addWidget(pane)
    pane.update_actions()
    assert not pane.end_button.isEnabled() and pane.end_button.toolTip()
    assert "Select" not in pane.end_button.toolTip()  # the role is the reason


def test_the_spelled_date_is_the_local_calendar_day(qapp) -> None:
    stamp = dt.datetime(2027, 12, 7, 10, 0, tzinfo=dt.UTC)
    assert date_spelled(stamp).endswith("December 2027")


def test_a_reload_keeps_the_selected_subscription(qtbot, portal, tmp_path: Path) -> None:
    """A sync arriving while a subscription is selected must not drop the selection (the
    e2e test's End subscription… was found disabled once a later reload came in)."""
    acc = portal.register("Behåll AB")
    client = PortalClient(portal.url, access_token=acc["token"])
    cache = Cache(tmp_path / "c.sqlite3")
    engine = SyncEngine(cache, client)
    try:
        vid = outbox.add_vehicle(cache, vin="W1V9066331S220002", name="Van 6")
        engine.sync_once()
        subscribe_remote_services(portal, acc["token"], vid)
        engine.sync_once()
        context = PaneContext(cache, account=Account(roles=(COMPANY_ADMIN,), verified=True))
        pane = SubscriptionsPane(context)
        qtbot.addWidget(pane)
        pane.reload()
        qtbot.waitUntil(lambda: pane.subs_model.rowCount() == 1)
        (sub,) = cache.subscriptions()
        pane.focus_subscription(sub["id"])
        assert pane.selected()["id"] == sub["id"]
        # another van's subscription arrives: the rows change, the model is reset
        other = outbox.add_vehicle(cache, vin="W1V9066331S220003", name="Van 7")
        engine.sync_once()
        subscribe_remote_services(portal, acc["token"], other)
        engine.sync_once()
        with qtbot.waitSignal(pane.subs_model.modelReset, timeout=10_000):
            pane.reload()
        qtbot.wait(0)
        assert (pane.selected() or {}).get("id") == sub["id"]
        assert pane.end_button.isEnabled()
    finally:
        cache.close()
        client.close()
