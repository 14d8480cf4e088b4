"""A read-only searchable list over the cache (Users, Products): a subclass names its
model, what it reads and an optional note."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mpro_desktop import settings
from mpro_desktop.models.filter_proxy import RowFilterProxy
from mpro_desktop.models.table import RowTableModel
from mpro_desktop.views.common.operations import run_in_background
from mpro_desktop.views.common.pane import Pane, PaneContext
from mpro_desktop.views.common.style import heading, muted_label
from mpro_desktop.views.common.table_layout import fit_columns

if TYPE_CHECKING:  # the cache loads SQLAlchemy, which the first paint does without
    from mpro_desktop.sync.cache import Cache

log = logging.getLogger(__name__)


class ListPane(Pane):
    def __init__(self, context: PaneContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.model = self.make_model()
        self.proxy = RowFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        title_label = heading(self.title())
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search…"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Search %1").replace("%1", self.title()))
        self.search.textChanged.connect(self.proxy.set_search)
        self.table = QTableView()
        self.table.setAccessibleName(self.title())
        self.table.setTabKeyNavigation(False)  # Tab leaves the list, not a cell
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setResizeContentsPrecision(40)
        # The user's column widths and sort column are kept; else sized on first rows.
        self._columns_sized = self.table.horizontalHeader().restoreState(
            settings.pane_header(self.NAME).get()
        )
        top = QHBoxLayout()
        top.addWidget(title_label, 1)
        top.addWidget(self.search)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        note = self.note()
        if note:
            label = muted_label(note)
            label.setWordWrap(True)
            layout.addWidget(label)
        layout.addWidget(self.table, 1)

    def save_layout(self) -> None:
        settings.pane_header(self.NAME).set(self.table.horizontalHeader().saveState())

    def make_model(self) -> RowTableModel:
        raise NotImplementedError

    @staticmethod
    def read(cache: Cache) -> list[dict]:
        """The rows to list; runs off the UI thread."""
        raise NotImplementedError

    def note(self) -> str:
        """A sentence under the title (none by default)."""
        return ""

    def reload(self) -> None:
        def done(rows: list[dict]) -> None:
            self.model.set_rows(rows)
            self.proxy.sort(
                self.table.horizontalHeader().sortIndicatorSection(),
                self.table.horizontalHeader().sortIndicatorOrder(),
            )
            if not self._columns_sized and rows:
                fit_columns(self.table)
                self._columns_sized = True

        cache, read = self.cache, self.read
        run_in_background(
            lambda: read(cache), done, lambda exc: log.warning("reload failed: %s", exc), owner=self
        )
