"""Subscriptions and orders (R20), read from the cache and refreshed after each sync;
"End subscription…" goes through the outbox (``subscription.end``), so it works offline
and the row says it is not sent yet."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mpro_desktop import settings
from mpro_desktop.domain.accounts import Permission
from mpro_desktop.domain.subscription_terms import current_term_end
from mpro_desktop.models.filter_proxy import RowFilterProxy
from mpro_desktop.models.subscriptions import (
    PENDING,
    OrderTableModel,
    SubscriptionTableModel,
    date_spelled,
    parse_iso,
)
from mpro_desktop.models.table import RowIdRole, RowTableModel
from mpro_desktop.views.common.operations import run_in_background, run_write
from mpro_desktop.views.common.pane import Pane, PaneContext
from mpro_desktop.views.common.permissions import first, gate, why_not
from mpro_desktop.views.common.style import heading, muted_label
from mpro_desktop.views.common.table_layout import fit_columns

if TYPE_CHECKING:  # the cache loads SQLAlchemy, which the first paint does without
    from mpro_desktop.sync.cache import Cache

log = logging.getLogger(__name__)


def read_lists(cache: Cache) -> tuple[list[dict], list[dict]]:
    """Subscriptions and orders with the products' names (off the UI thread)."""
    names = {str(p["id"]): p.get("name") or p["id"] for p in cache.products()}
    subs = [
        {**s, "product_name": names.get(str(s.get("product_id")), s.get("product_id"))}
        for s in cache.subscriptions()
    ]
    orders = []
    for o in cache.orders():
        products = [
            names.get(str(i.get("product_id")), i.get("product_id")) for i in o.get("items") or []
        ]
        orders.append({**o, "product_names": ", ".join(str(p) for p in products)})
    return subs, orders


def _table(model: RowTableModel, name: str) -> tuple[QTableView, RowFilterProxy]:
    proxy = RowFilterProxy()
    proxy.setSourceModel(model)
    table = QTableView()
    table.setAccessibleName(name)
    table.setTabKeyNavigation(False)
    table.setModel(proxy)
    table.setSortingEnabled(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    proxy.setParent(table)
    return table, proxy


class EndSubscriptionDialog(QDialog):
    """At the term's end (the date spelled out) or at once, confirmed by the user."""

    def __init__(
        self, sub: dict, parent: QWidget | None = None, now: dt.datetime | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("End subscription"))
        now = now or dt.datetime.now(dt.UTC)
        what = (
            self.tr("End %1 for %2?")
            .replace("%1", str(sub.get("product_name") or sub.get("product_id") or ""))
            .replace("%2", str(sub.get("vehicle_name") or ""))
        )
        start = parse_iso(sub.get("start_at"))
        cancelled = parse_iso(sub.get("end_at"))
        term = int(sub.get("term_months") or 0)
        self.term_end: dt.datetime | None = None
        if cancelled is not None:
            self.term_end = cancelled
        elif start is not None and term > 0:
            self.term_end = current_term_end(start, term, now, parse_iso(sub.get("term_end_at")))
        self.at_term = QRadioButton()
        self.now = QRadioButton(
            self.tr(
                "Immediately: the vehicle stops sending data now, and the rest of the "
                "term is not refunded"
            )
        )
        if self.term_end is not None and cancelled is None:
            self.at_term.setText(
                self.tr("At the end of the term, on %1 (it stays active until then)").replace(
                    "%1", date_spelled(self.term_end)
                )
            )
            self.at_term.setChecked(True)
        else:
            self.at_term.setText(
                self.tr("It already ends on %1").replace("%1", date_spelled(self.term_end))
                if self.term_end is not None
                else self.tr("At the end of the term (no term is known)")
            )
            self.at_term.setEnabled(False)
            self.now.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.at_term)
        group.addButton(self.now)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.addButton(
            self.tr("End subscription"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        label = QLabel(what)
        label.setWordWrap(True)
        note = muted_label(
            self.tr(
                "When the vehicle's last service ends, its communication module is switched off."
            )
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.at_term)
        layout.addWidget(self.now)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def immediately(self) -> bool:
        return self.now.isChecked()


class SubscriptionsPane(Pane):
    NAME = "subscriptions"
    TITLE = QT_TRANSLATE_NOOP("Navigation", "Subscriptions")
    ENTITIES = frozenset({"subscription", "order", "product", "vehicle"})
    PERMISSION = Permission.READ

    def __init__(self, context: PaneContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.subs_model = SubscriptionTableModel(self)
        self.orders_model = OrderTableModel(self)
        self.subs_table, self.subs_proxy = _table(self.subs_model, self.tr("Subscriptions"))
        self.orders_table, self.orders_proxy = _table(self.orders_model, self.tr("Orders"))
        self.subs_table.selectionModel().selectionChanged.connect(lambda *_: self.update_actions())
        self.end_button = QPushButton(self.tr("End subscription…"))
        self.end_button.clicked.connect(self.end_selected)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Subscriptions and orders"))
        self.tabs.addTab(self.subs_table, self.tr("Subscriptions"))
        self.tabs.addTab(self.orders_table, self.tr("Orders"))
        self.summary = muted_label()
        self.summary.setWordWrap(True)  # a long Swedish line wraps, never widens the window
        top = QHBoxLayout()
        top.addWidget(heading(self.title()), 1)
        top.addWidget(self.end_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        # The user's column widths and sort order are kept per language; else fitted.
        self._sized = self.subs_table.horizontalHeader().restoreState(
            settings.pane_header(self.NAME).get()
        )
        self.orders_table.horizontalHeader().restoreState(
            settings.pane_header(f"{self.NAME}.orders").get()
        )
        context.sig_account_changed.connect(lambda _a: self.update_actions())
        self.update_actions()

    def save_layout(self) -> None:
        settings.pane_header(self.NAME).set(self.subs_table.horizontalHeader().saveState())
        settings.pane_header(f"{self.NAME}.orders").set(
            self.orders_table.horizontalHeader().saveState()
        )

    def reload(self) -> None:
        cache = self.cache

        def done(data: tuple[list[dict], list[dict]]) -> None:
            subs, orders = data
            # a sync arriving meanwhile must not drop what the user selected
            keep = (self.selected() or {}).get("id")
            self.subs_model.set_rows(subs)
            self.orders_model.set_rows(orders)
            for table in (self.subs_table, self.orders_table):
                header = table.horizontalHeader()
                table.model().sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
            if keep:
                self.focus_subscription(keep)
            if not self._sized and (subs or orders):
                fit_columns(self.subs_table)
                fit_columns(self.orders_table)
                self._sized = True
            self._widen_dates()
            active = sum(1 for s in subs if s.get("state") == "active")
            pending = sum(1 for o in orders if o.get("state") == PENDING)
            self.summary.setText(
                self.tr("Active subscriptions: %1 · orders waiting for a dealer: %2")
                .replace("%1", str(active))
                .replace("%2", str(pending))
            )
            self.tabs.setTabText(
                1,
                self.tr("Orders (%1 waiting)").replace("%1", str(pending))
                if pending
                else self.tr("Orders"),
            )
            self.update_actions()

        run_in_background(
            lambda: read_lists(cache),
            done,
            lambda exc: log.warning("subscriptions reload failed: %s", exc),
            owner=self,
        )

    def _widen_dates(self) -> None:
        """A date column fitted while it showed only "–" is widened once dates come."""
        for table, model, keys in (
            (self.subs_table, self.subs_model, ("start", "end", "status")),
            (self.orders_table, self.orders_model, ("placed",)),
        ):
            header = table.horizontalHeader()
            for key in keys:
                col = model.column_index(key)
                if col is not None and header.sectionSize(col) < table.sizeHintForColumn(col):
                    table.resizeColumnToContents(col)

    def selected(self) -> dict | None:
        rows = self.subs_table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.subs_model.row_dict(self.subs_proxy.mapToSource(rows[0]).row())

    def end_refusal(self) -> str | None:
        sub = self.selected()
        return first(
            why_not(self.context.account, Permission.MANAGE_ORDERS),
            self.tr("Select a subscription first.") if sub is None else None,
            self.tr("This subscription has ended.")
            if sub is not None and sub.get("state") != "active"
            else None,
            self.tr("Its end is on its way to the portal.")
            if sub is not None and sub.get("pending_op")
            else None,
        )

    def update_actions(self) -> None:
        gate(
            self.end_button,
            self.end_refusal(),
            self.tr("End the selected subscription at the end of its term or at once."),
        )

    def end_selected(self) -> None:
        sub = self.selected()
        if sub is None or self.end_refusal() is not None:
            return
        dialog = EndSubscriptionDialog(sub, self)
        self.end_dialog = dialog
        dialog.accepted.connect(lambda: self._end(sub["id"], dialog.immediately()))
        dialog.open()

    def _end(self, subscription_id: str, immediately: bool) -> None:
        from mpro_desktop.sync import outbox
        from mpro_desktop.sync.entities import subscription

        cache = self.cache
        run_write(
            lambda: outbox.submit(
                cache, subscription.END, subscription_id, immediately=immediately
            ),
            changes={"subscription"},
            listener=self.context,
            owner=self,
        )

    def on_entities_changed(self, entities: frozenset[str]) -> None:
        self.reload()

    def focus_subscription(self, subscription_id: str) -> None:
        for r in range(self.subs_proxy.rowCount()):
            if self.subs_proxy.index(r, 0).data(RowIdRole) == subscription_id:
                self.subs_table.selectRow(r)
                self.subs_table.scrollTo(self.subs_proxy.index(r, 0))
                return
