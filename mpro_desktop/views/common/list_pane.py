"""A read-only searchable list over the cache (Users, Products)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mpro_desktop.models.filter_proxy import RowFilterProxy
from mpro_desktop.models.table import RowTableModel
from mpro_desktop.views.operations import run_in_background
from mpro_desktop.views.style import heading

log = logging.getLogger(__name__)


class ListPane(QWidget):
    def __init__(
        self,
        title: str,
        model: RowTableModel,
        load: Callable[[], list[dict]],
        note: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.load = load
        self.proxy = RowFilterProxy(self)
        self.proxy.setSourceModel(model)
        title_label = heading(title)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search…"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_search)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setResizeContentsPrecision(40)
        top = QHBoxLayout()
        top.addWidget(title_label, 1)
        top.addWidget(self.search)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        if note:
            label = QLabel(note)
            label.setWordWrap(True)
            label.setStyleSheet("color: #555;")
            layout.addWidget(label)
        layout.addWidget(self.table, 1)

    def reload(self) -> None:
        def done(rows: list[dict]) -> None:
            self.model.set_rows(rows)
            self.proxy.sort(
                self.table.horizontalHeader().sortIndicatorSection(),
                self.table.horizontalHeader().sortIndicatorOrder(),
            )
            self.table.resizeColumnsToContents()

        run_in_background(
            self.load, done, lambda exc: log.warning("reload failed: %s", exc), owner=self
        )
