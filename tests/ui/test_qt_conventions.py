"""Issue 7, "Qt conventions": what the user arranged comes back, the first window fits
the screen, nothing is clipped or drawn over at 1024×640, every column is readable at
the default size, and the keys and the Help menu do what a Qt program's do.

The real MainWindow over a real cache file; the screen is the offscreen platform's
with its available area set by the test (QScreen.availableGeometry), since that is
all the window reads of it.
"""

from __future__ import annotations

from importlib import metadata

import PySide6
import pytest
from PySide6.QtCore import QRect, QSize, Qt, QTimer, QUrl, qVersion
from PySide6.QtGui import QDesktopServices, QScreen
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QInputDialog,
    QLabel,
    QMessageBox,
    QWidget,
)

from mpro_desktop import paths
from mpro_desktop.views.common.table_layout import header_hint
from mpro_desktop.views.help.about import AboutDialog
from mpro_desktop.views.help.user_help import HelpDialog
from mpro_desktop.views.main_window import MainWindow, first_start_geometry
from tests.ui.conftest import fill_vehicles
from tests.ui.test_main_window import FakeSync

DESKTOP = QRect(0, 0, 1920, 1050)  # a 1080p screen less its panel


@pytest.fixture
def screen(monkeypatch):
    """Set the available screen area the window sees."""

    def set_area(rect: QRect) -> None:
        monkeypatch.setattr(QScreen, "availableGeometry", lambda _self: QRect(rect))

    set_area(DESKTOP)
    return set_area


def _window(qtbot, cache, **kw) -> MainWindow:
    w = MainWindow(cache, FakeSync(), user_label="Anna", **kw)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.reload_all()
    pane = w.pane("vehicles")
    qtbot.waitUntil(lambda: pane.model.rowCount() == cache_rows(cache))
    qtbot.waitUntil(lambda: pane.detail.vehicle is not None)
    qtbot.wait(50)  # the zero-timer frame check and the splitter fit
    return w


def cache_rows(cache) -> int:
    return len(cache.vehicles())


def _close(w: MainWindow) -> None:
    w.close()
    QApplication.processEvents()


# -- geometry, splitter, columns and pane come back ------------------------------------
def test_window_splitter_columns_sort_and_pane_are_restored(qtbot, cache, screen):
    fill_vehicles(cache, 12)
    w = _window(qtbot, cache)
    w.setGeometry(QRect(60, 50, 700, 600))  # Qt's own restore keeps it on the real screen
    qtbot.wait(50)
    pane = w.pane("vehicles")
    pane.splitter.setSizes([300, 370])
    header = pane.table.horizontalHeader()
    header.resizeSection(1, 222)
    pane.table.sortByColumn(5, Qt.SortOrder.DescendingOrder)
    users = w.pane("users")
    qtbot.waitUntil(lambda: users.table.horizontalHeader().count() > 0)
    users.table.horizontalHeader().resizeSection(0, 177)
    w.show_pane("users")
    sizes, geometry = pane.splitter.sizes(), w.geometry()
    _close(w)

    again = MainWindow(cache, FakeSync())
    qtbot.addWidget(again)
    assert again.geometry() == geometry
    assert again.stack.currentWidget() is again.pane("users")
    restored = again.pane("vehicles")
    h = restored.table.horizontalHeader()
    assert h.sectionSize(1) == 222
    assert (h.sortIndicatorSection(), h.sortIndicatorOrder()) == (5, Qt.SortOrder.DescendingOrder)
    assert again.pane("users").table.horizontalHeader().sectionSize(0) == 177
    # ... and the first load keeps the user's widths instead of sizing to contents
    again.show()
    again.reload_all()
    qtbot.waitUntil(lambda: restored.model.rowCount() == 12)
    assert h.sectionSize(1) == 222
    again.show_pane("vehicles")
    qtbot.wait(50)
    assert restored.splitter.sizes() == sizes


@pytest.mark.parametrize(
    "area",
    [DESKTOP, QRect(0, 0, 1366, 728), QRect(0, 0, 1024, 640), QRect(0, 0, 683, 427)],
    ids=["1920x1050", "1366x728", "1024x640", "1024x640-at-1.5"],
)
def test_first_start_fits_the_available_screen_centred(qtbot, cache, screen, area):
    screen(area)
    fill_vehicles(cache, 3)
    w = _window(qtbot, cache)
    frame = w.frameGeometry()
    assert area.contains(frame), (frame, area)
    assert abs(frame.center().x() - area.center().x()) <= 2
    assert abs(frame.center().y() - area.center().y()) <= 2
    assert w.minimumSizeHint().width() <= area.width()
    assert w.minimumSizeHint().height() <= area.height()


def test_first_start_geometry_is_never_larger_than_the_screen():
    for area in (DESKTOP, QRect(0, 0, 683, 427), QRect(1920, 0, 800, 600)):
        rect = first_start_geometry(area, QSize(900, 700))
        assert area.contains(rect), (rect, area)


def test_a_geometry_saved_on_a_bigger_screen_is_fitted_to_this_one(qtbot, cache, screen):
    fill_vehicles(cache, 3)
    w = _window(qtbot, cache)
    w.setGeometry(QRect(300, 200, 1600, 1000))
    _close(w)
    small = QRect(0, 0, 1024, 640)
    screen(small)
    again = _window(qtbot, cache)
    assert small.contains(again.frameGeometry()), again.frameGeometry()


# -- 1024×640: nothing clipped or drawn over ------------------------------------------
def _visible_children(widget: QWidget) -> list[QWidget]:
    return [
        c
        for c in widget.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
        if c.isVisible() and not c.isWindow()
    ]


def _layout_problems(root: QWidget, skip: tuple[QWidget, ...]) -> list[str]:
    """Children outside their parent, siblings on top of each other, and labels or
    buttons narrower than their text (clipped), below ``root``."""
    problems = []
    children = _visible_children(root)
    # A scroll area's contents may be taller than its viewport: that is the scrolling.
    scrolled = isinstance(root.parentWidget(), QAbstractScrollArea) and (
        root is root.parentWidget().viewport()
    )
    for child in children:
        where = f"{type(child).__name__} {getattr(child, 'text', lambda: '')()!r}"
        if not scrolled and not root.rect().contains(child.geometry()):
            problems.append(
                f"{where} {child.geometry()} outside {type(root).__name__} {root.rect()}"
            )
        if isinstance(child, QLabel | QAbstractButton) and not (
            isinstance(child, QLabel) and child.wordWrap()
        ):
            if child.width() < child.minimumSizeHint().width():
                problems.append(
                    f"{where} clipped: {child.width()} < {child.minimumSizeHint().width()}"
                )
    for i, a in enumerate(children):
        for b in children[i + 1 :]:
            if a.geometry().intersects(b.geometry()):
                problems.append(
                    f"{type(a).__name__} {a.geometry()} overlaps {type(b).__name__} {b.geometry()}"
                )
    for child in children:
        if child not in skip:
            problems += _layout_problems(child, skip)
    return problems


@pytest.mark.parametrize("electric", [True, False], ids=["eVan", "diesel"])
def test_nothing_clipped_or_overlapping_at_1024x640(qtbot, cache, screen, electric):
    fill_vehicles(cache, 40)
    w = _window(qtbot, cache)
    w.resize(1024, 640)
    pane = w.pane("vehicles")
    pane.select_vehicle("veh-00000" if electric else "veh-00001")  # every 3rd is electric
    qtbot.waitUntil(lambda: (pane.detail.vehicle["fuel_type"] == "electric") == electric)
    qtbot.wait(50)
    assert w.size() == QSize(1024, 640)
    scroll = pane.detail_scroll
    chart = pane.detail.chart_slot
    problems = _layout_problems(pane, skip=(pane.table, chart))
    problems += _layout_problems(w.centralWidget(), skip=(pane.table, chart, *w.panes.values()))
    assert not problems, "\n".join(problems)
    # The detail scrolls up and down instead of squeezing: all of it is reachable ...
    assert scroll.verticalScrollBar().maximum() > 0
    assert pane.detail.height() >= pane.detail.minimumSizeHint().height()
    # ... and it never needs scrolling sideways: as wide as its contents need.
    assert scroll.viewport().width() >= pane.detail.minimumSizeHint().width()
    assert pane.splitter.sizes()[1] >= scroll.minimumSizeHint().width()


# -- columns: full texts, and the last one reachable at the default size ------------
def test_columns_show_full_texts_and_all_fit_at_the_default_size(qtbot, cache, screen):
    fill_vehicles(cache, 40)
    w = _window(qtbot, cache)
    pane = w.pane("vehicles")
    table, header = pane.table, pane.table.horizontalHeader()
    metrics = table.fontMetrics()
    first_rows = range(min(40, pane.proxy.rowCount()))
    for col in range(header.count()):
        if header.isSectionHidden(col):
            continue  # hidden by default (shown in the detail; the header menu has them)
        texts = [str(pane.proxy.index(r, col).data() or "") for r in first_rows]
        widest = max(metrics.horizontalAdvance(t) for t in texts)
        name = pane.proxy.headerData(col, Qt.Orientation.Horizontal)
        # the header text in full; the sort arrow's room only where the arrow is
        arrow = col == header.sortIndicatorSection()
        assert header.sectionSize(col) >= header_hint(table, col, arrow=arrow), name
        assert header.sectionSize(col) >= widest, (name, header.sectionSize(col), widest)
    assert header.length() <= table.viewport().width()
    assert table.horizontalScrollBar().maximum() == 0
    assert not table.horizontalScrollBar().isVisible()


# -- keys ---------------------------------------------------------------------------
def _answer_modal(qtbot, handle) -> list:
    """Run ``handle(dialog)`` on the next modal dialog (QMessageBox.question etc.)."""
    seen: list = []

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, poll)
            return
        seen.append(dialog)
        handle(dialog)

    QTimer.singleShot(20, poll)
    return seen


def _focus_table(qtbot, w: MainWindow) -> None:
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    w.pane("vehicles").table.setFocus()
    qtbot.waitUntil(lambda: w.pane("vehicles").table.hasFocus())


def test_delete_asks_with_no_as_default_then_removes_the_selected_vehicle(qtbot, cache, screen):
    fill_vehicles(cache, 5)
    w = _window(qtbot, cache)
    pane = w.pane("vehicles")
    target = pane.selection.vehicle_id
    _focus_table(qtbot, w)

    defaults: list = []

    def press_enter(box: QMessageBox) -> None:
        defaults.append(box.standardButton(box.defaultButton()))
        qtbot.keyClick(box, Qt.Key.Key_Return)

    seen = _answer_modal(qtbot, press_enter)
    qtbot.keyClick(pane.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: bool(seen))
    assert defaults == [QMessageBox.StandardButton.No]
    assert cache.pending_count() == 0  # Enter said No

    seen = _answer_modal(qtbot, lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    _focus_table(qtbot, w)
    qtbot.keyClick(pane.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: cache.pending_count() == 1)
    row = cache.outbox()[0]
    assert row["type"] == "vehicle.remove" and target in str(row["payload"])


def test_delete_in_the_search_box_edits_the_text(qtbot, cache, screen):
    fill_vehicles(cache, 3)
    w = _window(qtbot, cache)
    pane = w.pane("vehicles")
    _focus_table(qtbot, w)
    pane.search.setFocus()
    qtbot.keyClicks(pane.search, "Van")
    pane.search.setCursorPosition(0)
    qtbot.keyClick(pane.search, Qt.Key.Key_Delete)
    assert pane.search.text() == "an"
    assert QApplication.activeModalWidget() is None


def test_f2_renames_the_selected_vehicle(qtbot, cache, screen):
    fill_vehicles(cache, 3)
    w = _window(qtbot, cache)
    pane = w.pane("vehicles")
    target = pane.selection.vehicle_id
    _focus_table(qtbot, w)

    def rename(dialog: QInputDialog) -> None:
        dialog.setTextValue("Renamed van")
        dialog.accept()

    seen = _answer_modal(qtbot, rename)
    qtbot.keyClick(pane.table, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: cache.pending_count() == 1)
    assert isinstance(seen[0], QInputDialog)
    assert cache.vehicle(target)["name"] == "Renamed van"


def test_ctrl_number_switches_panes_in_registry_order(qtbot, cache, screen):
    fill_vehicles(cache, 3)
    w = _window(qtbot, cache)
    _focus_table(qtbot, w)
    names = list(w.panes)[:9]  # Ctrl+1 … Ctrl+9: the first nine panes have one
    for i, name in reversed(list(enumerate(names, start=1))):
        qtbot.keyClick(
            w.focusWidget() or w,
            Qt.Key(Qt.Key.Key_0.value + i),
            Qt.KeyboardModifier.ControlModifier,
        )
        assert w.stack.currentWidget() is w.pane(name), name
        assert w.nav.currentRow() == i - 1


def test_f1_opens_the_help_with_every_shortcut(qtbot, cache, screen):
    fill_vehicles(cache, 3)
    w = _window(qtbot, cache)
    _focus_table(qtbot, w)
    qtbot.keyClick(w.pane("vehicles").table, Qt.Key.Key_F1)
    qtbot.waitUntil(
        lambda: any(
            isinstance(t, HelpDialog) and t.isVisible() for t in QApplication.topLevelWidgets()
        )
    )
    dialog = next(
        t for t in QApplication.topLevelWidgets() if isinstance(t, HelpDialog) and t.isVisible()
    )
    rows = dict(dialog.shortcut_rows())
    assert rows["Remove vehicle"] == "Del"
    assert rows["Rename vehicle"] == "F2"
    assert rows["Find vehicle"] == "Ctrl+F"
    assert rows["Add vehicle"] == "Ctrl+N"
    assert rows["MPRO Desktop help"] == "F1"
    assert rows[w.pane("vehicles").title()] == "Ctrl+2"
    assert dialog.shortcuts.accessibleName()
    dialog.close()


# -- Help menu ------------------------------------------------------------------------
def test_about_names_version_qt_pyside_licence_data_folder_and_log(qtbot, cache, screen):
    fill_vehicles(cache, 1)
    w = _window(qtbot, cache)
    w.about_action.trigger()
    qtbot.waitUntil(
        lambda: any(
            isinstance(t, AboutDialog) and t.isVisible() for t in QApplication.topLevelWidgets()
        )
    )
    dialog = next(t for t in QApplication.topLevelWidgets() if isinstance(t, AboutDialog))
    text = dialog.text.text()
    for expected in (
        metadata.version("mpro-desktop"),
        qVersion(),
        PySide6.__version__,
        "LGPLv3",
        str(paths.data_dir()),
        "desktop.log",
    ):
        assert expected in text, expected
    assert dialog.about_qt_button.accessibleName()
    dialog.close()


def test_open_log_folder_opens_the_log_directory(qtbot, cache, screen, monkeypatch):
    fill_vehicles(cache, 1)
    w = _window(qtbot, cache)
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    w.open_log_action.trigger()
    assert opened == [QUrl.fromLocalFile(str(paths.log_dir()))]
