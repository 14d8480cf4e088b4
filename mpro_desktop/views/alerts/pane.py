"""Alerts: what needs a fleet manager's attention, newest first; acknowledge or close.

Both actions go through the outbox (``alert.acknowledge`` / ``alert.close``), so they
work offline and show at once; the portal closes an alert by itself when its condition
clears, and the feed brings that here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QMessageBox, QPushButton, QWidget

from mpro_desktop.domain import alerts as rules
from mpro_desktop.domain.accounts import Permission
from mpro_desktop.models.alerts import AlertTableModel
from mpro_desktop.models.table import RowTableModel
from mpro_desktop.views.common.list_pane import ListPane
from mpro_desktop.views.common.operations import run_write
from mpro_desktop.views.common.pane import PaneContext
from mpro_desktop.views.common.permissions import first, gate, why_not

if TYPE_CHECKING:  # the cache loads SQLAlchemy, which the first paint does without
    from mpro_desktop.sync.cache import Cache


class AlertsPane(ListPane):
    NAME = "alerts"
    TITLE = QT_TRANSLATE_NOOP("Navigation", "Alerts")
    ENTITIES = frozenset({"alert", "vehicle"})
    PERMISSION = Permission.READ
    BUILD_AT_START = True  # its count in the navigation, tray notifications, a File menu entry

    def __init__(self, context: PaneContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.acknowledge_button = QPushButton(self.tr("Acknowledge"))
        self.acknowledge_button.setAccessibleName(self.tr("Acknowledge the selected alert"))
        self.close_button = QPushButton(self.tr("Close alert"))
        self.close_button.setAccessibleName(self.tr("Close the selected alert"))
        self.acknowledge_button.clicked.connect(lambda: self._step("acknowledge"))
        self.close_button.clicked.connect(lambda: self._step("close"))
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.acknowledge_button)
        row.addWidget(self.close_button)
        self.layout().addLayout(row)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.update_actions())
        for signal in (self.model.modelReset, self.model.dataChanged, self.model.layoutChanged,
                       self.model.rowsRemoved):
            signal.connect(lambda *_: self.update_actions())  # the selected alert moved on
        context.sig_account_changed.connect(lambda _a: self.update_actions())
        self.update_actions()
        # the navigation's count and the tray: once per batch of model changes
        from mpro_desktop.views.tray import AlertNotifier  # QSystemTrayIcon: not at start

        self.notifier = AlertNotifier(self)
        self.notifier.sig_clicked.connect(self.sig_show_requested)
        self._recount_timer = QTimer(self, singleShot=True, interval=0)
        self._recount_timer.timeout.connect(self._recount)
        for signal in (self.model.modelReset, self.model.dataChanged, self.model.rowsInserted,
                       self.model.rowsRemoved):
            signal.connect(lambda *_: self._recount_timer.start())

    def _recount(self) -> None:
        rows = [self.model.row_dict(i) for i in range(self.model.rowCount())]
        self.sig_attention.emit(sum(rules.open_by_severity(rows).values()))
        self.notifier.update(rows)

    def menu_actions(self) -> list[QAction]:
        return [self.notifier.action]

    def make_model(self) -> RowTableModel:
        return AlertTableModel(self)

    @staticmethod
    def read(cache: Cache) -> list[dict]:
        return cache.alerts()

    def note(self) -> str:
        return self.tr("An alert closes by itself when its cause is gone. Acknowledge one to "
                       "tell your colleagues that someone is on it.")

    def selected(self) -> dict | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.row_dict(self.proxy.mapToSource(rows[0]).row())

    def update_actions(self) -> None:
        alert = self.selected()
        role = why_not(self.context.account, Permission.MANAGE_ALERTS)
        none = self.tr("Select an alert first.") if alert is None else None
        state = (alert or {}).get("state")
        pending = self.tr("Waiting for the connection to send your last step.") if (
            alert and alert.get("pending_op")) else None
        gate(self.acknowledge_button, first(role, none, pending, None if state == rules.OPEN else
                                            self.tr("Only an open alert can be acknowledged.")))
        gate(self.close_button, first(role, none, pending, None if state in rules.LIVE_STATES else
                                      self.tr("The alert is closed already.")))

    def _step(self, which: str) -> None:
        from mpro_desktop.sync import outbox
        from mpro_desktop.sync.entities import alert as entity

        chosen = self.selected()
        if chosen is None:
            return
        mutation = entity.ACKNOWLEDGE if which == "acknowledge" else entity.CLOSE
        cache, alert_id = self.cache, str(chosen["id"])

        def failed(exc: BaseException) -> None:
            QMessageBox.warning(self, self.tr("Alerts"), self.tr(
                "The alert could not be changed: %1").replace("%1", str(exc)))

        run_write(lambda: outbox.submit(cache, mutation, alert_id), changes={"alert"},
                  listener=self.context, on_failure=failed, owner=self)
