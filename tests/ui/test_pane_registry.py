"""Panes come from the registry: a pane registered by a class appears in the navigation
and hears only about the entities it declared; the permission it needs is checked."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QT_TRANSLATE_NOOP

from mpro_desktop.domain.accounts import DRIVER, FLEET_MANAGER, Permission
from mpro_desktop.sync import outbox
from mpro_desktop.views import registry
from mpro_desktop.views.common.pane import Pane
from mpro_desktop.views.main_window import MainWindow
from tests.ui.conftest import fill_vehicles
from tests.ui.test_main_window import FakeSync


class TripsPane(Pane):
    """A tiny pane for the test: it records what it was told."""

    NAME = "test_trips"
    TITLE = QT_TRANSLATE_NOOP("Navigation", "Trips")
    ENTITIES = frozenset({"trip", "vehicle"})
    PERMISSION = Permission.MANAGE_VEHICLES

    def __init__(self, context, parent=None) -> None:
        super().__init__(context, parent)
        self.told: list[frozenset[str]] = []
        self.reloads = 0

    def reload(self) -> None:
        self.reloads += 1

    def on_entities_changed(self, entities: frozenset[str]) -> None:
        self.told.append(entities)


@pytest.fixture
def trips_registered():
    registry.register(TripsPane)
    yield TripsPane
    registry.unregister(TripsPane.NAME)


def _nav_texts(w: MainWindow) -> list[str]:
    return [w.nav.item(i).text() for i in range(w.nav.count())]


def test_the_navigation_is_the_registry(qtbot, cache):
    w = MainWindow(cache, FakeSync())
    qtbot.addWidget(w)
    assert list(w.panes) == registry.names()
    assert _nav_texts(w) == [p.title() for p in registry.panes()]
    assert w.stack.currentWidget() is w.pane("vehicles")
    for i, name in enumerate(registry.names()):
        w.show_pane(name)
        assert w.nav.currentRow() == i and w.stack.currentWidget() is w.pane(name)


def test_a_registered_pane_appears_and_hears_only_its_entities(qtbot, cache, trips_registered):
    w = MainWindow(cache, FakeSync())
    qtbot.addWidget(w)
    assert _nav_texts(w)[-1] == "Trips"
    w.show_pane("test_trips")
    trips = w.pane("test_trips")
    assert isinstance(trips, TripsPane)
    assert w.stack.currentWidget() is trips and trips.reloads == 1  # on_shown

    w.on_synced({"user", "product", "company"})
    assert trips.told == []
    w.on_synced({"trip", "user", "vehicle_status"})
    assert trips.told == [frozenset({"trip"})]
    w.on_command({"id": "c-1"})
    w.on_conflicts([])
    assert trips.told == [frozenset({"trip"})]


def test_a_pane_is_built_when_first_shown_and_hears_its_entities_from_then_on(
    qtbot, cache, trips_registered
):
    """Start-up (issue 7): the window builds the pane it opens with and those that work
    while hidden; another pane is offered in the navigation (and under Ctrl+N) but built
    only when first shown, and from then on is told about its entities."""
    w = MainWindow(cache, FakeSync(), start_pane="dashboard")
    qtbot.addWidget(w)
    at_start = {c.NAME for c in registry.panes() if c.BUILD_AT_START}
    assert at_start == {"vehicles", "alerts", "conflicts"}
    assert set(w.built_panes()) == {"dashboard"} | at_start
    assert "test_trips" in w.panes and _nav_texts(w)[-1] == "Trips"
    w.on_synced({"trip"})  # nobody to tell yet
    assert "test_trips" not in w.built_panes()
    w.show_pane("test_trips")
    trips = w.built_panes()["test_trips"]
    assert w.stack.currentWidget() is trips and w.stack.count() == len(w.panes)
    assert trips.reloads == 1 and trips.told == []  # read once, on_shown
    w.on_synced({"trip", "user", "vehicle_status"})
    assert trips.told == [frozenset({"trip"})]
    # the View menu's Ctrl+N of a pane not built yet builds and shows it
    assert "map" not in w.built_panes()
    w.pane_actions["map"].trigger()
    assert w.stack.currentWidget() is w.built_panes()["map"]
    assert w.pane_actions["map"].shortcut().toString() == "Ctrl+3"
    # reading a pane builds it, and it reads what it shows at once
    assert "users" not in w.built_panes()
    assert w.pane("users") is w.built_panes()["users"]


def test_a_local_write_reaches_the_panes_that_show_its_entities(qtbot, cache, trips_registered):
    """Removing a vehicle (a write op) is announced as "vehicle": Trips hears it."""
    (vid,) = fill_vehicles(cache, 1)
    sync = FakeSync()
    w = MainWindow(cache, sync)
    qtbot.addWidget(w)
    w.reload_all()
    vehicles = w.pane("vehicles")
    qtbot.waitUntil(lambda: vehicles.selection.vehicle_id == vid)
    trips = w.pane("test_trips")
    qtbot.waitUntil(lambda: vehicles.model.rowCount() == 1)
    vehicles.context.announce({"vehicle"})
    assert trips.told == [frozenset({"vehicle"})]
    assert sync.syncs == 1
    outbox.send_command(cache, vid, "lock")  # not through the window: nobody is told
    assert trips.told == [frozenset({"vehicle"})]


def test_a_pane_is_left_out_for_roles_without_its_permission(qtbot, cache, trips_registered):
    driver = MainWindow(cache, FakeSync(), roles=[DRIVER])
    manager = MainWindow(cache, FakeSync(), roles=[FLEET_MANAGER])
    unknown = MainWindow(cache, FakeSync())
    for w in (driver, manager, unknown):
        qtbot.addWidget(w)
    assert "test_trips" not in driver.panes and "Trips" not in _nav_texts(driver)
    assert "vehicles" in driver.panes
    assert "test_trips" in manager.panes and "test_trips" in unknown.panes
    driver.on_synced({"trip"})  # routing skips a pane that is not there


def test_a_name_is_registered_once():
    with pytest.raises(ValueError):
        registry.register(type("Again", (Pane,), {"NAME": "vehicles", "TITLE": "Again"}))


def test_a_panes_own_actions_bring_it_on_screen(qtbot, cache, monkeypatch):
    """File → Add vehicle… and Find (Ctrl+F) come from the Vehicles pane; from another
    pane they switch to it first."""
    w = MainWindow(cache, FakeSync())
    qtbot.addWidget(w)
    w.show()
    vehicles = w.pane("vehicles")
    asked = []
    monkeypatch.setattr(vehicles, "add_vehicle", lambda: asked.append(w.stack.currentWidget()))
    file_menu = w.menuBar().actions()[0].menu()
    (add,) = [a for a in file_menu.actions() if a.text() == "Add vehicle…"]
    w.show_pane("dashboard")
    add.trigger()
    assert asked == [vehicles]
    (find,) = [a for a in w.actions() if a.text() == "Find vehicle"]
    w.show_pane("products")
    find.trigger()
    assert w.stack.currentWidget() is vehicles
