"""A scroll area that scrolls up and down only: as wide as its contents need, so a
tall panel (the vehicle detail, the dealer counter) scrolls on a short screen instead
of setting the window's minimum height, and is never cut off at the side."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QScrollArea, QWidget


class VerticalScrollArea(QScrollArea):
    """Never narrower than its widget's minimum width: the room comes from a splitter's
    other side or the window instead of a sideways scroll bar."""

    def __init__(self, widget: QWidget | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        if widget is not None:
            self.setWidget(widget)

    def viewportEvent(self, event) -> bool:  # noqa: N802 - Qt override
        # The contents' minimum changed (another vehicle, longer text): QScrollArea
        # does not tell its own parent, so a splitter would keep a too narrow width.
        if event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
        return super().viewportEvent(event)

    def minimumSizeHint(self):  # noqa: N802 - Qt override
        hint = super().minimumSizeHint()
        inner = self.widget()
        if inner is not None:
            width = inner.minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width()
            hint.setWidth(max(hint.width(), width + 2 * self.frameWidth()))
        return hint
