"""The few looks the panes share, so each is defined once.

Colours come from :func:`mpro_desktop.models.colors.colors` (derived from the palette)
and are applied through the widget's palette, never as a literal in a stylesheet, and
again whenever the application palette changes (light ↔ dark at run time). Fonts and
margins are set in code too: a widget with a style sheet keeps the palette it was
polished with.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QLabel, QWidget

from mpro_desktop.models.colors import colors

#: the tone names :func:`set_tone` accepts (fields of ``Colors``), None: the palette's own
TONES = ("ok", "warning", "error", "info", "muted")


class _ToneKeeper(QObject):
    """Re-applies a widget's tone when the palette changes (a hidden child hears of
    the application's new palette only as a PaletteChange from its parent)."""

    _busy = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt
        if (
            not self._busy
            and event.type() in (QEvent.Type.ApplicationPaletteChange, QEvent.Type.PaletteChange)
            and isinstance(watched, QWidget)
        ):
            self._busy = True  # our own setPalette sends another PaletteChange
            try:
                _apply_tone(watched)
            finally:
                self._busy = False
        return False


_keeper: _ToneKeeper | None = None


def _apply_tone(widget: QWidget) -> None:
    tone = widget.property("mpro_tone")
    if not tone:
        widget.setPalette(QPalette())  # nothing of its own: inherit again
        return
    palette = widget.palette()
    colour = getattr(colors(), tone)
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text):
        palette.setColor(QPalette.ColorGroup.Active, role, colour)
        palette.setColor(QPalette.ColorGroup.Inactive, role, colour)
    widget.setPalette(palette)


def set_tone(widget: QWidget, tone: str | None) -> None:
    """Colour ``widget``'s text with the semantic ``tone`` (one of :data:`TONES`; None:
    the palette's normal text), kept right when the palette changes."""
    global _keeper
    if tone is not None and tone not in TONES:
        raise ValueError(f"unknown tone {tone!r}")
    if _keeper is None:
        _keeper = _ToneKeeper()
    if widget.property("mpro_tone") is None and tone is not None:
        widget.installEventFilter(_keeper)
    widget.setProperty("mpro_tone", tone or "")
    _apply_tone(widget)


def set_font(widget: QWidget, point_size: float, *, bold: bool = True) -> None:
    """A larger (bold) font through ``setFont``: a style sheet, even one with only a
    font in it, would freeze the widget's palette and miss a light ↔ dark change."""
    font = QFont(widget.font())
    font.setPointSizeF(point_size)
    if bold:
        font.setWeight(QFont.Weight.DemiBold)
    widget.setFont(font)


def heading(text: str) -> QLabel:
    """A pane or detail title."""
    label = QLabel(text)
    set_font(label, 16)
    return label


def muted_label(text: str = "") -> QLabel:
    """Secondary text (notes, captions): readable, but quieter than the content."""
    label = QLabel(text)
    set_tone(label, "muted")
    return label


def error_label() -> QLabel:
    """A hidden, wrapping label for a sentence the user can act on."""
    label = QLabel()
    label.setWordWrap(True)
    set_tone(label, "error")
    label.hide()
    return label


def note_label(text: str = "") -> QLabel:
    """A muted note that wraps to the width it is given (never widens its layout)."""
    label = muted_label(text)
    label.setWordWrap(True)
    return label
