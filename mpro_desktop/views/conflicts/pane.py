"""Conflicts: changes the portal refused, with mine vs theirs and a decision each."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mpro_desktop import settings
from mpro_desktop.domain.accounts import Permission
from mpro_desktop.models.conflicts import ConflictTableModel, conflict_rows, reason_text
from mpro_desktop.models.table import RowIdRole
from mpro_desktop.views.common.operations import run_in_background, run_write
from mpro_desktop.views.common.pane import Pane, PaneContext
from mpro_desktop.views.common.style import heading, set_tone
from mpro_desktop.views.common.table_layout import fit_columns

if TYPE_CHECKING:  # the cache loads SQLAlchemy, which the first paint does without
    from mpro_desktop.sync.cache import Cache

log = logging.getLogger(__name__)


class ConflictsPane(Pane):
    NAME = "conflicts"
    TITLE = QT_TRANSLATE_NOOP("Navigation", "Conflicts")
    ENTITIES = frozenset({"conflict"})
    PERMISSION = Permission.READ
    BUILD_AT_START = True  # its count in the navigation

    def __init__(self, context: PaneContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.model = ConflictTableModel(self)
        title = heading(self.tr("Conflicts"))
        intro = QLabel(
            self.tr(
                "Changes made here that the portal did not accept. Nothing is decided "
                "for you: compare your version with the portal's and choose."
            )
        )
        intro.setWordWrap(True)
        set_tone(intro, "muted")
        self.table = QTableView()
        self.table.setAccessibleName(self.tr("Changes not accepted"))
        self.table.setTabKeyNavigation(False)  # Tab moves on to the comparison
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self._show_current)
        # The user's column widths are kept; else sized on the first conflicts listed.
        self._columns_sized = self.table.horizontalHeader().restoreState(
            settings.pane_header(self.NAME).get()
        )

        self.reason = QLabel()
        self.reason.setWordWrap(True)
        self.diff = QTableWidget(0, 3)
        self.diff.setAccessibleName(self.tr("Your version and the portal's"))
        self.diff.setTabKeyNavigation(False)
        self.diff.setHorizontalHeaderLabels(
            [self.tr("Field"), self.tr("Your version"), self.tr("Portal version")]
        )
        self.diff.verticalHeader().hide()
        self.diff.horizontalHeader().setStretchLastSection(True)
        self.diff.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.keep_mine_button = QPushButton(self.tr("Keep my version"))
        self.keep_mine_button.setToolTip(
            self.tr("Send your change again, on top of the portal's version")
        )
        self.take_theirs_button = QPushButton(self.tr("Use portal version"))
        self.take_theirs_button.setToolTip(self.tr("Accept the portal's version"))
        self.keep_mine_button.clicked.connect(self._keep_mine)
        self.take_theirs_button.clicked.connect(self._take_theirs)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.keep_mine_button)
        buttons.addWidget(self.take_theirs_button)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.reason)
        layout.addWidget(self.diff, 1)
        layout.addLayout(buttons)
        self._show_current()

    def reload(self) -> None:
        cache = self.cache

        def done(records: list[dict]) -> None:
            current = self._current()
            self.model.set_rows(conflict_rows(records))
            if not self._columns_sized and self.model.rowCount():
                fit_columns(self.table)
                self._columns_sized = True
            self.sig_attention.emit(self.model.rowCount())
            if current and self.model.row_for_id(current["id"]) is not None:
                self.table.selectRow(self.model.row_for_id(current["id"]))
            elif self.model.rowCount():
                self.table.selectRow(0)
            self._show_current()

        run_in_background(
            cache.conflicts, done, lambda e: log.warning("conflicts: %s", e), owner=self
        )

    def save_layout(self) -> None:
        settings.pane_header(self.NAME).set(self.table.horizontalHeader().saveState())

    def _current(self) -> dict | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        row = self.model.row_for_id(index.data(RowIdRole))
        return None if row is None else self.model.row_dict(row)

    def _show_current(self, *_args) -> None:
        conflict = self._current()
        self.diff.setRowCount(0)
        if conflict is None:
            self.reason.setText(self.tr("No open conflicts.") if not self.model.rowCount() else "")
            self.keep_mine_button.setEnabled(False)
            self.take_theirs_button.setEnabled(False)
            return
        self.reason.setText(reason_text(conflict))
        field_names = {
            "name": self.tr("Name"),
            "license_plate": self.tr("Licence plate"),
            "vin": self.tr("VIN"),
        }
        # Loads SQLAlchemy, so on first use, after the first paint (startup.py).
        from mpro_desktop.sync import conflicts as resolution

        for d in resolution.differences(conflict):
            r = self.diff.rowCount()
            self.diff.insertRow(r)
            for c, text in enumerate(
                (field_names.get(d.field, d.field), _show(d.mine), _show(d.theirs))
            ):
                self.diff.setItem(r, c, QTableWidgetItem(text))
        self.keep_mine_button.setEnabled(resolution.can_keep_mine(conflict))
        self.take_theirs_button.setEnabled(True)
        self.take_theirs_button.setText(
            self.tr("Use portal version")
            if conflict.get("result") == "conflict"
            else self.tr("Dismiss")
        )

    def _keep_mine(self) -> None:
        # Loads SQLAlchemy, so on first use, after the first paint (startup.py).
        from mpro_desktop.sync import conflicts as resolution

        self._decide(resolution.keep_mine)

    def _take_theirs(self) -> None:
        # Loads SQLAlchemy, so on first use, after the first paint (startup.py).
        from mpro_desktop.sync import conflicts as resolution

        self._decide(resolution.take_theirs)

    def _decide(self, decision: Callable[[Cache, dict], None]) -> None:
        """Apply ``decision`` to the conflict shown, off the UI thread; the buttons stay
        off until the list is read again, so one click is one decision."""
        conflict = self._current()
        if conflict is None:
            return
        self.keep_mine_button.setEnabled(False)
        self.take_theirs_button.setEnabled(False)
        cache, record = self.cache, {**conflict, "id": conflict["conflict_id"]}
        # The vehicle row may show the portal's version again (or re-queued mine).
        run_write(
            lambda: decision(cache, record),
            changes={"conflict", "vehicle"},
            listener=self.context,
            on_failure=self._decision_failed,
            owner=self,
        )

    def _decision_failed(self, exc: BaseException) -> None:
        log.warning("conflict decision failed: %s", exc)
        self.reason.setText(str(exc))
        self.reload()


def _show(value) -> str:
    return "–" if value in (None, "") else str(value)
