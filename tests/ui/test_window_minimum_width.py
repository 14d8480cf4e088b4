"""Issue 7, "Qt conventions": no pane may make the main window wider than the smallest
screen the program fits (1024×640 at 150 %, tests/e2e/test_small_screens.py).

A QMainWindow's minimum width is the widest minimumSizeHint of any pane in its stack,
shown or not, plus the navigation: one tool bar of buttons in a row, one long label
that does not wrap, one detail that lays out side by side in any pane widened the
whole window to 784 logical px (1176 device px at 1.5, more than the 1024-px screen)
and moved the restored geometry. This guard builds the real window for every role, in
English and Swedish (longer words), with an eVan showing its whole live status and
remote services, opens every pane, and names the pane that is too wide.
"""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QLocale, QSize
from PySide6.QtWidgets import QApplication

from mpro_desktop.domain.accounts import COMPANY_ADMIN, DRIVER, FLEET_MANAGER
from mpro_desktop.sync.account_api import DealerApi
from mpro_desktop.views.dealer.window import DealerCounter
from mpro_desktop.views.main_window import FRAME_ALLOWANCE, MainWindow
from tests.e2e.test_small_screens import SMALLEST_SCALE, SMALLEST_SCREEN
from tests.ui.conftest import fill_vehicles
from tests.ui.test_main_window import FakeSync

#: the room on the smallest screen, in logical px, less the window manager's frame:
#: 1024 / 1.5 = 682 wide, 640 / 1.5 = 426 tall (the platform rounds down)
ROOM = QSize(
    int(SMALLEST_SCREEN[0] / float(SMALLEST_SCALE)) - FRAME_ALLOWANCE.width(),
    int(SMALLEST_SCREEN[1] / float(SMALLEST_SCALE)) - FRAME_ALLOWANCE.height(),
)


def _live_evan_sample() -> dict:
    """Every field the detail shows (the widest status the detail lays out)."""
    return {
        "ts": time.time(),
        "lat": 59.33,
        "lon": 18.07,
        "speed_kmh": 88.0,
        "odometer_km": 123456.0,
        "range_km": 245.0,
        "ignition": True,
        "gear": "D",
        "locked": False,
        "doors_open": True,
        "windows_open": True,
        "hood_open": True,
        "plug_state": "disconnected",
        "soc_pct": 64.0,
        "tyre_fl_kpa": 452.0,
        "tyre_fr_kpa": 371.0,
        "tyre_rl_kpa": 300.0,
        "tyre_rr_kpa": 455.0,
        "outside_temp_c": -14.5,
        "cabin_temp_c": 19.0,
    }


@pytest.fixture(params=["en", "sv"])
def language(request, qapp):
    if request.param == "sv":
        request.getfixturevalue("swedish")
    return request.param


def test_the_room_is_the_smallest_screens():
    assert ROOM == QSize(666, 378)


@pytest.mark.parametrize("role", [COMPANY_ADMIN, FLEET_MANAGER, DRIVER])
def test_no_pane_makes_the_window_wider_than_the_smallest_screen(qtbot, cache, language, role):
    fill_vehicles(cache, 6)
    w = MainWindow(cache, FakeSync(), user_label="Anna", roles=[role])
    qtbot.addWidget(w)
    w.show()
    w.reload_all()
    vehicles = w.pane("vehicles")
    qtbot.waitUntil(lambda: vehicles.model.rowCount() == 6)
    vehicles.select_vehicle("veh-00003")  # an eVan: every remote service and the plug
    qtbot.waitUntil(lambda: (vehicles.detail.vehicle or {}).get("id") == "veh-00003")
    w.on_telemetry({"veh-00003": [_live_evan_sample()]})
    qtbot.waitUntil(lambda: vehicles.detail.status_view.values["gear"].text() != "–")
    assert vehicles.commands.buttons and vehicles.commands.preconditioning.isVisible()
    for name in w.panes:  # a pane may build parts of itself when first shown
        w.show_pane(name)
        qtbot.wait(20)
    QApplication.processEvents()

    nav = w.nav.width() + w.centralWidget().layout().spacing()
    too_wide = {
        name: pane.minimumSizeHint().width()
        for name, pane in w.panes.items()
        if nav + pane.minimumSizeHint().width() > ROOM.width()
    }
    assert not too_wide, (
        f"panes wider than the {ROOM.width()} px left beside the {nav} px navigation "
        f"({QLocale().name()}): {too_wide}"
    )
    hint = w.minimumSizeHint()
    assert hint.width() <= ROOM.width(), hint
    assert hint.height() <= ROOM.height(), hint


def test_the_dealer_counter_fits_the_smallest_screen(qtbot, language):
    # Laid out only: the counter asks the portal nothing until the dealer looks a
    # customer up, so no portal runs behind this address.
    api = DealerApi.signed_in("http://127.0.0.1:9", {"access_token": "unused"})
    w = DealerCounter(api, {"name": "Bilhallen AB"})
    qtbot.addWidget(w)
    w.show()
    w.banner.show()  # in a support session the banner stands above the steps
    QApplication.processEvents()
    hint = w.minimumSizeHint()
    assert hint.width() <= ROOM.width(), hint
    assert hint.height() <= ROOM.height(), hint
