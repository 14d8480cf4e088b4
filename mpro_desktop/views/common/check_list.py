"""A list of things to tick (vehicles to move, products or vehicles to order): one home
for how an item carries its key, which keys are ticked, and the search over the list."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem

KEY_ROLE = Qt.ItemDataRole.UserRole


def checkable_item(text: str, key: Any, checked: bool = False) -> QListWidgetItem:
    """An item the user ticks, carrying ``key`` (an id) in :data:`KEY_ROLE`."""
    item = QListWidgetItem(text)
    item.setData(KEY_ROLE, key)
    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
    item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
    return item


def checked_keys(widget: QListWidget) -> list[Any]:
    """The keys of the ticked items that can still be ticked (a disabled item never
    counts, even if it was ticked before it became ineligible)."""
    out = []
    for i in range(widget.count()):
        item = widget.item(i)
        if (item.flags() & Qt.ItemFlag.ItemIsUserCheckable
                and item.checkState() == Qt.CheckState.Checked):
            out.append(item.data(KEY_ROLE))
    return out


def filter_items(widget: QListWidget, text: str) -> None:
    """Hide the items whose text lacks any of the search's words (case-insensitive)."""
    words = text.casefold().split()
    for i in range(widget.count()):
        item = widget.item(i)
        label = item.text().casefold()
        item.setHidden(not all(w in label for w in words))
