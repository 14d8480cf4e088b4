"""Products: what the portal offers, what it costs per term, and ordering it (R19-R21).

The catalogue comes from the cache (in the UI's language, ``Accept-Language``); the
terms' titles and the order itself need the portal (online only: an order is money and
makes the accepted terms binding, so nothing is queued).
"""

from __future__ import annotations

import html
import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QItemSelection, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from mpro_desktop import settings
from mpro_desktop.domain import pricing
from mpro_desktop.domain.accounts import Permission
from mpro_desktop.models.filter_proxy import RowFilterProxy
from mpro_desktop.models.products import ProductTableModel, money_text, months_text, needs_text
from mpro_desktop.models.table import RowIdRole
from mpro_desktop.views.common.online import online_error_text
from mpro_desktop.views.common.operations import run_in_background, run_write
from mpro_desktop.views.common.pane import Pane, PaneContext
from mpro_desktop.views.common.permissions import first, gate, why_not
from mpro_desktop.views.common.style import heading, muted_label
from mpro_desktop.views.common.table_layout import fit_columns

if TYPE_CHECKING:  # the cache loads SQLAlchemy, which the first paint does without
    from mpro_desktop.sync.cache import Cache

log = logging.getLogger(__name__)


def catalogue_order(rows: list[dict]) -> list[dict]:
    """Free items first, then single products, then packages (each by name)."""
    return sorted(
        rows,
        key=lambda r: (
            0 if r.get("free") else 2 if r.get("package_of") else 1,
            (r.get("name") or "").lower(),
        ),
    )


def price_lists(products: list[dict]) -> dict[str, pricing.PriceList]:
    """The cached catalogue as ``pricing`` reads it; a product with unreadable prices is
    left out (it shows no price rather than a wrong one)."""
    out = {}
    for p in products:
        try:
            out[str(p["id"])] = pricing.price_list(p)
        except (pricing.PricingError, TypeError, ValueError, KeyError):
            log.warning("product %r has no readable prices", p.get("id"))
    return out


class ProductsPane(Pane):
    NAME = "products"
    TITLE = QT_TRANSLATE_NOOP("Navigation", "Products")
    ENTITIES = frozenset({"product"})
    PERMISSION = Permission.READ

    def __init__(self, context: PaneContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._products: list[dict] = []
        self._term_titles: dict[str, str] = {}
        self.model = ProductTableModel(self)
        self.proxy = RowFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setAccessibleName(self.tr("Product catalogue"))
        self.table.setTabKeyNavigation(False)
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.detail = QTextBrowser()
        self.detail.setAccessibleName(self.tr("Product details"))
        self.detail.setOpenLinks(False)
        self.order_button = QPushButton(self.tr("Order…"))
        self.order_button.clicked.connect(self.open_order_wizard)
        self.modules_button = QPushButton(self.tr("Simulator module file…"))
        self.modules_button.clicked.connect(self.choose_modules_file)
        self.modules_status = muted_label()
        self.modules_status.setWordWrap(True)
        self.modules_status.hide()

        top = QHBoxLayout()
        top.addWidget(heading(self.title()), 1)
        top.addWidget(self.modules_button)
        top.addWidget(self.order_button)
        note = muted_label(
            self.tr(
                "Prices per vehicle and month; a longer term costs less per month. The portal "
                "and vehicle administration are free. Ordering needs a connection to the "
                "portal: nothing is queued offline."
            )
        )
        note.setWordWrap(True)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(note)
        layout.addWidget(self.modules_status)
        layout.addWidget(split, 1)
        self._columns_sized = self.table.horizontalHeader().restoreState(
            settings.pane_header(self.NAME).get()
        )
        context.sig_account_changed.connect(lambda _a: self.update_actions())
        context.sig_online_changed.connect(lambda _on: self._online_changed())
        self.update_actions()

    def save_layout(self) -> None:
        settings.pane_header(self.NAME).set(self.table.horizontalHeader().saveState())

    # -- data ---------------------------------------------------------------------

    def reload(self) -> None:
        cache = self.cache

        def done(rows: list[dict]) -> None:
            self._products = catalogue_order(rows)
            selected = self._selected_id()
            self.model.set_rows(self._products)
            if not self._columns_sized and rows:
                fit_columns(self.table)
                self._columns_sized = True
            paid = [p["id"] for p in self._products if not p.get("free")]
            self._select(selected or (paid or [p["id"] for p in self._products] or [None])[0])
            self.update_actions()

        run_in_background(
            lambda: cache.products(),
            done,
            lambda exc: log.warning("products reload failed: %s", exc),
            owner=self,
        )

    def on_shown(self) -> None:
        self.reload()
        self._load_term_titles()

    def _online_changed(self) -> None:
        self.update_actions()
        self._load_term_titles()

    def _load_term_titles(self) -> None:
        """The terms' titles (online, in the UI's language); ids are shown until then."""
        api = self._commerce()
        if api is None or self._term_titles:
            return

        def done(terms: list[dict]) -> None:
            self._term_titles = {str(t["id"]): str(t.get("title") or t["id"]) for t in terms}
            self._show_detail()

        run_in_background(
            api.terms, done, lambda exc: log.info("terms not read: %s", exc), owner=self
        )

    def _commerce(self) -> Any:
        if self.context.online is None:
            return None
        from mpro_desktop.sync.commerce_api import CommerceApi

        return CommerceApi(self.context.online.client)

    # -- selection and detail -------------------------------------------------------

    def _selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(RowIdRole) if rows else None

    def _select(self, product_id: str | None) -> None:
        for r in range(self.proxy.rowCount()):
            idx = self.proxy.index(r, 0)
            if idx.data(RowIdRole) == product_id:
                self.table.selectRow(r)
                break
        self._show_detail()

    def _selection_changed(self, _sel: QItemSelection, _desel: QItemSelection) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        pid = self._selected_id()
        product = next((p for p in self._products if p.get("id") == pid), None)
        self.detail.setHtml(self.detail_html(product) if product else "")

    def detail_html(self, product: dict) -> str:
        """Description, per-term prices (per month and over the term), what it needs,
        its terms and, for a package, its contents and what it saves."""
        esc = html.escape
        names = {str(p["id"]): p.get("name") or p["id"] for p in self._products}
        out = [f"<h3>{esc(product.get('name') or '')}</h3>"]
        if product.get("description"):
            out.append(f"<p>{esc(product['description'])}</p>")
        if product.get("free"):
            free = esc(self.tr("Free, for every vehicle."))
            out.append(f"<p><b>{free}</b></p>")
        else:
            out.append(self._price_table(product))
            needs = esc(self.tr("Needs:"))
            out.append(f"<p><b>{needs}</b> {esc(needs_text(product))}</p>")
        parts = product.get("package_of") or []
        if parts:
            includes = esc(self.tr("Includes:"))
            listed = esc(", ".join(str(names.get(p, p)) for p in parts))
            out.append(f"<p><b>{includes}</b> {listed}</p>")
        terms = product.get("required_terms") or []
        if terms:
            to_accept = esc(self.tr("Terms to accept:"))
            listed = esc(", ".join(self._term_titles.get(t, t) for t in terms))
            out.append(f"<p><b>{to_accept}</b> {listed}</p>")
        return "".join(out)

    def _price_table(self, product: dict) -> str:
        esc = html.escape
        catalogue = price_lists(self._products)
        pid = str(product["id"])
        currency = product.get("currency") or "SEK"
        package = bool(product.get("package_of"))
        head = [
            self.tr("Term"),
            self.tr("Per vehicle and month"),
            self.tr("Per vehicle, whole term"),
        ]
        if package:
            head += [self.tr("Parts one by one, per month"), self.tr("You save over the term")]
        rows = []
        for term in pricing.TERMS:
            try:
                line = pricing.quote([(pid, 1, term)], catalogue).lines[0]
            except pricing.PricingError:
                continue  # not sold for this term
            cells = [
                months_text(term),
                money_text(line.unit_monthly_ore, currency),
                money_text(line.total_ore, currency),
            ]
            if package:
                cells += [
                    money_text(line.parts_monthly_ore, currency),
                    money_text(line.saving_ore, currency),
                ]
            rows.append(
                "<tr>"
                + "".join(
                    f"<td style='padding:2px 10px' align='{'left' if i == 0 else 'right'}'>"
                    f"{esc(c)}</td>"
                    for i, c in enumerate(cells)
                )
                + "</tr>"
            )
        if not rows:
            unknown = esc(self.tr("No price is known for this product."))
            return f"<p>{unknown}</p>"
        header = "".join(f"<th style='padding:2px 10px'>{esc(h)}</th>" for h in head)
        return f"<table><tr>{header}</tr>{''.join(rows)}</table>"

    # -- ordering ---------------------------------------------------------------------

    def order_refusal(self) -> str | None:
        """Why the Order button is off (role, offline, empty catalogue), or None."""
        return first(
            why_not(self.context.account, Permission.MANAGE_ORDERS),
            None
            if self.context.online is not None
            else self.tr(
                "Ordering needs a connection to the portal (an order is binding and is "
                "never queued offline)."
            ),
            None
            if any(not p.get("free") for p in self._products)
            else self.tr("The catalogue has not arrived from the portal yet."),
        )

    def update_actions(self) -> None:
        gate(
            self.modules_button,
            self.modules_refusal(),
            self.tr(
                "For trainers: write the module tokens of the vans with an active module "
                "to a file the vehicle simulator (mpro-sim) reads."
            ),
        )
        gate(
            self.order_button,
            self.order_refusal(),
            self.tr("Order products for your vehicles: choose, see the cost, accept the terms."),
        )

    def modules_refusal(self) -> str | None:
        return first(
            why_not(self.context.account, Permission.MANAGE_VEHICLES),
            None
            if self.context.online is not None
            else self.tr(
                "Writing the file needs a connection to the portal (it makes new module tokens)."
            ),
        )

    def choose_modules_file(self) -> None:
        if self.modules_refusal() is not None:
            return
        path, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the simulator's module file"),
            "mpro-sim-modules.json",
            self.tr("JSON files (*.json)"),
        )
        if path:
            self.write_modules_file(path)

    def write_modules_file(self, path: str) -> None:
        """For a trainer: every van with an active module gets a new module token, written
        with its VIN and fuel type to ``path`` for ``mpro-sim --modules`` (online)."""
        from mpro_desktop.sync.commerce_api import write_modules_file

        api, cache = self._commerce(), self.cache
        if api is None:
            return
        no_vans = self.tr("No vehicle has an active module yet: order a service for it first.")

        def work() -> int:
            vans = [
                v
                for v in cache.vehicles()
                if v.get("module_active") and v.get("has_comm_module") and not v.get("pending_op")
            ]
            if not vans:
                raise LookupError(no_vans)
            return write_modules_file(api, vans, path)

        def done(count: int) -> None:
            self.modules_button.setEnabled(True)
            self._modules_message(
                self.tr(
                    "%1 vans written to %2. Start the simulator with: mpro-sim --server "
                    "URL --modules %2 (the vans' earlier module tokens no longer work)."
                )
                .replace("%1", str(count))
                .replace("%2", path)
            )

        def failed(exc: BaseException) -> None:
            self.modules_button.setEnabled(True)
            text = str(exc.args[0]) if isinstance(exc, LookupError) and exc.args else None
            self._modules_message(
                text
                or self.tr("The file was not written: %1").replace("%1", online_error_text(exc))
            )

        self.modules_button.setEnabled(False)
        self._modules_message(self.tr("Making module tokens…"))
        run_in_background(work, done, failed, owner=self)

    def _modules_message(self, text: str) -> None:
        self.modules_status.setText(text)
        self.modules_status.show()

    def open_order_wizard(self) -> None:
        if self.order_refusal() is not None:
            return
        cache = self.cache
        self.order_button.setEnabled(False)

        def read(c: Cache = cache) -> tuple[list[dict], list[dict], list[dict]]:
            return c.vehicles(), c.subscriptions(), c.orders()

        def done(data: tuple[list[dict], list[dict], list[dict]]) -> None:
            self.update_actions()
            self.show_wizard(*data)

        def failed(exc: BaseException) -> None:
            self.update_actions()
            log.warning("order wizard data not read: %s", exc)

        run_in_background(read, done, failed, owner=self)

    def show_wizard(self, vehicles: list[dict], subscriptions: list[dict], orders: list[dict]):
        from mpro_desktop.views.products.order_wizard import OrderWizard

        api = self._commerce()
        if api is None:
            return None
        wizard = OrderWizard(
            api,
            products=self._products,
            vehicles=vehicles,
            subscriptions=subscriptions,
            orders=orders,
            account=self.context.account,
            parent=self,
        )
        wizard.sig_order_placed.connect(self._order_placed)
        self.wizard = wizard
        wizard.open()
        return wizard

    def _order_placed(self, order: dict) -> None:
        """Keep the portal's answer in the cache now; the sync brings its subscriptions."""
        from mpro_desktop.sync.commerce_api import remember_order

        cache = self.cache
        run_write(
            lambda: remember_order(cache, order),
            changes={"order", "subscription", "vehicle"},
            listener=self.context,
            owner=self,
        )
