"""Issue 7: at the default window size on a 1280×800 screen the vehicles table shows its
right-most column without scrolling sideways, in English and in Swedish, every header
and value in full (long free texts elide with the full text in a tooltip); and column
widths are kept per UI language, so widths fitted to English never cut Swedish."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QApplication, QHeaderView

from mpro_desktop import i18n, settings
from mpro_desktop.sync.entities.subscription import subscription_row, subscriptions_t
from mpro_desktop.views.common.table_layout import header_hint
from mpro_desktop.views.main_window import MainWindow, first_start_geometry
from tests.ui.conftest import fill_vehicles
from tests.ui.test_main_window import FakeSync

DEMO_FLEET = 25  # mpro-desktop --demo seeds 25 vans


@pytest.fixture
def screen_1280(monkeypatch):
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _self: QRect(0, 0, 1280, 800))


def _window(qtbot, cache) -> MainWindow:
    w = MainWindow(cache, FakeSync(), user_label="Anna")
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.reload_all()
    pane = w.pane("vehicles")
    qtbot.waitUntil(lambda: pane.model.rowCount() > 0)
    qtbot.waitUntil(lambda: pane.detail.vehicle is not None)
    qtbot.wait(50)  # the splitter fit after the first load
    return w


def _cut_columns(pane, skip: tuple[int, ...] = ()) -> list[str]:
    """Columns whose header text or first rows' texts do not fit (and have no tooltip)."""
    table, header, proxy = pane.table, pane.table.horizontalHeader(), pane.proxy
    metrics = table.fontMetrics()
    sorted_column = header.sortIndicatorSection()
    problems = []
    for col in range(header.count()):
        if col in skip or header.isSectionHidden(col):  # hidden: chosen, not cut
            continue
        name = proxy.headerData(col, Qt.Orientation.Horizontal)
        need = header_hint(table, col, arrow=col == sorted_column)
        if header.sectionSize(col) < need:
            problems.append(f"header {name!r}: {header.sectionSize(col)} < {need}")
        room = header.sectionSize(col) - 2 * (
            table.style().pixelMetric(table.style().PixelMetric.PM_FocusFrameHMargin) + 1
        )
        for row in range(min(40, proxy.rowCount())):
            index = proxy.index(row, col)
            text = str(index.data() or "")
            if (
                metrics.horizontalAdvance(text) > room
                and index.data(Qt.ItemDataRole.ToolTipRole) != text
            ):
                problems.append(f"{name!r} row {row}: {text!r} cut, no tooltip")
    return problems


@pytest.mark.parametrize("language", ["en", "sv"])
def test_all_columns_fit_at_the_default_size_on_1280x800(
    qtbot, cache, screen_1280, request, language
):
    if language == "sv":
        request.getfixturevalue("swedish")
    fill_vehicles(cache, DEMO_FLEET)
    w = _window(qtbot, cache)
    assert w.geometry() == first_start_geometry(QRect(0, 0, 1280, 800), w.minimumSizeHint())
    pane = w.pane("vehicles")
    table, header = pane.table, pane.table.horizontalHeader()
    assert table.horizontalScrollBar().maximum() == 0
    assert not table.horizontalScrollBar().isVisible()
    assert header.length() <= table.viewport().width()
    last = header.logicalIndex(header.count() - 1)
    assert header.sectionViewportPosition(last) + header.sectionSize(last) <= (
        table.viewport().width()
    )
    assert _cut_columns(pane) == []
    # the detail keeps at least its minimum width next to it
    assert pane.splitter.sizes()[1] >= pane.detail_scroll.minimumSizeHint().width()
    # the name stretches; the others can be resized by the user
    name = pane.model.column_index("name")
    assert header.sectionResizeMode(name) == QHeaderView.ResizeMode.Stretch
    assert header.sectionResizeMode(1) == QHeaderView.ResizeMode.Interactive


def test_long_state_texts_elide_with_the_full_text_in_the_tooltip(qtbot, cache, screen_1280):
    fill_vehicles(cache, DEMO_FLEET)
    w = _window(qtbot, cache)
    pane = w.pane("vehicles")
    model = pane.model
    state = model.column_index("state")
    long = "Waiting to upload (changed)"
    sync = model.column_index("sync")
    row = 0
    model.update_row(model.row_dict(row)["id"], {"pending_op": "update"})
    assert model.index(row, sync).data() == long
    assert model.index(row, sync).data(Qt.ItemDataRole.ToolTipRole) == long
    assert (
        model.index(row, state).data(Qt.ItemDataRole.ToolTipRole) == model.index(row, state).data()
    )
    assert pane.table.textElideMode() == Qt.TextElideMode.ElideRight
    assert pane.table.horizontalScrollBar().maximum() == 0  # a long text does not widen


def test_sorting_by_another_column_makes_room_for_its_arrow(qtbot, cache, screen_1280):
    fill_vehicles(cache, DEMO_FLEET)
    w = _window(qtbot, cache)
    pane = w.pane("vehicles")
    table, header = pane.table, pane.table.horizontalHeader()
    energy = pane.model.column_index("energy")  # shown (odometer starts hidden, issue 11)
    before = header.sectionSize(energy)
    table.sortByColumn(energy, Qt.SortOrder.DescendingOrder)
    assert header.sectionSize(energy) >= header_hint(table, energy, arrow=True) > before - 1
    assert _cut_columns(pane) == []


def _subscriptions(cache) -> None:
    with cache.write() as conn:
        for i, months in enumerate((12, 24, 36)):
            conn.execute(
                subscriptions_t.insert().values(
                    **subscription_row(
                        {
                            "id": f"s{i}",
                            "vehicle_id": "v-none",
                            "product_id": f"p{i}",
                            "state": "active",
                            "price": "99.00",
                            "currency": "SEK",
                            "term_months": months,
                            "start_at": "2026-12-01T08:00:00+00:00",
                        }
                    )
                )
            )


def test_column_widths_are_kept_per_language(qtbot, cache, screen_1280, qapp):
    fill_vehicles(cache, DEMO_FLEET)
    _subscriptions(cache)

    def subscriptions_pane(w):
        pane = w.pane("subscriptions")
        w.show_pane("subscriptions")
        qtbot.waitUntil(lambda: pane.subs_model.rowCount() == 3)
        qtbot.wait(20)
        return pane

    # English: the user narrows the Term column to exactly "12 months" and closes
    w = _window(qtbot, cache)
    pane = subscriptions_pane(w)
    term = pane.subs_model.column_index("term")
    header = pane.subs_table.horizontalHeader()
    metrics = pane.subs_table.fontMetrics()
    english_width = metrics.horizontalAdvance("12 months") + 12
    header.resizeSection(term, english_width)
    vin_width = 222
    w.pane("vehicles").table.horizontalHeader().resizeSection(1, vin_width)
    w.close()
    QApplication.processEvents()
    assert not settings.pane_header("subscriptions", "en").get().isEmpty()
    assert settings.pane_header("subscriptions", "sv").get().isEmpty()

    # Swedish: "12 månader" is wider; the English widths are not applied to it
    before = len(i18n._installed)
    try:
        i18n.install_translators(qapp, i18n.QLocale("sv_SE"))
        assert i18n.ui_language() == "sv"
        sv = _window(qtbot, cache)
        sv_pane = subscriptions_pane(sv)
        sv_header = sv_pane.subs_table.horizontalHeader()
        row = next(
            r
            for r in range(sv_pane.subs_proxy.rowCount())
            if sv_pane.subs_proxy.index(r, term).data() == "12 månader"
        )
        text = sv_pane.subs_proxy.index(row, term).data()
        assert metrics.horizontalAdvance(text) > english_width - 12  # would be cut
        assert sv_header.sectionSize(term) >= sv_pane.subs_table.sizeHintForColumn(term)
        assert sv.pane("vehicles").table.horizontalHeader().sectionSize(1) != vin_width
        # every column fitted to Swedish; the name, which stretches, has what the
        # splitter saved in English leaves (it elides, the full name in its tooltip)
        vehicles = sv.pane("vehicles")
        assert _cut_columns(vehicles, skip=(vehicles.model.column_index("name"),)) == []
        sv.close()
        QApplication.processEvents()
    finally:
        while len(i18n._installed) > before:
            QApplication.removeTranslator(i18n._installed.pop())

    # English again: the user's English widths come back
    again = _window(qtbot, cache)
    assert again.pane("vehicles").table.horizontalHeader().sectionSize(1) == vin_width
    assert (
        again.pane("subscriptions").subs_table.horizontalHeader().sectionSize(term) == english_width
    )


def test_version_1_headers_are_dropped_once(qapp, tmp_path):
    from PySide6.QtCore import QByteArray, QSettings

    ini = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    ini.setValue("settings/version", 1)
    ini.setValue("vehicles/header", QByteArray(b"old"))
    ini.setValue("products/header", QByteArray(b"old"))
    ini.setValue("vehicles/splitter_sizes", [1, 2])
    assert settings.upgrade(ini) == 1
    assert ini.value("vehicles/header") is None and ini.value("products/header") is None
    assert settings.VEHICLES_SPLITTER.get(ini) == [1, 2]  # the rest stays


def test_new_columns_show_and_the_hidden_ones_come_back_from_the_header_menu(
    qtbot, cache, screen_1280
):
    """Issue 11: module, products and last contact fit next to the detail at 1280×800 on
    a first start because fuel type, speed and odometer (all in the detail) start hidden;
    the header's menu shows them again, sized to their contents."""
    fill_vehicles(cache, DEMO_FLEET)
    w = _window(qtbot, cache)
    pane = w.pane("vehicles")
    header, model = pane.table.horizontalHeader(), pane.model
    for key in ("module", "products", "updated"):
        assert not header.isSectionHidden(model.column_index(key))
    fuel = model.column_index("fuel_type")
    for key in ("fuel_type", "speed", "odometer"):
        assert header.isSectionHidden(model.column_index(key))
    menu = pane.column_menu()
    titles = {a.text(): a for a in menu.actions()}
    assert "Name" not in titles  # the name always shows
    assert not titles["Fuel type"].isChecked() and titles["Module"].isChecked()
    titles["Fuel type"].setChecked(True)
    assert not header.isSectionHidden(fuel)
    assert header.sectionSize(fuel) >= header_hint(pane.table, fuel, arrow=False)
    assert _cut_columns(pane, skip=(model.column_index("name"),)) == []
    titles["Module"].setChecked(False)
    assert header.isSectionHidden(model.column_index("module"))
