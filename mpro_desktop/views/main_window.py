"""The main window: navigation on the left, one pane per area, sync status below."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from mpro_desktop.models.products import ProductTableModel
from mpro_desktop.models.users import UserTableModel
from mpro_desktop.sync.cache import Cache
from mpro_desktop.views.conflicts_pane import ConflictsPane
from mpro_desktop.views.dashboard import DashboardPane
from mpro_desktop.views.list_pane import ListPane
from mpro_desktop.views.status_bar import SyncStatusBar
from mpro_desktop.views.vehicles_pane import SyncRequests, VehiclesPane


class MainWindow(QMainWindow):
    def __init__(
        self,
        cache: Cache,
        sync: SyncRequests | None,
        *,
        user_label: str = "",
        portal_label: str = "",
        offline: bool = False,
    ) -> None:
        super().__init__()
        self.cache = cache
        self.setWindowTitle(self.tr("MPRO Desktop"))
        self.resize(1400, 860)
        self.dashboard = DashboardPane(cache)
        self.vehicles = VehiclesPane(cache, None if offline else sync)
        self.users = ListPane(
            self.tr("Users"),
            UserTableModel(),
            cache.users,
            self.tr(
                "Users and their roles. Inviting users and changing roles come in a later version."
            ),
        )
        self.products = ListPane(
            self.tr("Products"),
            ProductTableModel(),
            cache.products,
            self.tr(
                "The portal and vehicle administration are free; paid products are billed per term."
            ),
        )
        self.conflicts = ConflictsPane(cache)
        self.sync = None if offline else sync
        self.conflicts.sig_count_changed.connect(self._on_conflict_count)
        self.conflicts.sig_resolved.connect(self._on_conflict_resolved)
        self.stack = QStackedWidget()
        self.nav = QListWidget()
        self.nav.setFixedWidth(180)
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setStyleSheet(
            "QListWidget { font-size: 11pt; } QListWidget::item { padding: 8px; }"
        )
        for label, pane in (
            (self.tr("Dashboard"), self.dashboard),
            (self.tr("Vehicles"), self.vehicles),
            (self.tr("Users"), self.users),
            (self.tr("Products"), self.products),
            (self.tr("Conflicts"), self.conflicts),
        ):
            self.stack.addWidget(pane)
            QListWidgetItem(label, self.nav)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.nav.currentRowChanged.connect(self._on_pane_changed)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.status = SyncStatusBar()
        self.setStatusBar(self.status)
        who = QLabel(f"{user_label} · {portal_label}" if portal_label else user_label)
        who.setStyleSheet("color: #555; padding: 0 6px;")
        who.setAlignment(Qt.AlignmentFlag.AlignLeft)
        self.status.addWidget(who)
        if offline:
            self.status.set_state("offline_mode", cache.pending_count())
        self._build_menus(offline)
        self.nav.setCurrentRow(1)

    sig_sign_out = Signal()
    """The user chose "Sign out": forget the keychain token and close."""

    def _build_menus(self, offline: bool) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        sync_now = QAction(self.tr("Sync now"), self)
        sync_now.setShortcut(QKeySequence("Ctrl+R"))
        sync_now.setEnabled(not offline)
        sync_now.triggered.connect(lambda: self.sync is not None and self.sync.request_sync())
        file_menu.addAction(sync_now)
        add = QAction(self.tr("Add vehicle…"), self)
        add.setShortcut(QKeySequence.StandardKey.New)
        add.triggered.connect(lambda: (self.show_pane("vehicles"), self.vehicles.add_vehicle()))
        file_menu.addAction(add)
        file_menu.addSeparator()
        sign_out = QAction(self.tr("Sign out"), self)
        sign_out.triggered.connect(self._sign_out)
        file_menu.addAction(sign_out)
        quit_action = QAction(self.tr("Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        find = QAction(self.tr("Find vehicle"), self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(
            lambda: (self.show_pane("vehicles"), self.vehicles.search.setFocus())
        )
        self.addAction(find)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        support = QAction(self.tr("Support and contacts…"), self)
        support.triggered.connect(self.show_support)
        help_menu.addAction(support)

    def show_support(self) -> None:
        from mpro_desktop.views.support_dialog import SupportDialog

        company = self.cache.company() or {}
        dialog = SupportDialog(company.get("country"), self)
        dialog.open()

    def _sign_out(self) -> None:
        self.sig_sign_out.emit()
        self.close()

    def attach_sync(self, sync: SyncRequests) -> None:
        """The sync worker came up (demo: after the portal started)."""
        self.sync = sync
        self.vehicles.sync = sync
        self.vehicles.commands.sync = sync
        self.vehicles.reselect()

    def show_pane(self, name: str) -> None:
        index = {"dashboard": 0, "vehicles": 1, "users": 2, "products": 3, "conflicts": 4}[name]
        self.nav.setCurrentRow(index)

    def _on_pane_changed(self, index: int) -> None:
        pane = self.stack.widget(index)
        # Vehicles follow the sync; the dashboard refreshes itself when shown.
        if hasattr(pane, "reload") and pane not in (self.vehicles, self.dashboard):
            pane.reload()

    def reload_all(self) -> None:
        self.vehicles.reload()
        self.dashboard.reload()
        self.users.reload()
        self.products.reload()
        self.conflicts.reload()

    def _on_conflict_count(self, n: int) -> None:
        item = self.nav.item(4)
        item.setText(self.tr("Conflicts (%1)").replace("%1", str(n)) if n else self.tr("Conflicts"))
        item.setForeground(QColor("#b3261e") if n else QColor("#000"))

    def _on_conflict_resolved(self) -> None:
        self.vehicles.reload()
        if self.sync is not None:
            self.sync.request_sync()

    def on_conflicts(self, records: list) -> None:
        """The worker recorded refused changes: show the count and tell the user once."""
        self.conflicts.reload()
        if records:
            n = len(records)
            text = (
                self.tr("1 change was not accepted by the portal: see Conflicts.")
                if n == 1
                else self.tr("%n changes were not accepted by the portal: see Conflicts.", "", n)
            )
            self.status.showMessage(text, 15000)

    # -- sync worker signals ------------------------------------------------
    def on_synced(self, entities: set[str]) -> None:
        self.status.set_synced()
        if not entities:
            return
        if entities & {"vehicle", "vehicle_status"}:
            self.vehicles.reload()
        if "command" in entities:
            self.vehicles.commands.reload()
        if "user" in entities:
            self.users.reload()
        if "product" in entities:
            self.products.reload()
        self.dashboard.reload()

    def on_state_changed(self, state: str, pending: int) -> None:
        self.status.set_state(state, pending)

    def on_command(self, _command: dict) -> None:
        """A command changed state on the portal (SSE); the cache already has it."""
        self.vehicles.commands.reload()

    def on_telemetry(self, samples_by_vehicle: dict) -> None:
        self.vehicles.on_telemetry(samples_by_vehicle)
