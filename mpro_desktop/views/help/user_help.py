"""F1: a short offline help and the keyboard shortcuts, read from the window's own
actions (so the list cannot drift from what the keys do)."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


def action_label(action: QAction) -> str:
    """``&Add vehicle…`` → ``Add vehicle``."""
    return action.text().replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…")


class HelpDialog(QDialog):
    def __init__(self, actions: Iterable[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("MPRO Desktop help"))
        intro = QLabel(
            self.tr(
                "Choose an area on the left. Everything you change is kept on this "
                "computer first and sent to the portal when it can be reached, so you "
                "can work offline. Changes the portal does not accept wait for you "
                "under Conflicts. For the support line, choose Help → Support and "
                "contacts."
            )
        )
        intro.setWordWrap(True)
        rows = [
            (action_label(a), a.shortcut().toString(QKeySequence.SequenceFormat.NativeText))
            for a in actions
            if not a.shortcut().isEmpty()
        ]
        self.shortcuts = QTableWidget(len(rows), 2)
        self.shortcuts.setHorizontalHeaderLabels([self.tr("Action"), self.tr("Key")])
        self.shortcuts.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.shortcuts.verticalHeader().hide()
        self.shortcuts.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.shortcuts.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.shortcuts.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.ResizeToContents
        )
        for r, (label, key) in enumerate(rows):
            self.shortcuts.setItem(r, 0, QTableWidgetItem(label))
            self.shortcuts.setItem(r, 1, QTableWidgetItem(key))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(QLabel(self.tr("Keyboard shortcuts")))
        layout.addWidget(self.shortcuts, 1)
        layout.addWidget(buttons)
        self.resize(520, 480)

    def shortcut_rows(self) -> list[tuple[str, str]]:
        t = self.shortcuts
        return [(t.item(r, 0).text(), t.item(r, 1).text()) for r in range(t.rowCount())]
