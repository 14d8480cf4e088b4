"""A thin row-cache table model shared by every list pane (Anki's browser models).

Rows are plain dicts read from the cache; a :class:`Column` says how to show, sort
and search one field. Subclasses only declare columns. Updates that keep the row set
emit ``dataChanged`` for the touched rows only; anything else resets the model.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

SortKeyRole = Qt.ItemDataRole.UserRole + 1
RowIdRole = Qt.ItemDataRole.UserRole + 2
SearchTextRole = Qt.ItemDataRole.UserRole + 3
FIELD_SEPARATOR = "\x1f"  # keeps a search phrase from matching across two fields
#: A load of at least this many rows is moved out of the garbage collector's reach
#: (``gc.freeze``): the rows live until the next load, and a full collection that walks
#: 100,000 row dicts took 0.1-0.5 s on the 2-core bench box, landing inside a keystroke
#: or a sort. Row dicts hold no reference cycles, so refcounting still frees them.
FREEZE_ROWS = 10_000

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # already translated
    display: Callable[[dict], str]
    sort_key: Callable[[dict], Any] | None = None
    align_right: bool = False
    tooltip: Callable[[dict], str | None] | None = None
    foreground: Callable[[dict], Any] | None = None
    header_tip: str | None = None  # already translated; the header's tooltip
    #: The sort keys of many rows at once (one comprehension instead of a Python call
    #: per row); must give ``[sort_key(r) for r in rows]`` (display().lower() without).
    sort_keys: Callable[[Sequence[dict]], list[Any]] | None = None


class RowTableModel(QAbstractTableModel):
    """Rows of dicts keyed by ``id``; columns declared by :meth:`make_columns`."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._columns: list[Column] = self.make_columns()
        self._rows: list[dict] = []
        self._row_of: dict[str, int] = {}
        self._search: list[str] = []
        self._generation = 0  # bumped on every data change; invalidates sort keys
        #: Bumped whenever any row's search text changes (the proxy's match cache key).
        self.search_generation = 0
        self._sort_cache: dict[int, tuple[int, list[Any]]] = {}

    # -- subclass API -------------------------------------------------------
    def make_columns(self) -> list[Column]:  # pragma: no cover - abstract
        raise NotImplementedError

    def search_text(self, row: dict) -> str:
        """Lower-cased text the filter box matches against; computed once per row."""
        return FIELD_SEPARATOR.join(" ".join(c.display(row).split()) for c in self._columns).lower()

    def search_texts_for(self, rows: Sequence[dict]) -> list[str]:
        """:meth:`search_text` of many rows; a subclass may compute them column-wise."""
        return [self.search_text(r) for r in rows]

    def load_columns(self, rows: Sequence[dict]) -> tuple[list[str], dict[int, list[Any]]]:
        """What a load computes once for all rows: the search texts and, by column, sort
        keys worth having before the first click on a header (a subclass that reads
        the same fields for both builds them in one pass); other keys come on demand."""
        return self.search_texts_for(rows), {}

    # -- loading ------------------------------------------------------------
    def set_rows(self, rows: Sequence[dict]) -> None:
        """Replace all rows; cheap ``dataChanged`` if the ids and order are unchanged.

        With unchanged ids only rows that differ get new search text, so a periodic
        reload of 10,000 vehicles costs a dict comparison per row, not a re-format.
        """
        rows = list(rows)
        if rows and [r["id"] for r in rows] == [r["id"] for r in self._rows]:
            changed = [
                i for i, (old, new) in enumerate(zip(self._rows, rows, strict=True)) if old != new
            ]
            if not changed:
                return
            self._rows = rows
            self._generation += 1
            self.search_generation += 1
            for i in changed:
                self._search[i] = self.search_text(rows[i])
            self.dataChanged.emit(
                self.index(changed[0], 0), self.index(changed[-1], len(self._columns) - 1)
            )
            return
        self.beginResetModel()
        self._generation += 1
        self.search_generation += 1
        self._rows = rows
        self._row_of = dict(zip(map(itemgetter("id"), rows), range(len(rows)), strict=True))
        self._search, keys = self.load_columns(rows)
        self._sort_cache = {c: (self._generation, k) for c, k in keys.items()}
        self.endResetModel()
        if len(rows) >= FREEZE_ROWS:
            gc.freeze()

    def update_rows(self, changes: dict[str, dict], *, searchable: bool = True) -> int:
        """Merge changes into several rows and emit one ``dataChanged`` for their span.

        ``searchable=False`` says the changed fields are not part of the search text
        (live telemetry), so it is not recomputed.
        """
        touched = []
        # Sort keys still current are patched for the touched rows only, so a live
        # batch re-sorts without recomputing every row's key.
        current = [
            (c, keys) for c, (gen, keys) in self._sort_cache.items() if gen == self._generation
        ]
        self._generation += 1
        for row_id, change in changes.items():
            i = self._row_of.get(row_id)
            if i is None:
                continue
            self._rows[i] = {**self._rows[i], **change}
            if searchable:
                self._search[i] = self.search_text(self._rows[i])
                self.search_generation += 1
            touched.append(i)
        for c, keys in current:
            col = self._columns[c]
            for i in touched:
                row = self._rows[i]
                keys[i] = col.sort_key(row) if col.sort_key else col.display(row).lower()
            self._sort_cache[c] = (self._generation, keys)
        if touched:
            self.dataChanged.emit(
                self.index(min(touched), 0), self.index(max(touched), len(self._columns) - 1)
            )
        return len(touched)

    def refresh_cells(self, rows: Sequence[int], first_column: int, last_column: int) -> None:
        """Rows whose shown values changed without new data (the clock moved on):
        repaint those columns of those rows, one ``dataChanged`` per run of
        consecutive rows; their cached sort keys are recomputed."""
        if not rows:
            return
        current = [
            (c, keys) for c, (gen, keys) in self._sort_cache.items() if gen == self._generation
        ]
        self._generation += 1
        for c, keys in current:
            col = self._columns[c]
            if first_column <= c <= last_column:
                for i in rows:
                    row = self._rows[i]
                    keys[i] = col.sort_key(row) if col.sort_key else col.display(row).lower()
            self._sort_cache[c] = (self._generation, keys)
        roles = [
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ForegroundRole,
            Qt.ItemDataRole.ToolTipRole,
        ]
        start = prev = rows[0]
        for i in [*rows[1:], None]:
            if i is not None and i == prev + 1:
                prev = i
                continue
            self.dataChanged.emit(
                self.index(start, first_column), self.index(prev, last_column), roles
            )
            if i is not None:
                start = prev = i

    def update_row(self, row_id: str, changes: dict) -> bool:
        """Merge ``changes`` into one row and repaint just that row."""
        return self.update_rows({row_id: changes}) == 1

    def search_text_at(self, row: int) -> str:
        return self._search[row]

    def search_texts(self) -> list[str]:
        """Per-row search text (lower case), indexed by source row; do not modify."""
        return self._search

    def sort_keys(self, column: int) -> list[Any]:
        """The sort key of every row for ``column``, computed once per data change."""
        cached = self._sort_cache.get(column)
        if cached is not None and cached[0] == self._generation:
            return cached[1]
        col = self._columns[column]
        if col.sort_keys is not None:
            keys = col.sort_keys(self._rows)
        elif col.sort_key is not None:
            keys = [col.sort_key(r) for r in self._rows]
        else:
            keys = [col.display(r).lower() for r in self._rows]
        self._sort_cache[column] = (self._generation, keys)
        return keys

    @property
    def generation(self) -> int:
        """Bumped on every change of the rows' data (sort keys may have changed)."""
        return self._generation

    def row_dict(self, row: int) -> dict:
        return self._rows[row]

    def row_for_id(self, row_id: str) -> int | None:
        return self._row_of.get(row_id)

    def column_index(self, key: str) -> int:
        return next(i for i, c in enumerate(self._columns) if c.key == key)

    # -- Qt model API -------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        col = self._columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return col.display(row)
        if role == SortKeyRole:
            key = col.sort_key(row) if col.sort_key else col.display(row).lower()
            return key
        if role == RowIdRole:
            return row["id"]
        if role == SearchTextRole:
            return self._search[index.row()]
        if role == Qt.ItemDataRole.TextAlignmentRole and col.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and col.tooltip:
            return col.tooltip(row)
        if role == Qt.ItemDataRole.ForegroundRole and col.foreground:
            return col.foreground(row)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return self._columns[section].header
            if role == Qt.ItemDataRole.ToolTipRole:
                return self._columns[section].header_tip
        return super().headerData(section, orientation, role)
