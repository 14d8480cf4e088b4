"""The order wizard (issue 11, R17, R19-R21) against the real portal subprocess
(SQLite and PostgreSQL), with the real cache, sync engine and widgets: only eligible
vehicles can be chosen and the others say why, the cost is ``pricing.quote`` and equals
what the portal charges, missing terms are listed and accepted inline (also a version
published while the wizard is open: 409), and an unverified user's order waits for a
dealer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTextBrowser, QWizard
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from embedded_server.terms.service import publish
from mpro_desktop.domain import pricing
from mpro_desktop.domain.accounts import COMPANY_ADMIN, DRIVER
from mpro_desktop.models.products import money_text
from mpro_desktop.sync import outbox
from mpro_desktop.sync.account_api import AccountApi
from mpro_desktop.sync.cache import Cache
from mpro_desktop.sync.client import PortalClient
from mpro_desktop.sync.engine import SyncEngine
from mpro_desktop.views.common.pane import PaneContext
from mpro_desktop.views.common.permissions import Account
from mpro_desktop.views.products.pane import ProductsPane
from tests.commerce_helpers import add_vehicle_api, dealer_confirms
from tests.portal_fixtures import LivePortal

DIESEL, EVAN, NO_MODULE = "W1V9066331S110001", "W1V9066331S110002", "W1V9066331S110003"


@pytest.fixture
def portal(portal_db_url: str, live_portal_factory: Any) -> LivePortal:
    return live_portal_factory(database_url=portal_db_url)


class Desk:
    """One signed-in desktop: cache, engine, the Products pane."""

    def __init__(
        self, qtbot, portal: LivePortal, tmp_path: Path, name: str, verified: bool = False
    ) -> None:
        self.acc = portal.register(name)
        self.client = PortalClient(portal.url, access_token=self.acc["token"])
        self.cache = Cache(tmp_path / f"{name}.sqlite3")
        self.engine = SyncEngine(self.cache, self.client)
        self.context = PaneContext(
            self.cache,
            account=Account(roles=(COMPANY_ADMIN,), verified=verified),
            online=AccountApi(self.client),
        )
        self.pane = ProductsPane(self.context)
        qtbot.addWidget(self.pane)
        self.qtbot = qtbot

    def sync(self) -> None:
        assert not self.engine.sync_once().offline

    def open_wizard(self):
        self.pane.reload()
        self.qtbot.waitUntil(lambda: self.pane.model.rowCount() > 0)
        self.pane.wizard = None
        self.pane.update_actions()
        assert self.pane.order_button.isEnabled(), self.pane.order_button.toolTip()
        self.pane.order_button.click()
        self.qtbot.waitUntil(lambda: self.pane.wizard is not None)
        return self.pane.wizard

    def close(self) -> None:
        self.cache.close()
        self.client.close()


def check(page, *product_ids: str, term: int = 12) -> None:
    page.term.setCurrentIndex(page.term.findData(term))
    for i in range(page.list.count()):
        item = page.list.item(i)
        want = item.data(Qt.ItemDataRole.UserRole) in product_ids
        item.setCheckState(Qt.CheckState.Checked if want else Qt.CheckState.Unchecked)


def vehicle_items(page) -> dict[str, Any]:
    return {
        page.list.item(i).data(Qt.ItemDataRole.UserRole): page.list.item(i)
        for i in range(page.list.count())
    }


def test_wizard_eligibility_cost_inline_terms_and_pending_order(qtbot, portal, tmp_path):
    desk = Desk(qtbot, portal, tmp_path, "Beställning AB")
    try:
        diesel = outbox.add_vehicle(desk.cache, vin=DIESEL, name="Van 1")
        evan = outbox.add_vehicle(desk.cache, vin=EVAN, name="eVan 2", fuel_type="electric")
        bare = add_vehicle_api(
            portal, desk.acc["token"], vin=NO_MODULE, name="Van 3", has_comm_module=False
        )["id"]
        desk.sync()
        wizard = desk.open_wizard()
        page = wizard.products_page
        assert wizard.currentPage() is page
        assert "nothing is queued" in page.subTitle()  # online only, and says so
        ids = [page.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(page.list.count())]
        assert "portal" not in ids and {"fleet_management", "fleet_pro", "evan_complete"} <= set(
            ids
        )
        assert not page.isComplete()  # nothing chosen
        check(page, "fleet_management", "fleet_pro")
        assert not page.isComplete() and "share a product" in page.error.text()

        # An eVan package: only the eVan may get it; the others say why.
        check(page, "evan_complete")
        assert page.isComplete()
        wizard.next()
        items = vehicle_items(wizard.vehicles_page)
        assert items[evan].flags() & Qt.ItemFlag.ItemIsUserCheckable
        assert not items[diesel].flags() & Qt.ItemFlag.ItemIsEnabled
        assert items[diesel].text().endswith("not an eVan")
        assert items[bare].text().endswith("not an eVan")
        wizard.back()

        # Fleet management: the van without a module cannot; the other two can.
        check(page, "fleet_management", term=24)
        wizard.next()
        vpage = wizard.vehicles_page
        items = vehicle_items(vpage)
        assert items[bare].text().endswith("no communication module")
        assert not vpage.isComplete()
        vpage.all_button.click()
        assert sorted(vpage.chosen()) == sorted([diesel, evan])
        assert "2 of 3" in vpage.count.text()

        wizard.next()  # cost: the ONE pricing function over the portal's own catalogue
        catalogue = {p["id"]: pricing.price_list(p) for p in desk.client.products()}
        expected = pricing.quote([("fleet_management", 2, 24)], catalogue)
        assert wizard.quote() == expected
        cost = wizard.cost_page.view.toPlainText()
        assert money_text(expected.monthly_ore) in cost and money_text(expected.total_ore) in cost
        assert expected.monthly_ore == 2 * 13900 and expected.total_ore == 2 * 13900 * 24

        wizard.next()  # terms: the three Fleet management needs, none accepted yet
        tpage = wizard.terms_page
        qtbot.waitUntil(lambda: tpage.loaded)
        assert set(tpage.checks) == {"general", "subscription", "data_processing"}
        shown = " ".join(b.toPlainText() for b in tpage.findChildren(QTextBrowser))
        assert "GDPR art. 28" in shown  # each term's own text, read before accepting
        assert not tpage.isComplete()
        for box in tpage.checks.values():
            box.setChecked(True)
        assert tpage.isComplete()
        wizard.button(QWizard.WizardButton.CommitButton).click()
        qtbot.waitUntil(lambda: wizard.currentPage() is wizard.result_page, timeout=20000)
        text = wizard.result_page.text.text()
        assert "waiting for a dealer" in text and "ID document" in text  # R10

        (order,) = desk.client.get("orders")["items"]
        assert order["state"] == "pending_dealer_confirmation"
        assert order["total"]["amount"] == str(pricing.from_ore(expected.total_ore))
        assert order["monthly"]["amount"] == str(pricing.from_ore(expected.monthly_ore))
        terms = {t["id"]: t for t in desk.client.get("terms")["items"]}
        assert all(terms[t]["accepted_at"] for t in ("general", "subscription", "data_processing"))
        qtbot.waitUntil(lambda: [o["id"] for o in desk.cache.orders()] == [order["id"]])
        wizard.accept()

        # The pending order counts: those vans can't get Fleet management again.
        desk.sync()
        wizard = desk.open_wizard()
        check(wizard.products_page, "fleet_management")
        wizard.next()
        items = vehicle_items(wizard.vehicles_page)
        assert items[diesel].text().endswith("already has this product (or it is on order)")
        wizard.reject()

        confirmed = dealer_confirms(portal, desk.acc["token"], order["id"])
        assert confirmed["state"] == "active"
        desk.sync()
        assert {s["vehicle_id"] for s in desk.cache.subscriptions()} == {diesel, evan}
    finally:
        desk.close()


def test_a_term_published_while_ordering_is_listed_and_accepted_inline(qtbot, portal, tmp_path):
    desk = Desk(qtbot, portal, tmp_path, "Villkor AB")
    try:
        van = outbox.add_vehicle(desk.cache, vin=DIESEL, name="Van 1")
        desk.sync()
        with portal.client(headers=portal.headers(desk.acc["token"])) as c:
            for t in c.get("/api/v1/terms").json()["items"]:
                c.post(f"/api/v1/terms/{t['id']}/accept", json={}).raise_for_status()
        wizard = desk.open_wizard()
        check(wizard.products_page, "vehicle_status")
        wizard.next()
        wizard.vehicles_page.all_button.click()
        wizard.next()
        wizard.next()
        tpage = wizard.terms_page
        qtbot.waitUntil(lambda: tpage.loaded)
        assert tpage.checks == {} and tpage.isComplete()
        assert "accepted every term" in tpage.status.text()

        engine = create_engine(portal.database_url)
        try:
            with Session(engine) as s:
                publish(
                    s,
                    term_id="subscription",
                    title="Connectivity services v2",
                    body="Version two of the subscription terms.",
                )
                s.commit()
        finally:
            engine.dispose()
        wizard.button(QWizard.WizardButton.CommitButton).click()
        qtbot.waitUntil(
            lambda: tpage.loaded and set(tpage.checks) == {"subscription"}, timeout=20000
        )
        assert tpage.error.isVisible() and "Accept the terms" in tpage.error.text()
        assert wizard.currentPage() is tpage and desk.client.get("orders")["items"] == []
        assert not tpage.isComplete()
        tpage.checks["subscription"].setChecked(True)
        wizard.button(QWizard.WizardButton.CommitButton).click()
        qtbot.waitUntil(lambda: wizard.currentPage() is wizard.result_page, timeout=20000)
        (order,) = desk.client.get("orders")["items"]
        assert order["items"][0]["vehicle_ids"] == [van]
        terms = {t["id"]: t for t in desk.client.get("terms")["items"]}
        assert terms["subscription"]["version"] == 2 and terms["subscription"]["accepted_at"]
    finally:
        desk.close()


def test_ordering_is_offered_only_to_roles_that_may_and_only_online(qtbot, cache):
    context = PaneContext(cache, account=Account(roles=(DRIVER,), verified=True))
    pane = ProductsPane(context)
    qtbot.addWidget(pane)
    pane._products = [{"id": "fleet_management", "free": False}]
    pane.update_actions()
    assert not pane.order_button.isEnabled() and pane.order_button.toolTip()
    context.set_account(Account(roles=(COMPANY_ADMIN,), verified=True))
    assert not pane.order_button.isEnabled()
    assert "connection to the portal" in pane.order_button.toolTip()  # offline: queue nothing
