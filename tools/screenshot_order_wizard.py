"""Screenshots of issue 11's desktop side: the Products pane, each page of the order
wizard and the Subscriptions pane, against a real seeded portal.

The demo's unverified newcomer (Nystart Åkeri AB, R10) adds four vans (one eVan, one
without a communication module), orders Fleet management in the wizard and accepts
the missing terms; the order waits for a dealer, who confirms it; the desktop syncs.

Usage (MPRO_COLOR_SCHEME=dark for dark, LANG=sv_SE.UTF-8 LC_ALL=sv_SE.UTF-8 for Swedish):
    xvfb-run -a -s "-screen 0 1280x800x24" python tools/screenshot_order_wizard.py OUT_DIR [WxH]
writes OUT_DIR/products.png, wizard-1-products.png … wizard-5-result.png, subscriptions.png.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget, QWizard

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mpro_desktop import i18n  # noqa: E402
from mpro_desktop.domain.accounts import COMPANY_ADMIN  # noqa: E402
from mpro_desktop.models.colors import force_color_scheme  # noqa: E402
from mpro_desktop.sync import outbox  # noqa: E402
from mpro_desktop.sync.account_api import AccountApi  # noqa: E402
from mpro_desktop.sync.cache import Cache  # noqa: E402
from mpro_desktop.sync.client import PortalClient  # noqa: E402
from mpro_desktop.sync.engine import SyncEngine  # noqa: E402
from mpro_desktop.sync.entities import subscription  # noqa: E402
from mpro_desktop.views.common.pane import PaneContext  # noqa: E402
from mpro_desktop.views.common.permissions import Account  # noqa: E402
from mpro_desktop.views.products.pane import ProductsPane  # noqa: E402
from mpro_desktop.views.subscriptions.pane import SubscriptionsPane  # noqa: E402
from tests.commerce_helpers import add_vehicle_api, dealer_confirms  # noqa: E402
from tests.portal_fixtures import LivePortal  # noqa: E402

VANS = [
    ("W1V9066331S330001", "Skåpbil 1 – Göteborg", "diesel"),
    ("W1V9066331S330002", "Skåpbil 2 – Borås", "diesel"),
    ("W1V9066331S330003", "eVan 3 – Alingsås", "electric"),
]
NO_MODULE = ("W1V9066331S330004", "Skåpbil 4 – ny leverans")


def _wait(app: QApplication, done: Callable[[], bool], timeout_s: float = 20.0) -> None:
    end = time.time() + timeout_s
    while not done() and time.time() < end:
        app.processEvents()
        time.sleep(0.02)


def _shot(app: QApplication, widget: QWidget, path: Path) -> None:
    _wait(app, lambda: False, 0.4)
    widget.grab().save(str(path))
    print("saved", path)


def main(out: Path, size: tuple[int, int]) -> int:
    out.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp())
    portal = LivePortal(
        f"sqlite:///{folder / 'p.sqlite3'}", seeded=True, seed_file=folder / "seed.json"
    )
    portal.start()
    try:
        app = QApplication(sys.argv[:1])
        i18n.install_translators(app)
        force_color_scheme(app, os.environ.get("MPRO_COLOR_SCHEME", ""))
        seed = portal.seed
        tokens = portal.login(seed["newcomer_email"], seed["newcomer_password"])
        client = PortalClient(portal.url, access_token=tokens["access_token"])
        cache = Cache(folder / "desk.sqlite3")
        engine = SyncEngine(cache, client)
        for vin, name, fuel in VANS:
            outbox.add_vehicle(cache, vin=vin, name=name, fuel_type=fuel)
        add_vehicle_api(
            portal,
            tokens["access_token"],
            vin=NO_MODULE[0],
            name=NO_MODULE[1],
            has_comm_module=False,
        )
        engine.sync_once()
        context = PaneContext(
            cache,
            account=Account(roles=(COMPANY_ADMIN,), verified=False),
            online=AccountApi(client),
        )
        products = ProductsPane(context)
        products.resize(*size)
        products.show()
        products.on_shown()
        _wait(app, lambda: products.model.rowCount() > 0 and bool(products._term_titles))
        for r in range(products.proxy.rowCount()):
            if products.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 2) == "fleet_pro":
                products.table.selectRow(r)
        _shot(app, products, out / "products.png")

        products.order_button.click()
        _wait(app, lambda: getattr(products, "wizard", None) is not None)
        wizard = products.wizard
        wizard.resize(min(size[0], 760), min(size[1], 600))
        page = wizard.products_page
        for i in range(page.list.count()):
            if page.list.item(i).data(Qt.ItemDataRole.UserRole) == "fleet_management":
                page.list.item(i).setCheckState(Qt.CheckState.Checked)
        page.term.setCurrentIndex(page.term.findData(24))
        _shot(app, wizard, out / "wizard-1-products.png")
        wizard.next()
        wizard.vehicles_page.all_button.click()
        _shot(app, wizard, out / "wizard-2-vehicles.png")
        wizard.next()
        _shot(app, wizard, out / "wizard-3-cost.png")
        wizard.next()
        terms = wizard.terms_page
        _wait(app, lambda: terms.loaded)
        boxes = list(terms.checks.values())
        for box in boxes[:-1]:
            box.setChecked(True)  # the last one still to tick: "Place order" waits for it
        _shot(app, wizard, out / "wizard-4-terms.png")
        for box in boxes:
            box.setChecked(True)
        wizard.button(QWizard.WizardButton.CommitButton).click()
        _wait(app, lambda: wizard.currentPage() is wizard.result_page)
        _shot(app, wizard, out / "wizard-5-result.png")
        order = terms.placed or {}
        wizard.accept()

        dealer_confirms(portal, tokens["access_token"], order["id"])
        engine.sync_once()
        subs = SubscriptionsPane(context)
        subs.resize(*size)
        subs.show()
        subs.reload()
        _wait(app, lambda: subs.subs_model.rowCount() > 0)
        first = subs.subs_model.row_dict(0)
        outbox.submit(cache, subscription.END, first["id"])  # one ends at its term's end
        engine.sync_once()
        subs.reload()
        _wait(app, lambda: False, 0.5)
        subs.focus_subscription(subs.subs_proxy.index(1, 0).data(Qt.ItemDataRole.UserRole + 2))
        _shot(app, subs, out / "subscriptions.png")
        subs.end_button.click()
        _wait(app, lambda: getattr(subs, "end_dialog", None) is not None)
        _shot(app, subs.end_dialog, out / "end-subscription.png")
        subs.end_dialog.reject()
        cache.close()
        client.close()
        return 0
    finally:
        portal.stop()


if __name__ == "__main__":
    wh = (sys.argv[2] if len(sys.argv) > 2 else "1100x700").split("x")
    raise SystemExit(main(Path(sys.argv[1]), (int(wh[0]), int(wh[1]))))
