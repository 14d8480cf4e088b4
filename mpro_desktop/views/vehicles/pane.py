"""Vehicles pane: searchable table over the cache, detail with live chart, add/rename.

User intent goes view → domain rule → cache + outbox in one local transaction
(``sync.outbox``, run off the UI thread by ``run_write``) → the window refreshes what
shows vehicles and the sync worker pushes it; so everything here works offline.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mpro_desktop import settings
from mpro_desktop.domain.accounts import Permission
from mpro_desktop.domain.telemetry import energy_field
from mpro_desktop.domain.vehicles import NAME_MAX
from mpro_desktop.domain.vin import InvalidVin
from mpro_desktop.models import exports
from mpro_desktop.models.filter_proxy import RowFilterProxy
from mpro_desktop.models.selection import VehicleSelection
from mpro_desktop.models.table import RowIdRole
from mpro_desktop.models.vehicles import (
    VehicleTableModel,
    attach_products,
    normalise_vehicle_rows,
)
from mpro_desktop.views.common.chart_slot import WINDOW_S
from mpro_desktop.views.common.flow_layout import FlowLayout
from mpro_desktop.views.common.operations import run_in_background, run_write
from mpro_desktop.views.common.pane import Pane, PaneContext
from mpro_desktop.views.common.permissions import gate, why_not
from mpro_desktop.views.common.table_layout import (
    column_need,
    columns_width,
    fit_columns,
    keep_sort_arrow_room,
)
from mpro_desktop.views.common.vertical_scroll import VerticalScrollArea
from mpro_desktop.views.vehicles.add_dialog import AddVehicleDialog, vin_message
from mpro_desktop.views.vehicles.detail import VehicleDetail
from mpro_desktop.views.vehicles.history import HistoryControl
from mpro_desktop.views.vehicles.import_dialog import ImportVehiclesDialog, list_separator
from mpro_desktop.views.vehicles.remote_commands import RemoteCommandsBox

log = logging.getLogger(__name__)

# Widest the State and Sync columns are sized to: "Driving, as of 2026-11-30 14:02"
# or "Waiting to upload (changed)" elide there, their full text in the tooltip.
STATE_COLUMN_CAP = 110
SYNC_COLUMN_CAP = 90
# The active products ("Digital logbook, Fleet management, …") elide there too.
PRODUCTS_COLUMN_CAP = 130


# Shown in the detail, and hidden from the table on a first start so that module,
# products and last contact fit next to the detail at 1280×800; the header's context
# menu shows them again (kept with the column widths, per language).
HIDDEN_BY_DEFAULT = ("fuel_type", "speed", "odometer")


class VehiclesPane(Pane):
    sig_exported = Signal(str)
    """A CSV export was written to this path."""

    NAME = "vehicles"
    TITLE = QT_TRANSLATE_NOOP("Navigation", "Vehicles")
    # "subscription" and "product": the Products column (names of active subscriptions)
    ENTITIES = frozenset(
        {"vehicle", "vehicle_status", "command", "telemetry", "subscription", "product"}
    )
    PERMISSION = Permission.READ
    BUILD_AT_START = True  # File menu entries, window shortcuts, the selection the map targets

    def __init__(self, context: PaneContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.model = VehicleTableModel(self)
        self.proxy = RowFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        #: The one target of the detail, the charts and every action (see _bind_to_view).
        self.selection = VehicleSelection(self)
        #: A vehicle to select once the next reload shows it (e.g. one just added).
        self._want_id: str | None = None
        self._applying = False
        self._reloading = False
        self._reload_again = False

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search name, VIN, plate…"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Search vehicles"))
        self.search.textChanged.connect(self._on_search)
        self.count_label = QLabel()
        self.add_button = QPushButton(self.tr("Add vehicle…"))
        self.add_button.clicked.connect(self.add_vehicle)
        self.remove_button = QPushButton(self.tr("Remove…"))
        self.remove_button.setEnabled(False)
        self.remove_button.clicked.connect(self.remove_selected)
        self.import_button = QPushButton(self.tr("Import…"))
        self.import_button.setToolTip(self.tr("Add many vehicles from a CSV file"))
        self.import_button.clicked.connect(self.import_vehicles)
        self.export_button = QToolButton()
        self.export_button.setText(self.tr("Export"))
        self.export_button.setToolTip(self.tr("Save the vehicle list or the subscriptions as CSV"))
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        export_menu = QMenu(self.export_button)
        export_menu.addAction(self.tr("Vehicles (CSV)…"), lambda: self.export_csv("vehicles"))
        export_menu.addAction(
            self.tr("Subscriptions (CSV)…"), lambda: self.export_csv("subscriptions")
        )
        self.export_button.setMenu(export_menu)
        # wraps (buttons under the search) on a narrow window instead of widening it
        bar = FlowLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.count_label)
        bar.addWidget(self.add_button)
        bar.addWidget(self.import_button)
        bar.addWidget(self.export_button)
        bar.addWidget(self.remove_button)

        self.table = QTableView()
        self.table.setAccessibleName(self.tr("Vehicles"))
        self.table.setTabKeyNavigation(False)  # Tab moves on to the detail, not a cell
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        # Size columns from the first screenful, not 1,000 rows of Python data() calls.
        header.setResizeContentsPrecision(40)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)  # full text: tooltip
        self.table.selectionModel().selectionChanged.connect(self._bind_to_view)
        # A reset of the proxy (search, reload) drops the selection without a signal.
        self.proxy.modelReset.connect(self._restore_selection)
        # Column widths, order and sort column as the user left them in this language
        # (else sized to the first rows' contents on the first load).
        self._header_restored = header.restoreState(settings.pane_header(self.NAME).get())
        # The name takes what the other columns leave (they are sized to their
        # contents and can be resized); long free texts are capped and elide.
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(self.model.column_index("name"), QHeaderView.ResizeMode.Stretch)
        self._column_caps = {
            self.model.column_index("state"): STATE_COLUMN_CAP,
            self.model.column_index("sync"): SYNC_COLUMN_CAP,
            self.model.column_index("products"): PRODUCTS_COLUMN_CAP,
        }
        keep_sort_arrow_room(self.table)
        if not self._header_restored:
            for key in HIDDEN_BY_DEFAULT:
                header.hideSection(self.model.column_index(key))
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)

        self.commands = RemoteCommandsBox(context, selection=self.selection)
        self.detail = VehicleDetail(commands=self.commands, selection=self.selection)
        # the chart's period (live or days of history), right above the chart
        self.history = HistoryControl(context, self.selection, self.detail.chart_slot)
        detail_layout = self.detail.layout()
        detail_layout.insertWidget(detail_layout.indexOf(self.detail.chart_slot), self.history)
        self.detail.sig_rename_requested.connect(self.rename_vehicle)
        self.detail.now = lambda: self.model.now()
        # data that turned old by the clock alone: the detail says "as of" too
        self.model.sig_turned_stale.connect(self._on_turned_stale)
        self.detail.chart_slot.sig_installed.connect(self.reselect)

        # The detail scrolls when the window is too small for it, instead of squeezing
        # its labels, buttons and chart on top of each other.
        self.detail_scroll = VerticalScrollArea(self.detail)
        self.detail_scroll.setAccessibleName(self.tr("Vehicle details"))

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail_scroll)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([720, 480])
        # The saved sizes, put back when the pane is first shown: only then has the
        # splitter its real width (set earlier, Qt rescales them).
        self._splitter_state = settings.VEHICLES_SPLITTER.get()
        # No saved sizes: once the columns are sized, give the table what they need.
        self._fit_splitter_pending = len(self._splitter_state) != 2
        self.splitter.splitterMoved.connect(self._splitter_moved_by_user)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)
        self._update_count()
        self._add_key_actions()
        context.sig_account_changed.connect(lambda _account: self._gate_edits())
        self._gate_edits()
        # the map (another pane) asks for a vehicle; everyone hears where the target went
        context.sig_vehicle_requested.connect(self._on_vehicle_requested)
        self.selection.changed.connect(
            lambda v: context.sig_vehicle_targeted.emit(None if v is None else v["id"]))

    # -- who may change the fleet (the portal checks the same table) -----------------
    def edit_refusal(self) -> str | None:
        """Why the signed-in user may not add, rename or remove vehicles, or None."""
        return why_not(self.context.account, Permission.MANAGE_VEHICLES)

    def move_refusal(self) -> str | None:
        """Why the signed-in user may not move vehicles to another account (R9: the
        path ends with deleting this account, an admin's decision), or None."""
        return why_not(self.context.account, Permission.MANAGE_COMPANY)

    def _gate_edits(self) -> None:
        gate(self.move_action, self.move_refusal())
        refusal = self.edit_refusal()
        selected = self.selection.vehicle_id is not None
        self.detail.edit_refusal = refusal
        for target, needs_selection in (
            (self.add_button, False),
            (self.remove_button, True),
            (self.import_button, False),
            (self.detail.rename_button, True),
            (self.remove_action, False),
            (self.rename_action, False),
        ):
            tip = self._edit_tips.get(id(target), "")
            if refusal is not None:
                gate(target, refusal)
            else:
                gate(target, None, tip)
                target.setEnabled(selected or not needs_selection)

    # -- layout the user expects back (window closes -> save_layout) ----------------
    def save_layout(self) -> None:
        settings.pane_header(self.NAME).set(self.table.horizontalHeader().saveState())
        if self._splitter_state is None:  # else never shown: the saved sizes stand
            settings.VEHICLES_SPLITTER.set(self.splitter.sizes())

    def _splitter_moved_by_user(self, *_args) -> None:
        self._fit_splitter_pending = False

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._splitter_state is not None:
            if len(self._splitter_state) == 2:
                self.splitter.setSizes(self._splitter_state)
            self._splitter_state = None
        self._fit_splitter()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_splitter()

    def _fit_splitter(self) -> None:
        """First start: give the table what its columns need to show in full, the
        detail the rest but at least its minimum width (it scrolls up and down); with
        too little room for both the table gets all but the detail's minimum (the
        name column elides first, then the table scrolls sideways)."""
        if not self._fit_splitter_pending or not self.isVisible() or not self.model.rowCount():
            return
        total = sum(self.splitter.sizes())
        if total <= 0:
            return
        need = columns_width(self.table)
        detail = max(self.detail_scroll.minimumSizeHint().width(), total - need)
        self.splitter.setSizes([max(0, total - detail), detail])

    # -- which columns show (the header's context menu) ---------------------------
    def column_menu(self) -> QMenu:
        """One checkable entry per column; the name always shows."""
        header = self.table.horizontalHeader()
        menu = QMenu(self)
        for column in range(self.model.columnCount()):
            if column == self.model.column_index("name"):
                continue
            title = self.model.headerData(column, Qt.Orientation.Horizontal)
            action = menu.addAction(title)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(column))
            action.toggled.connect(lambda on, c=column: self.show_column(c, on))
        return menu

    def _column_menu(self, pos) -> None:
        menu = self.column_menu()
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.table.horizontalHeader().mapToGlobal(pos))

    def show_column(self, column: int, shown: bool) -> None:
        header = self.table.horizontalHeader()
        if shown:
            header.showSection(column)
            width = column_need(self.table, column)
            cap = self._column_caps.get(column)
            header.resizeSection(column, min(width, cap) if cap else width)
        else:
            header.hideSection(column)

    # -- loading ------------------------------------------------------------
    def reload(self) -> None:
        """Re-read vehicles from the cache off the UI thread; keeps the selection."""
        if self._reloading:
            self._reload_again = True
            return
        self._reloading = True
        cache = self.cache

        def done(rows: list[dict]) -> None:
            self._reloading = False
            self._apply_rows(rows)
            if self._reload_again:
                self._reload_again = False
                self.reload()

        def failed(exc: BaseException) -> None:
            self._reloading = False
            log.warning("could not read vehicles from the cache: %s", exc)

        def read() -> list[dict]:
            rows = normalise_vehicle_rows(cache.vehicles())
            return attach_products(rows, cache.subscriptions(), cache.products())

        run_in_background(read, done, failed, owner=self)

    def show_rows(self, rows: list[dict]) -> None:
        """Show rows read elsewhere (the start-up snapshot) as if reloaded."""
        self._apply_rows(normalise_vehicle_rows(rows))

    def _apply_rows(self, rows: list[dict]) -> None:
        first_load = self.model.rowCount() == 0
        self._applying = True
        try:
            self.model.set_rows(rows)
            if self.table.isSortingEnabled():
                self.proxy.sort(
                    self.table.horizontalHeader().sortIndicatorSection(),
                    self.table.horizontalHeader().sortIndicatorOrder(),
                )
        finally:
            self._applying = False
        self._update_count()
        if first_load and self.selection.vehicle_id is None and self._want_id is None:
            if self.proxy.rowCount() > 0:
                self._select_proxy_row(self.proxy.index(0, 0))
        self._restore_selection()
        if first_load and not self._header_restored:
            fit_columns(self.table, self._column_caps)
        if first_load:
            self._fit_splitter()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if shown == total:
            self.count_label.setText(
                self.tr("1 vehicle") if total == 1 else self.tr("%n vehicles", "", total)
            )
        else:
            self.count_label.setText(
                self.tr("%1 of %2 vehicles").replace("%1", str(shown)).replace("%2", str(total))
            )

    def _on_search(self, text: str) -> None:
        self.proxy.set_search(text)  # resets the proxy → _restore_selection
        self._update_count()

    # -- selection: the one target ------------------------------------------
    def selected_row_id(self) -> str | None:
        """The id of the row the user sees selected (None if hidden or none)."""
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(RowIdRole) if len(rows) == 1 else None

    def _bind_to_view(self, *_args) -> None:
        """The one place the target changes: it becomes the row the user sees selected.

        Everything else (detail, chart, command box, Rename, Remove) follows
        ``self.selection``; so whatever path changed the table, they cannot diverge.
        """
        if self._applying:
            return
        vid = self.selected_row_id()
        row = None if vid is None else self.model.row_for_id(vid)
        vehicle = None if row is None else self.model.row_dict(row)
        self.remove_button.setEnabled(vehicle is not None and self.edit_refusal() is None)
        previous = self.selection.vehicle_id
        self.selection.set(vehicle)
        if vehicle is not None and vehicle["id"] != previous:
            self._load_history(vehicle)

    def _restore_selection(self) -> None:
        """After the rows changed: select the wanted or the bound vehicle if still shown."""
        if self._applying:
            return
        want = self._want_id or self.selection.vehicle_id
        index = self._proxy_index_of(want)
        if index is not None:
            self._want_id = None if want == self._want_id else self._want_id
            if self.selected_row_id() == want:
                self._bind_to_view()  # same vehicle, maybe new data (a rename)
            else:
                self._select_proxy_row(index)
        else:
            # Gone, or hidden by the search: the detail clears; nothing targets it.
            if self._want_id is not None and self.model.row_for_id(self._want_id) is not None:
                self._want_id = None  # added but filtered out: don't keep wanting it
            self.table.selectionModel().clearSelection()
            self._bind_to_view()

    def _proxy_index_of(self, vehicle_id: str | None):
        if vehicle_id is None:
            return None
        row = self.model.row_for_id(vehicle_id)
        if row is None:
            return None
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        return index if index.isValid() else None

    def _select_proxy_row(self, index) -> None:
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)

    def select_vehicle(self, vehicle_id: str) -> None:
        index = self._proxy_index_of(vehicle_id)
        if index is not None:
            self._select_proxy_row(index)

    def _on_vehicle_requested(self, vehicle_id: str, show: bool) -> None:
        """Select ``vehicle_id`` in the table like a click there (a search hiding it is
        cleared), so the one selection and every action follow the row the user sees."""
        if self.model.row_for_id(vehicle_id) is None:
            return
        if self._proxy_index_of(vehicle_id) is None and self.search.text():
            self.search.clear()
        self.select_vehicle(vehicle_id)
        if show:
            self.sig_show_requested.emit()

    def reselect(self) -> None:
        """Load the selected vehicle's chart again (e.g. once the portal is reachable)."""
        vehicle = self.selection.vehicle
        if vehicle is not None:
            self.detail.chart.reset(energy_field(vehicle.get("fuel_type") or ""))
            self._load_history(vehicle)

    def _load_history(self, vehicle: dict) -> None:
        if not self.detail.chart_slot.installed:
            return  # read once the chart is there (sig_installed -> reselect)
        vid = vehicle["id"]
        since = time.time() - WINDOW_S
        fields = ("speed_kmh", energy_field(vehicle.get("fuel_type") or ""))
        cache = self.cache

        def loaded(columns: dict) -> None:
            if self.selection.vehicle_id == vid:
                self.detail.chart.add_arrays(columns)

        run_in_background(
            lambda: cache.telemetry(vid, since, fields),
            loaded,
            lambda exc: log.warning("could not read telemetry: %s", exc),
            owner=self,
        )
        if self.sync is not None:
            self.sync.request_backfill(vid, since)

    def on_telemetry(self, samples_by_vehicle: dict[str, list[dict]]) -> None:
        """Live samples from the sync worker (already coalesced to ≤ 10 Hz)."""
        self.model.apply_samples(samples_by_vehicle)
        vid = self.selection.vehicle_id
        if vid and vid in samples_by_vehicle:
            self.detail.chart.add_samples(samples_by_vehicle[vid])
            row = self.model.row_for_id(vid)
            if row is not None:
                self.selection.set(self.model.row_dict(row))

    def _on_turned_stale(self, ids: list[str]) -> None:
        vid = self.selection.vehicle_id
        if vid in ids:
            row = self.model.row_for_id(vid)
            if row is not None:  # the same data, read against the clock again
                self.detail.update_status(self.model.row_dict(row))

    # -- navigation hooks (Pane) ---------------------------------------------------
    def on_entities_changed(self, entities: frozenset[str]) -> None:
        if entities & {"vehicle", "vehicle_status", "subscription", "product"}:
            self.reload()
        if "command" in entities:
            self.commands.reload()

    def on_shown(self) -> None:
        """Nothing to do: the table follows every sync and local change already."""

    def on_sync_attached(self) -> None:
        self.reselect()

    def menu_actions(self) -> list[QAction]:
        add = QAction(self.tr("Add vehicle…"), self)
        add.setShortcut(QKeySequence.StandardKey.New)
        add.triggered.connect(lambda: (self.sig_show_requested.emit(), self.add_vehicle()))
        return [add, self.move_action]

    def shortcuts(self) -> list[QAction]:
        find = QAction(self.tr("Find vehicle"), self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(lambda: (self.sig_show_requested.emit(), self.search.setFocus()))
        return [find]

    def _add_key_actions(self) -> None:
        """Delete and F2 act on the selected vehicle while the focus is in this pane
        (in the search box Delete still deletes text; other panes keep both keys)."""
        self.remove_action = QAction(self.tr("Remove vehicle…"), self)
        self.remove_action.setShortcut(QKeySequence(Qt.Key.Key_Delete))
        self.remove_action.triggered.connect(self.remove_selected)
        self.move_action = QAction(self.tr("Move vehicles to another account…"), self)
        self.move_action.triggered.connect(
            lambda: (self.sig_show_requested.emit(), self.move_vehicles())
        )
        self.rename_action = QAction(self.tr("Rename vehicle…"), self)
        self.rename_action.setShortcut(QKeySequence(Qt.Key.Key_F2))
        self.rename_action.triggered.connect(self._rename_selected)
        for action, button in (
            (self.remove_action, self.remove_button),
            (self.rename_action, self.detail.rename_button),
        ):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
            button.setToolTip(
                f"{action.text()} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
            )
        self.add_button.setToolTip(
            f"{self.add_button.text()} "
            f"({QKeySequence(QKeySequence.StandardKey.New).toString(QKeySequence.SequenceFormat.NativeText)})"
        )
        # the tooltips the edit controls show while allowed (``_gate_edits``)
        self._edit_tips = {
            id(w): w.toolTip()
            for w in (
                self.add_button,
                self.remove_button,
                self.detail.rename_button,
                self.import_button,
            )
        }

    def _rename_selected(self) -> None:
        vid = self.selection.vehicle_id
        if vid is not None and vid == self.selected_row_id():
            self.rename_vehicle(vid)

    # -- user intent: each write runs off the UI thread (run_write) --------------------
    def add_vehicle(self) -> None:
        if self.edit_refusal() is not None:  # Ctrl+N from the menu, while not allowed
            return
        self._ask_to_add(AddVehicleDialog(self))

    def _ask_to_add(self, dialog: AddVehicleDialog) -> None:
        """Show ``dialog``; on OK queue the vehicle; a refusal shows it again, saying why."""
        if not dialog.exec():
            dialog.deleteLater()
            return
        # Loads SQLAlchemy, so on first use, after the first paint (startup.py).
        from mpro_desktop.sync import outbox

        values = dialog.values()
        cache = self.cache

        def added(vehicle_id: str) -> None:
            dialog.deleteLater()
            self._want_id = vehicle_id  # selected once the reload shows it
            if self.proxy.search() and self.search.text():
                self.search.clear()  # a new vehicle the search would hide: show it

        def refused(exc: BaseException) -> None:
            if isinstance(exc, InvalidVin):
                dialog.show_error(vin_message(exc.reason, values["vin"], None))
            elif isinstance(exc, outbox.DuplicateVin):
                dialog.show_error(self.tr("This VIN is already in your vehicle list."))
            else:
                dialog.show_error(str(exc))
            self._ask_to_add(dialog)

        run_write(
            lambda: outbox.add_vehicle(cache, **values),
            changes={"vehicle"},
            listener=self.context,
            on_success=added,
            on_failure=refused,
            owner=self,
        )

    def import_vehicles(self) -> ImportVehiclesDialog | None:
        """Open the CSV import (its own dialog: preview, per-line report, one write)."""
        if self.edit_refusal() is not None:
            return None
        dialog = ImportVehiclesDialog(self.context, self, separator=list_separator())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sig_imported.connect(self._imported)
        dialog.open()
        return dialog

    def export_csv(self, what: str) -> None:
        """Ask where, then write ``what`` ("vehicles" or "subscriptions") off the UI thread."""
        title = (
            self.tr("Export vehicles") if what == "vehicles" else self.tr("Export subscriptions")
        )
        suggested = (
            self.tr("vehicles") if what == "vehicles" else self.tr("subscriptions")
        ) + ".csv"
        path, _filter = QFileDialog.getSaveFileName(
            self, title, suggested, self.tr("CSV files (*.csv)")
        )
        if path:
            self.export_to(path, what)

    def export_to(self, path: str, what: str) -> None:
        """Read the cache, build the file and write it to ``path``, all off the UI
        thread; ``sig_exported(path)`` or a message box says how it went."""
        cache, separator = self.cache, list_separator()

        def write() -> str:
            vehicles = attach_products(
                normalise_vehicle_rows(cache.vehicles()), cache.subscriptions(), cache.products()
            )
            if what == "vehicles":
                data = exports.vehicles_csv(vehicles, separator=separator)
            else:
                data = exports.subscriptions_csv(
                    cache.subscriptions(), vehicles, cache.products(), separator=separator
                )
            Path(path).write_bytes(data)
            return path

        def failed(exc: BaseException) -> None:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            QMessageBox.warning(
                self,
                self.tr("Export"),
                self.tr("The file could not be saved: %1").replace("%1", reason),
            )

        run_in_background(write, self.sig_exported.emit, failed, owner=self)

    def _imported(self, ids: list[str]) -> None:
        if ids:
            self._want_id = ids[0]  # the first imported vehicle, once the reload shows it
            if self.proxy.search() and self.search.text():
                self.search.clear()

    def rename_vehicle(self, vehicle_id: str) -> None:
        if self.edit_refusal() is not None:
            return
        row = self.model.row_for_id(vehicle_id)
        if row is None:
            return
        current = self.model.row_dict(row).get("name") or ""
        name, ok = QInputDialog.getText(
            self, self.tr("Rename vehicle"), self.tr("New name:"), text=current
        )
        name = name.strip()
        if not ok or name == current:
            return
        if len(name) > NAME_MAX:
            QMessageBox.warning(
                self,
                self.tr("Rename vehicle"),
                self.tr("A name has at most %1 characters.").replace("%1", str(NAME_MAX)),
            )
            return
        # Loads SQLAlchemy, so on first use, after the first paint (startup.py).
        from mpro_desktop.sync import outbox

        cache = self.cache
        run_write(
            lambda: outbox.update_vehicle(cache, vehicle_id, name=name or None),
            changes={"vehicle"},
            listener=self.context,
            owner=self,
        )

    def move_vehicles(self) -> None:
        """Open the guided R9 path (``move_dialog``) with the selected vehicle ticked;
        the subscriptions and product names it explains are read off the UI thread."""
        if self.move_refusal() is not None:
            return
        from mpro_desktop.views.vehicles.move_dialog import MoveVehiclesDialog

        cache = self.cache
        vehicles = [self.model.row_dict(r) for r in range(self.model.rowCount())]
        selected = {self.selection.vehicle_id} - {None}

        def read() -> tuple[list[dict], dict[str, str]]:
            names = {str(p["id"]): str(p.get("name") or p["id"]) for p in cache.products()}
            return cache.subscriptions(), names

        def opened(result: tuple[list[dict], dict[str, str]]) -> None:
            subscriptions, names = result
            dialog = MoveVehiclesDialog(
                self.context, vehicles, subscriptions, names, selected, self
            )
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.move_dialog = dialog
            dialog.open()

        run_in_background(
            read, opened, lambda exc: log.warning("move vehicles: %s", exc), owner=self
        )

    def remove_selected(self) -> None:
        if self.edit_refusal() is not None:
            return
        vid = self.selection.vehicle_id
        # Never act on a row the user can't see selected.
        if vid is None or vid != self.selected_row_id() or self.model.row_for_id(vid) is None:
            return
        vehicle = self.model.row_dict(self.model.row_for_id(vid))
        # Removing cannot be undone here: Enter (or a stray Delete, then Enter) says No.
        answer = QMessageBox.question(
            self,
            self.tr("Remove vehicle"),
            self.tr(
                "Remove %1 from the company account?\n\nAll data transfer from its "
                "communication module stops at once. Its history stays readable while "
                "the company has an active service."
            ).replace("%1", vehicle.get("name") or vehicle["vin"]),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        # Loads SQLAlchemy, so on first use, after the first paint (startup.py).
        from mpro_desktop.sync import outbox

        cache = self.cache
        run_write(
            lambda: outbox.remove_vehicle(cache, vid),
            changes={"vehicle"},
            listener=self.context,
            owner=self,
        )
