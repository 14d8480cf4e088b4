"""Remote services box: commands queue offline; failures name each unmet condition."""

from __future__ import annotations

from mpro_desktop.models.commands import outcome_text
from mpro_desktop.views.common.pane import PaneContext
from mpro_desktop.views.vehicles.remote_commands import RemoteCommandsBox
from tests.ui.conftest import fill_vehicles
from tests.ui.test_main_window import FakeSync


def test_lock_queues_a_command_and_shows_it_waiting(qtbot, cache):
    ids = fill_vehicles(cache, 2)
    sync = FakeSync()
    context = PaneContext(cache, sync)
    box = RemoteCommandsBox(context)
    context.sig_changed.connect(lambda _entities: box.reload())  # the window's routing
    qtbot.addWidget(box)
    box.set_vehicle(cache.vehicle(ids[1]))  # diesel
    assert not box.buttons["start_charging"].isVisibleTo(box)
    box.buttons["lock"].click()
    qtbot.waitUntil(lambda: sync.syncs == 1)
    queued = [r for r in cache.outbox() if r["type"] == "command.send"]
    assert len(queued) == 1 and queued[0]["payload"]["type"] == "lock"
    qtbot.waitUntil(lambda: "Lock — Not sent yet" in box.history.text())


def test_evan_shows_charging_and_preconditioning(qtbot, cache):
    ids = fill_vehicles(cache, 1)  # van 0 is electric
    box = RemoteCommandsBox(PaneContext(cache))
    qtbot.addWidget(box)
    box.set_vehicle(cache.vehicle(ids[0]))
    for kind in ("start_charging", "stop_charging", "start_preconditioning"):
        assert box.buttons[kind].isVisibleTo(box)


def test_failure_lists_every_unmet_condition():
    text = outcome_text(
        {"state": "failed", "unmet": ["plug_not_connected", "gear_not_park"], "pending": False}
    )
    assert text.startswith("Failed: ")
    assert "charging plug" in text and "not in P" in text
    assert outcome_text({"state": "expired", "pending": False}).startswith("Expired")
