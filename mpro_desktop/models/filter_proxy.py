"""Search and sort for the list panes, done in Python lists rather than per-row callbacks.

``QSortFilterProxyModel`` calls a Python ``filterAcceptsRow``/``lessThan`` once per row
or comparison, which costs seconds at 100,000 vehicles. This proxy keeps the visible
source rows in a list, built by C-level loops (``itertools.compress`` over ``map``) with
no Python call per row:

- **Order**: all source rows in the sort order, one ``list.sort`` over the keys the
  source model computes once per column (:meth:`RowTableModel.sort_keys`), cached until
  the data changes. Filtering never sorts: the shown rows are the order, filtered.
- **Search**: a keystroke keeps the rows of the order whose precomputed search text
  holds the phrase (narrowed from the previous result while the user keeps typing;
  erasing back to a phrase seen moments ago reuses its result).
- **Live data**: while sorted, changed values re-sort the rows (coalesced to at most one
  re-sort per :data:`RESORT_INTERVAL_MS`), so a list sorted by speed stays sorted, and
  persistent indexes (selection, current row) move with their vehicles. The re-sort is
  incremental: the rows whose key changed since the last sort (one C-level comparison
  of the key lists) are taken out and merged back in (timsort of one long sorted run
  plus the changed rows). Rows are never filtered out by a live change: the search is
  over names, not live values.

Matching: the typed phrase (blanks collapsed, any case) must occur within one field.
"""

from __future__ import annotations

import sys
from collections import deque
from itertools import compress, repeat
from operator import contains, is_not, ne, not_
from typing import Any

from PySide6.QtCore import (
    QAbstractProxyModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)

from mpro_desktop.models.table import RowTableModel

Index = QModelIndex | QPersistentModelIndex

#: A source ``dataChanged`` spanning more rows than this repaints the whole view.
_MAP_LIMIT = 512
#: At most one re-sort per this many ms while live data changes the sorted values.
RESORT_INTERVAL_MS = 300
#: Single source -> proxy lookups answered by a scan of the shown rows before the
#: position index (one list of all source rows) is built: a keystroke then costs the
#: one lookup the selection needs, not the whole index.
_SCANS_BEFORE_INDEX = 4
#: A live batch that changed more than this share of the keys is sorted from scratch.
_INCREMENTAL_SHARE = 0.25
_RESORT_NUMPY = True


class RowFilterProxy(QAbstractProxyModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._needle = ""
        self._rows: list[int] = []  # proxy row -> source row
        self._pos: list[int] | None = []  # source row -> proxy row (-1: hidden); lazy
        self._scans_left = _SCANS_BEFORE_INDEX
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        # All source rows in the sort order, what it was computed from, and its texts.
        self._order: list[int] | None = None
        self._order_state: tuple[int, int, Any] | None = None  # column, order, generation
        self._order_keys: list[Any] | None = None  # a copy of the keys it was sorted by
        self._order_present = 0  # rows of the order with a key (the rest: blanks, last)
        self._order_serial = 0  # bumped whenever the order changes (match cache key)
        self._order_texts: tuple[int, int, list[str]] | None = None
        self._last_match: tuple[str, list[int]] | None = None
        self._recent: dict[str, list[int]] = {}  # needle -> matches, for erasing
        self._match_state: tuple[int, int] = (-1, -1)  # order serial, search generation
        self._resort_timer = QTimer(self)
        self._resort_timer.setSingleShot(True)
        self._resort_timer.setInterval(RESORT_INTERVAL_MS)
        self._resort_timer.timeout.connect(self._resort)

    # -- source wiring ------------------------------------------------------
    def setSourceModel(self, model: RowTableModel) -> None:  # type: ignore[override]
        old = self.sourceModel()
        if old is not None:
            old.disconnect(self)
        self.beginResetModel()
        super().setSourceModel(model)
        model.modelAboutToBeReset.connect(self._begin_reset)
        model.modelReset.connect(self._end_reset)
        model.rowsAboutToBeInserted.connect(self._begin_reset)
        model.rowsInserted.connect(self._end_reset)
        model.rowsAboutToBeRemoved.connect(self._begin_reset)
        model.rowsRemoved.connect(self._end_reset)
        model.layoutAboutToBeChanged.connect(self._begin_reset)
        model.layoutChanged.connect(self._end_reset)
        model.dataChanged.connect(self._on_data_changed)
        model.headerDataChanged.connect(self.headerDataChanged)
        self._forget_order()
        self._rebuild()
        self.endResetModel()

    def _source(self) -> RowTableModel:
        model = self.sourceModel()
        assert isinstance(model, RowTableModel)
        return model

    def _begin_reset(self, *_args: Any) -> None:
        self.beginResetModel()

    def _end_reset(self, *_args: Any) -> None:
        self._forget_order()
        self._rebuild()
        self.endResetModel()

    def _on_data_changed(self, top: QModelIndex, bottom: QModelIndex, roles=()) -> None:
        # Shown rows stay until the next keystroke, like QSortFilterProxyModel without
        # dynamic filtering; cached matches are dropped if the search text changed.
        if not self._rows:
            return
        sort_col = self._sort_column
        if sort_col >= 0 and top.column() <= sort_col <= bottom.column():
            if not self._resort_timer.isActive():  # not restarted: a steady stream
                self._resort_timer.start()  # still re-sorts every interval
        last_col = self.columnCount() - 1
        if bottom.row() - top.row() > _MAP_LIMIT:
            first, last = 0, len(self._rows) - 1
        else:
            pos = self._position()
            mapped = [pos[r] for r in range(top.row(), bottom.row() + 1) if pos[r] >= 0]
            if not mapped:
                return
            first, last = min(mapped), max(mapped)
        self.dataChanged.emit(self.index(first, 0), self.index(last, last_col), roles)

    # -- the order: every source row, sorted ------------------------------------
    def _forget_order(self) -> None:
        """The source rows were replaced: nothing computed from them holds."""
        self._order = None
        self._order_state = None
        self._order_keys = None
        self._order_texts = None
        self._order_serial += 1

    def _full_order(self) -> list[int]:
        """Every source row in the current sort order (source order when unsorted),
        blanks (rows without a key) last either way, kept up to date incrementally."""
        source = self._source()
        n = source.rowCount()
        column, order = self._sort_column, self._sort_order
        if column < 0 or column >= source.columnCount():
            state = (-1, 0, None)
            if self._order is None or self._order_state != state or len(self._order) != n:
                self._set_order(list(range(n)), n, state, None)
            assert self._order is not None
            return self._order
        state = (column, int(order.value), source.generation)
        if self._order is not None and self._order_state == state:
            return self._order
        keys = source.sort_keys(column)
        previous = self._order_state
        if (
            self._order is not None
            and previous is not None
            and previous[:2] == state[:2]
            and self._order_keys is not None
            and len(self._order_keys) == n
        ):
            self._update_order(keys, state)
        else:
            self._sort_order_from_scratch(keys, state)
        assert self._order is not None
        return self._order

    def _set_order(self, rows: list[int], present: int, state, keys: list | None) -> None:
        self._order = rows
        self._order_present = present
        self._order_state = state
        self._order_keys = None if keys is None else list(keys)
        self._order_texts = None
        self._order_serial += 1

    def _sort_present(self, present: list[int], keys: list[Any]) -> None:
        descending = self._sort_order == Qt.SortOrder.DescendingOrder
        try:
            present.sort(key=keys.__getitem__, reverse=descending)
        except TypeError:  # mixed types in one column: compare as text
            present.sort(key=lambda i: str(keys[i]), reverse=descending)

    def _numeric_order(self, keys: list[Any]) -> tuple[list[int], int] | None:
        """The order of numeric keys by numpy's stable argsort (≈ 2× a list.sort at
        100,000 rows), if numpy is already loaded (the charts load it after the first
        paint; this never imports it): None for text keys or before numpy is there."""
        np = sys.modules.get("numpy")
        if np is None or not keys or isinstance(keys[0], str):
            return None
        try:
            values = np.array(keys, dtype=float)  # None -> NaN
        except (TypeError, ValueError):
            return None
        if values.ndim != 1:
            return None
        blank = np.isnan(values)
        present = np.flatnonzero(~blank)
        ranked = values[present]
        if self._sort_order == Qt.SortOrder.DescendingOrder:
            ranked = -ranked
        ordered = present[np.argsort(ranked, kind="stable")]
        return np.concatenate([ordered, np.flatnonzero(blank)]).tolist(), len(present)

    def _sort_order_from_scratch(self, keys: list[Any], state) -> None:
        numeric = self._numeric_order(keys)
        if numeric is not None:
            self._set_order(numeric[0], numeric[1], state, keys)
            return
        n = len(keys)
        rows = range(n)
        has_key = list(map(is_not, keys, repeat(None)))
        present = list(compress(rows, has_key))
        if len(present) < n:
            blanks = list(compress(rows, map(not_, has_key)))
        else:
            blanks = []
        self._sort_present(present, keys)
        self._set_order(present + blanks, len(present), state, keys)

    def _update_order(self, keys: list[Any], state) -> None:
        """Live values changed: take the rows whose key changed out of the order and
        merge them back in; an order that did not move stays the same list."""
        assert self._order is not None and self._order_keys is not None
        n = len(keys)
        changed = list(compress(range(n), map(ne, keys, self._order_keys)))
        if not changed:
            self._order_state = state
            return
        if len(changed) > n * _INCREMENTAL_SHARE or (_RESORT_NUMPY and "numpy" in sys.modules):
            self._sort_order_from_scratch(keys, state)  # numpy: a full sort is cheaper
            return
        keep = bytearray(b"\x01") * n
        deque(map(keep.__setitem__, changed, repeat(0)), maxlen=0)
        order, split = self._order, self._order_present
        rest_present = list(compress(order[:split], map(keep.__getitem__, order[:split])))
        rest_blank = list(compress(order[split:], map(keep.__getitem__, order[split:])))
        has_key = list(map(is_not, map(keys.__getitem__, changed), repeat(None)))
        present = rest_present + list(compress(changed, has_key))
        self._sort_present(present, keys)  # one sorted run + the changed rows
        blanks = rest_blank + list(compress(changed, map(not_, has_key)))
        if len(blanks) > len(rest_blank):
            blanks.sort()  # blanks in source order
        rows = present + blanks
        if rows == order:
            self._order_state = state
            self._order_keys = list(keys)
            return
        self._set_order(rows, len(present), state, keys)

    # -- filtering ------------------------------------------------------------
    def _matching(self, order: list[int]) -> list[int]:
        """The rows of ``order`` whose search text holds the phrase, in that order."""
        source = self._source()
        state = (self._order_serial, source.search_generation)
        if state != self._match_state:
            self._match_state = state
            self._recent.clear()
            self._last_match = None
        needle = self._needle
        if not needle:
            return order
        texts = source.search_texts()
        previous = self._last_match
        if needle in self._recent:  # erasing back to a phrase seen moments ago
            rows = self._recent[needle]
        elif previous is not None and needle.startswith(previous[0]):
            candidates = previous[1]  # typing on: the new matches are a subset
            rows = list(
                compress(
                    candidates, map(contains, map(texts.__getitem__, candidates), repeat(needle))
                )
            )
        else:
            rows = list(
                compress(order, map(contains, self._texts_of(order, texts), repeat(needle)))
            )
        self._last_match = (needle, rows)
        if len(self._recent) >= 64:
            self._recent.clear()
        self._recent[needle] = rows
        return rows

    def _texts_of(self, order: list[int], texts: list[str]) -> list[str]:
        """The search texts in the order's order (built once per order and texts)."""
        generation = self._source().search_generation
        cached = self._order_texts
        if cached is not None and cached[0] == self._order_serial and cached[1] == generation:
            return cached[2]
        in_order = list(map(texts.__getitem__, order))
        self._order_texts = (self._order_serial, generation, in_order)
        return in_order

    def _rebuild(self) -> None:
        source = self.sourceModel()
        n = source.rowCount() if source is not None else 0
        self._set_rows(self._matching(self._full_order()) if n else [])

    def _set_rows(self, rows: list[int]) -> None:
        self._rows = rows
        self._pos = None  # built on demand (_position)
        self._scans_left = _SCANS_BEFORE_INDEX

    def _position(self) -> list[int]:
        """Source row -> proxy row (-1 when filtered out), for every source row."""
        pos = self._pos
        if pos is None:
            source = self.sourceModel()
            n = source.rowCount() if source is not None else 0
            rows = self._rows
            # map() over setitem: faster than numpy's fancy indexing plus tolist() or a
            # plain loop (≈ 3 vs 8 ms for 100k rows), and the first paint needs no numpy.
            pos = [-1] * n
            deque(map(pos.__setitem__, rows, range(len(rows))), maxlen=0)
            self._pos = pos
        return pos

    def _proxy_row(self, source_row: int) -> int:
        """Where ``source_row`` is shown (-1: hidden); a few single lookups scan the
        shown rows (C speed) before the whole position index is worth building."""
        if self._pos is None and self._scans_left > 0:
            self._scans_left -= 1
            try:
                return self._rows.index(source_row)
            except ValueError:
                return -1
        pos = self._position()
        return pos[source_row] if 0 <= source_row < len(pos) else -1

    def set_search(self, text: str) -> None:
        needle = " ".join(text.lower().split())
        if needle == self._needle:
            return
        self.beginResetModel()
        self._needle = needle
        self._rebuild()
        self.endResetModel()

    def search(self) -> str:
        return self._needle

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Re-order rows and keep selections pointing at the same vehicles."""
        self._sort_column, self._sort_order = column, order
        self._resort_timer.stop()
        self._relayout(self._matching(self._full_order()))

    def _resort(self) -> None:
        """Live values of the sort column changed: sort the shown rows again (a layout
        change only if the order moved, so an idle fleet repaints nothing)."""
        if self._sort_column < 0 or not self._rows:
            return
        serial = self._order_serial
        order = self._full_order()
        if self._order_serial == serial:
            return  # nothing moved
        rows = self._matching(order)
        if rows != self._rows:
            self._relayout(rows)

    def _relayout(self, rows: list[int]) -> None:
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        sources = [(self._rows[p.row()], p.column()) if p.isValid() else None for p in persistent]
        self._set_rows(rows)
        if persistent:
            moved = {}
            for s in sources:
                if s is not None and s[0] not in moved:
                    moved[s[0]] = self._proxy_row(s[0])
            self.changePersistentIndexList(
                persistent,
                [
                    self.index(moved[s[0]], s[1])
                    if s is not None and moved[s[0]] >= 0
                    else QModelIndex()
                    for s in sources
                ],
            )
        self.layoutChanged.emit()

    # -- QAbstractProxyModel ----------------------------------------------------
    def mapToSource(self, proxy_index: Index) -> QModelIndex:
        if not proxy_index.isValid() or not (0 <= proxy_index.row() < len(self._rows)):
            return QModelIndex()
        return self._source().index(self._rows[proxy_index.row()], proxy_index.column())

    def mapFromSource(self, source_index: Index) -> QModelIndex:
        if not source_index.isValid():
            return QModelIndex()
        row = self._proxy_row(source_index.row())
        return QModelIndex() if row < 0 else self.index(row, source_index.column())

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if (
            parent.isValid()
            or not (0 <= row < len(self._rows))
            or not (0 <= column < self.columnCount())
        ):
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, _index: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        return QModelIndex()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        source = self.sourceModel()
        return 0 if parent.isValid() or source is None else source.columnCount()

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and bool(self._rows)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if orientation == Qt.Orientation.Horizontal:
            return self._source().headerData(section, orientation, role)
        return super().headerData(section, orientation, role)

    def sibling(self, row: int, column: int, _idx: Index) -> QModelIndex:
        return self.index(row, column)
