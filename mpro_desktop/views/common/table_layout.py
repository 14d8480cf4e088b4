"""Column widths a user can read, in as little room as that takes.

Each column is as wide as its first rows and its header text; only the column the table
is sorted by reserves room for the sort arrow (Qt reserves it in every header, ≈ 20 px
a column), and a column that becomes the sort column grows to take it. One column may
stretch over what is left (the vehicle name: it elides, with the full text in its
tooltip); long free texts can be capped the same way.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QTableView


def header_hint(table: QTableView, column: int, *, arrow: bool) -> int:
    """Width the header text of ``column`` needs, with or without the sort arrow."""
    header = table.horizontalHeader()
    shown = header.isSortIndicatorShown()
    if shown == arrow:
        return header.sectionSizeHint(column)
    header.setSortIndicatorShown(arrow)
    try:
        return header.sectionSizeHint(column)
    finally:
        header.setSortIndicatorShown(shown)


def _sorted_column(table: QTableView) -> int:
    header = table.horizontalHeader()
    return header.sortIndicatorSection() if header.isSortIndicatorShown() else -1


def column_need(table: QTableView, column: int) -> int:
    """Width that shows ``column``'s header and its first rows in full."""
    arrow = column == _sorted_column(table)
    return max(table.sizeHintForColumn(column), header_hint(table, column, arrow=arrow))


def fit_columns(table: QTableView, caps: dict[int, int] | None = None) -> None:
    """Size every visible, non-stretching column to :func:`column_need` (at most its
    cap in ``caps``, never below its header text); the stretching one takes the rest."""
    header = table.horizontalHeader()
    caps = caps or {}
    # A stretched last section never shrinks below the size it had before stretching
    # (100 px by default): size it with the stretch off, so that is its content width.
    stretch = header.stretchLastSection()
    header.setStretchLastSection(False)
    try:
        _fit(table, header, caps)
    finally:
        header.setStretchLastSection(stretch)


def _fit(table: QTableView, header: QHeaderView, caps: dict[int, int]) -> None:
    for column in range(header.count()):
        if header.isSectionHidden(column):
            continue
        if header.sectionResizeMode(column) == QHeaderView.ResizeMode.Stretch:
            continue
        width = column_need(table, column)
        if column in caps:
            arrow = column == _sorted_column(table)
            width = min(width, max(caps[column], header_hint(table, column, arrow=arrow)))
        header.resizeSection(column, width)


def keep_sort_arrow_room(table: QTableView) -> None:
    """When the user sorts by another column, widen it for the arrow if it lacks room
    (its header text would be cut)."""
    header = table.horizontalHeader()

    def sorted_by(column: int, _order) -> None:
        if not (0 <= column < header.count()) or header.isSectionHidden(column):
            return
        if header.sectionResizeMode(column) == QHeaderView.ResizeMode.Stretch:
            return
        need = header_hint(table, column, arrow=True)
        if header.sectionSize(column) < need:
            header.resizeSection(column, need)

    header.sortIndicatorChanged.connect(sorted_by)


def columns_width(table: QTableView) -> int:
    """Width the table needs to show every column in full without scrolling sideways
    (with room for a vertical scroll bar)."""
    header = table.horizontalHeader()
    width = 0
    for column in range(header.count()):
        if header.isSectionHidden(column):
            continue
        if header.sectionResizeMode(column) == QHeaderView.ResizeMode.Stretch:
            width += column_need(table, column)
        else:
            width += header.sectionSize(column)
    return width + 2 * table.frameWidth() + table.verticalScrollBar().sizeHint().width()
