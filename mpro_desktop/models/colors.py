"""The semantic colours (ok, warning, error, muted, chart pens), derived from a palette.

One home for every colour the desktop draws, so nothing hard-coded vanishes on a dark
palette: each colour has a light and a dark variant, picked by the lightness of the
palette's Window colour, and the neutral ones come from the palette itself. Models
(foreground roles) and views (labels, navigation, charts) both read it, so it needs
QtGui only.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QGuiApplication, QPalette


@dataclass(frozen=True)
class Colors:
    ok: QColor
    warning: QColor
    error: QColor
    info: QColor
    muted: QColor
    #: background of a dashboard tile
    tile: QColor
    chart_background: QColor
    chart_foreground: QColor
    speed_pen: QColor
    energy_pen: QColor


#: (light palette, dark palette) variants; each meets 4.5:1 on the palette's Window/Base.
_VARIANTS = {
    "ok": ("#1e7b34", "#6fcf87"),
    "warning": ("#8a5a00", "#f0b849"),
    "error": ("#b3261e", "#ff8a80"),
    "info": ("#1f5fa8", "#8ab4f8"),
    "speed_pen": ("#1f77b4", "#6cb4ee"),
    "energy_pen": ("#2ca02c", "#7bd88f"),
}


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightnessF() < 0.5


def _blend(a: QColor, b: QColor, t: float) -> QColor:
    """``a`` moved ``t`` of the way towards ``b``."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
    )


def colors(palette: QPalette | None = None) -> Colors:
    """The colours for ``palette`` (default: the application's current one)."""
    palette = palette if palette is not None else QGuiApplication.palette()
    key = palette.cacheKey()
    if key not in _cache:  # a foreground role asks once per painted cell
        _cache.clear()
        _cache[key] = _colors(palette)
    return _cache[key]


_cache: dict[int, Colors] = {}


def _colors(palette: QPalette) -> Colors:
    variant = 1 if is_dark(palette) else 0
    text = palette.color(QPalette.ColorRole.WindowText)
    window = palette.color(QPalette.ColorRole.Window)
    picked = {name: QColor(pair[variant]) for name, pair in _VARIANTS.items()}
    return Colors(
        muted=_blend(text, window, 0.3),
        tile=palette.color(QPalette.ColorRole.AlternateBase),
        chart_background=palette.color(QPalette.ColorRole.Base),
        chart_foreground=palette.color(QPalette.ColorRole.Text),
        **picked,
    )


def contrast(a: QColor, b: QColor) -> float:
    """WCAG 2 contrast ratio of two colours (1 … 21; 4.5 is the minimum for text)."""

    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())
        )

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def dark_palette() -> QPalette:
    """A dark palette for where the platform offers none (``MPRO_COLOR_SCHEME=dark``,
    tests): Qt's Fusion dark colours."""
    p = QPalette()
    role = QPalette.ColorRole
    for r, c in (
        (role.Window, "#353535"),
        (role.WindowText, "#f0f0f0"),
        (role.Base, "#2a2a2a"),
        (role.AlternateBase, "#424242"),
        (role.ToolTipBase, "#353535"),
        (role.ToolTipText, "#f0f0f0"),
        (role.PlaceholderText, "#a0a0a0"),
        (role.Text, "#f0f0f0"),
        (role.Button, "#3c3c3c"),
        (role.ButtonText, "#f0f0f0"),
        (role.BrightText, "#ff5555"),
        (role.Light, "#505050"),
        (role.Midlight, "#454545"),
        (role.Mid, "#2e2e2e"),
        (role.Dark, "#232323"),
        (role.Shadow, "#141414"),
        (role.Highlight, "#2f65ca"),
        (role.HighlightedText, "#ffffff"),
        (role.Link, "#8ab4f8"),
        (role.LinkVisited, "#c58af9"),
    ):
        p.setColor(r, QColor(c))
    for r in (role.WindowText, role.Text, role.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, r, QColor("#7f7f7f"))
    return p


def force_color_scheme(app, scheme: str) -> None:
    """``MPRO_COLOR_SCHEME=dark|light`` (hidden; screenshots, tests): ask Qt for that
    scheme and, where the platform cannot switch (offscreen, X without a theme), set
    the palette directly. Empty: follow the system."""
    from PySide6.QtCore import Qt

    wanted = {"dark": Qt.ColorScheme.Dark, "light": Qt.ColorScheme.Light}.get(scheme.lower())
    if wanted is None:
        return
    app.styleHints().setColorScheme(wanted)
    if is_dark(app.palette()) != (wanted == Qt.ColorScheme.Dark):
        app.setPalette(
            dark_palette() if wanted == Qt.ColorScheme.Dark else app.style().standardPalette()
        )
