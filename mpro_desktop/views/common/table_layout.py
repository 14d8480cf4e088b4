"""Column widths a user can read: every column as wide as its header and its first
rows, the stretched last column included (Qt keeps that one at its old width)."""

from __future__ import annotations

from PySide6.QtWidgets import QTableView


def fit_columns(table: QTableView) -> None:
    """``resizeColumnsToContents`` for a table whose last section stretches.

    A stretched last section never shrinks below the size it had before stretching
    (100 px by default), so a window just wide enough for the contents still scrolled;
    sizing it with the stretch off makes its content width that floor instead.
    """
    header = table.horizontalHeader()
    stretch = header.stretchLastSection()
    header.setStretchLastSection(False)
    table.resizeColumnsToContents()
    header.setStretchLastSection(stretch)


def columns_width(table: QTableView) -> int:
    """Width the table needs to show every column without scrolling sideways (with
    room for a vertical scroll bar)."""
    header = table.horizontalHeader()
    last = header.logicalIndex(header.count() - 1)
    width = sum(header.sectionSize(i) for i in range(header.count()) if i != last)
    width += max(header.sectionSizeHint(last), table.sizeHintForColumn(last))
    return width + 2 * table.frameWidth() + table.verticalScrollBar().sizeHint().width()
