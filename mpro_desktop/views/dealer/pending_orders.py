"""The dealer counter's "Pending orders" (R10, R20, R21): in an open support session, the
customer company's orders waiting for a dealer, with vehicles, products, term and cost,
and "Confirm order…" after a confirmation question.

Online only, like the whole counter: the list is read through the session's own token
(``account_api.SupportSessionApi``) whenever the session opens or an order was confirmed,
and nothing is cached or queued.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mpro_desktop.models import format as fmt
from mpro_desktop.models.products import term_text
from mpro_desktop.views.common.online import online_error_text
from mpro_desktop.views.common.operations import run_in_background
from mpro_desktop.views.common.style import note_label, set_tone

log = logging.getLogger(__name__)

_ORDER_ID = Qt.ItemDataRole.UserRole + 1


def money_text(money: Any) -> str:
    """``{"amount": "149.00", "currency": "SEK"}`` as "149,00 SEK" (the UI locale)."""
    if not isinstance(money, dict):
        return "–"
    try:
        amount = float(money.get("amount"))
    except (TypeError, ValueError):
        return "–"
    return fmt.number(amount, 2, str(money.get("currency") or ""))


def vehicle_text(v: dict) -> str:
    """A vehicle by name and plate (its VIN or id when it has no name)."""
    name = str(v.get("name") or v.get("vin") or v.get("id") or "")
    plate = v.get("license_plate")
    return f"{name} ({plate})" if plate else name


def vehicles_text(line: dict) -> str:
    """The line's first vehicles by name and plate, and how many more."""
    text = ", ".join(vehicle_text(v) for v in line.get("vehicles") or [])
    more = int(line.get("more_vehicles") or 0)
    if more:
        text += QCoreApplication.translate("PendingOrders", " and %1 more").replace("%1", str(more))
    return text


def _ordered_on(order: dict) -> str:
    try:
        stamp = dt.datetime.fromisoformat(str(order.get("created_at")).replace("Z", "+00:00"))
    except ValueError:
        return "–"
    return fmt.clock(stamp.timestamp())


class PendingOrdersBox(QGroupBox):
    """``api``: a ``SupportSessionApi`` while a session is open (:meth:`set_api`)."""

    sig_confirmed = Signal(dict)
    """An order was confirmed (the portal's answer: the order, now ``active``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Pending orders"), parent)
        self.api = None
        self.orders: list[dict] = []
        self.note = note_label()
        self.tree = QTreeWidget()
        self.tree.setAccessibleName(self.tr("Orders waiting for confirmation"))
        self.tree.setColumnCount(5)
        self.tree.setHeaderLabels(
            [
                self.tr("Order / product"),
                self.tr("Vehicles"),
                self.tr("Term"),
                self.tr("Per month"),
                self.tr("Total"),
            ]
        )
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        for column in (3, 4):
            self.tree.headerItem().setTextAlignment(column, Qt.AlignmentFlag.AlignRight)
        #: True while the orders are being read (Refresh waits)
        self.loading = False
        self.tree.itemSelectionChanged.connect(self._update)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        self.confirm_button = QPushButton(self.tr("Confirm order…"))
        self.confirm_button.clicked.connect(self.confirm_selected)
        self.result = QLabel()
        self.result.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.refresh_button)
        buttons.addStretch(1)
        buttons.addWidget(self.confirm_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.result)
        self.set_api(None)

    # -- state ----------------------------------------------------------------------------
    def set_api(self, api) -> None:
        """A session opened (read its pending orders) or ended (None: nothing to show)."""
        self.api = api
        self.loading = False
        self.orders = []
        self.tree.clear()
        self.result.clear()
        if api is None:
            self.note.setText(
                self.tr(
                    "Open a support session to see the customer company's orders that wait "
                    "for a dealer's confirmation."
                )
            )
        else:
            self.refresh()
        self._update()

    def selected_order(self) -> dict | None:
        items = self.tree.selectedItems()
        if not items:
            return None
        item = items[0]
        while item.parent() is not None:
            item = item.parent()
        oid = item.data(0, _ORDER_ID)
        return next((o for o in self.orders if o.get("id") == oid), None)

    def _update(self) -> None:
        in_session = self.api is not None
        self.tree.setEnabled(in_session)
        self.refresh_button.setEnabled(in_session and not self.loading)
        order = self.selected_order()
        self.confirm_button.setEnabled(in_session and order is not None)
        self.confirm_button.setToolTip(
            ""
            if order is not None
            else self.tr("Select an order first.")
            if in_session
            else self.tr("Open a support session first.")
        )

    # -- reading --------------------------------------------------------------------------
    def refresh(self) -> None:
        api = self.api
        if api is None:
            return
        self.loading = True
        self.refresh_button.setEnabled(False)
        self.note.setText(self.tr("Reading the customer's orders…"))

        def done(orders: list[dict]) -> None:
            if api is not self.api:
                return  # the session ended meanwhile
            self.loading = False
            self.show_orders(orders)

        def failed(exc: BaseException) -> None:
            if api is not self.api:
                return
            self.loading = False
            self.note.setText(
                self.tr("The orders could not be read: %1").replace("%1", online_error_text(exc))
            )
            set_tone(self.note, "error")
            self._update()

        run_in_background(api.pending_orders, done, failed, owner=self)

    def show_orders(self, orders: list[dict]) -> None:
        selected = self.selected_order()
        self.orders = list(orders)
        self.tree.clear()
        set_tone(self.note, None)
        if not orders:
            self.note.setText(self.tr("No orders wait for a dealer's confirmation."))
        else:
            self.note.setText(
                self.tr("1 order waits for your confirmation.")
                if len(orders) == 1
                else self.tr("%1 orders wait for your confirmation.").replace(
                    "%1", str(len(orders))
                )
            )
        for order in orders:
            count = sum(len(line.get("vehicle_ids") or []) for line in order.get("lines") or [])
            top = QTreeWidgetItem(
                [
                    self.tr("Ordered %1 by %2")
                    .replace("%1", _ordered_on(order))
                    .replace("%2", order.get("ordered_by_name") or "–"),
                    self.tr("1 vehicle")
                    if count == 1
                    else self.tr("%1 vehicles").replace("%1", str(count)),
                    "",
                    money_text(order.get("monthly")),
                    money_text(order.get("total")),
                ]
            )
            bold = top.font(0)
            bold.setBold(True)
            for column in range(5):
                top.setFont(column, bold)
            top.setData(0, _ORDER_ID, order.get("id"))
            top.setToolTip(0, top.text(0))
            for column in (3, 4):
                top.setTextAlignment(column, Qt.AlignmentFlag.AlignRight)
            for line in order.get("lines") or []:
                n = len(line.get("vehicle_ids") or [])
                child = QTreeWidgetItem(
                    [
                        str(line.get("product") or ""),
                        self.tr("1 vehicle")
                        if n == 1
                        else self.tr("%1 vehicles").replace("%1", str(n)),
                        term_text(line),
                        money_text(line.get("monthly")),
                        money_text(line.get("total")),
                    ]
                )
                child.setToolTip(1, vehicles_text(line))
                for column in (3, 4):
                    child.setTextAlignment(column, Qt.AlignmentFlag.AlignRight)
                top.addChild(child)
                # one row per vehicle named (the portal's first few), then how many more
                for vehicle in line.get("vehicles") or []:
                    child.addChild(QTreeWidgetItem(["", vehicle_text(vehicle)]))
                more = int(line.get("more_vehicles") or 0)
                if more:
                    child.addChild(
                        QTreeWidgetItem(["", self.tr("and %1 more").replace("%1", str(more))])
                    )
            self.tree.addTopLevelItem(top)
            self.tree.expandItem(top)
            for i in range(top.childCount()):
                self.tree.expandItem(top.child(i))
            if selected is not None and order.get("id") == selected.get("id"):
                top.setSelected(True)
        self._update()

    # -- confirming -----------------------------------------------------------------------
    def ask(self, order: dict) -> bool:
        """The confirmation question; what starts and what it costs, spelled out."""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Confirm order"),
            self.tr(
                "Confirm the order placed %1 by %2? Its subscriptions start at once: %3 per "
                "month, %4 in total over the term. This is recorded in the customer's audit "
                "log."
            )
            .replace("%1", _ordered_on(order))
            .replace("%2", order.get("ordered_by_name") or "–")
            .replace("%3", money_text(order.get("monthly")))
            .replace("%4", money_text(order.get("total"))),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Confirm"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("Cancel"))
        return box.exec() == QMessageBox.StandardButton.Yes

    def confirm_selected(self) -> None:
        order, api = self.selected_order(), self.api
        if order is None or api is None or not self.ask(order):
            return
        self.confirm_button.setEnabled(False)
        order_id = str(order["id"])

        def done(answer: dict) -> None:
            self.result.setText(
                self.tr("Order confirmed: it is active now and its subscriptions have started.")
            )
            set_tone(self.result, "ok")
            self.sig_confirmed.emit(answer or {})
            self.refresh()

        def failed(exc: BaseException) -> None:
            self.result.setText(confirm_error_text(exc))
            set_tone(self.result, "error")
            self.refresh()

        run_in_background(lambda: api.confirm_order(order_id), done, failed, owner=self)


def confirm_error_text(exc: BaseException) -> str:
    """Why a confirmation failed, as a sentence the dealer can act on."""
    from mpro_desktop.sync.client import PortalError

    if isinstance(exc, PortalError):
        texts = {
            "terms_missing": QCoreApplication.translate(
                "PendingOrders",
                "The customer has not accepted every terms and conditions this order needs. "
                "Only the customer can accept them (in MPRO Desktop, Products); confirm the "
                "order afterwards.",
            ),
            "already_subscribed": QCoreApplication.translate(
                "PendingOrders",
                "Some of the order's vehicles hold one of its products already. The customer "
                "needs to place a new order without them.",
            ),
            "order_not_pending": QCoreApplication.translate(
                "PendingOrders",
                "This order no longer waits for a confirmation: it was confirmed meanwhile. "
                "The list is read again.",
            ),
            "support_session_required": QCoreApplication.translate(
                "PendingOrders", "Open a support session on the customer's company first."
            ),
            "support_session_ended": QCoreApplication.translate(
                "PendingOrders",
                "The support session has ended. Open a new one with the customer's support "
                "password.",
            ),
            "not_found": QCoreApplication.translate(
                "PendingOrders", "This order is not the customer company's, or it is gone."
            ),
        }
        if exc.code in texts:
            return texts[exc.code]
    return online_error_text(exc)
