"""Light and dark palettes: the real main window follows the one the application has,
at start and when it changes at run time (no literal colour anywhere)."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from mpro_desktop.models.colors import colors, contrast, dark_palette, is_dark
from mpro_desktop.views.main_window import MainWindow
from tests.ui.conftest import fill_vehicles
from tests.ui.test_main_window import FakeSync

LITERAL_COLOUR = re.compile(
    r"#[0-9a-f]{3,8}\b|rgba?\(|hsla?\(|\b(white|black|gr[ae]y|red|green|blue|yellow)\b",
    re.IGNORECASE,
)
MIN_CONTRAST = 4.5


def _palette(scheme: str) -> QPalette:
    app = QApplication.instance()
    return dark_palette() if scheme == "dark" else app.style().standardPalette()


@pytest.fixture
def scheme_app(request, qapp):
    """The application palette for the test, the previous one back afterwards."""
    before = QPalette(qapp.palette())
    yield qapp
    qapp.setPalette(before)


def _window(qtbot, cache) -> MainWindow:
    fill_vehicles(cache, 6)
    w = MainWindow(cache, FakeSync(), user_label="Anna", portal_label="demo")
    qtbot.addWidget(w)
    w.show()
    w.reload_all()
    vehicles = w.pane("vehicles")
    qtbot.waitUntil(lambda: vehicles.detail.vehicle is not None)
    qtbot.waitUntil(lambda: bool(vehicles.detail.commands.history.text()))
    return w


def _text_and_background(label: QLabel) -> tuple:
    """The label's text colour and what it is painted on (the nearest filled ancestor)."""
    widget: QWidget | None = label
    while widget is not None and not widget.autoFillBackground():
        widget = widget.parentWidget()
    holder = widget or label.window()
    background = holder.palette().color(holder.backgroundRole())
    return label.palette().color(QPalette.ColorRole.WindowText), background


def _check(w: MainWindow, palette: QPalette) -> None:
    c = colors(palette)
    # charts: the palette's Base behind, its Text on the axes
    chart = w.pane("vehicles").detail.chart
    assert chart.view.backgroundBrush().color() == palette.color(QPalette.ColorRole.Base)
    axis = chart.speed_plot.getAxis("left")
    assert axis.textPen().color() == palette.color(QPalette.ColorRole.Text)
    assert contrast(chart.speed_curve.opts["pen"].color(), c.chart_background) >= 3.0
    # every label shown, tiles and command history included
    w.show_pane("dashboard")
    labels = [lab for lab in w.findChildren(QLabel) if lab.text()]
    dashboard = w.pane("dashboard")
    assert {t.caption for t in dashboard.tiles.values()} <= set(labels)
    assert w.pane("vehicles").detail.commands.history in labels
    for label in labels:
        fg, bg = _text_and_background(label)
        assert contrast(fg, bg) >= MIN_CONTRAST, (label.text(), fg.name(), bg.name())
    for tile in dashboard.tiles.values():
        assert tile.palette().color(tile.backgroundRole()) == palette.color(
            QPalette.ColorRole.AlternateBase
        )
    # the navigation, with and without an attention badge
    nav_bg = w.nav.palette().color(QPalette.ColorRole.Base)
    w.pane("conflicts").sig_attention.emit(2)
    badge = w.nav.item(list(w.panes).index("conflicts")).foreground()
    assert badge.color() == c.error
    for row in range(w.nav.count()):
        item = w.nav.item(row)
        own = item.foreground()
        fg = (
            own.color()
            if own.style() != Qt.BrushStyle.NoBrush
            else w.nav.palette().color(QPalette.ColorRole.Text)
        )
        assert contrast(fg, nav_bg) >= MIN_CONTRAST, item.text()
    # no widget carries a colour of its own in a style sheet
    for widget in [w, *w.findChildren(QWidget)]:
        assert not LITERAL_COLOUR.search(widget.styleSheet()), (widget, widget.styleSheet())


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_window_follows_the_palette(qtbot, cache, scheme_app, scheme):
    palette = _palette(scheme)
    scheme_app.setPalette(palette)
    assert is_dark(scheme_app.palette()) == (scheme == "dark")
    w = _window(qtbot, cache)
    _check(w, scheme_app.palette())


def test_palette_change_at_run_time_is_followed(qtbot, cache, scheme_app):
    scheme_app.setPalette(_palette("light"))
    w = _window(qtbot, cache)
    history = w.pane("vehicles").detail.commands
    muted_before = (
        w.pane("dashboard").tiles["vehicles"].caption.palette().color(QPalette.ColorRole.WindowText)
    )
    scheme_app.setPalette(_palette("dark"))
    qtbot.wait(50)
    dark = scheme_app.palette()
    assert is_dark(dark)
    _check(w, dark)
    caption = w.pane("dashboard").tiles["vehicles"].caption
    assert caption.palette().color(QPalette.ColorRole.WindowText) != muted_before
    assert caption.palette().color(QPalette.ColorRole.WindowText) == colors(dark).muted
    assert history.history.palette().color(QPalette.ColorRole.WindowText) == dark.color(
        QPalette.ColorRole.WindowText
    )
