"""Search-box filtering on text precomputed by the source model (one home for it).

Filtering is a substring test of the typed phrase (blanks collapsed, any case) on a
lower-cased string per row that the model computed once, fields separated so a phrase
never spans two of them; a keystroke over 100,000 rows does no formatting work.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel

from mpro_desktop.models.table import RowTableModel, SortKeyRole


class RowFilterProxy(QSortFilterProxyModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._needle = ""
        self.setSortRole(SortKeyRole)
        self.setDynamicSortFilter(False)

    def set_search(self, text: str) -> None:
        needle = " ".join(text.lower().split())
        if needle == self._needle:
            return
        self.beginFilterChange()
        self._needle = needle
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        if not self._needle:
            return True
        model = self.sourceModel()
        assert isinstance(model, RowTableModel)
        haystack = model.search_text_at(source_row)
        return self._needle in haystack

    def lessThan(
        self,
        left: QModelIndex | QPersistentModelIndex,
        right: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        a, b = left.data(SortKeyRole), right.data(SortKeyRole)
        if a is None or b is None:  # blanks sort last
            return a is not None
        try:
            return a < b
        except TypeError:
            return str(a) < str(b)
