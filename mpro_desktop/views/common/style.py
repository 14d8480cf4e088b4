"""The few looks the panes share, so each is defined once."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

ERROR_COLOUR = "#b3261e"


def heading(text: str) -> QLabel:
    """A pane or detail title."""
    label = QLabel(text)
    label.setStyleSheet("font-size: 16pt; font-weight: 600;")
    return label


def error_label() -> QLabel:
    """A hidden, wrapping label for a sentence the user can act on."""
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {ERROR_COLOUR};")
    label.hide()
    return label
