"""A row of controls that wraps onto the next line when the window is narrow (Qt's
"Flow Layout" example), so a tool bar of buttons, filters or legend entries never
makes the main window's minimum width the sum of all of them.

Widgets whose horizontal size policy expands (a search field, a combo box with
stretch) share the room left in their line; the others keep their size hint. The
layout's minimum width is its widest single item, its height follows its width.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QStyle, QWidget


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None, *, spacing: int = -1) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._expanding: set[int] = set()  # ids of items that take the line's spare room
        if parent is None:
            self.setContentsMargins(0, 0, 0, 0)
        if spacing >= 0:
            self.setSpacing(spacing)

    def __del__(self) -> None:
        while self.count():
            self.takeAt(0)

    # -- QLayout ------------------------------------------------------------------
    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt override
        self._items.append(item)

    def addWidget(self, widget: QWidget, stretch: int = 0) -> None:  # noqa: N802
        """``stretch`` > 0: the widget takes its line's spare width (as a box layout's
        stretch does; shared equally among such widgets of one line)."""
        super().addWidget(widget)
        if stretch > 0:
            self._expanding.add(id(self._items[-1]))

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        if 0 <= index < len(self._items):
            item = self._items.pop(index)
            self._expanding.discard(id(item))
            return item
        return None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._do_layout(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._do_layout(rect, apply=True)

    def sizeHint(self) -> QSize:  # noqa: N802
        """Everything on one line."""
        width, height = 0, 0
        shown = self._shown()
        for item in shown:
            hint = item.sizeHint()
            width += hint.width()
            height = max(height, hint.height())
        width += self._spacing() * max(0, len(shown) - 1)
        return QSize(width, height).grownBy(self.contentsMargins())

    def minimumSize(self) -> QSize:  # noqa: N802
        """The widest single item: one item a line."""
        size = QSize()
        for item in self._shown():
            size = size.expandedTo(item.minimumSize())
        return size.grownBy(self.contentsMargins())

    # -- the arrangement ------------------------------------------------------------
    def _shown(self) -> list[QLayoutItem]:
        return [i for i in self._items if not i.isEmpty()]

    def _spacing(self) -> int:
        if self.spacing() >= 0:
            return self.spacing()
        parent = self.parentWidget()
        if parent is None:
            return 6
        return parent.style().pixelMetric(QStyle.PixelMetric.PM_LayoutHorizontalSpacing)

    def _do_layout(self, rect: QRect, *, apply: bool) -> int:
        """Place the items in lines within ``rect`` (or only measure); the height used."""
        margins: QMargins = self.contentsMargins()
        area = rect.marginsRemoved(margins)
        gap = self._spacing()
        lines: list[list[tuple[QLayoutItem, int]]] = [[]]
        used = 0
        for item in self._shown():
            width = max(item.minimumSize().width(), min(item.sizeHint().width(), area.width()))
            line = lines[-1]
            if line and used + gap + width > area.width():
                lines.append([])
                line, used = lines[-1], 0
            used += (gap if line else 0) + width
            line.append((item, width))
        y = area.y()
        for line in lines:
            if not line:
                continue
            spare = area.width() - sum(w for _, w in line) - gap * (len(line) - 1)
            growing = [item for item, _ in line if self._grows(item)]
            height = max(item.sizeHint().height() for item, _ in line)
            x = area.x()
            for item, width in line:
                if spare > 0 and item in growing:
                    width += spare // len(growing)
                if apply:
                    h = min(height, max(item.sizeHint().height(), item.minimumSize().height()))
                    top = y + (height - h) // 2  # centred in the line, as a box layout does
                    item.setGeometry(QRect(QPoint(x, top), QSize(width, h)))
                x += width + gap
            y += height + gap
        return y - gap - area.y() + margins.top() + margins.bottom() if y > area.y() else 0

    def _grows(self, item: QLayoutItem) -> bool:
        if id(item) in self._expanding:
            return True
        widget = item.widget()
        if widget is None:
            return False
        policy = widget.sizePolicy().horizontalPolicy().value
        return bool(policy & QSizePolicy.PolicyFlag.ExpandFlag.value)


def kept_together(*widgets: QWidget, stretch: QWidget | None = None) -> QWidget:
    """``widgets`` side by side in one unit a flow layout never splits (a label and
    its field); ``stretch``: the one of them that takes the unit's spare width."""
    from PySide6.QtWidgets import QHBoxLayout

    unit = QWidget()
    row = QHBoxLayout(unit)
    row.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        row.addWidget(widget, 1 if widget is stretch else 0)
    return unit
