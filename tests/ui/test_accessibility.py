"""Every control of the real main window and its dialogs has an accessible name (as a
screen reader asks for it, through QAccessible), the charts say their current values,
and Tab moves through the vehicles pane in the order it is laid out."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QWidget,
)

from mpro_desktop.views.main_window import MainWindow
from mpro_desktop.views.signin.dialog import LoginDialog
from mpro_desktop.views.vehicles.add_dialog import AddVehicleDialog
from tests.ui.conftest import fill_vehicles
from tests.ui.test_main_window import FakeSync

CONTROLS = (QAbstractButton, QLineEdit, QAbstractItemView, QComboBox, QAbstractSpinBox)


def accessible_name(widget: QWidget) -> str:
    iface = QAccessible.queryAccessibleInterface(widget)
    assert iface is not None, widget
    return iface.text(QAccessible.Text.Name).strip()


def unnamed(root: QWidget) -> list[str]:
    """Controls and focusable widgets under ``root`` a screen reader has no name for."""
    missing = []
    for widget in [root, *root.findChildren(QWidget)]:
        if widget.window() is not root or not widget.isVisibleTo(root):
            continue  # another window (a popup), or not on screen now
        parent = widget.parentWidget()
        if isinstance(widget, QHeaderView) or (
            isinstance(parent, QAbstractScrollArea) and parent.viewport() is widget
        ):
            continue  # part of its view, which carries the name
        if isinstance(parent, QAbstractSpinBox) and widget.objectName() == "qt_spinbox_lineedit":
            continue  # a spin box's own editor: the spin box carries the name
        focusable = widget.focusPolicy() != Qt.FocusPolicy.NoFocus and widget.isEnabled()
        if not (isinstance(widget, CONTROLS) or focusable):
            continue
        if not accessible_name(widget):
            missing.append(
                f"{type(widget).__name__} {widget.objectName()!r} in {type(widget.parentWidget()).__name__}"
            )
    return missing


@pytest.fixture
def window(qtbot, cache):
    fill_vehicles(cache, 6)
    w = MainWindow(cache, FakeSync(), user_label="Anna", portal_label="demo")
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    w.reload_all()
    pane = w.pane("vehicles")
    qtbot.waitUntil(lambda: pane.detail.vehicle is not None)
    return w


def test_every_control_of_the_main_window_has_a_name(window):
    missing = []
    for name in window.panes:
        window.show_pane(name)
        QApplication.processEvents()
        missing += unnamed(window)
    assert missing == []
    for tile in window.pane("dashboard").tiles.values():
        assert accessible_name(tile)
        # the name reads the value's lines as one sentence (', ' for the line break)
        assert tile.value.text().replace("\n", ", ") in tile.accessibleName()
    chart = window.pane("vehicles").detail.chart
    assert accessible_name(chart)
    assert accessible_name(chart.view)


def test_dialogs_have_names(qtbot):
    add = AddVehicleDialog()
    qtbot.addWidget(add)
    assert unnamed(add) == []
    login = LoginDialog(lambda *a: {}, "http://x")
    qtbot.addWidget(login)
    assert unnamed(login) == []


def test_chart_describes_its_current_values(qtbot, window):
    pane = window.pane("vehicles")
    chart = pane.detail.chart
    now = time.time()
    chart.add_samples(
        [
            {"ts_epoch": now - 1, "speed_kmh": 40.0, chart.energy_field: 64.0},
            {"ts_epoch": now, "speed_kmh": 42.0, chart.energy_field: 63.0},
        ]
    )
    qtbot.waitUntil(lambda: "42" in chart.accessibleDescription())
    text = chart.accessibleDescription()
    assert "42 km/h" in text and "63 %" in text
    iface = QAccessible.queryAccessibleInterface(chart.view)
    assert "42 km/h" in iface.text(QAccessible.Text.Description)


def test_tab_order_follows_the_layout(qtbot, window):
    pane = window.pane("vehicles")
    window.show_pane("vehicles")
    window.activateWindow()
    pane.search.setFocus()
    qtbot.waitUntil(lambda: pane.search.hasFocus())
    chain = [pane.search]
    for _ in range(40):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        if widget is pane.search:
            break
        chain.append(widget)
    buttons = [b for b in pane.commands.buttons.values() if b.isVisible() and b.isEnabled()]
    expected = [
        pane.search,
        *([pane.add_button] if pane.add_button.isEnabled() else []),
        *([pane.remove_button] if pane.remove_button.isEnabled() else []),
        pane.table,
        pane.detail.rename_button,
        *buttons,
        pane.detail.chart.view,
    ]
    seen = [w for w in chain if w in expected]
    assert seen == expected, [accessible_name(w) for w in chain]
    # then on to the navigation and back round to the search field
    assert window.nav in chain[chain.index(expected[-1]) :]
